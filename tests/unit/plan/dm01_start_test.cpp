// Forecasts and solves from the diagnostics waiting list (DM01, issue 12) on the bundled file: the inferred
// inflow, the months' DM01 keys, conservation of the projection, provider x test starts, the scenario errors
// and the extra_tests_per_week lever's round trip.
#include "plan/dm01_start.hpp"

#include <gtest/gtest.h>

#include <gmock/gmock.h>

#include "data/input_file.hpp"
#include "plan/forecast.hpp"
#include "plan/solve.hpp"
#include "support/scenario_text.hpp"

namespace elective::plan {
namespace {

using ::testing::HasSubstr;

const std::string kBase = ELECTIVE_SOURCE_DIR;

const data::Dm01List& dm01() {
  static const data::Dm01List list = data::Dm01List::parse(
      data::read_input_file(kBase + "/data/diagnostics_dm01_provider.csv"), "diagnostics_dm01_provider.csv");
  return list;
}

Scenario parse(const std::string& text) {
  return test::parse_toml_scenario(text, "dm01.toml");
}

std::string start(const std::string& extra = "") {
  return "[start]\nmonth = \"2025-03\"\ndata = \"data/diagnostics_dm01_provider.csv\"\n" + extra +
         "\n[horizon]\nuntil = \"2026-03\"\n";
}

TEST(Dm01Start, ReferralsAreTheListChangePlusWaitingListTests) {
  const auto months = dm01_observed_months(dm01(), std::nullopt, std::nullopt);
  ASSERT_EQ(months.size(), 8u);  // August 2024 to March 2025
  EXPECT_EQ(months.front().month, YearMonth(2024, 8));
  EXPECT_EQ(months.front().referrals, 0);  // no month before it
  EXPECT_EQ(months.front().list.counts.size(), 14u);
  EXPECT_EQ(months.front().list.total(), 1562141);  // NHS England's England row (tests/golden)
  for (size_t i = 1; i < months.size(); ++i) {
    EXPECT_GT(months[i].completed, 1e6);  // England does about 1.6m waiting-list tests a month
    EXPECT_DOUBLE_EQ(months[i].referrals,
                     months[i].list.total() - months[i - 1].list.total() + months[i].completed);
  }
}

// Some providers report no waiting-list tests while their lists turn over (Essexultrasound, NUC: 4,737
// waiting in March 2025, none for 6 weeks, no waiting-list tests in any month): the removals are at least
// what the month-end bands show left, so the list is not projected to age in place.
TEST(Dm01Start, RemovalsAreAtLeastWhatTheBandsShowLeft) {
  const auto months = dm01_observed_months(dm01(), std::string("NUC"), std::nullopt);
  ASSERT_EQ(months.size(), 8u);
  for (size_t i = 1; i < months.size(); ++i) {
    EXPECT_GT(months[i].completed, 0.5 * months[i - 1].list.total()) << months[i].month.to_string();
    EXPECT_DOUBLE_EQ(months[i].referrals, std::max(0.0, months[i].list.total() - months[i - 1].list.total() +
                                                            months[i].completed));
  }
  const Scenario s = parse(start("provider = \"NUC\""));
  const ForecastResult r = forecast(s, RunOptions{}, Progress{});
  // It stays a short list (without the bound, nobody would leave it and the share would fall below a half).
  EXPECT_GT(*r.central.months.front().pct_within_6_weeks, 0.7);
}

TEST(Dm01Start, ForecastMonthsHaveTheDm01Keys) {
  const Scenario s = load_scenario(kBase + "/scenarios/diagnostics-6-weeks.toml");
  const nlohmann::json j = run_forecast(s, RunOptions{}, Progress{});
  ASSERT_EQ(j["months"].size(), 12u);
  std::set<std::string> keys;
  for (const auto& [k, v] : j["months"][0].items()) keys.insert(k);
  EXPECT_EQ(keys,
            (std::set<std::string>{"month", "list_size", "referrals", "removals_treated", "removals_other",
                                   "pct_within_6_weeks", "over_6_weeks", "over_13_weeks", "median_weeks"}));
  EXPECT_EQ(j["months"][0]["month"], "2025-04");
  EXPECT_EQ(j["months"].back()["month"], "2026-03");
  ASSERT_EQ(j["targets"].size(), 3u);
  EXPECT_EQ(j["targets"][0]["text"], "95% within 6 weeks by 2026-03");
  EXPECT_TRUE(j["targets"][0]["value_at_deadline"].is_number());
}

TEST(Dm01Start, ProjectionConservesPatientsAndCountsTheBands) {
  const Scenario s = load_scenario(kBase + "/scenarios/diagnostics-6-weeks.toml");
  const ForecastResult r = forecast(s, RunOptions{}, Progress{});
  EXPECT_EQ(r.baseline.list, &dm01_list());
  EXPECT_EQ(r.baseline.calibration.list.counts.size(), 14u);
  EXPECT_EQ(r.baseline.calibration.list.total(), 1703242);
  double previous = r.baseline.calibration.list.total();
  for (const MonthOutcome& m : r.central.months) {
    EXPECT_EQ(m.list, "dm01");
    EXPECT_NEAR(m.list_size, previous + m.referrals - m.removals_treated - m.removals_other, 1e-6 * previous);
    ASSERT_TRUE(m.pct_within_6_weeks && m.over_6_weeks && m.over_13_weeks);
    EXPECT_NEAR(*m.pct_within_6_weeks, 1 - *m.over_6_weeks / m.list_size, 1e-12);
    EXPECT_LE(*m.over_13_weeks, *m.over_6_weeks);
    EXPECT_FALSE(m.pct_within_18_weeks.has_value());
    previous = m.list_size;
  }
}

TEST(Dm01Start, ProviderAndTestSelectTheirRows) {
  const Scenario s = parse(start("provider = \"RRK\"\ntest = \"3\""));
  const ForecastResult r = forecast(s, RunOptions{}, Progress{});
  const auto months = dm01_observed_months(dm01(), std::string("RRK"), std::string("3"));
  EXPECT_EQ(r.baseline.calibration.list.total(), months.back().list.total());
  EXPECT_LT(months.back().list.total(), 41047);  // one test of RRK's 41,047 patients waiting
  EXPECT_GT(months.back().list.total(), 0);
  EXPECT_THAT(r.baseline.description, HasSubstr("provider RRK, test 3"));
}

TEST(Dm01Start, ScenarioErrorsNameTheirKey) {
  auto error = [](const std::string& text) {
    try {
      const Scenario s = parse(text);
      (void)forecast(s, RunOptions{}, Progress{});
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(error(start("test = \"99\"")), HasSubstr("start.test"));
  EXPECT_THAT(error(start("provider = \"NOPE\"")), HasSubstr("start.provider"));
  EXPECT_THAT(error(start("tfc = \"C_110\"")), HasSubstr("start.tfc"));
  EXPECT_THAT(error("[start]\nmonth = \"2024-08\"\ndata = \"data/diagnostics_dm01_provider.csv\"\n[horizon]\n"
                    "until = \"2025-08\"\n"),
              HasSubstr("start.month"));
  // 18 weeks is not a band edge of weekly bands to 13+: the target's own line and key.
  EXPECT_THAT(error(start() + "[[target]]\ntext = \"92% within 18 weeks by 2026-03\"\n"),
              HasSubstr("dm01.toml:8:"));
  EXPECT_THAT(error(start() + "[[target]]\ntext = \"92% within 18 weeks by 2026-03\"\n"),
              HasSubstr("target[0].text"));
  // start.test on RTT data.
  EXPECT_THAT(
      error("[start]\nmonth = \"2024-07\"\ndata = \"data/rtt_national_timeseries.csv\"\ntest = \"3\"\n"
            "[horizon]\nuntil = \"2025-07\"\n"),
      HasSubstr("start.test"));
}

TEST(Dm01Start, ExtraTestsPerWeekRoundTrips) {
  const Scenario s = load_scenario(kBase + "/scenarios/diagnostics-6-weeks.toml");
  RunOptions o;
  o.lever = "extra_tests_per_week";
  const SolveResult r = solve(s, o, Progress{});
  ASSERT_TRUE(r.converged);
  ASSERT_TRUE(r.value);
  EXPECT_GT(*r.value, 0);
  EXPECT_EQ(r.unit, "tests per week");
  auto share_at_deadline = [&](double extra) {
    Scenario with = with_lever(s, "extra_tests_per_week", extra);
    with.targets.resize(1);  // 95% within 6 weeks by 2026-03
    return *forecast(with, RunOptions{}, Progress{}).central.targets.front().value_at_deadline;
  };
  EXPECT_GE(share_at_deadline(*r.value), 0.95);
  EXPECT_LT(share_at_deadline(*r.value * 0.97), 0.95);
  // The lever is for diagnostics starts.
  const Scenario rtt = load_scenario(kBase + "/scenarios/current-trends.toml");
  EXPECT_THROW((void)solve(rtt, o, Progress{}), InputError);
}

}  // namespace
}  // namespace elective::plan
