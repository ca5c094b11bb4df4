// The server's job runners: the scenario gate with the server's path policy (stored datasets and bundled data
// files by name only; messages never tell whether another path exists), requests that cannot crash the
// server, and stored datasets reaching the run already parsed - results identical to the command line's.
#include "server/job_runners.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "data/data_source.hpp"
#include "plan/forecast_api.hpp"
#include "plan/scenario.hpp"
#include "sim/synth_list.hpp"

namespace elective::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

const std::string kSource = ELECTIVE_SOURCE_DIR;
const std::string kData = kSource + "/data";

class JobRunnersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("elective-runners-" +
              std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".db"))
                .string();
    TearDown();
    store_ = std::make_unique<store::Store>(path_);
    service_ = std::make_unique<DatasetService>(*store_);
    service_->load_bundled(kData);
    for (const auto& info : service_->list())
      (info.kind == store::DatasetKind::rtt ? rtt_ : national_) = info.id;
    context_.datasets = service_.get();
    context_.data_dir = kData;
    context_.isolate = false;
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }

  // The error check_job_request gives, or "(accepted)".
  std::string check(const json& request) {
    try {
      check_job_request(context_, request);
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
      return e.what();
    }
    return "(accepted)";
  }

  static json forecast_with_data(const std::string& data) {
    return {{"kind", "forecast"},
            {"scenario",
             {{"start", {{"month", "2024-11"}, {"data", data}}}, {"horizon", {{"until", "2025-11"}}}}}};
  }

  std::string path_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<DatasetService> service_;
  JobContext context_;
  std::int64_t rtt_ = 0, national_ = 0;
};

TEST_F(JobRunnersTest, OnlyBundledFilesByNameOrStoredDatasets) {
  EXPECT_EQ(check(forecast_with_data("rtt_national_timeseries.csv")), "(accepted)");
  // A folder part is ignored: only the bundled file of that name is ever read.
  EXPECT_EQ(check(forecast_with_data("data/rtt_full_2024-11_RBD.csv")), "(accepted)");
  EXPECT_EQ(check(forecast_with_data("../data/rtt_full_2024-11_RBD.csv")), "(accepted)");
  const std::string existing = check(forecast_with_data("/etc/passwd"));
  const std::string missing = check(forecast_with_data("/etc/no-such-file-here"));
  EXPECT_THAT(existing, HasSubstr("start.data: the server reads only its bundled data files"));
  EXPECT_THAT(existing, HasSubstr("rtt_national_timeseries.csv"));
  // The same message whether or not the path exists on the server (apart from echoing the name).
  std::string masked = missing;
  masked.replace(masked.find("/etc/no-such-file-here"), std::string("/etc/no-such-file-here").size(),
                 "/etc/passwd");
  EXPECT_EQ(existing, masked);
  EXPECT_THAT(check(forecast_with_data("/dev/urandom")),
              HasSubstr("the server reads only its bundled data files"));
}

TEST_F(JobRunnersTest, SolveTargetsOfEveryListAreAcceptedAndTyposRefused) {
  json solve = forecast_with_data("rtt_national_timeseries.csv");
  solve["kind"] = "solve";
  for (const char* target : {"92% within 18 weeks by 2029-03", "95% within 6 weeks by 2026-03",
                             "85% within 62 days by 2026-03", "80% within 28 days by 2026-03"}) {
    solve["options"] = {{"target", target}};
    EXPECT_EQ(check(solve), "(accepted)") << target;
  }
  solve["options"] = {{"target", "92% within 18 fortnights by 2029-03"}};
  EXPECT_NE(check(solve), "(accepted)");
}

TEST_F(JobRunnersTest, SimulationFilesGoThroughTheSamePolicy) {
  for (const char* key : {"patients", "tfc_mix_from"}) {
    for (const char* path : {"/dev/urandom", "/etc/passwd", "no-such.csv"}) {
      json request = forecast_with_data("rtt_national_timeseries.csv");
      request["kind"] = "simulate";
      request["scenario"]["simulation"] = {{"population", {{key, path}}}};
      const std::string e = check(request);
      EXPECT_THAT(e, HasSubstr(std::string("simulation.population.") + key +
                               ": the server reads only its bundled data files"))
          << key << " " << path;
      EXPECT_THAT(e, HasSubstr("scenario:")) << e;
    }
  }
}

TEST_F(JobRunnersTest, StoredDatasetsAreCheckedForKind) {
  json request = forecast_with_data("x");
  request["scenario"]["start"].erase("data");
  request["scenario"]["start"]["dataset"] = 999;
  EXPECT_THAT(check(request), HasSubstr("start.dataset: dataset 999 does not exist"));
  request["scenario"]["start"]["dataset"] = national_;
  EXPECT_EQ(check(request), "(accepted)");
  json sim = forecast_with_data("rtt_national_timeseries.csv");
  sim["kind"] = "simulate";
  sim["options"] = {{"patient_list_dataset", national_}};
  EXPECT_THAT(check(sim), HasSubstr("options.patient_list_dataset: dataset " + std::to_string(national_) +
                                    " is national data, which cannot be used here"));
}

