// Speed of the patient-level simulation (docs/simulation.md "Speed"):
//   BM_SingleQueue500       the NHS-R simulator's workload (scenarios/single-queue-500.toml), one replication
//   BM_TrustRbd             scenarios/trust-rbd-patient-level.toml, one replication
//   BM_EnglandOneReplication scenarios/england-patient-level.toml, one replication on one core; reports the
//   peak
//                           resident memory of the process (model + one replication) as peak_rss_mb
//   BM_EnglandOneReplicationThreads/threads:1|2  one replication with its queues shared among 1 or 2 threads
//                           (the same results; engine.hpp)
//   BM_EnglandTwoReplications/threads:1|2  two replications on 1 or 2 threads (parallel speed-up)
//   BM_EnglandScaled/tenths:1|10|30  England at 0.1x, 1x and 3x on one thread: every queue's referrals,
//                           capacity and start list multiplied by the factor (the start list by keeping every
//                           10th pathway at 0.1x, by repeating each pathway 3 times at 3x); reports the
//                           events (start list + referrals + treatments + other removals), ns_per_event (CPU
//                           time / events) and peak_rss_mb. Run one scale per process for its own peak
//                           memory: bench_sim --benchmark_filter='EnglandScaled/tenths:30/'.
// Models are built once outside the timed loop; building England's 7.4m-pathway start list is timed
// separately (BM_EnglandBuildModel).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench_main.hpp"
#include "plan/engine.hpp"
#include "plan/scenario.hpp"
#include "sim/build_model.hpp"
#include "sim/config.hpp"
#include "sim/engine.hpp"

namespace {

using namespace elective;

struct Prepared {
  plan::Scenario scenario;
  sim::SimModel model;
};

std::unique_ptr<Prepared> prepare(const std::string& name) {
  auto p = std::make_unique<Prepared>();
  p->scenario = plan::load_scenario(std::string(ELECTIVE_SOURCE_DIR) + "/scenarios/" + name);
  const sim::SimConfig config = sim::parse_sim_config(p->scenario);
  const plan::Baseline baseline = plan::prepare_baseline(p->scenario);
  p->model = sim::build_model(p->scenario, config, baseline, nullptr, config.seed.value_or(1));
  return p;
}

const Prepared& cached(const std::string& name) {
  static std::map<std::string, std::unique_ptr<Prepared>> cache;
  auto& slot = cache[name];
  if (!slot) slot = prepare(name);
  return *slot;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // kilobytes on Linux
}

void BM_SingleQueue500(benchmark::State& state) {
  const Prepared& p = cached("single-queue-500.toml");
  std::uint64_t rep = 0;
  for (auto _ : state) {
    auto r = sim::run_replication(p.model, 500, rep++);
    benchmark::DoNotOptimize(r.treated_total);
  }
  state.counters["weeks"] = p.model.weeks;
}
BENCHMARK(BM_SingleQueue500)->Unit(benchmark::kMillisecond);

void BM_TrustRbd(benchmark::State& state) {
  const Prepared& p = cached("trust-rbd-patient-level.toml");
  std::uint64_t rep = 0;
  for (auto _ : state) {
    auto r = sim::run_replication(p.model, 7, rep++);
    benchmark::DoNotOptimize(r.treated_total);
  }
  state.counters["starting_pathways"] = static_cast<double>(p.model.initial.size());
}
BENCHMARK(BM_TrustRbd)->Unit(benchmark::kMillisecond);

void BM_EnglandBuildModel(benchmark::State& state) {
  for (auto _ : state) {
    auto p = prepare("england-patient-level.toml");
    benchmark::DoNotOptimize(p->model.initial.data());
  }
}
BENCHMARK(BM_EnglandBuildModel)->Unit(benchmark::kSecond)->Iterations(1);

void BM_EnglandOneReplication(benchmark::State& state) {
  const Prepared& p = cached("england-patient-level.toml");
  double referrals = 0;
  for (auto _ : state) {
    auto r = sim::run_replication(p.model, 2025, 0);
    referrals = r.referrals_total;
    benchmark::DoNotOptimize(r.treated_total);
  }
  state.counters["starting_pathways"] = static_cast<double>(p.model.initial.size());
  state.counters["referrals"] = referrals;
  state.counters["queues"] = static_cast<double>(p.model.queues.size());
  state.counters["weeks"] = p.model.weeks;
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_EnglandOneReplication)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

// England-sized runs on 1 and 2 threads: one timed iteration each, in wall time (what a second thread saves).
void on_one_and_two_threads(benchmark::internal::Benchmark* b) {
  b->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
}

void BM_EnglandOneReplicationThreads(benchmark::State& state) {
  const Prepared& p = cached("england-patient-level.toml");
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto r = sim::run_replication(p.model, 2025, 0, {}, nullptr, nullptr, false, threads);
    benchmark::DoNotOptimize(r.treated_total);
  }
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_EnglandOneReplicationThreads)->Apply(on_one_and_two_threads);

