// The disclosure rule's parts (stats/disclosure.hpp): rounding, primary and secondary suppression, shares.
#include "stats/disclosure.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace elective::stats {
namespace {

TEST(Disclosure, CountsAreRoundedToFiveAndSmallOnesWithheld) {
  EXPECT_EQ(publish_count(0), 0.0);
  for (double n : {1.0, 2.0, 3.0, 4.0, 4.9}) EXPECT_FALSE(publish_count(n)) << n;
  EXPECT_EQ(publish_count(5), 5.0);
  EXPECT_EQ(publish_count(7), 5.0);
  EXPECT_EQ(publish_count(7.5), 10.0);  // halves up (fractional medians of replications)
  EXPECT_EQ(publish_count(12), 10.0);
  EXPECT_EQ(publish_count(53), 55.0);
  EXPECT_EQ(round_to_base(-3), 0.0);
}

TEST(Disclosure, AMarginNeverWithholdsLessThanFiveOnItsOwn) {
  using V = std::vector<bool>;
  EXPECT_EQ(withheld_cells({50, 20, 10}), (V{false, false, false}));  // nothing small, nothing withheld
  // One group of 3: the next-smallest (10) is withheld with it, so total minus shown holds 13, not 3.
  EXPECT_EQ(withheld_cells({50, 3, 10, 20}), (V{false, true, true, false}));
  // 1 + 2 = 3 is still under 5: the smallest shown group joins them.
  EXPECT_EQ(withheld_cells({50, 1, 2, 20}), (V{false, true, true, true}));
  // 3 + 4 = 7: enough on their own.
  EXPECT_EQ(withheld_cells({50, 3, 4, 20}), (V{false, true, true, false}));
  // Empty groups of a margin with withheld groups are withheld too (a withheld group may hold none).
  EXPECT_EQ(withheld_cells({50, 3, 0, 20}), (V{false, true, true, true}));
  EXPECT_EQ(withheld_cells({50, 0, 20}), (V{false, false, false}));
  // A margin whose total is small: everything withheld.
  EXPECT_EQ(withheld_cells({1, 2, 0}), (V{true, true, true}));
  const auto m = publish_margin({50, 3, 10, 22});
  EXPECT_EQ(m.total, 85.0);
  EXPECT_EQ(m.cells[0], 50.0);
  EXPECT_FALSE(m.cells[1]);
  EXPECT_FALSE(m.cells[2]);
  EXPECT_EQ(m.cells[3], 20.0);
  EXPECT_FALSE(publish_margin({1, 2}).total);
}

TEST(Disclosure, ASelectionIsPublishedOnlyWhenNeitherItNorWhatItLeavesOutIsSmall) {
  EXPECT_TRUE(publishable_selection(60, {60}));  // the whole list
  EXPECT_TRUE(publishable_selection(20, {60}));
  EXPECT_TRUE(publishable_selection(0, {60}));  // nothing selected: nothing to count
  EXPECT_FALSE(publishable_selection(9, {60}));
  EXPECT_FALSE(publishable_selection(53, {60}));      // leaves 7 out
  EXPECT_FALSE(publishable_selection(30, {60, 31}));  // leaves 1 of the second wider selection
}

TEST(Disclosure, SharesComeFromPublishedCounts) {
  EXPECT_DOUBLE_EQ(*publish_share(12, 53), 10.0 / 55.0);
  EXPECT_FALSE(publish_share(3, 53));  // a small numerator
  EXPECT_FALSE(publish_share(10, 4));  // a small denominator
  EXPECT_FALSE(publish_share(0, 0));
  EXPECT_DOUBLE_EQ(*publish_share(0, 20), 0.0);
}

}  // namespace
}  // namespace elective::stats
