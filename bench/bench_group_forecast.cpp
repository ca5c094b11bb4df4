// Every provider x specialty of the provider months file calibrated, projected five years and solved (issue
// 11 item 5: target under 10 s on one core), as `elective forecast|solve
// scenarios/providers-current-trends.toml --by provider,specialty` run them (plan/group_forecast.hpp); the
// file's read and parse are measured by bench_provider_months.
//
//   build/bench/bench_group_forecast --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <string>

#include "bench_main.hpp"
#include "core/progress.hpp"
#include "plan/group_forecast.hpp"
#include "plan/scenario.hpp"

namespace {

const std::string kScenario = std::string(ELECTIVE_SOURCE_DIR) + "/scenarios/providers-current-trends.toml";
const std::vector<elective::stats::ProviderBreakdown> kBy = {elective::stats::ProviderBreakdown::provider,
                                                             elective::stats::ProviderBreakdown::specialty};

// The scenario (its data source keeps the parsed file, so every iteration starts from the parsed file).
const elective::plan::Scenario& scenario() {
  static const elective::plan::Scenario s = [] {
    elective::plan::Scenario sc = elective::plan::load_scenario(kScenario);
    elective::plan::prepare_groups(sc, kBy);  // reads and parses the file once, outside the timing
    return sc;
  }();
  return s;
}

// Group histories from the parsed file and every group calibrated.
void BM_CalibrateAll(benchmark::State& state) {
  const auto& s = scenario();
  std::size_t groups = 0;
  for (auto _ : state) {
    const auto prepared = elective::plan::prepare_groups(s, kBy);
    groups = prepared.groups.size();
    benchmark::DoNotOptimize(groups);
  }
  state.counters["groups"] = static_cast<double>(groups);
}
BENCHMARK(BM_CalibrateAll)->Unit(benchmark::kMillisecond);

// Calibrated and projected 60 months (with every month's outcomes and the targets), as `forecast --by`.
void BM_ForecastAll(benchmark::State& state) {
  const auto& s = scenario();
  for (auto _ : state) {
    const auto result = elective::plan::forecast_groups(s, kBy, elective::Progress{});
    benchmark::DoNotOptimize(result.groups.size());
  }
}
BENCHMARK(BM_ForecastAll)->Unit(benchmark::kMillisecond);

// Calibrated and solved (growth lever for the scenario's first target), as `solve --by`.
void BM_SolveAll(benchmark::State& state) {
  const auto& s = scenario();
  for (auto _ : state) {
    const auto result = elective::plan::solve_groups(s, kBy, {}, elective::Progress{});
    benchmark::DoNotOptimize(result.groups.size());
  }
}
BENCHMARK(BM_SolveAll)->Unit(benchmark::kMillisecond)->Iterations(1);

// Calibrated, projected five years and solved: the whole of issue 11 item 5.
void BM_CalibrateProjectSolveAll(benchmark::State& state) {
  const auto& s = scenario();
  for (auto _ : state) {
    const auto forecast = elective::plan::forecast_groups(s, kBy, elective::Progress{});
    const auto solved = elective::plan::solve_groups(s, kBy, {}, elective::Progress{});
    benchmark::DoNotOptimize(forecast.groups.size() + solved.groups.size());
  }
}
BENCHMARK(BM_CalibrateProjectSolveAll)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  return elective::bench::run_benchmarks(argc, argv);
}
