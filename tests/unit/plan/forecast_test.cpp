#include "plan/forecast.hpp"

#include "plan/engine.hpp"
#include "plan/targets.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include <fstream>
#include <sstream>

namespace elective::plan {
namespace {

const std::string kBase = ELECTIVE_SOURCE_DIR;

const char* kMonthKeys[] = {"month",          "list_size",           "referrals",      "removals_treated",
                            "removals_other", "pct_within_18_weeks", "over_18_weeks",  "over_52_weeks",
                            "over_65_weeks",  "over_78_weeks",       "over_104_weeks", "median_weeks",
                            "p92_weeks"};

// A projection that builds its months reads the targets off each month's wait summary; one that does not
// (solver loops) measures them on the list. Both must give the same outcomes to the bit, for every kind of
// target and threshold (those the summary holds and those it does not), with and without a model-error path.
TEST(Forecast, TargetsFromTheMonthsSummaryEqualThoseMeasuredOnTheList) {
  const Scenario s = load_scenario(kBase + "/scenarios/current-trends-uncertain.toml");
  const Baseline b = prepare_baseline(s);
  std::vector<Target> targets = scenario_targets(s);
  for (const char* text :
       {"0 over 65 weeks by 2027-03", "0 over 104 weeks by 2026-03", "< 5% over 78 weeks by 2028-03",
        "< 20% over 18 weeks by 2029-03", "90% within 18 weeks by 2027-03", "0 over 40 weeks by 2027-03",
        "80% within 26 weeks by 2028-03", "list below 7000000 by 2028-03"})
    targets.push_back(parse_target(text));
  const auto drivers = build_drivers(s, b, midpoint_draw(s), b.until);
  const flow::ErrorPath error = {{0.02, -0.01}, {0.03, -0.02}, {0.05, 0.01}};
  for (const flow::ErrorPath* e : {static_cast<const flow::ErrorPath*>(nullptr), &error}) {
    const Projection with = project(b, drivers, targets, true, e);
    const Projection without = project(b, drivers, targets, false, e);
    ASSERT_EQ(with.targets.size(), targets.size());
    ASSERT_EQ(without.targets.size(), targets.size());
    for (size_t i = 0; i < targets.size(); ++i) {
      const TargetOutcome &a = with.targets[i], &c = without.targets[i];
      EXPECT_EQ(a.met, c.met) << a.text;
      EXPECT_EQ(a.first_met_month, c.first_met_month) << a.text;
      ASSERT_TRUE(a.value_at_deadline.has_value()) << a.text;
      EXPECT_EQ(a.value_at_deadline, c.value_at_deadline) << a.text;
      EXPECT_EQ(a.gap_at_deadline, c.gap_at_deadline) << a.text;
    }
  }
}

// Monte Carlo samples build their drivers from a calendar computed once; every field must equal the
// drivers built directly, for random draws of scenarios on each driver path (the driver forecast's share of
// other removals, total removal growth, other removals as a volume, shocks and levers).
TEST(Forecast, DriversFromACalendarEqualThoseBuiltDirectly) {
  for (const char* name : {"current-trends-uncertain.toml", "current-trends.toml", "pledge-2024.toml",
                           "workforce-4000-doctors.toml", "hf-jan-2025.toml", "diagnostics-6-weeks.toml"}) {
    const Scenario s = load_scenario(kBase + "/scenarios/" + name);
    const Baseline b = prepare_baseline(s);
    const DriverCalendar calendar = driver_calendar(s, b, b.until);
    for (std::uint64_t i = 0; i < 5; ++i) {
      pcg64 rng(7, i);
      const Draw d = i == 0 ? midpoint_draw(s) : random_draw(s, rng);
      const auto direct = build_drivers(s, b, d, b.until);
      const auto from_calendar = build_drivers(s, b, d, calendar);
      ASSERT_EQ(direct.size(), from_calendar.size()) << name;
      for (size_t k = 0; k < direct.size(); ++k) {
        const flow::MonthDrivers &x = direct[k].drivers, &y = from_calendar[k].drivers;
        EXPECT_EQ(direct[k].month, from_calendar[k].month) << name;
        EXPECT_EQ(x.days, y.days) << name;
        EXPECT_EQ(x.referrals, y.referrals) << name;
        EXPECT_EQ(x.capacity, y.capacity) << name;
        EXPECT_EQ(x.other_rate_factor, y.other_rate_factor) << name;
        EXPECT_EQ(x.validation_share, y.validation_share) << name;
        EXPECT_EQ(x.other_volume, y.other_volume) << name;
        EXPECT_EQ(x.other_share, y.other_share) << name;
        EXPECT_EQ(x.months_ahead, y.months_ahead) << name;
      }
    }
  }
}

TEST(Forecast, JsonHasTheContractKeys) {
  const Scenario s = load_scenario(kBase + "/scenarios/current-trends.toml");
  const nlohmann::json j = run_forecast(s, RunOptions{}, Progress{});
  ASSERT_EQ(j.size(), 2u);
  ASSERT_TRUE(j["months"].is_array());
  ASSERT_FALSE(j["months"].empty());
  for (const char* key : kMonthKeys) EXPECT_TRUE(j["months"][0].contains(key)) << key;
  EXPECT_EQ(j["months"].back()["month"], "2029-07");
  const double pct = j["months"][0]["pct_within_18_weeks"].get<double>();
  EXPECT_GT(pct, 0.3);
  EXPECT_LT(pct, 1.0);
  ASSERT_EQ(j["targets"].size(), 3u);
  for (const char* key : {"text", "met", "first_met_month", "value_at_deadline"})
    EXPECT_TRUE(j["targets"][0].contains(key));
  EXPECT_FALSE(j["targets"][0].contains("probability_met"));
}

TEST(Forecast, FlowsAreConsistentWithTheList) {
  const Scenario s = load_scenario(kBase + "/scenarios/pledge-2024.toml");
  const ForecastResult r = forecast(s, RunOptions{}, Progress{});
  double previous = r.baseline.calibration.list.total();
  for (const auto& m : r.central.months) {
    EXPECT_NEAR(m.list_size, previous + m.referrals - m.removals_treated - m.removals_other, 1e-6 * previous);
    previous = m.list_size;
  }
}

TEST(Forecast, ExtraCapacityShortensTheList) {
  Scenario s = load_scenario(kBase + "/scenarios/current-trends.toml");
  const double base = forecast(s, RunOptions{}, Progress{}).central.months.back().list_size;
  s.capacity.extra_per_week.amount = Range(40000);
  const double more = forecast(s, RunOptions{}, Progress{}).central.months.back().list_size;
  EXPECT_LT(more, base - 1e5);
}

TEST(Forecast, UncertaintyGivesPercentilesAndProbabilities) {
  const Scenario s = load_scenario(kBase + "/scenarios/current-trends-uncertain.toml");
  RunOptions o;
  o.samples = 200;
  o.seed = 7;
  const nlohmann::json j = run_forecast(s, o, Progress{});
  const auto& m = j["months"].back();
  EXPECT_TRUE(m["month"].is_string());
  for (const char* key : kMonthKeys) {
    if (std::string(key) == "month") continue;
    ASSERT_TRUE(m[key].is_object()) << key;
    EXPECT_LE(m[key]["p10"].get<double>(), m[key]["p50"].get<double>()) << key;
    EXPECT_LE(m[key]["p50"].get<double>(), m[key]["p90"].get<double>()) << key;
  }
  EXPECT_LT(m["list_size"]["p10"].get<double>(), m["list_size"]["p90"].get<double>());
  for (const auto& t : j["targets"]) {
    const double p = t["probability_met"].get<double>();
    EXPECT_GE(p, 0.0);
    EXPECT_LE(p, 1.0);
    EXPECT_TRUE(t["value_at_deadline"].is_object());
  }
  // Same seed, same output; another seed differs.
  EXPECT_EQ(run_forecast(s, o, Progress{}).dump(), j.dump());
  o.seed = 8;
  EXPECT_NE(run_forecast(s, o, Progress{}).dump(), j.dump());
}

TEST(Forecast, ProviderExtractStart) {
  const Scenario s = load_scenario(kBase + "/scenarios/provider-rbd.toml");
  const ForecastResult r = forecast(s, RunOptions{}, Progress{});
  EXPECT_NEAR(r.baseline.calibration.list.total(), 21702, 0.5);  // domain.md 2.6 check value
  EXPECT_GT(r.central.months.back().list_size, 1000);
  EXPECT_LT(r.central.months.back().list_size, 60000);
}

TEST(Forecast, HeadlineStartReconstructsTheList) {
  const Scenario s = parse_scenario(R"(
[start]
month = "2025-06"
list_size = 100000
pct_within_18_weeks = 0.6
over_52_weeks = 2500
referrals_per_week = 5000
capacity_per_week = 4500
[horizon]
months = 24
)",
                                    ScenarioSyntax::toml, "h.toml", kBase);
  const ForecastResult r = forecast(s, RunOptions{}, Progress{});
  EXPECT_EQ(r.central.months.size(), 24u);
  EXPECT_NEAR(r.baseline.calibration.list.total(), 100000, 1e-6);
  // Months differ by their working days and calendar factor; the twelve months after the start average the
  // stated weekly rate.
  double year = 0;
  for (size_t i = 0; i < 12; ++i) year += r.central.months[i].referrals;
  EXPECT_NEAR(year / 12, 5000 * 365.25 / 12 / 7, 1e-6 * year);
  EXPECT_NEAR(r.central.months.front().referrals, 5000 * 31 / 7.0, 5000 * 31 / 7.0 * 0.1);
}

TEST(Forecast, TotalRemovalGrowthGrowsAllRemovals) {
  // Health Foundation, January 2025: all removals were 20.8m in the 12 months to July 2024 and grow 2.4% a
  // year, so the first year after the start removes 20.8m x 1.024.
  const Scenario s = parse_scenario(R"(
[start]
month = "2024-07"
data = "data/rtt_national_timeseries.csv"
[horizon]
until = "2029-07"
[removals]
total_growth_per_year = 0.024
)",
                                    ScenarioSyntax::toml, "hf.toml", kBase);
  const ForecastResult r = forecast(s, RunOptions{}, Progress{});
  double year1 = 0, year5 = 0;
  for (size_t i = 0; i < 12; ++i)
    year1 += r.central.months[i].removals_treated + r.central.months[i].removals_other;
  for (size_t i = 48; i < 60; ++i)
    year5 += r.central.months[i].removals_treated + r.central.months[i].removals_other;
  EXPECT_NEAR(year1 / 20.83e6, 1.024, 0.003);
  // Four years on, within the difference in working days between the two years (under 1%).
  EXPECT_NEAR(year5 / year1, std::pow(1.024, 4), 0.01);
}

