#include "flow/provider_history.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>

#include "core/error.hpp"
#include "flow/provider_backtest.hpp"

namespace elective::flow {
namespace {

using stats::ProviderBreakdown;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kHeader =
    "month,provider_code,provider_name,specialty,type,m00,m01,m02,m03,m04,m05,m06,m07,m08,m09,m10,m11,m12_"
    "plus,"
    "total,merged_provider_codes\n";

// One provider-month: incomplete bins (list spread over the first three bins), completed and referrals.
std::string month_rows(const std::string& month, const std::string& code, const std::string& merged,
                       const std::string& specialty, double list, double completed, double referrals) {
  const double third = list / 3;
  return fmt::format(
      "{m},{c},NAME {c},{s},incomplete,{t},{t},{t},0,0,0,0,0,0,0,0,0,0,{l},{g}\n"
      "{m},{c},NAME {c},{s},completed,{k},0,0,0,0,0,0,0,0,0,0,0,0,{k},{g}\n"
      "{m},{c},NAME {c},{s},referrals,{r},,,,,,,,,,,,,{r},{g}\n",
      fmt::arg("m", month), fmt::arg("c", code), fmt::arg("s", specialty), fmt::arg("t", third),
      fmt::arg("l", list), fmt::arg("k", completed), fmt::arg("r", referrals), fmt::arg("g", merged));
}

const char* kMonths[] = {"2024-05", "2024-06", "2024-07", "2024-08", "2024-09",
                         "2024-10", "2024-11", "2024-12", "2025-01"};

// AAA: nine steady months (list 210, 70 in and out a month). BBB: not reported before 2024-08, then
// steady. CCC: listed only in the last two months. A merged row (two codes) steady in every month.
data::ProviderMonths steady_file() {
  std::string text = kHeader;
  for (int i = 0; i < 9; ++i) {
    text += month_rows(kMonths[i], "AAA", "", "Total", 210, 70, 70);
    text += month_rows(kMonths[i], "BBB", "", "Total", i < 3 ? 0 : 105, i < 3 ? 0 : 35, i < 3 ? 0 : 35);
    text += month_rows(kMonths[i], "CCC", "", "Total", i < 7 ? 0 : 21, i < 7 ? 0 : 7, i < 7 ? 0 : 7);
    text += month_rows(kMonths[i], "", "DDD;EEE", "Total", 42, 14, 14);
  }
  return data::ProviderMonths::parse(text, "pm.csv");
}

TEST(ProviderHistory, OneSeriesPerProviderWithTheFilesFigures) {
  const auto file = steady_file();
  const auto series = provider_group_series(file, nullptr, {ProviderBreakdown::provider});
  ASSERT_EQ(series.size(), 4u);
  EXPECT_EQ(*series[0].provider, "AAA");
  EXPECT_EQ(series[0].label(), "AAA / Total");
  ASSERT_EQ(series[0].months.size(), 9u);
  EXPECT_EQ(series[0].months[4].month, YearMonth(2024, 9));
  EXPECT_NEAR(series[0].months[4].list.total(), 210, 1e-9);
  EXPECT_EQ(series[0].months[4].list.top_band(), kCurrentTopBand);
  EXPECT_NEAR(series[0].months[4].completed, 70, 1e-9);
  EXPECT_NEAR(series[0].months[4].referrals, 70, 1e-9);
  EXPECT_TRUE(series[0].flags().empty());
  // The merged row is a group of its own, flagged, never a trust.
  EXPECT_EQ(*series[3].provider, "merged:DDD+EEE");
  EXPECT_THAT(series[3].flags(), ElementsAre(kFlagMerged));
  EXPECT_THAT(series[1].flags(), ElementsAre(kFlagUnreported));
}

TEST(ProviderHistory, EnglandIsTheSumOfTheFile) {
  const auto file = steady_file();
  const auto england = provider_group_series(file, nullptr, {});
  ASSERT_EQ(england.size(), 1u);
  EXPECT_FALSE(england[0].provider);
  EXPECT_EQ(england[0].label(), "England / Total");
  EXPECT_NEAR(england[0].months[0].list.total(), 210 + 42, 1e-9);
  EXPECT_NEAR(england[0].months[8].list.total(), 210 + 105 + 21 + 42, 1e-9);
  EXPECT_THROW(provider_group_series(file, nullptr, {ProviderBreakdown::month}), InputError);
}

TEST(ProviderHistory, CalibratesOnTheListedMonthsEndingAtTheOrigin) {
  const auto series = provider_group_series(steady_file(), nullptr, {ProviderBreakdown::provider});
  EXPECT_EQ(series[0].first_listed(8), 0u);
  EXPECT_EQ(series[1].first_listed(8), 3u);  // reported from 2024-08
  EXPECT_EQ(series[1].first_listed(2), 3u);  // nothing listed up to 2024-07
  const auto aaa = calibrate_group(series[0], 8, 12);
  ASSERT_TRUE(aaa);
  EXPECT_EQ(aaa->calibration.window_months, 8);
  EXPECT_EQ(aaa->calibration.month, YearMonth(2025, 1));
  EXPECT_NEAR(aaa->calibration.referrals_per_month, 70, 1e-9);
  EXPECT_NEAR(aaa->calibration.capacity_per_month, 70, 1e-9);
  EXPECT_EQ(aaa->added_inflow_per_month, 0);
  EXPECT_EQ(calibrate_group(series[0], 8, 4)->calibration.window_months, 4);  // the scenario's window caps it
  EXPECT_EQ(calibrate_group(series[1], 8, 12)->calibration.window_months, 5);
  EXPECT_FALSE(calibrate_group(series[2], 8, 12));  // two listed months: short history
  EXPECT_FALSE(calibrate_group(series[1], 4, 12));  // 2024-08 and 2024-09 only
}

// An independent-sector provider completing more than it starts while its list holds (transfers in): the
// difference is inflow, not negative other removals, and its projection holds the list.
TEST(ProviderHistory, InflowBeyondNewPeriodsIsAddedToThem) {
  std::string text = kHeader;
  for (int i = 0; i < 9; ++i) text += month_rows(kMonths[i], "AAA", "", "Total", 210, 98, 70);
  const auto file = data::ProviderMonths::parse(text, "pm.csv");
  const auto series = provider_group_series(file, nullptr, {ProviderBreakdown::provider});
  const auto cal = calibrate_group(series[0], 8, 12);
  ASSERT_TRUE(cal);
  EXPECT_NEAR(cal->added_inflow_per_month, 28, 1e-9);
  EXPECT_NEAR(cal->calibration.referrals_per_month, 98, 1e-9);
  EXPECT_NEAR(cal->calibration.other_removals_per_month, 0, 1e-9);
  const ProviderBacktestResult r = provider_backtest(series, file.months());
  for (const GroupBacktestRow& row : r.rows) EXPECT_LT(*row.model_list_wmape, 0.05);
}

TEST(ProviderBacktest, PersistenceIsExactOnASteadyListAndBothAreScoredOnTheSamePairs) {
  const auto file = steady_file();
  const auto series = provider_group_series(file, nullptr, {ProviderBreakdown::provider});
  const ProviderBacktestResult r = provider_backtest(series, file.months());
  EXPECT_THAT(r.origins, ElementsAre(YearMonth(2024, 10), YearMonth(2024, 11), YearMonth(2024, 12)));
  EXPECT_EQ(r.short_history, 1u);  // CCC
  // AAA, BBB and the merged group: 3 + 2 + 1 pairs at the three origins.
  EXPECT_EQ(r.points.size(), 18u);
  for (const GroupBacktestRow& row : r.rows) {
    if (row.level != "all") continue;
    EXPECT_EQ(row.n, 3 * (4 - row.horizon));
    ASSERT_TRUE(row.persistence_list_wmape && row.model_list_wmape);
    EXPECT_NEAR(*row.persistence_list_wmape, 0, 1e-12);
    EXPECT_LT(*row.model_list_wmape, 0.05);  // a steady list stays near steady
  }
}

TEST(ProviderBacktest, PersistenceMissesAGrowingList) {
  std::string text = kHeader;
  for (int i = 0; i < 9; ++i) text += month_rows(kMonths[i], "AAA", "", "Total", 210 + 21 * i, 70, 91);
  const auto file = data::ProviderMonths::parse(text, "pm.csv");
  const auto series = provider_group_series(file, nullptr, {ProviderBreakdown::provider});
  const ProviderBacktestResult r = provider_backtest(series, file.months());
  for (const GroupBacktestRow& row : r.rows)
    if (row.level == "provider" && row.horizon == 3) {
      EXPECT_EQ(row.key, "AAA");
      EXPECT_NEAR(*row.persistence_list_wmape, 63.0 / (210 + 21 * 8), 1e-9);
      EXPECT_LT(*row.model_list_wmape, *row.persistence_list_wmape);
    }
}

}  // namespace
}  // namespace elective::flow