// England's model with every queue's flows and start list scaled by tenths / 10 (see the header).
sim::SimModel scaled_england(int tenths) {
  const Prepared& p = cached("england-patient-level.toml");
  sim::SimModel m = p.model;
  const double f = tenths / 10.0;
  for (auto& q : m.queues) {
    q.referrals_per_week *= f;
    q.capacity_per_week *= f;
    q.extra_per_week *= f;
  }
  for (auto& h : m.hubs) h.per_week *= f;
  for (auto& x : m.drivers.extra_referrals) x *= f;
  for (auto& x : m.drivers.independent_sector) x *= f;
  std::vector<sim::InitialPatient> initial;
  if (tenths < 10) {
    const size_t every = static_cast<size_t>(10 / tenths);
    for (size_t i = 0; i < m.initial.size(); i += every) initial.push_back(m.initial[i]);
  } else {
    const int copies = tenths / 10;
    initial.reserve(m.initial.size() * static_cast<size_t>(copies));
    for (const auto& ip : m.initial)
      for (int c = 0; c < copies; ++c) initial.push_back(ip);
  }
  m.initial = std::move(initial);
  return m;
}

void BM_EnglandScaled(benchmark::State& state) {
  const int tenths = static_cast<int>(state.range(0));
  const sim::SimModel model = scaled_england(tenths);
  double events = 0;
  rusage before{}, after{};
  getrusage(RUSAGE_SELF, &before);
  for (auto _ : state) {
    auto r = sim::run_replication(model, 2025, 0);
    events = static_cast<double>(model.initial.size()) + r.referrals_total + r.treated_total +
             r.other_removals_total;
    benchmark::DoNotOptimize(r.treated_total);
  }
  getrusage(RUSAGE_SELF, &after);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  const double cpu =
      seconds(after.ru_utime) - seconds(before.ru_utime) + seconds(after.ru_stime) - seconds(before.ru_stime);
  state.counters["events"] = events;
  state.counters["ns_per_event"] = events > 0 ? cpu * 1e9 / events : 0;
  state.counters["starting_pathways"] = static_cast<double>(model.initial.size());
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_EnglandScaled)
    ->Arg(1)
    ->Arg(10)
    ->Arg(30)
    ->ArgName("tenths")
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();

void BM_EnglandTwoReplications(benchmark::State& state) {
  const Prepared& p = cached("england-patient-level.toml");
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    std::vector<double> out(2);
    if (threads == 1) {
      for (int r = 0; r < 2; ++r)
        out[static_cast<size_t>(r)] =
            sim::run_replication(p.model, 2025, static_cast<std::uint64_t>(r)).treated_total;
    } else {
      std::vector<std::thread> pool;
      for (int r = 0; r < 2; ++r) {
        pool.emplace_back([&, r] {
          out[static_cast<size_t>(r)] =
              sim::run_replication(p.model, 2025, static_cast<std::uint64_t>(r)).treated_total;
        });
      }
      for (auto& t : pool) t.join();
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_EnglandTwoReplications)->Apply(on_one_and_two_threads);

}  // namespace

int main(int argc, char** argv) {
  return elective::bench::run_benchmarks(argc, argv);
}
