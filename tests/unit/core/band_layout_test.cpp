#include "core/band_layout.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace elective {
namespace {

TEST(BandLayout, UniformWeeklyEdges) {
  const auto layout = BandLayout::uniform(WaitUnit::weeks, 13);
  EXPECT_EQ(layout.band_count(), 14);
  EXPECT_EQ(layout.lower(6), 6);
  EXPECT_EQ(layout.top_lower(), 13);
  EXPECT_EQ(layout.band_starting_at(6), 6);
  EXPECT_EQ(layout.band_starting_at(14), std::nullopt);
  EXPECT_EQ(layout.band_starting_at(-1), std::nullopt);
}

TEST(BandLayout, ExplicitEdgesAndInvalidEdges) {
  const auto layout = BandLayout::from_edges(WaitUnit::days, {0, 14, 28, 62});
  EXPECT_EQ(layout.top_band(), 3);
  EXPECT_EQ(layout.band_starting_at(28), 2);
  EXPECT_EQ(layout.band_starting_at(27), std::nullopt);
  EXPECT_THROW(BandLayout::from_edges(WaitUnit::days, {1, 2}), std::invalid_argument);
  EXPECT_THROW(BandLayout::from_edges(WaitUnit::days, {0, 5, 5}), std::invalid_argument);
  EXPECT_THROW(BandLayout::from_edges(WaitUnit::days, {}), std::invalid_argument);
}

TEST(BandLayout, WithinAndOverAtAnEdgeOnly) {
  const auto layout = BandLayout::from_edges(WaitUnit::days, {0, 14, 28, 62});
  const std::vector<double> counts{10, 20, 30, 40};
  EXPECT_EQ(count_within(layout, counts, 28), 30);
  EXPECT_EQ(count_over(layout, counts, 28), 70);
  EXPECT_EQ(count_over(layout, counts, 62), 40);
  EXPECT_EQ(count_within(layout, counts, 0), 0);
  EXPECT_EQ(count_within(layout, counts, 20), std::nullopt);
  EXPECT_EQ(count_over(layout, counts, 63), std::nullopt);
}

TEST(BandLayout, QuantileInterpolatesWithinWideBands) {
  const auto layout = BandLayout::from_edges(WaitUnit::days, {0, 14, 28, 62});
  const std::vector<double> counts{10, 20, 30, 40};
  // Median: 50 of 100; 30 below 28 days, 20 of the 30 in [28, 62): 28 + 20/30 * 34.
  const auto median = band_quantile(layout, counts, 0.5);
  ASSERT_TRUE(median.value);
  EXPECT_NEAR(*median.value, 28 + 20.0 / 30 * 34, 1e-12);
  EXPECT_FALSE(median.censored);
  const auto p90 = band_quantile(layout, counts, 0.9);
  EXPECT_EQ(p90.value, 62);
  EXPECT_TRUE(p90.censored);
  EXPECT_EQ(band_quantile(layout, std::vector<double>{0, 0, 0, 0}, 0.5).value, std::nullopt);
}

TEST(BandLayout, Dm01SummaryAtSixWeeks) {
  std::vector<double> counts(14, 0);
  counts[0] = 50;
  counts[5] = 30;
  counts[6] = 15;
  counts[13] = 5;
  const auto s = summarise_list(dm01_list(), counts);
  EXPECT_EQ(s.total, 100);
  EXPECT_EQ(s.within_standard, 80);
  EXPECT_EQ(s.over_standard, 20);
  EXPECT_DOUBLE_EQ(*s.share_within_standard, 0.8);
  // Median: 50 in band 0 reach exactly 50%: 0 + 50/50 = 1 week.
  EXPECT_DOUBLE_EQ(*s.median.value, 1.0);
}

}  // namespace
}  // namespace elective
