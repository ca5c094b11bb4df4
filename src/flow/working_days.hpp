#pragma once
// Working days of a calendar month in England: weekdays that are not English (England and Wales) bank
// holidays. Referrals and clock stops happen mostly on working days, so the driver forecast
// (flow/drivers.hpp) scales them by a month's working days rather than its length.
//
// Bank holidays are computed from their rules (New Year's Day, Good Friday, Easter Monday, the early May,
// spring and summer bank holidays, Christmas and Boxing Day, with substitute days when they fall at a
// weekend). Only the one-off changes proclaimed by royal proclamation are listed (moved May holidays in 1995,
// 2002, 2012, 2020 and 2022; the millennium, royal wedding, jubilee, state funeral and coronation holidays).
#include <vector>

#include "core/calendar.hpp"

namespace elective::flow {

// The English bank holidays of a year, in date order.
std::vector<Date> english_bank_holidays(int year);

// Weekdays (Monday to Friday) of the month that are not bank holidays.
int working_days(YearMonth month);

}  // namespace elective::flow
