#include "stats/wait_summary.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace elective::stats
