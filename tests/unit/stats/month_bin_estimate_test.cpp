#include "stats/month_bin_estimate.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "stats/wait_summary.hpp"

namespace elective::stats {
namespace {

const YearMonth kNov(2024, 11);

double sum(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

TEST(MonthBinEstimate, KeepsEveryPathway) {
  const std::array<double, kMonthBinCount> bins{70, 63, 56, 49, 42, 35, 28, 21, 14, 7, 7, 7, 140};
  for (const auto method : {MonthBinMethod::calendar_days, MonthBinMethod::mean_month}) {
    const WaitHistogram w = weekly_from_month_bins(bins, kNov, method);
    EXPECT_EQ(w.top_band(), kMonthBinTopBand);
    EXPECT_NEAR(sum(w.counts), 539, 1e-9);
    // m12_plus is all over 52 weeks; a sliver of m11 (waits of 364 days and more) joins it.
    EXPECT_GE(w.counts.back(), 140);
    EXPECT_LT(w.counts.back(), 141);
  }
}

TEST(MonthBinEstimate, InvertsNhsrttSharingWhenStartsAreEvenOverTheDays) {
  // Clock starts spread evenly over the days of m00..m10 (bins proportional to the months' lengths): the
  // estimated weekly bands are exact, and sharing them forward gives the bins back.
  std::array<double, kMonthBinCount> bins{};
  for (int j = 0; j <= 10; ++j) bins[static_cast<std::size_t>(j)] = 3.0 * (kNov - j).days_in_month();
  const WaitHistogram w = weekly_from_month_bins(bins, kNov);
  for (int k = 0; k < 40; ++k) EXPECT_NEAR(w.counts[static_cast<std::size_t>(k)], 21, 1e-9) << k;
  // (m10, the last month with starts, shares its last part-week with the empty m11 going forward.)
  const auto back = month_bins_from_weekly(w, kNov);
  for (int j = 0; j <= 9; ++j)
    EXPECT_NEAR(back[static_cast<std::size_t>(j)], bins[static_cast<std::size_t>(j)], 1e-9) << j;
}

TEST(MonthBinEstimate, CalendarMonthLengthsPlaceTheEdges) {
  // November has 30 days: all of m00 lies in waits 0..29 days, bands 0..4 (band 4 holds days 28 and 29).
  std::array<double, kMonthBinCount> bins{};
  bins[0] = 30;
  const WaitHistogram w = weekly_from_month_bins(bins, kNov);
  EXPECT_NEAR(w.counts[0], 7, 1e-12);
  EXPECT_NEAR(w.counts[3], 7, 1e-12);
  EXPECT_NEAR(w.counts[4], 2, 1e-12);
  EXPECT_NEAR(w.counts[5], 0, 1e-12);
  const WaitSummary s = summarise_waits(w);
  EXPECT_NEAR(*s.pct_within_18_weeks, 1.0, 1e-12);
  EXPECT_NEAR(*s.over_52_weeks, 0, 1e-12);
  // The median of a uniform month is its middle: 15 days.
  EXPECT_NEAR(*s.median_weeks.weeks, 15.0 / 7, 1e-9);
}

TEST(MonthBinEstimate, PercentilesPastTheBinsAreCensored) {
  std::array<double, kMonthBinCount> bins{};
  bins[0] = 1;
  bins[12] = 99;
  const WaitSummary s = summarise_waits(weekly_from_month_bins(bins, kNov));
  EXPECT_TRUE(s.p92_weeks.censored);
  EXPECT_DOUBLE_EQ(*s.p92_weeks.weeks, 52);
  EXPECT_FALSE(s.over_65_weeks.has_value());
}

TEST(MonthBinEstimate, ForwardSharingMatchesTheReadmeDefinition) {
  // Band k is the seven days ending k weeks before the month's last day: band 4 of November (waits 28..34
  // days) has 2 days in November and 5 in October.
  WaitHistogram w(104);
  w.counts[4] = 7;
  const auto bins = month_bins_from_weekly(w, kNov);
  EXPECT_NEAR(bins[0], 2, 1e-12);
  EXPECT_NEAR(bins[1], 5, 1e-12);
  WaitHistogram top(104);
  top.counts[104] = 10;
  EXPECT_NEAR(month_bins_from_weekly(top, kNov)[12], 10, 1e-12);
}

}  // namespace
}  // namespace elective::stats
