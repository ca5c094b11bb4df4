// Property tests of the generic band layout (core/band_layout.hpp) on random layouts and counts (seeded
// pcg32): within + over is the whole list at every band edge, percentiles are monotone in the quantile and
// stay within the layout, and the weekly RTT statistics are the generic ones on a uniform weekly layout.
#include <gtest/gtest.h>

#include <pcg_random.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "core/band_layout.hpp"
#include "stats/wait_summary.hpp"

namespace elective {
namespace {

BandLayout random_layout(pcg32& rng) {
  std::uniform_int_distribution<int> kind(0, 2);
  std::uniform_int_distribution<int> bands(0, 120);
  switch (kind(rng)) {
    case 0:
      return BandLayout::uniform(WaitUnit::weeks, bands(rng));
    case 1:
      return BandLayout::uniform(WaitUnit::days, bands(rng), std::uniform_int_distribution<int>(1, 31)(rng));
    default: {
      std::vector<int> edges{0};
      std::uniform_int_distribution<int> step(1, 40);
      for (int k = bands(rng); k > 0; --k) edges.push_back(edges.back() + step(rng));
      return BandLayout::from_edges(WaitUnit::days, edges);
    }
  }
}

std::vector<double> random_counts(pcg32& rng, const BandLayout& layout, bool fractional) {
  std::vector<double> counts(static_cast<size_t>(layout.band_count()));
  std::uniform_int_distribution<int> zero(0, 3);
  std::uniform_int_distribution<int> whole(0, 100000);
  for (double& c : counts) {
    c = zero(rng) == 0 ? 0 : whole(rng);
    if (fractional) c += 0.5 * zero(rng);
  }
  return counts;
}

TEST(BandLayoutProperty, WithinPlusOverIsTheTotalAtEveryEdge) {
  pcg32 rng(20261202);
  for (int trial = 0; trial < 300; ++trial) {
    const BandLayout layout = random_layout(rng);
    const bool fractional = trial % 2 == 1;
    const auto counts = random_counts(rng, layout, fractional);
    double total = 0;
    for (double c : counts) total += c;
    for (int k = 0; k <= layout.top_band(); ++k) {
      const int edge = layout.lower(k);
      const auto within = count_within(layout, counts, edge);
      const auto over = count_over(layout, counts, edge);
      ASSERT_TRUE(within && over) << "trial " << trial << " edge " << edge;
      // Whole and half counts are exact in a double, so the sums are exact.
      EXPECT_EQ(*within + *over, total) << "trial " << trial << " edge " << edge;
      if (edge + 1 < layout.top_lower() && !layout.band_starting_at(edge + 1)) {
        EXPECT_FALSE(count_within(layout, counts, edge + 1));
        EXPECT_FALSE(count_over(layout, counts, edge + 1));
      }
    }
  }
}

TEST(BandLayoutProperty, PercentilesAreMonotoneAndInsideTheLayout) {
  pcg32 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    const BandLayout layout = random_layout(rng);
    const auto counts = random_counts(rng, layout, trial % 3 == 0);
    double previous = -1;
    bool was_censored = false;
    for (int i = 0; i <= 100; ++i) {
      const auto q = band_quantile(layout, counts, i / 100.0);
      if (!q.value) {
        for (double c : counts) ASSERT_EQ(c, 0);
        break;
      }
      EXPECT_GE(*q.value, previous) << "trial " << trial << " p " << i;
      EXPECT_GE(*q.value, 0);
      EXPECT_LE(*q.value, layout.top_lower());
      if (was_censored) {
        EXPECT_TRUE(q.censored);  // once in the open band, every higher quantile is too
      }
      if (q.censored) {
        EXPECT_EQ(*q.value, layout.top_lower());
      }
      previous = *q.value;
      was_censored = q.censored;
    }
  }
}

TEST(BandLayoutProperty, WeeklyRttStatisticsAreTheGenericOnes) {
  pcg32 rng(104);
  for (int trial = 0; trial < 100; ++trial) {
    const int top = trial % 2 ? kCurrentTopBand : kLegacyTopBand;
    WaitHistogram h(top);
    const auto layout = BandLayout::uniform(WaitUnit::weeks, top);
    h.counts = random_counts(rng, layout, false);
    for (double p : {0.1, 0.5, 0.92, 0.99}) {
      const auto a = stats::band_percentile(h, p);
      const auto b = band_quantile(layout, h.counts, p);
      EXPECT_EQ(a.weeks, b.value);
      EXPECT_EQ(a.censored, b.censored);
    }
    EXPECT_EQ(stats::count_within_weeks(h, 18), count_within(layout, h.counts, 18));
    EXPECT_EQ(stats::count_over_weeks(h, 52), count_over(layout, h.counts, 52));
  }
}

}  // namespace
}  // namespace elective
