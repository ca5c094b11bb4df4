#include "data/named_columns.hpp"

#include <fmt/format.h>

#include <set>
#include <stdexcept>

#include "core/calendar.hpp"

namespace elective::data {

NamedColumns::NamedColumns(CsvReader& reader, const std::vector<std::string_view>& required,
                           std::string_view what)
    : reader_(reader) {
  std::vector<std::string_view> fields;
  if (!reader_.next(fields))
    throw InputError(SourceLocation{reader_.file(), 1, 1, {}},
                     fmt::format("empty file (expected the header of {})", what));
  std::set<std::string> seen;
  for (size_t i = 0; i < fields.size(); ++i) {
    header_.emplace_back(trim(fields[i]));
    if (!header_.back().empty() && !seen.insert(header_.back()).second)
      throw InputError(reader_.where(i, header_.back()),
                       "repeated column name in the header (expected each column once)");
  }
  for (std::string_view name : required) {
    size_t i = 0;
    while (i < header_.size() && header_[i] != name) ++i;
    if (i == header_.size())
      throw InputError(reader_.where(0),
                       fmt::format("missing column '{}' (expected the header of {})", name, what));
    required_.emplace_back(std::string(name), i);
  }
}

size_t NamedColumns::index(std::string_view name) const {
  for (const auto& [n, i] : required_)
    if (n == name) return i;
  throw std::logic_error(fmt::format("column '{}' was not declared as required", name));
}

bool NamedColumns::next(std::vector<std::string_view>& fields) {
  if (!reader_.next(fields)) return false;
  if (fields.size() != header_.size()) {
    throw InputError(
        reader_.where(fields.size() < header_.size() ? fields.size() - 1 : header_.size()),
        fmt::format("expected {} fields, found {}{}", header_.size(), fields.size(),
                    reader_.last_record_unterminated() ? " (the last line looks truncated)" : ""));
  }
  return true;
}

SourceLocation NamedColumns::where(std::string_view name) const {
  return reader_.where(index(name), std::string(name));
}

std::string_view NamedColumns::text(const std::vector<std::string_view>& fields,
                                    std::string_view name) const {
  return trim(fields[index(name)]);
}

std::string_view NamedColumns::required_text(const std::vector<std::string_view>& fields,
                                             std::string_view name) const {
  const auto t = text(fields, name);
  if (t.empty()) throw InputError(where(name), "empty field (expected a value)");
  return t;
}

std::optional<double> NamedColumns::optional_number(const std::vector<std::string_view>& fields,
                                                    std::string_view name, double low, double high,
                                                    std::string_view expected) const {
  const auto t = text(fields, name);
  if (t.empty()) return std::nullopt;
  const auto v = parse_double(t);
  if (!v || *v < low || *v > high)
    throw InputError(where(name), fmt::format("expected {}, got '{}'", expected, t));
  return v;
}

double NamedColumns::number(const std::vector<std::string_view>& fields, std::string_view name, double low,
                            double high, std::string_view expected) const {
  const auto v = optional_number(fields, name, low, high, expected);
  if (!v) throw InputError(where(name), fmt::format("empty field (expected {})", expected));
  return *v;
}

YearMonth NamedColumns::month(const std::vector<std::string_view>& fields, std::string_view name) const {
  const auto t = text(fields, name);
  const auto m = YearMonth::parse(t);
  if (!m) throw InputError(where(name), fmt::format("expected a month as YYYY-MM, got '{}'", t));
  if (m->year() < kEarliestPlausibleYear || m->year() > kLatestPlausibleYear)
    throw InputError(where(name), fmt::format("month {} is outside the plausible range {}-01 to {}-12",
                                              m->to_string(), kEarliestPlausibleYear, kLatestPlausibleYear));
  return *m;
}

}  // namespace elective::data
