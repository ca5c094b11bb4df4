// Every input file a command reads is opened and parsed once, however many parts of the run use it
// (calibration, history, seasonality of an extract start, the solver's projections): a counting data source
// stands in for the command line's.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "plan/engine.hpp"
#include "plan/forecast.hpp"
#include "plan/levers.hpp"
#include "plan/scenario.hpp"
#include "plan/solve.hpp"
#include "support/counting_source.hpp"

namespace elective::plan {
namespace {

namespace fs = std::filesystem;
using test_support::CountingFileSource;
using test_support::expect_each_once;

const std::string kBase = ELECTIVE_SOURCE_DIR;

struct Counted {
  Scenario scenario;
  std::shared_ptr<CountingFileSource> files;
};

Counted load_counted(const std::string& name) {
  const std::string path = kBase + "/scenarios/" + name;
  auto files = std::make_shared<CountingFileSource>(fs::path(path).parent_path().string());
  return {parse_scenario(data::read_file(path), ScenarioSyntax::toml, path, files), files};
}

TEST(DataOnce, ParsingReadsNothing) {
  const Counted c = load_counted("provider-rbd.toml");
  EXPECT_EQ(c.files->total(), 0);  // the gate resolves (the path policy) but never reads
}

TEST(DataOnce, ForecastOfANationalStart) {
  const Counted c = load_counted("current-trends.toml");
  (void)forecast(c.scenario, RunOptions{}, Progress{});
  expect_each_once(*c.files, {"rtt_national_timeseries.csv"});
}

TEST(DataOnce, ForecastWithSamples) {
  const Counted c = load_counted("current-trends-uncertain.toml");
  RunOptions options;
  options.samples = 20;
  (void)forecast(c.scenario, options, Progress{});
  expect_each_once(*c.files, {"rtt_national_timeseries.csv"});
}

TEST(DataOnce, ForecastOfAnExtractStartReadsTheExtractAndTheNationalSeriesOnce) {
  const Counted c = load_counted("provider-rbd.toml");
  (void)forecast(c.scenario, RunOptions{}, Progress{});
  expect_each_once(*c.files, {"rtt_full_2024-11_RBD.csv", "rtt_national_timeseries.csv"});
}

TEST(DataOnce, CalibrateReadsOnce) {
  const Counted c = load_counted("provider-rbd.toml");
  (void)prepare_baseline(c.scenario);
  (void)prepare_baseline(c.scenario);  // a second use in the same run shares the parse
  expect_each_once(*c.files, {"rtt_full_2024-11_RBD.csv", "rtt_national_timeseries.csv"});
}

TEST(DataOnce, SolveReadsOnceForEveryLever) {
  for (const Lever& lever : levers()) {
    // The community diagnostic centres' lever is for diagnostics starts (the DM01 file).
    const bool diagnostics = lever.name == "extra_tests_per_week";
    const Counted c = load_counted(diagnostics ? "diagnostics-6-weeks.toml" : "current-trends.toml");
    RunOptions options;
    options.lever = std::string(lever.name);
    (void)solve(c.scenario, options, Progress{});
    std::vector<std::string> files = {diagnostics ? "diagnostics_dm01_provider.csv"
                                                  : "rtt_national_timeseries.csv"};
    // The capacity levers read the workforce files too (plan/workforce_levers.hpp), each once.
    if (lever.name == "consultant_fte" || lever.name == "absence" || lever.name == "productivity")
      files.insert(files.end(), {"workforce_fte_provider.csv.gz", "sickness_absence_provider.csv",
                                 "rtt_provider_months_waited.csv.gz"});
    if (lever.name == "beds")
      files.insert(files.end(), {"workforce_fte_provider.csv.gz", "beds_kh03_provider.csv"});
    expect_each_once(*c.files, files);
  }
}

TEST(DataOnce, ForecastOfADiagnosticsStartReadsTheDm01FileOnce) {
  const Counted c = load_counted("diagnostics-6-weeks.toml");
  RunOptions options;
  options.samples = 5;
  (void)forecast(c.scenario, options, Progress{});
  expect_each_once(*c.files, {"diagnostics_dm01_provider.csv"});
}

}  // namespace
}  // namespace elective::plan
