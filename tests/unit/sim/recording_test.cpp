// The month-end list's counts by clock-start week: a clock start's slot is floor(c / 7) from the oldest week,
// computed without a branch on the sign of c (start-list pathways, before the start, and new ones, after it).
#include "sim/recording.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace elective::sim::detail {
namespace {

TEST(ListByWeek, SlotIsTheFlooredWeekFromTheOldestAndTheOldestSlotHoldsEverythingBefore) {
  ListByWeek lw;
  lw.weeks = 10;
  lw.live.assign(10 + 106, 0);
  auto want = [](std::int32_t c) {
    const auto week = static_cast<std::int64_t>(std::floor(c / 7.0));
    return static_cast<size_t>(std::max<std::int64_t>(week, ListByWeek::kOldest) - ListByWeek::kOldest);
  };
  for (std::int32_t c = -3000; c <= 3000; ++c) ASSERT_EQ(lw.slot(c), want(c)) << "day " << c;
  for (std::int32_t c : {-1000000000, -7 * 106, -7 * 105 - 1, -7 * 105, 7 * 1000000, 1000000000})
    EXPECT_EQ(lw.slot(c), want(c)) << "day " << c;
  EXPECT_EQ(lw.slot(-1), 104u);  // the week before the start
  EXPECT_EQ(lw.slot(0), 105u);
  EXPECT_EQ(lw.slot(6), 105u);
  EXPECT_EQ(lw.slot(-7 * 105), 0u);
  EXPECT_EQ(lw.slot(-7 * 105 - 1), 0u);  // older: the shared oldest slot
}

}  // namespace
}  // namespace elective::sim::detail
