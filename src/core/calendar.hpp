#pragma once
// Calendar months and dates. Waits are whole days internally (design.md); months are the unit of the
// published statistics and of the aggregate forecast.
#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace elective {

// The average month of the Gregorian calendar: the one conversion between the published monthly counts and
// weekly figures (capacity per week, flows per month) everywhere in the engine.
inline constexpr double kDaysPerMonth = 365.25 / 12.0;
inline constexpr double kWeeksPerMonth = kDaysPerMonth / 7.0;

// A calendar month such as 2024-07. Ordered and subtractable (difference in months).
class YearMonth {
 public:
  constexpr YearMonth() = default;
  constexpr YearMonth(int year, int month) : index_(year * 12 + (month - 1)) {}

  static YearMonth from_index(int index) {
    YearMonth m;
    m.index_ = index;
    return m;
  }
  // Parses "YYYY-MM"; nullopt when malformed.
  static std::optional<YearMonth> parse(std::string_view text);

  constexpr int year() const { return index_ >= 0 ? index_ / 12 : -((-index_ + 11) / 12); }
  constexpr int month() const { return index_ - year() * 12 + 1; }
  constexpr int index() const { return index_; }

  YearMonth operator+(int months) const { return from_index(index_ + months); }
  YearMonth operator-(int months) const { return from_index(index_ - months); }
  int operator-(YearMonth other) const { return index_ - other.index_; }
  YearMonth& operator++() {
    ++index_;
    return *this;
  }
  constexpr auto operator<=>(const YearMonth&) const = default;

  int days_in_month() const;
  std::chrono::sys_days first_day() const;
  std::chrono::sys_days last_day() const;
  std::string to_string() const;  // "YYYY-MM"

 private:
  int index_ = 0;
};

// A calendar date held as days since 1970-01-01.
using Date = std::chrono::sys_days;

// Parses an ISO date "YYYY-MM-DD"; nullopt when malformed or not a real date.
std::optional<Date> parse_iso_date(std::string_view text);
std::string format_iso_date(Date date);
YearMonth month_of(Date date);

// English month names ("January" ... "December", case-insensitive; three-letter abbreviations accepted).
// Returns 1-12, or 0 when not a month name.
int month_from_name(std::string_view name);
std::string month_name(int month);  // "January"

}  // namespace elective
