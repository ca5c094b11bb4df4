#include "sweep/sweep_run.hpp"

#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "plan/forecast_api.hpp"
#include "sim/simulate_api.hpp"

namespace elective::sweep {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A month's value: a number, or the P50 of {p10, p50, p90} (one Monte Carlo sample: all three are equal).
double month_value(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_object() && v.contains("p50") && v["p50"].is_number()) return v["p50"].get<double>();
  return kMissing;
}

ResultCell node_cell(const plan::Node& node) {
  switch (node.type) {
    case plan::Node::Type::boolean:
      return node.boolean;
    case plan::Node::Type::integer:
      return node.integer;
    case plan::Node::Type::floating:
      return node.floating;
    case plan::Node::Type::string:
      return node.text;
    default:
      return std::monostate{};
  }
}

}  // namespace

std::uint64_t task_seed(std::uint64_t seed, std::size_t point, int replication) {
  return splitmix(splitmix(splitmix(seed) ^ static_cast<std::uint64_t>(point)) ^
                  static_cast<std::uint64_t>(replication));
}

std::vector<double> run_task(const SweepPlan& plan, std::size_t task) {
  const auto& spec = plan.spec;
  const std::size_t point = task / static_cast<std::size_t>(spec.replications);
  const int replication = static_cast<int>(task % static_cast<std::size_t>(spec.replications));
  const plan::Scenario& scenario = plan.scenarios.at(point);
  const std::uint64_t seed = task_seed(spec.seed, point, replication);
  nlohmann::json result;
  if (spec.command == SweepCommand::forecast) {
    plan::RunOptions options;
    options.samples = scenario.has_uncertainty() ? 1 : 0;  // one seeded draw of the scenario's ranges
    options.seed = seed;
    result = plan::run_forecast(scenario, options, Progress{});
  } else {
    sim::SimRunOptions options;
    options.replications = 1;
    options.threads = 1;
    options.seed = seed;
    result = sim::run_simulation(scenario, options, Progress{});
  }
  const auto& months = result.at("months");
  if (months.empty()) throw RuntimeError("sweep: the scenario projects no months");
  const nlohmann::json* row = &months.back();
  if (spec.at) {
    row = nullptr;
    const std::string wanted = spec.at->to_string();
    for (const auto& m : months)
      if (m.value("month", "") == wanted) row = &m;
    if (row == nullptr)
      throw InputError(spec.at_where, "sweep.at: expected a month the scenario projects (" +
                                          months.front().value("month", "") + " to " +
                                          months.back().value("month", "") + "), got " + wanted);
  }
  std::vector<double> values;
  values.reserve(spec.outputs.size());
  for (const auto& key : spec.outputs)
    values.push_back(row->contains(key) ? month_value((*row)[key]) : kMissing);
  return values;
}

void run_tasks(const SweepPlan& plan, std::size_t begin, std::size_t end, int threads, double* out) {
  const std::size_t k = plan.spec.outputs.size();
  std::atomic<std::size_t> next{begin};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    for (std::size_t t = next++; t < end && !failed; t = next++) {
      try {
        const auto values = run_task(plan, t);
        std::copy(values.begin(), values.end(), out + (t - begin) * k);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), end - begin);
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < n; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

std::vector<double> run_local(const SweepPlan& plan, int threads) {
  std::vector<double> values(plan.tasks() * plan.spec.outputs.size(), kMissing);
  if (plan.tasks() > 0) run_tasks(plan, 0, plan.tasks(), threads, values.data());
  return values;
}

ResultTable sweep_table(const SweepPlan& plan, const std::vector<double>& values) {
  const auto& spec = plan.spec;
  ResultTable table;
  table.multi = spec.replications > 1;
  table.central_title_suffix = table.multi ? " P50" : "";
  auto column = [](const std::string& key, CellKind kind, int decimals) {
    ResultColumn c;
    c.key = key;
    c.title = key;
    c.kind = kind;
    c.decimals = decimals;
    return c;
  };
  table.columns.push_back(column("point", CellKind::count, 0));
  for (const auto& g : spec.grid) {
    const bool text = !g.values.empty() && g.values.front().is_string();
    table.columns.push_back(column(g.key, text ? CellKind::text : CellKind::number, 4));
  }
  for (const auto& key : spec.outputs) {
    ResultColumn c = column(key, CellKind::count, 0);
    if (key.rfind("pct_", 0) == 0) c = column(key, CellKind::fraction, 1);
    if (key == "median_weeks" || key == "p92_weeks") c = column(key, CellKind::weeks, 2);
    c.uncertain = true;
    table.columns.push_back(c);
  }
  const std::size_t k = spec.outputs.size();
  const auto reps = static_cast<std::size_t>(spec.replications);
  for (const auto& p : plan.points) {
    std::vector<ResultCell> row;
    row.emplace_back(static_cast<std::int64_t>(p.index));
    for (std::size_t d = 0; d < spec.grid.size(); ++d)
      row.push_back(node_cell(spec.grid[d].values[p.value_index[d]]));
    for (std::size_t o = 0; o < k; ++o) {
      Samples samples;
      for (std::size_t r = 0; r < reps; ++r) {
        const double v = values.at((p.index * reps + r) * k + o);
        samples.push_back(std::isnan(v) ? std::nullopt : std::optional<double>(v));
      }
      row.emplace_back(std::move(samples));
    }
    table.add_row(std::move(row));
  }
  return table;
}

nlohmann::json sweep_json(const SweepPlan& plan, const std::vector<double>& values) {
  const auto& spec = plan.spec;
  nlohmann::json grid = nlohmann::json::array();
  for (const auto& g : spec.grid) {
    nlohmann::json vals = nlohmann::json::array();
    for (const auto& v : g.values) vals.push_back(to_json(v, spec.file));
    grid.push_back({{"key", g.key}, {"values", vals}});
  }
  return {{"sweep", spec.name},
          {"command", spec.command == SweepCommand::forecast ? "forecast" : "simulate"},
          {"scenario", spec.scenario_path},
          {"replications", spec.replications},
          {"seed", spec.seed},
          {"at", spec.at ? nlohmann::json(spec.at->to_string()) : nlohmann::json(nullptr)},
          {"outputs", spec.outputs},
          {"grid", grid},
          {"rows", sweep_table(plan, values).json()}};
}

}  // namespace elective::sweep
