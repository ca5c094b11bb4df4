// The whole national provider months file (data/rtt_provider_months_waited.csv.gz: every provider x 20
// specialty groups x 3 types, 9 months, 92,742 rows, 12.5 MB of text): target under 0.5 s on one core to
// parse it (issue 11 item 5). Measured separately: decompression + parse (what `elective stats` does), parse
// of the text alone, and parse + the England-by-month and by-provider statistics with the month-bin estimate.
//
//   build/bench/bench_provider_months --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <string>

#include "bench_main.hpp"
#include "data/csv.hpp"
#include "data/provider_months.hpp"
#include "stats/provider_stats.hpp"

namespace {

const std::string kPath = std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_provider_months_waited.csv.gz";

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_ReadAndParseGz(benchmark::State& state) {
  for (auto _ : state) {
    const auto file = elective::data::ProviderMonths::load(kPath);
    benchmark::DoNotOptimize(file.size());
  }
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_ReadAndParseGz)->Unit(benchmark::kMillisecond);

void BM_ParseText(benchmark::State& state) {
  const std::string text = elective::data::read_input_file(kPath);
  for (auto _ : state) {
    const auto file = elective::data::ProviderMonths::parse(text, kPath);
    benchmark::DoNotOptimize(file.size());
  }
  state.counters["rows"] = 92742;
  state.counters["text_mb"] = static_cast<double>(text.size()) / 1e6;
}
BENCHMARK(BM_ParseText)->Unit(benchmark::kMillisecond);

void BM_ParseAndStats(benchmark::State& state) {
  const std::string text = elective::data::read_input_file(kPath);
  for (auto _ : state) {
    const auto file = elective::data::ProviderMonths::parse(text, kPath);
    elective::stats::ProviderQuery q;
    q.by = {elective::stats::ProviderBreakdown::month};
    benchmark::DoNotOptimize(elective::stats::query_provider_months(file, nullptr, q).size());
    q.by = {elective::stats::ProviderBreakdown::provider, elective::stats::ProviderBreakdown::specialty};
    benchmark::DoNotOptimize(elective::stats::query_provider_months(file, nullptr, q).size());
  }
}
BENCHMARK(BM_ParseAndStats)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  return elective::bench::run_benchmarks(argc, argv);
}
