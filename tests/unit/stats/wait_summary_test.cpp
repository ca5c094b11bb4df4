#include "stats/wait_summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <pcg_random.hpp>
#include <random>

namespace elective::stats {
namespace {

// The worked example of domain.md 2.6: N = 1,000; bands 0-9 hold 60 each, 10-17 hold 40, 18-25 hold 10.
WaitHistogram worked_example() {
  WaitHistogram h(104);
  for (int k = 0; k <= 9; ++k) h.counts[static_cast<size_t>(k)] = 60;
  for (int k = 10; k <= 17; ++k) h.counts[static_cast<size_t>(k)] = 40;
  for (int k = 18; k <= 25; ++k) h.counts[static_cast<size_t>(k)] = 10;
  return h;
}

TEST(WaitSummary, WorkedExampleFromDomainNotes) {
  const WaitSummary s = summarise_waits(worked_example());
  EXPECT_DOUBLE_EQ(s.total, 1000);
  EXPECT_DOUBLE_EQ(s.within_18_weeks, 920);
  EXPECT_DOUBLE_EQ(*s.pct_within_18_weeks, 0.92);
  ASSERT_TRUE(s.median_weeks.weeks);
  EXPECT_NEAR(*s.median_weeks.weeks, 8 + 20.0 / 60, 1e-12);
  EXPECT_NEAR(*s.p92_weeks.weeks, 18.0, 1e-12);
  EXPECT_FALSE(s.p92_weeks.censored);
  EXPECT_DOUBLE_EQ(*s.over_18_weeks, 80);
  EXPECT_DOUBLE_EQ(*s.over_52_weeks, 0);
}

TEST(WaitSummary, PercentileInOpenTopBandIsCensored) {
  WaitHistogram h(52);
  h.counts[0] = 10;
  h.counts[52] = 90;
  const auto p = band_percentile(h, 0.92);
  EXPECT_TRUE(p.censored);
  EXPECT_DOUBLE_EQ(*p.weeks, 52);
  EXPECT_FALSE(count_over_weeks(h, 65));
  EXPECT_DOUBLE_EQ(*count_over_weeks(h, 52), 90);
}

TEST(WaitSummary, EmptyHistogramHasNoPercentiles) {
  const WaitSummary s = summarise_waits(WaitHistogram(104), 3);
  EXPECT_FALSE(s.median_weeks.weeks);
  EXPECT_FALSE(s.pct_within_18_weeks);
  EXPECT_DOUBLE_EQ(s.total, 3);
}

// The one-scan summary gives exactly the values of the separate statistics (total, count_within_weeks,
// count_over_weeks, band_percentile): the same sums in the same band order, to the bit, on histograms with
// empty bands, every top band the data use (104+, 52+) and short ones.
TEST(WaitSummary, OneScanEqualsTheSeparateStatisticsToTheBit) {
  pcg64 rng(15, 3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (const int top : {104, 52, 20, 17, 5, 0}) {
    for (int trial = 0; trial < 200; ++trial) {
      WaitHistogram h(top);
      const double tail = u(rng);  // some lists are mostly long waits, some mostly short
      for (size_t k = 0; k < h.counts.size(); ++k)
        h.counts[k] =
            u(rng) < 0.25 ? 0.0 : 1e4 * std::pow(u(rng), 1 + 4 * tail * static_cast<double>(k) / 105);
      const WaitSummary s = summarise_waits(h);
      EXPECT_EQ(s.known, h.total());
      EXPECT_EQ(s.within_18_weeks, count_within_weeks(h, 18));
      const std::pair<int, const std::optional<double>*> over[] = {{18, &s.over_18_weeks},
                                                                   {52, &s.over_52_weeks},
                                                                   {65, &s.over_65_weeks},
                                                                   {78, &s.over_78_weeks},
                                                                   {104, &s.over_104_weeks}};
      for (const auto& [weeks, value] : over) {
        if (weeks > top) {
          EXPECT_FALSE(value->has_value()) << weeks;
        } else {
          EXPECT_EQ(*value, count_over_weeks(h, weeks)) << weeks;
        }
      }
      const BandPercentile median = band_percentile(h, 0.5), p92 = band_percentile(h, 0.92);
      EXPECT_EQ(s.median_weeks.weeks, median.weeks);
      EXPECT_EQ(s.median_weeks.censored, median.censored);
      EXPECT_EQ(s.p92_weeks.weeks, p92.weeks);
      EXPECT_EQ(s.p92_weeks.censored, p92.censored);
    }
  }
}

}  // namespace
}  // namespace elective::stats
