#include "core/wait_bands.hpp"

#include <gtest/gtest.h>

namespace elective {
namespace {

// Issue 9 item 4: a selection with Part_1A rows but no Part_1B rows adds an empty histogram to a full one;
// folding to the empty one's top band (-1) wrote before the start of a vector (SIGSEGV in forecast/simulate).
TEST(WaitHistogram, AddingAnEmptyHistogramChangesNothing) {
  WaitHistogram h(kCurrentTopBand);
  h.counts[0] = 3;
  h.counts[104] = 2;
  h += WaitHistogram();
  ASSERT_EQ(h.top_band(), kCurrentTopBand);
  EXPECT_EQ(h.counts[0], 3);
  EXPECT_EQ(h.counts[104], 2);
  EXPECT_EQ(h.total(), 5);
}

TEST(WaitHistogram, AddingToAnEmptyHistogramCopies) {
  WaitHistogram h;
  WaitHistogram other(kLegacyTopBand);
  other.counts[52] = 7;
  h += other;
  EXPECT_EQ(h.top_band(), kLegacyTopBand);
  EXPECT_EQ(h.total(), 7);
  WaitHistogram empty;
  empty += WaitHistogram();
  EXPECT_TRUE(empty.counts.empty());
}

TEST(WaitHistogram, FoldsToTheSmallerTopBand) {
  WaitHistogram h(kCurrentTopBand);
  h.counts[60] = 4;
  WaitHistogram legacy(kLegacyTopBand);
  legacy.counts[1] = 1;
  h += legacy;
  EXPECT_EQ(h.top_band(), kLegacyTopBand);
  EXPECT_EQ(h.counts[52], 4);
  EXPECT_EQ(h.counts[1], 1);
  EXPECT_EQ(fold_to_top_band(h, -1).top_band(), kLegacyTopBand);  // no fold into nothing
}

}  // namespace
}  // namespace elective
