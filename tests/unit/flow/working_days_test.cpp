// English bank holidays and working days (flow/working_days.hpp), checked against the published lists.
#include "flow/working_days.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace elective::flow {
namespace {

bool holiday(int y, unsigned m, unsigned d) {
  const auto h = english_bank_holidays(y);
  return std::find(h.begin(), h.end(), Date{std::chrono::year{y} / m / d}) != h.end();
}

TEST(WorkingDays, RuleBasedHolidays) {
  // 2024: New Year, Good Friday 29 March, Easter Monday 1 April, 6 May, 27 May, 26 August, 25-26 December.
  const auto h = english_bank_holidays(2024);
  EXPECT_EQ(h.size(), 8u);
  for (auto [m, d] :
       {std::pair{1u, 1u}, {3u, 29u}, {4u, 1u}, {5u, 6u}, {5u, 27u}, {8u, 26u}, {12u, 25u}, {12u, 26u}})
    EXPECT_TRUE(holiday(2024, m, d)) << m << "-" << d;
}

TEST(WorkingDays, SubstituteDays) {
  // Christmas 2021 fell on a Saturday: Monday 27 and Tuesday 28 December; New Year 2022 (Saturday): 3
  // January.
  EXPECT_TRUE(holiday(2021, 12, 27));
  EXPECT_TRUE(holiday(2021, 12, 28));
  EXPECT_FALSE(holiday(2021, 12, 25));
  EXPECT_TRUE(holiday(2022, 1, 3));
  // Christmas 2022 fell on a Sunday: Boxing Day Monday 26, substitute Tuesday 27.
  EXPECT_TRUE(holiday(2022, 12, 26));
  EXPECT_TRUE(holiday(2022, 12, 27));
}

TEST(WorkingDays, ProclaimedChanges) {
  EXPECT_TRUE(holiday(2020, 5, 8));  // VE Day, instead of Monday 4 May
  EXPECT_FALSE(holiday(2020, 5, 4));
  EXPECT_TRUE(holiday(2022, 6, 2));  // platinum jubilee, instead of Monday 30 May
  EXPECT_TRUE(holiday(2022, 6, 3));
  EXPECT_FALSE(holiday(2022, 5, 30));
  EXPECT_TRUE(holiday(2022, 9, 19));  // state funeral
  EXPECT_TRUE(holiday(2023, 5, 8));   // coronation
  EXPECT_TRUE(holiday(2012, 6, 5));   // diamond jubilee
  EXPECT_EQ(english_bank_holidays(2022).size(), 10u);
}

TEST(WorkingDays, CountsWeekdaysLessHolidays) {
  EXPECT_EQ(working_days(YearMonth(2024, 7)), 23);   // 23 weekdays, no holiday
  EXPECT_EQ(working_days(YearMonth(2024, 12)), 20);  // 22 weekdays less 25 and 26 December
  EXPECT_EQ(working_days(YearMonth(2022, 6)), 20);   // 22 weekdays less the jubilee holidays
  EXPECT_EQ(working_days(YearMonth(2024, 2)), 21);   // leap February
}

}  // namespace
}  // namespace elective::flow