TEST_F(JobRunnersTest, MalformedScenariosAreCleanInputErrorsWithPositions) {
  const std::string deep = data::read_file(kSource + "/tests/inputs/deep-brackets.json");
  // As text (positions in the client's own text) ...
  EXPECT_THAT(check({{"kind", "forecast"}, {"scenario", deep}}),
              HasSubstr("nested more than 32 levels deep"));
  // ... and as a JSON value of the request.
  EXPECT_THAT(
      check(json::parse("{\"kind\": \"forecast\", \"scenario\": " + deep.substr(0, deep.size() - 1) + "}")),
      HasSubstr("nested more than 64 levels deep"));
  EXPECT_THAT(check({{"kind", "forecast"}, {"options", json::parse(deep)}, {"scenario", "x"}}),
              HasSubstr("nested more than"));
  EXPECT_EQ(check({{"kind", "forecast"},
                   {"scenario",
                    "{\"start\": {\"month\": \"2024-07\", \"list_size\": 1e400},\n"
                    "\"horizon\": {\"until\": \"2026-07\"}}"}}),
            "scenario:1:45: start.list_size: 1e400 is out of range (not a finite number a double can hold)");
  EXPECT_THAT(check({{"kind", "forecast"}, {"scenario", "[start]\nmonth = \"2024-07\"\nlist_size = nan\n"}}),
              HasSubstr("scenario:3:13: start.list_size: nan is not a finite number"));
  json bad = forecast_with_data("rtt_national_timeseries.csv");
  bad["scenario"]["referrals"] = {{"growth_per_year", "2%"}};
  EXPECT_THAT(check(bad), HasSubstr("referrals.growth_per_year: expected a fraction per year"));
  EXPECT_THAT(check(bad), ::testing::StartsWith("scenario:"));
  json sim = forecast_with_data("rtt_national_timeseries.csv");
  sim["kind"] = "simulate";
  sim["scenario"]["simulation"] = {{"policy", "calibrated"}};
  EXPECT_THAT(check(sim), HasSubstr("simulation.policy: unknown policy 'calibrated'"));
  sim["scenario"]["simulation"] = {{"policy", "equity"}};
  sim["options"] = {{"policy", "fastest"}};
  EXPECT_THAT(check(sim), HasSubstr("options.policy: unknown policy 'fastest'"));
  json solve = forecast_with_data("rtt_national_timeseries.csv");
  solve["kind"] = "solve";
  solve["options"] = {{"lever", "magic"}};
  EXPECT_THAT(check(solve), HasSubstr("options.lever: expected growth, extra_per_week, extra_tests_per_week, "
                                      "consultant_fte, absence, productivity, beds, hold_list or "
                                      "steady_state"));
}

TEST_F(JobRunnersTest, StoredDatasetsRunParsedAndGiveTheCommandLinesResult) {
  const auto runners = make_job_runners(context_);
  const std::string toml =
      "[start]\nmonth = \"2024-11\"\ndata = \"data/rtt_full_2024-11_RBD.csv\"\nprovider = \"RBD\"\n"
      "[horizon]\nuntil = \"2025-11\"\n";
  const plan::Scenario cli = plan::parse_scenario(toml, plan::ScenarioSyntax::toml, "x.toml", kSource);
  const json expected = plan::run_forecast(cli, plan::RunOptions{}, Progress{});
  // The bundled file by name, and the stored dataset by id: the same result, with no file written.
  const json by_name = runners.at("forecast")({{"kind", "forecast"}, {"scenario", toml}}, Progress{});
  EXPECT_EQ(by_name, expected);
  json stored = {{"kind", "forecast"},
                 {"scenario",
                  {{"start", {{"month", "2024-11"}, {"dataset", rtt_}, {"provider", "RBD"}}},
                   {"horizon", {{"until", "2025-11"}}}}}};
  EXPECT_EQ(runners.at("forecast")(stored, Progress{}), expected);
  // In a child process as the server runs jobs: the child inherits the parsed data.
  context_.isolate = true;
  EXPECT_EQ(make_job_runners(context_).at("forecast")(stored, Progress{}), expected);
}

TEST_F(JobRunnersTest, SimulateFromAStoredPatientList) {
  const plan::Scenario s = plan::load_scenario(kSource + "/scenarios/trust-rbd-patient-level.toml");
  const std::string csv = sim::synthetic_list_csv(sim::prepare_synthetic_model(s, 3));
  const auto list = service_->import_files("ptl", store::DatasetKind::patient_list, {{"ptl.csv", csv}});
  context_.isolate = true;
  const json request = {
      {"kind", "simulate"},
      {"scenario", data::read_file(kSource + "/scenarios/trust-rbd-patient-level.toml")},
      {"options", {{"replications", 1}, {"threads", 1}, {"patient_list_dataset", list.id}}}};
  EXPECT_EQ(check(request), "(accepted)");
  const json result = make_job_runners(context_).at("simulate")(request, Progress{});
  EXPECT_FALSE(result.at("synthetic").get<bool>());
  EXPECT_EQ(result.at("starting_pathways"), list.summary.at("open_pathways"));
}

}  // namespace
}  // namespace elective::server