TEST(Forecast, SamplesIncludeTheModelsOwnError) {
  // current-trends has no ranges: its P10-P90 band comes from the model's back-test errors alone.
  Scenario s = load_scenario(kBase + "/scenarios/current-trends.toml");
  ASSERT_FALSE(s.has_uncertainty());
  RunOptions o;
  o.samples = 60;
  o.seed = 7;
  const ForecastResult r = forecast(s, o, Progress{});
  EXPECT_EQ(r.error_paths.size(), 19u);
  const nlohmann::json j = r.to_json();
  const auto& m12 = j["months"][11]["list_size"];
  EXPECT_LT(m12["p10"].get<double>(), m12["p50"].get<double>());
  EXPECT_LT(m12["p50"].get<double>(), m12["p90"].get<double>());
  EXPECT_GT(m12["p90"].get<double>() / m12["p10"].get<double>(), 1.02);
  EXPECT_EQ(forecast(s, o, Progress{}).to_json().dump(), j.dump());  // same seed, same bytes
}

}  // namespace
}  // namespace elective::plan

namespace elective::plan {
namespace {

TEST(Forecast, ConsecutiveExtractMonthsAreCalibratedByBand) {
  // Two months of one provider: the real November 2024 RBD extract, and the same rows relabelled October
  // 2024.
  std::ifstream in(kBase + "/data/rtt_full_2024-11_RBD.csv");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string november = buffer.str();
  std::string october = november.substr(november.find('\n') + 1);
  for (size_t at = october.find("RTT-November-2024"); at != std::string::npos;
       at = october.find("RTT-November-2024", at))
    october.replace(at, 17, "RTT-October-2024");
  const std::string path = testing::TempDir() + "/rbd_two_months.csv";
  std::ofstream(path) << november << october;
  const Scenario s = parse_scenario(
      "[start]\nmonth = \"latest\"\ndata = \"" + path + "\"\nprovider = \"RBD\"\n[horizon]\nmonths = 12\n",
      ScenarioSyntax::toml, "two.toml", kBase);
  const ForecastResult r = forecast(s, RunOptions{}, Progress{});
  const flow::Calibration& c = r.baseline.calibration;
  EXPECT_EQ(c.month, YearMonth(2024, 11));
  EXPECT_EQ(c.window_months, 1);
  // Same list twice: other removals are new periods - completed pathways (5,003 - 4,469), as a share of the
  // inflow.
  EXPECT_NEAR(c.other_removals_per_month, 5003 - 4469, 1.0);
  EXPECT_GT(c.fit.other_rate, 0.0);
  EXPECT_EQ(c.fit.group_hazard.size(), 9u);
  for (double h : c.fit.group_hazard) EXPECT_GE(h, 0.0);
  EXPECT_EQ(r.central.months.size(), 12u);
}

}  // namespace
}  // namespace elective::plan
