#include "core/calendar.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>

namespace elective {
namespace {

bool parse_int(std::string_view text, int& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

constexpr std::array<std::string_view, 12> kMonthNames = {"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

std::optional<YearMonth> YearMonth::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0;
  int month = 0;
  if (!parse_int(text.substr(0, 4), year) || !parse_int(text.substr(5, 2), month)) return std::nullopt;
  if (month < 1 || month > 12 || year < 1900 || year > 2200) return std::nullopt;
  return YearMonth(year, month);
}

int YearMonth::days_in_month() const {
  using namespace std::chrono;
  const year_month_day_last last{year_month_day_last{
      std::chrono::year{year()} / std::chrono::month{static_cast<unsigned>(month())} / std::chrono::last}};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

std::chrono::sys_days YearMonth::first_day() const {
  using namespace std::chrono;
  return sys_days{std::chrono::year{year()} / std::chrono::month{static_cast<unsigned>(month())} / 1};
}

std::chrono::sys_days YearMonth::last_day() const {
  using namespace std::chrono;
  return sys_days{std::chrono::year{year()} / std::chrono::month{static_cast<unsigned>(month())} /
                  std::chrono::last};
}

std::string YearMonth::to_string() const {
  return fmt::format("{:04d}-{:02d}", year(), month());
}

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  int m = 0;
  int d = 0;
  if (!parse_int(text.substr(0, 4), y) || !parse_int(text.substr(5, 2), m) ||
      !parse_int(text.substr(8, 2), d))
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}

std::string format_iso_date(Date date) {
  const std::chrono::year_month_day ymd{date};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

YearMonth month_of(Date date) {
  const std::chrono::year_month_day ymd{date};
  return YearMonth(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())));
}

int month_from_name(std::string_view name) {
  for (size_t i = 0; i < kMonthNames.size(); ++i) {
    if (iequals(name, kMonthNames[i]) || (name.size() == 3 && iequals(name, kMonthNames[i].substr(0, 3))))
      return static_cast<int>(i) + 1;
  }
  return 0;
}

std::string month_name(int month) {
  if (month < 1 || month > 12) return {};
  return std::string(kMonthNames[static_cast<size_t>(month - 1)]);
}

}  // namespace elective
