// Every input file `simulate` reads - the start data, the national series for an extract start's seasonality,
// the treatment-function mix and the patient list - is opened and parsed once (a counting data source stands
// in for the command line's).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "plan/scenario.hpp"
#include "sim/simulate_api.hpp"
#include "sim/synth_list.hpp"
#include "support/counting_source.hpp"

namespace elective::sim {
namespace {

using test_support::CountingFileSource;
using test_support::expect_each_once;

const std::string kBase = ELECTIVE_SOURCE_DIR;

struct Counted {
  plan::Scenario scenario;
  std::shared_ptr<CountingFileSource> files;
};

Counted parse_counted(const std::string& text, const std::string& dir) {
  auto files = std::make_shared<CountingFileSource>(dir);
  return {plan::parse_scenario(text, plan::ScenarioSyntax::toml, dir + "/test.toml", files), files};
}

SimRunOptions one_replication() {
  SimRunOptions o;
  o.replications = 1;
  o.threads = 1;
  return o;
}

TEST(DataOnce, SimulateAnExtractStart) {
  const Counted c =
      parse_counted(data::read_file(kBase + "/scenarios/trust-rbd-patient-level.toml"), kBase + "/scenarios");
  (void)simulate(c.scenario, one_replication(), Progress{});
  expect_each_once(*c.files, {"rtt_full_2024-11_RBD.csv", "rtt_national_timeseries.csv"});
}

TEST(DataOnce, SynthListOfAnExtractStart) {
  const Counted c =
      parse_counted(data::read_file(kBase + "/scenarios/trust-rbd-patient-level.toml"), kBase + "/scenarios");
  (void)prepare_synthetic_model(c.scenario, 3);
  expect_each_once(*c.files, {"rtt_full_2024-11_RBD.csv", "rtt_national_timeseries.csv"});
}

TEST(DataOnce, SimulateWithATfcMixFromTheExtractAndAPatientList) {
  // tfc_mix_from names the same extract as start.data: one read serves both.
  const std::string scenario = R"(
[start]
month = "2024-11"
data = "../data/rtt_full_2024-11_RBD.csv"
provider = "RBD"
[horizon]
until = "2025-05"
[simulation.population]
tfc_mix_from = "../data/rtt_full_2024-11_RBD.csv"
)";
  {
    const Counted c = parse_counted(scenario, kBase + "/scenarios");
    (void)simulate(c.scenario, one_replication(), Progress{});
    expect_each_once(*c.files, {"rtt_full_2024-11_RBD.csv", "rtt_national_timeseries.csv"});
  }
  // A patient list: the synthetic list written out and read back, once.
  const Counted first = parse_counted(scenario, kBase + "/scenarios");
  const std::string list = std::string(ELECTIVE_BINARY_DIR) + "/data_once_ptl.csv";
  std::ofstream(list) << synthetic_list_csv(prepare_synthetic_model(first.scenario, 5));
  const Counted c = parse_counted(scenario + "patients = \"" + list + "\"\n", kBase + "/scenarios");
  (void)simulate(c.scenario, one_replication(), Progress{});
  expect_each_once(*c.files,
                   {"rtt_full_2024-11_RBD.csv", "rtt_national_timeseries.csv", "data_once_ptl.csv"});
}

}  // namespace
}  // namespace elective::sim
