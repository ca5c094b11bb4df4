#include "core/calendar.hpp"

#include <gtest/gtest.h>

#include "core/wait_bands.hpp"

namespace elective {
namespace {

TEST(YearMonth, ParsesAndFormats) {
  const auto m = YearMonth::parse("2024-07");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->year(), 2024);
  EXPECT_EQ(m->month(), 7);
  EXPECT_EQ(m->to_string(), "2024-07");
  EXPECT_EQ((*m + 6).to_string(), "2025-01");
  EXPECT_EQ((*m - 7).to_string(), "2023-12");
  EXPECT_EQ(*YearMonth::parse("2029-03") - *m, 56);
}

TEST(YearMonth, RejectsMalformed) {
  EXPECT_FALSE(YearMonth::parse("2024-13"));
  EXPECT_FALSE(YearMonth::parse("2024-7"));
  EXPECT_FALSE(YearMonth::parse("July 2024"));
  EXPECT_FALSE(YearMonth::parse(""));
}

TEST(YearMonth, DaysInMonth) {
  EXPECT_EQ(YearMonth(2024, 2).days_in_month(), 29);
  EXPECT_EQ(YearMonth(2023, 2).days_in_month(), 28);
  EXPECT_EQ(YearMonth(2024, 11).days_in_month(), 30);
  EXPECT_EQ(format_iso_date(YearMonth(2024, 11).last_day()), "2024-11-30");
}

TEST(Dates, ParseIso) {
  EXPECT_TRUE(parse_iso_date("2024-02-29"));
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_FALSE(parse_iso_date("2023/02/01"));
  EXPECT_EQ(month_of(*parse_iso_date("2024-02-29")), YearMonth(2024, 2));
}

TEST(Months, Names) {
  EXPECT_EQ(month_from_name("November"), 11);
  EXPECT_EQ(month_from_name("nov"), 11);
  EXPECT_EQ(month_from_name("Novembre"), 0);
  EXPECT_EQ(month_name(3), "March");
}

TEST(WaitBands, BandOfWaitDaysFollowsNhsDefinition) {
  EXPECT_EQ(band_of_wait_days(0), 0);
  EXPECT_EQ(band_of_wait_days(7), 0);
  EXPECT_EQ(band_of_wait_days(8), 1);
  EXPECT_EQ(band_of_wait_days(120), 17);
  EXPECT_EQ(band_of_wait_days(126), 17);  // exactly 18 weeks is within 18 weeks
  EXPECT_EQ(band_of_wait_days(127), 18);
  EXPECT_EQ(band_of_wait_days(358), 51);
  EXPECT_EQ(band_of_wait_days(364), 51);
  EXPECT_EQ(band_of_wait_days(365), 52);
  EXPECT_EQ(band_of_wait_days(728), 103);
  EXPECT_EQ(band_of_wait_days(729), 104);
  EXPECT_EQ(band_of_wait_days(5000), 104);
  EXPECT_EQ(band_of_wait_days(5000, 52), 52);
}

TEST(WaitBands, AddingFoldsToTheSmallerTopBand) {
  WaitHistogram a(104);
  a.counts[0] = 1;
  a.counts[60] = 2;
  a.counts[104] = 3;
  WaitHistogram b(52);
  b.counts[52] = 4;
  a += b;
  ASSERT_EQ(a.top_band(), 52);
  EXPECT_DOUBLE_EQ(a.counts[52], 9);
  EXPECT_DOUBLE_EQ(a.total(), 10);
}

}  // namespace
}  // namespace elective
