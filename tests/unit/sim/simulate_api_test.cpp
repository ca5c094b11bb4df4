#include "sim/simulate_api.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "core/error.hpp"
#include "plan/forecast.hpp"
#include "plan/scenario.hpp"
#include "sim/synth_list.hpp"

namespace elective::sim {
namespace {

const std::string kDir = std::string(ELECTIVE_SOURCE_DIR) + "/scenarios";

// 1,000 referrals and `capacity` treatments a week, `other` removals a month, no seasonality.
std::string balanced_scenario(const std::string& simulation, const std::string& capacity = "1040",
                              const std::string& other = "0") {
  std::string hist = "[";
  for (int k = 0; k < 40; ++k) hist += (k ? ", " : "") + std::to_string(1200 - 25 * k);
  hist += "]";
  return "[start]\nmonth = \"2024-06\"\nhistogram = " + hist +
         "\nreferrals_per_week = 1000\ncapacity_per_week = " + capacity +
         "\nother_removals_share_per_month = " + other +
         "\n"
         "[horizon]\nuntil = \"2026-06\"\n[referrals]\nseasonality = false\n[capacity]\nseasonality = false\n"
         "[policy]\nremoval_rule = \"in_turn\"\nurgent_share = 0\n" +
         simulation;
}

plan::Scenario scenario_of(const std::string& text) {
  return plan::parse_scenario(text, plan::ScenarioSyntax::toml, "test.toml", kDir);
}

// With in_turn, no priorities and the same rates, the patient-level list tracks the band model's
// deterministic projection within Monte Carlo error (docs/simulation.md "Checks"). 8 replications of a
// 28,000-pathway list.
void expect_agreement(const plan::Scenario& s, double list_tol, double pct_tol, double p92_tol) {
  const auto forecast = plan::forecast(s, plan::RunOptions{}, Progress{});
  const nlohmann::json sim = run_simulation(s, SimRunOptions{}, Progress{});
  const auto& fm = forecast.central.months;
  const auto& sm = sim.at("months");
  ASSERT_EQ(fm.size(), sm.size());
  for (size_t i = 0; i < fm.size(); ++i) {
    SCOPED_TRACE(fm[i].month.to_string());
    EXPECT_EQ(sm[i].at("month"), fm[i].month.to_string());
    EXPECT_NEAR(sm[i].at("list_size").at("p50").get<double>(), fm[i].list_size, list_tol * fm[i].list_size);
    EXPECT_NEAR(sm[i].at("pct_within_18_weeks").at("p50").get<double>(), *fm[i].pct_within_18_weeks, pct_tol);
    EXPECT_NEAR(sm[i].at("p92_weeks").at("p50").get<double>(), *fm[i].p92_weeks, p92_tol);
    EXPECT_NEAR(sm[i].at("removals_treated").at("p50").get<double>(), fm[i].removals_treated,
                0.01 * fm[i].removals_treated);
  }
}

TEST(SimulateApiTest, InTurnAgreesWithTheAggregateForecast) {
  expect_agreement(scenario_of(balanced_scenario("[simulation]\npolicy = \"in_turn\"\nreplications = 8\n")),
                   0.015, 0.02, 0.6);
}

TEST(SimulateApiTest, InTurnWithOtherRemovalsKeepsTheListSize) {
  // The aggregate model shares other removals over bands by a calibrated pattern; the simulation gives every
  // pathway the same weekly hazard (docs/simulation.md), so the shape differs a little more but the list
  // size, which the other-removal level calibrates, agrees.
  expect_agreement(scenario_of(balanced_scenario("[simulation]\npolicy = \"in_turn\"\nreplications = 8\n",
                                                 "1000", "0.02")),
                   0.02, 0.045, 1.2);
}

TEST(SimulateApiTest, CapacityCalendarStrikesHolidaysAndHubs) {
  auto treated = [](const std::string& extra) {
    const plan::Scenario s = scenario_of(balanced_scenario("[simulation]\npolicy = \"in_turn\"\n" + extra));
    const nlohmann::json j = run_simulation(s, SimRunOptions{}, Progress{});
    std::map<std::string, double> out;
    for (const auto& m : j.at("months"))
      out[m.at("month").get<std::string>()] = m.at("removals_treated").get<double>();
    return out;
  };
  const auto base = treated("");
  // A full strike on Monday-Friday 2 - 6 September 2024 loses 5 of the week's 7 days of capacity (1040 a
  // week).
  const auto strike =
      treated("[[simulation.strike]]\nfrom = \"2024-09-02\"\nuntil = \"2024-09-06\"\ncapacity_loss = 1.0\n");
  EXPECT_NEAR(base.at("2024-09") - strike.at("2024-09"), 1040.0 * 5 / 7, 2);
  EXPECT_NEAR(base.at("2024-10"), strike.at("2024-10"), 1);
  // A hub adding 70 a week through January 2025.
  const auto hub = treated(
      "[[simulation.hub]]\nprovider = \"S001\"\ntfc = \"C_999\"\nper_week = 70\nfrom = \"2025-01-01\"\n"
      "until = \"2025-01-31\"\n");
  EXPECT_NEAR(hub.at("2025-01") - base.at("2025-01"), 70.0 * 31 / 7, 75);
  EXPECT_NEAR(hub.at("2025-03"), base.at("2025-03"), 1);
  // Christmas at 50% capacity: the weeks overlapping 24 December - 1 January.
  const auto christmas = treated("[simulation.capacity]\nchristmas_factor = 0.5\n");
  EXPECT_LT(christmas.at("2024-12") + christmas.at("2025-01"), base.at("2024-12") + base.at("2025-01") - 900);
  EXPECT_NEAR(christmas.at("2024-11"), base.at("2024-11"), 1);
}

TEST(SimulateApiTest, SameSeedSameBytesOnAnyThreadCount) {
  const plan::Scenario s = plan::load_scenario(kDir + "/trust-rbd-patient-level.toml");
  SimRunOptions one;
  one.replications = 4;
  one.threads = 1;
  SimRunOptions two = one;
  two.threads = 2;
  SimRunOptions four = one;
  four.threads = 4;
  const std::string a = run_simulation(s, one, Progress{}).dump();
  EXPECT_EQ(a, run_simulation(s, two, Progress{}).dump());
  EXPECT_EQ(a, run_simulation(s, four, Progress{}).dump());
  SimRunOptions other_seed = one;
  other_seed.seed = 99;
  EXPECT_NE(a, run_simulation(s, other_seed, Progress{}).dump());
}

// One replication on several threads shares its queues among them (engine.hpp): the same bytes for 1, 2, 3
// and 4 threads, with and without mutual aid.
TEST(SimulateApiTest, OneReplicationSameBytesOnAnyThreadCount) {
  const plan::Scenario s = plan::load_scenario(kDir + "/trust-rbd-patient-level.toml");
  SimRunOptions one;
  one.replications = 1;
  one.threads = 1;
  const std::string a = run_simulation(s, one, Progress{}).dump();
  for (int threads : {2, 3, 4}) {
    SimRunOptions o = one;
    o.threads = threads;
    EXPECT_EQ(a, run_simulation(s, o, Progress{}).dump()) << threads << " threads";
  }
}

TEST(SimulateApiTest, OutputHasTheContractKeysAndLabelsSynthetic) {
  const plan::Scenario s = plan::load_scenario(kDir + "/trust-rbd-patient-level.toml");
  SimRunOptions o;
  o.replications = 1;
  const nlohmann::json j = run_simulation(s, o, Progress{});
  for (const char* key :
       {"months", "targets", "groups", "gaps", "mutual_aid", "wait_estimates", "priority_breaches"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j.at("synthetic").get<bool>());
  EXPECT_THAT(j.at("population").get<std::string>(), testing::HasSubstr("SYNTHETIC"));
  std::set<std::string> dims;
  for (const auto& g : j.at("groups")) {
    dims.insert(g.at("dimension").get<std::string>());
    for (const char* key : {"dimension", "group", "count", "median_weeks", "p92_weeks", "share_over_18_weeks",
                            "share_over_52_weeks"}) {
      EXPECT_TRUE(g.contains(key)) << key;
    }
    if (g.at("suppressed").get<bool>()) {
      EXPECT_TRUE(g.at("median_weeks").is_null());
    }
  }
  EXPECT_THAT(dims, testing::IsSupersetOf({"priority", "imd_quintile", "ethnicity", "age_band", "provider"}));
  EXPECT_EQ(j.at("months").size(), 36u);
  EXPECT_EQ(j.at("months").front().at("month"), "2024-12");
  // 18 treatment functions of RBD.
  EXPECT_EQ(j.at("wait_estimates").size(), j.at("treatment_functions").get<size_t>());
}

TEST(SimulateApiTest, PolicyOptionAndErrors) {
  const plan::Scenario s = plan::load_scenario(kDir + "/single-queue-500.toml");
  SimRunOptions o;
  o.policy = "equity";
  EXPECT_EQ(run_simulation(s, o, Progress{}).at("policy"), "equity");
  o.policy = "fastest";
  EXPECT_THROW(run_simulation(s, o, Progress{}), InputError);
}

TEST(SimulateApiTest, SingleQueue500RunsTheNhsrWorkload) {
  const plan::Scenario s = plan::load_scenario(kDir + "/single-queue-500.toml");
  const nlohmann::json j = run_simulation(s, SimRunOptions{}, Progress{});
  const double referrals = j.at("totals").at("referrals");
  const double weeks = j.at("weeks");
  EXPECT_NEAR(referrals / weeks, 500, 5);  // Poisson(500) a week
  EXPECT_EQ(j.at("starting_pathways"), 0);
  EXPECT_EQ(j.at("months").size(), 60u);
}

TEST(SimulateApiTest, SyntheticListRoundTripsThroughThePatientReader) {
  const plan::Scenario s = plan::load_scenario(kDir + "/trust-rbd-patient-level.toml");
  const SimModel m = prepare_synthetic_model(s, 7);
  const std::string csv = synthetic_list_csv(m);
  const std::string path = std::string(ELECTIVE_BINARY_DIR) + "/sim_synth_roundtrip.csv";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fwrite(csv.data(), 1, csv.size(), f);
    std::fclose(f);
  }
  const data::PatientList list = data::load_patient_list(path);
  EXPECT_EQ(list.size(), m.initial.size());
  EXPECT_EQ(list.report.rows_rejected, 0u);
  EXPECT_EQ(list.tfcs.size(), m.tfcs.size());
  // The same seed gives the same list; another seed another.
  EXPECT_EQ(csv, synthetic_list_csv(prepare_synthetic_model(s, 7)));
  EXPECT_NE(csv, synthetic_list_csv(prepare_synthetic_model(s, 8)));
  // Simulating from the written list works and is labelled as a patient list.
  SimRunOptions o;
  o.patient_list = s.data->resolve(path, SourceLocation{"test", 0, 0, {}}, "--patients");
  const nlohmann::json j = run_simulation(s, o, Progress{});
  EXPECT_FALSE(j.at("synthetic").get<bool>());
  EXPECT_EQ(j.at("starting_pathways"), m.initial.size());
}

}  // namespace
}  // namespace elective::sim
