// Speed targets of the aggregate forecast (issue "forecast"): one national five-year monthly projection well
// under 1 ms; 10,000 Monte Carlo projections in under 5 s on one core, and (issue 15) in under 0.7 s on two
// threads. Run: build/bench_forecast.
#include <benchmark/benchmark.h>

#include "bench_main.hpp"
#include "plan/engine.hpp"
#include "plan/forecast.hpp"

namespace {

using namespace elective;

const plan::Scenario& scenario() {
  static const plan::Scenario s =
      plan::load_scenario(std::string(ELECTIVE_SOURCE_DIR) + "/scenarios/current-trends-uncertain.toml");
  return s;
}

const plan::Baseline& baseline() {
  static const plan::Baseline b = plan::prepare_baseline(scenario());
  return b;
}

// One 60-month projection with monthly outcomes and target tracking (what each Monte Carlo sample does).
void BM_OneNationalProjection(benchmark::State& state) {
  const auto targets = plan::scenario_targets(scenario());
  const plan::Baseline& b = baseline();
  const YearMonth until = b.start + 60;
  const plan::Draw draw = plan::midpoint_draw(scenario());
  for (auto _ : state) {
    const auto drivers = plan::build_drivers(scenario(), b, draw, until);
    auto p = plan::project(b, drivers, targets);
    benchmark::DoNotOptimize(p.months.back().list_size);
  }
}
BENCHMARK(BM_OneNationalProjection)->Unit(benchmark::kMicrosecond);

// 10,000 five-year Monte Carlo samples on 1 and 2 threads, including percentiles of every output (the whole
// `elective forecast --samples 10000 --threads T` minus file reading). The output is the same for both.
void BM_TenThousandSamples(benchmark::State& state) {
  plan::Scenario s = scenario();
  s.until = baseline().start + 60;
  s.horizon_months.reset();
  plan::RunOptions o;
  o.samples = 10000;
  o.seed = 1;
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const plan::ForecastResult r = plan::forecast(s, o, Progress{});
    const nlohmann::json j = r.to_json();
    benchmark::DoNotOptimize(j.size());
  }
}
BENCHMARK(BM_TenThousandSamples)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  return elective::bench::run_benchmarks(argc, argv);
}
