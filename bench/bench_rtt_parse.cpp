// National-scale RTT Full CSV benchmark. No national month ships with the project, so one is built: the 512
// real RBD rows (data/rtt_full_2024-11_RBD.csv) replicated under 400 provider codes, ~205k rows and ~45 MB,
// the size of a real national month (~200k rows, ~40 MB). The target is parse + summarise (the whole-month
// provider table) in under 1 s on one core with under 300 MB peak memory; peak RSS is reported as a counter.
//
//   build-foundation/bench_rtt_parse --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "bench_main.hpp"
#include "data/csv.hpp"
#include "data/rtt_extract.hpp"
#include "stats/rtt_query.hpp"

namespace {

constexpr int kProviders = 400;

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// Writes the national-size file once (streamed, so that building it does not raise the peak memory).
const std::string& national_file() {
  static const std::string path = [] {
    const std::string dir =
        (std::filesystem::temp_directory_path() / fmt::format("elective-bench-{}", ::getpid())).string();
    std::filesystem::create_directories(dir);
    const std::string file = dir + "/rtt_full_national_size.csv";
    const std::string source =
        elective::data::read_file(std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_full_2024-11_RBD.csv");
    const size_t header_end = source.find('\n') + 1;
    const std::string header = source.substr(0, header_end);
    const std::string body = source.substr(header_end);
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (f == nullptr) std::abort();
    std::fwrite(header.data(), 1, header.size(), f);
    std::string chunk;
    for (int p = 0; p < kProviders; ++p) {
      // Provider codes R000..R399 in place of RBD (",RBD," appears once per row, in Provider Org Code).
      const std::string code = fmt::format(",R{:03d},", p);
      chunk.clear();
      size_t pos = 0;
      while (pos < body.size()) {
        const size_t hit = body.find(",RBD,", pos);
        if (hit == std::string::npos) {
          chunk.append(body, pos, std::string::npos);
          break;
        }
        chunk.append(body, pos, hit - pos);
        chunk += code;
        pos = hit + 5;
      }
      std::fwrite(chunk.data(), 1, chunk.size(), f);
    }
    std::fclose(f);
    return file;
  }();
  // Removes the temporary folder at exit.
  static const struct Cleanup {
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(std::filesystem::path(path).parent_path(), ec);
    }
  } cleanup;
  return path;
}

// Read + parse + the whole-month provider table (Part_2 by provider), as `elective stats FILE --by provider`.
void BM_ParseAndSummariseNationalMonth(benchmark::State& state) {
  const std::string& file = national_file();
  const auto bytes = std::filesystem::file_size(file);
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto extract = elective::data::RttExtract::load({file});
    const auto table =
        elective::stats::query(extract, elective::stats::Selection{}, {elective::stats::Breakdown::provider});
    rows = extract.size();
    benchmark::DoNotOptimize(table.data());
    if (table.size() != kProviders) state.SkipWithError("wrong provider count");
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["file_mb"] = static_cast<double>(bytes) / 1e6;
  state.counters["peak_rss_mb"] = peak_rss_mb();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ParseAndSummariseNationalMonth)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Parse only (text already in memory).
void BM_ParseNationalMonth(benchmark::State& state) {
  const std::string text = elective::data::read_file(national_file());
  for (auto _ : state) {
    auto extract = elective::data::RttExtract::parse(text, "national.csv");
    benchmark::DoNotOptimize(extract.rows().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseNationalMonth)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The text check every reader does first (UTF-8, no control characters), alone: its share of the parse.
void BM_ValidateTextNationalMonth(benchmark::State& state) {
  const std::string text = elective::data::read_file(national_file());
  for (auto _ : state) elective::data::validate_text(text, "national.csv");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ValidateTextNationalMonth)->Unit(benchmark::kMillisecond)->MinTime(1.0);

// A gzipped national month, as NHS England publishes large files: decompression + parse.
void BM_ParseGzipNationalMonth(benchmark::State& state) {
  const std::string path = national_file() + ".gz";
  if (!std::filesystem::exists(path)) {
    if (std::system(fmt::format("gzip -c '{}' > '{}'", national_file(), path).c_str()) != 0) {
      state.SkipWithError("gzip failed");
      return;
    }
  }
  const auto bytes = std::filesystem::file_size(path);
  for (auto _ : state) {
    auto extract = elective::data::RttExtract::load({path});
    benchmark::DoNotOptimize(extract.rows().data());
  }
  state.counters["gz_mb"] = static_cast<double>(bytes) / 1e6;
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_ParseGzipNationalMonth)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Every breakdown of one parsed month: provider x tfc for all parts.
void BM_QueryProviderByTfc(benchmark::State& state) {
  const auto extract = elective::data::RttExtract::load({national_file()});
  for (auto _ : state) {
    const auto rows =
        elective::stats::query(extract, elective::stats::Selection{},
                               {elective::stats::Breakdown::provider, elective::stats::Breakdown::tfc});
    benchmark::DoNotOptimize(rows.data());
  }
}
BENCHMARK(BM_QueryProviderByTfc)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  return elective::bench::run_benchmarks(argc, argv);
}
