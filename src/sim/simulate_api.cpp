#include "sim/simulate_api.hpp"

#include <fmt/format.h>
#include <pcg_random.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <iterator>
#include <mutex>
#include <thread>

#include "plan/engine.hpp"
#include "plan/targets.hpp"
#include "sim/aid_report.hpp"
#include "sim/build_model.hpp"
#include "sim/config.hpp"
#include "sim/engine.hpp"
#include "sim/results.hpp"

namespace elective::sim {

namespace {

WaitHistogram initial_histogram(const SimModel& m) {
  WaitHistogram h(kCurrentTopBand);
  const auto day0 = static_cast<std::int32_t>(m.start.time_since_epoch().count());
  for (const auto& p : m.initial) h.counts[static_cast<size_t>(band_of_wait_days(day0 - p.clock_start))] += 1;
  return h;
}

// Runs the replications on `threads` workers. Each replication has its own pcg64 streams and its result its
// own slot, so the output does not depend on the thread count or on the order in which workers finish. With
// fewer replications than threads, each replication gets the spare threads for its queues (engine.hpp; the
// same bytes for any split). With
// `compare`, replications reps .. 2 reps - 1 are replications 0 .. reps - 1 again without mutual aid (the
// same streams and drivers).
std::vector<ReplicationResult> run_all(const SimModel& model, const std::vector<WeeklyDrivers>& drivers,
                                       int reps_asked, int threads, std::uint64_t seed,
                                       const Progress& progress, bool compare) {
  const int reps = compare ? 2 * reps_asked : reps_asked;
  std::vector<ReplicationResult> runs(static_cast<size_t>(reps));
  std::atomic<int> next{0};
  std::atomic<std::int64_t> steps{0};
  const double total_steps = static_cast<double>(reps) * model.weeks;
  const std::int64_t report_every = std::max<std::int64_t>(1, static_cast<std::int64_t>(total_steps / 200));
  std::exception_ptr error;
  std::mutex error_mutex;
  const int n = std::max(1, std::min(threads, reps));
  const int inner = std::max(1, threads / n);
  auto worker = [&]() {
    try {
      for (int r = next++; r < reps; r = next++) {
        const int rep = r % reps_asked;
        const WeeklyDrivers* d = drivers.empty() ? nullptr : &drivers[static_cast<size_t>(rep)];
        runs[static_cast<size_t>(r)] = run_replication(
            model, seed, static_cast<std::uint64_t>(rep),
            [&]() {
              const auto done = ++steps;
              if (done % report_every == 0) progress.update(static_cast<double>(done) / total_steps);
            },
            &progress, d, r >= reps_asked, inner);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      next = reps;  // stop the others at their next replication
    }
  };
  if (n == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int i = 0; i < n; ++i) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (error) std::rethrow_exception(error);
  progress.update(1.0);
  return runs;
}

}  // namespace

SimulationOutput simulate(const plan::Scenario& s, const SimRunOptions& o, const Progress& progress) {
  SimConfig c = parse_sim_config(s);
  if (o.policy) {
    auto p = parse_policy(*o.policy, Engine::simulation);
    if (!p)
      throw InputError(fmt::format("--policy: unknown policy '{}' (expected {})", *o.policy,
                                   policy_names(Engine::simulation)));
    c.policy = p;
  }
  const int reps = o.replications.value_or(c.replications.value_or(1));
  if (reps < 1 || reps > 100000) throw InputError("--replications: expected 1 to 100,000");
  const std::uint64_t seed = o.seed.value_or(c.seed.value_or(s.uncertainty.seed));
  int threads = o.threads.value_or(c.threads.value_or(0));
  if (threads < 0) throw InputError("--threads: expected 0 (all cores) or more");
  if (threads == 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  const plan::Baseline baseline = plan::prepare_baseline(s);

  std::shared_ptr<const data::Dataset> patient_data;
  const std::optional<data::DataRef> patients_ref = o.patient_list ? o.patient_list : c.population.patients;
  if (patients_ref) {
    data::ReadOptions ro;
    ro.as = data::InputKind::patient_list;
    ro.patients.skip_invalid = o.skip_invalid.value_or(c.population.skip_invalid);
    if (!c.providers.empty()) {
      std::set<std::string> known;
      for (const auto& p : c.providers) known.insert(p.code);
      ro.patients.known_providers = known;
    }
    patient_data = s.data->open(*patients_ref, ro);
  }
  const data::PatientList* patients = patient_data ? patient_data->patients.get() : nullptr;

  const SimModel model = build_model(s, c, baseline, patients, seed);

  std::vector<WeeklyDrivers> drivers;
  if (s.has_uncertainty() && reps > 1) {
    for (int r = 0; r < reps; ++r) {
      pcg64 rng(seed, 0xD12A0000ull + static_cast<std::uint64_t>(r));
      drivers.push_back(build_drivers(model, s, c, baseline, plan::random_draw(s, rng)));
    }
  }
  const bool compare = model.mutual_aid.enabled && model.mutual_aid.compare;
  std::vector<ReplicationResult> runs = run_all(model, drivers, reps, threads, seed, progress, compare);
  std::vector<ReplicationResult> without_aid;
  if (compare) {
    without_aid.assign(std::make_move_iterator(runs.begin() + reps), std::make_move_iterator(runs.end()));
    runs.resize(static_cast<size_t>(reps));
  }

  // Targets, month by month, per replication.
  const std::vector<plan::Target> targets = plan::scenario_targets(s);
  const WaitHistogram start_list = initial_histogram(model);
  std::vector<std::vector<plan::TargetOutcome>> target_runs;
  std::vector<std::vector<plan::MonthOutcome>> month_runs;
  for (const auto& run : runs) {
    std::vector<plan::TargetTracker> trackers;
    for (const auto& t : targets) {
      trackers.emplace_back(t);
      trackers.back().observe(month_of(model.start), start_list);
    }
    for (size_t i = 0; i < run.months.size(); ++i) {
      for (auto& t : trackers) t.observe(run.months[i].month, run.month_lists[i]);
    }
    std::vector<plan::TargetOutcome> outcomes;
    for (const auto& t : trackers) outcomes.push_back(t.outcome());
    target_runs.push_back(std::move(outcomes));
    month_runs.push_back(run.months);
  }

  SimulationOutput out;
  out.synthetic = model.synthetic_population;
  nlohmann::json j;
  j["scenario"] = s.name;
  j["policy"] = policy_name(model.policy.kind);
  j["seed"] = seed;
  j["replications"] = reps;
  j["synthetic"] = model.synthetic_population;
  j["population"] = model.population_source;
  j["start"] = format_iso_date(model.start);
  j["weeks"] = model.weeks;
  j["providers"] = model.providers.size();
  j["treatment_functions"] = model.tfcs.size();
  j["starting_pathways"] = model.initial.size();
  const nlohmann::json outcomes = reps == 1 ? plan::outcomes_json(month_runs.front(), target_runs.front())
                                            : plan::outcomes_json(month_runs, target_runs);
  j["months"] = outcomes.at("months");
  j["targets"] = outcomes.at("targets");
  Summaries sum = summarise(model, runs, target_runs);
  j["groups"] = std::move(sum.groups);
  j["gaps"] = std::move(sum.gaps);
  j["priority_breaches"] = std::move(sum.priority_breaches);
  j["mutual_aid"] = std::move(sum.mutual_aid);
  AidReport aid = aid_report(model, runs, without_aid);
  if (!aid.json.is_null()) j["mutual_aid"].update(aid.json);
  j["wait_estimates"] = std::move(sum.wait_estimates);
  j["totals"] = std::move(sum.totals);
  j["replication_results"] = std::move(sum.replication_results);
  if (patients) {
    j["patient_list_report"] = patients->report.to_json();
    if (!patients->report.problems.empty() || patients->report.rows_rejected > 0) {
      out.skipped_rows_report = patients->report.text();
    }
  }
  out.json = std::move(j);
  out.months = reps == 1 ? plan::months_table(month_runs.front()) : plan::months_table(month_runs);
  out.groups = std::move(sum.groups_table);
  out.gaps = std::move(sum.gaps_table);
  out.priority = std::move(sum.priority_table);
  out.wait_estimates = std::move(sum.wait_estimates_table);
  out.replications = std::move(sum.replications_table);
  out.mutual_aid = std::move(aid.table);
  return out;
}

nlohmann::json run_simulation(const plan::Scenario& scenario, const SimRunOptions& options,
                              const Progress& progress) {
  return simulate(scenario, options, progress).json;
}

}  // namespace elective::sim
