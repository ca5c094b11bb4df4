#include "flow/working_days.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>

namespace elective::flow {

namespace {

using namespace std::chrono;

Date ymd(int y, unsigned m, unsigned d) {
  return Date{year{y} / month{m} / day{d}};
}

// Moves a fixed-date holiday that falls at a weekend to the next Monday.
Date substitute(Date d) {
  const weekday wd{d};
  if (wd == Saturday) return d + days{2};
  if (wd == Sunday) return d + days{1};
  return d;
}

// Easter Sunday (the anonymous Gregorian algorithm).
Date easter_sunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int mon = (h + l - 7 * m + 114) / 31, day_of_month = (h + l - 7 * m + 114) % 31 + 1;
  return ymd(y, static_cast<unsigned>(mon), static_cast<unsigned>(day_of_month));
}

}  // namespace

std::vector<Date> english_bank_holidays(int y) {
  std::vector<Date> out;
  out.push_back(substitute(ymd(y, 1, 1)));
  const Date easter = easter_sunday(y);
  out.push_back(easter - days{2});
  out.push_back(easter + days{1});
  // Early May: the first Monday of May, moved to VE Day (8 May) for its 50th and 75th anniversaries.
  if (y == 1995 || y == 2020) {
    out.push_back(ymd(y, 5, 8));
  } else {
    out.push_back(Date{year{y} / May / Monday[1]});
  }
  // Spring: the last Monday of May, moved for the golden (2002), diamond (2012) and platinum (2022) jubilees,
  // each with an extra holiday next to it.
  if (y == 2002) {
    out.push_back(ymd(2002, 6, 3));
    out.push_back(ymd(2002, 6, 4));
  } else if (y == 2012) {
    out.push_back(ymd(2012, 6, 4));
    out.push_back(ymd(2012, 6, 5));
  } else if (y == 2022) {
    out.push_back(ymd(2022, 6, 2));
    out.push_back(ymd(2022, 6, 3));
  } else {
    out.push_back(Date{year{y} / May / Monday[last]});
  }
  out.push_back(Date{year{y} / August / Monday[last]});
  // Christmas and Boxing Day; when either falls at a weekend the holiday moves to the next free weekday.
  const Date christmas = ymd(y, 12, 25);
  const weekday cw{christmas};
  if (cw == Saturday) {
    out.push_back(christmas + days{2});
    out.push_back(christmas + days{3});
  } else if (cw == Sunday) {
    out.push_back(christmas + days{1});
    out.push_back(christmas + days{2});
  } else if (cw == Friday) {
    out.push_back(christmas);
    out.push_back(christmas + days{3});
  } else {
    out.push_back(christmas);
    out.push_back(christmas + days{1});
  }
  // One-off holidays.
  if (y == 1999) out.push_back(ymd(1999, 12, 31));  // the millennium
  if (y == 2011) out.push_back(ymd(2011, 4, 29));   // royal wedding
  if (y == 2022) out.push_back(ymd(2022, 9, 19));   // state funeral of Queen Elizabeth II
  if (y == 2023) out.push_back(ymd(2023, 5, 8));    // coronation of King Charles III
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

int count_working_days(YearMonth m, const std::vector<Date>& holidays) {
  int n = 0;
  const Date last = m.last_day();
  for (Date d = m.first_day(); d <= last; d += days{1}) {
    const weekday wd{d};
    if (wd == Saturday || wd == Sunday) continue;
    if (std::binary_search(holidays.begin(), holidays.end(), d)) continue;
    ++n;
  }
  return n;
}

// Every month's count from 1990 to 2149, made once: the driver forecast asks for each projected month of
// each Monte Carlo sample, and counting the days (with the year's bank holidays) was a fifth of a sample.
constexpr int kTableFirstYear = 1990;
constexpr int kTableYears = 160;

const std::array<std::uint8_t, kTableYears * 12>& working_days_table() {
  static const std::array<std::uint8_t, kTableYears* 12> table = [] {
    std::array<std::uint8_t, kTableYears * 12> t{};
    for (int y = 0; y < kTableYears; ++y) {
      const std::vector<Date> holidays = english_bank_holidays(kTableFirstYear + y);
      for (int month = 1; month <= 12; ++month)
        t[static_cast<size_t>(y * 12 + month - 1)] =
            static_cast<std::uint8_t>(count_working_days(YearMonth(kTableFirstYear + y, month), holidays));
    }
    return t;
  }();
  return table;
}

}  // namespace

int working_days(YearMonth m) {
  const int index = (m.year() - kTableFirstYear) * 12 + (m.month() - 1);
  if (index >= 0 && index < kTableYears * 12) return working_days_table()[static_cast<size_t>(index)];
  return count_working_days(m, english_bank_holidays(m.year()));
}

}  // namespace elective::flow
