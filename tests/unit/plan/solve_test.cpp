// Solve round-trips: forecasting with the solved lever value meets the target within tolerance, and a value
// just below it does not; unreachable targets report converged = false.
#include "plan/solve.hpp"

#include <gtest/gtest.h>

#include "plan/forecast.hpp"

namespace elective::plan {
namespace {

const std::string kBase = ELECTIVE_SOURCE_DIR;

Scenario scenario() {
  return parse_scenario(R"(
[start]
month = "2024-07"
data = "data/rtt_national_timeseries.csv"
[horizon]
until = "2029-07"
[referrals]
growth_per_year = 0.015
[capacity]
growth_per_year = 0.02
extra_per_week = { amount = 0, from = "2025-04" }
)",
                        ScenarioSyntax::toml, "solve.toml", kBase);
}

double at_deadline(const Scenario& s, const std::string& target_text) {
  Scenario with_target = s;
  TargetSpec spec;
  spec.target = parse_target(target_text);
  with_target.targets = {spec};
  const ForecastResult r = forecast(with_target, RunOptions{}, Progress{});
  return *r.central.targets.front().value_at_deadline;
}

TEST(Solve, GrowthRoundTrips) {
  const std::string target = "80% within 18 weeks by 2029-03";
  RunOptions o;
  o.target = target;
  o.lever = "growth";
  const SolveResult r = solve(scenario(), o, Progress{});
  ASSERT_TRUE(r.converged) << r.message;
  ASSERT_TRUE(r.value);
  EXPECT_GT(*r.value, 0.02);
  EXPECT_LT(*r.value, 0.30);
  EXPECT_GE(at_deadline(with_lever(scenario(), "growth", *r.value), target), 0.80 - 1e-9);
  EXPECT_LT(at_deadline(with_lever(scenario(), "growth", *r.value - 0.001), target), 0.80);
  ASSERT_TRUE(r.at_deadline);
  EXPECT_NEAR(*r.at_deadline->pct_within_18_weeks, 0.80, 0.002);
}

TEST(Solve, GrowthLeverVariesTotalRemovalGrowthWhenTheScenarioUsesIt) {
  const Scenario s = parse_scenario(R"(
[start]
month = "2024-07"
data = "data/rtt_national_timeseries.csv"
[horizon]
until = "2029-07"
[referrals]
growth_per_year = 0.015
[removals]
total_growth_per_year = 0.02
)",
                                    ScenarioSyntax::toml, "hf.toml", kBase);
  const std::string target = "80% within 18 weeks by 2029-03";
  RunOptions o;
  o.target = target;
  const SolveResult r = solve(s, o, Progress{});
  ASSERT_TRUE(r.converged) << r.message;
  const Scenario solved = with_lever(s, "growth", *r.value);
  EXPECT_DOUBLE_EQ(solved.removals.total_growth_per_year->mid(), *r.value);
  EXPECT_DOUBLE_EQ(solved.capacity.growth_per_year.mid(), 0.0);
  EXPECT_GE(at_deadline(solved, target), 0.80 - 1e-9);
  EXPECT_LT(at_deadline(with_lever(s, "growth", *r.value - 0.002), target), 0.80);
}

TEST(Solve, ExtraPerWeekRoundTrips) {
  const std::string target = "list below 6000000 by 2027-03";
  RunOptions o;
  o.target = target;
  o.lever = "extra_per_week";
  const SolveResult r = solve(scenario(), o, Progress{});
  ASSERT_TRUE(r.converged) << r.message;
  EXPECT_LT(at_deadline(with_lever(scenario(), "extra_per_week", *r.value), target), 6e6);
  EXPECT_GT(at_deadline(with_lever(scenario(), "extra_per_week", *r.value - 500), target), 6e6);
}

TEST(Solve, UnreachableTargetsDoNotConverge) {
  RunOptions o;
  o.target = "92% within 18 weeks by 2024-09";  // two months after the start
  o.lever = "growth";
  const SolveResult r = solve(scenario(), o, Progress{});
  EXPECT_FALSE(r.converged);
  EXPECT_FALSE(r.value);
  const nlohmann::json j = r.to_json();
  EXPECT_TRUE(j["value"].is_null());
  EXPECT_FALSE(j["converged"].get<bool>());
  for (const char* key : {"target", "lever", "value", "converged", "forecast_at_deadline"})
    EXPECT_TRUE(j.contains(key)) << key;
}

TEST(Solve, HoldListStopsTheListGrowing) {
  RunOptions o;
  o.lever = "hold_list";
  const SolveResult r = solve(scenario(), o, Progress{});
  ASSERT_TRUE(r.converged);
  ASSERT_TRUE(r.at_deadline);
  const Baseline b = prepare_baseline(scenario());
  EXPECT_NEAR(r.at_deadline->list_size, b.calibration.list.total(), 0.001 * b.calibration.list.total());
}

TEST(Solve, SteadyStateMeetsTheStandardAtTodaysDemand) {
  RunOptions o;
  o.lever = "steady_state";
  o.target = "92% within 18 weeks by 2029-03";
  const SolveResult r = solve(scenario(), o, Progress{});
  ASSERT_TRUE(r.converged) << r.message;
  EXPECT_NEAR(*r.at_deadline->pct_within_18_weeks, 0.92, 0.002);
  EXPECT_GT(*r.steady_state_list_size, 0);
  EXPECT_LT(*r.value, r.baseline_referrals_per_week * 1.2);
}

}  // namespace
}  // namespace elective::plan
