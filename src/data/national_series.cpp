#include "data/national_series.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "data/csv.hpp"
#include "data/input_limits.hpp"

namespace elective::data {
namespace {

// What a column of the series holds, from its name (data/README.md section 1): proportions (`_pct_`,
// `_ratio`) are fractions 0-1, waits (`_wait_weeks`) are weeks, everything else is a count of pathways.
struct Plausible {
  double low;
  double high;
  std::string_view expected;
};

Plausible plausible_range(std::string_view column) {
  if (column.find("_pct_") != std::string_view::npos || column.rfind("pct_", 0) == 0 ||
      (column.size() >= 6 && column.substr(column.size() - 6) == "_ratio")) {
    return {0.0, 1.0, "a fraction from 0 to 1 (the series holds proportions, not percentages)"};
  }
  if (column.find("wait_weeks") != std::string_view::npos) {
    return {0.0, kMaxPlausibleWaitWeeks, "a wait in weeks from 0 to 1040"};
  }
  return {0.0, kMaxPlausibleCount, "a count from 0 to 1,000,000,000"};
}

}  // namespace

std::optional<double> NationalSeries::value(const std::string& column, size_t row) const {
  auto it = columns_.find(column);
  if (it == columns_.end()) {
    throw InputError(SourceLocation{source_, 1, 0, column}, "the national time series has no such column");
  }
  return row < it->second.size() ? it->second[row] : std::nullopt;
}

std::optional<size_t> NationalSeries::row_of(YearMonth month) const {
  for (size_t i = 0; i < months_.size(); ++i) {
    if (months_[i] == month) return i;
  }
  return std::nullopt;
}

std::optional<size_t> NationalSeries::latest_row_with(const std::string& column) const {
  auto it = columns_.find(column);
  if (it == columns_.end()) return std::nullopt;
  for (size_t i = it->second.size(); i-- > 0;) {
    if (it->second[i]) return i;
  }
  return std::nullopt;
}

NationalSeries NationalSeries::parse(std::string_view text, const std::string& file) {
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  NationalSeries series;
  series.source_ = file;
  CsvReader reader(text, file);
  std::vector<std::string_view> fields;
  if (!reader.next(fields))
    throw InputError(SourceLocation{file, 1, 1, {}}, "empty file (expected a header row)");
  std::vector<std::string> header;
  std::set<std::string> seen;
  int month_col = -1;
  for (size_t i = 0; i < fields.size(); ++i) {
    header.emplace_back(trim(fields[i]));
    if (header.back().empty()) {
      throw InputError(reader.where(i), "empty column name in the header (expected a name for every column)");
    }
    if (!seen.insert(header.back()).second) {
      throw InputError(reader.where(i, header.back()),
                       "repeated column name in the header (expected each column once)");
    }
    if (header.back() == "month") month_col = static_cast<int>(i);
  }
  std::vector<Plausible> range;
  for (const auto& h : header) range.push_back(plausible_range(h));
  if (month_col < 0) {
    throw InputError(reader.where(0),
                     "missing column 'month' (expected the national RTT time series header)");
  }
  if (std::find(header.begin(), header.end(), "incomplete_total") == header.end()) {
    throw InputError(reader.where(0),
                     "missing column 'incomplete_total' (expected the national RTT time series header)");
  }
  for (size_t i = 0; i < header.size(); ++i) {
    if (static_cast<int>(i) != month_col) series.columns_[header[i]];
  }
  while (reader.next(fields)) {
    if (fields.size() != header.size()) {
      throw InputError(
          reader.where(fields.size() < header.size() ? fields.size() - 1 : header.size()),
          fmt::format("expected {} fields, found {}{}", header.size(), fields.size(),
                      reader.last_record_unterminated() ? " (the last line looks truncated)" : ""));
    }
    const auto month = YearMonth::parse(trim(fields[static_cast<size_t>(month_col)]));
    if (!month) {
      throw InputError(
          reader.where(static_cast<size_t>(month_col), "month"),
          fmt::format("expected a month as YYYY-MM, got '{}'", fields[static_cast<size_t>(month_col)]));
    }
    if (month->year() < kEarliestPlausibleYear || month->year() > kLatestPlausibleYear) {
      throw InputError(reader.where(static_cast<size_t>(month_col), "month"),
                       fmt::format("month {} is outside the plausible range {}-01 to {}-12",
                                   month->to_string(), kEarliestPlausibleYear, kLatestPlausibleYear));
    }
    if (!series.months_.empty() && !(series.months_.back() < *month)) {
      throw InputError(reader.where(static_cast<size_t>(month_col), "month"),
                       fmt::format("months must be in ascending order without repeats ({} follows {})",
                                   month->to_string(), series.months_.back().to_string()));
    }
    series.months_.push_back(*month);
    for (size_t i = 0; i < header.size(); ++i) {
      if (static_cast<int>(i) == month_col) continue;
      const std::string_view cell = trim(fields[i]);
      std::optional<double> v;
      if (!cell.empty()) {
        v = parse_double(cell);
        if (!v) {
          throw InputError(reader.where(i, header[i]),
                           fmt::format("expected {} or an empty cell, got '{}'", range[i].expected, cell));
        }
        if (!std::isfinite(*v) || *v < range[i].low || *v > range[i].high) {
          throw InputError(reader.where(i, header[i]),
                           fmt::format("expected {}, got '{}'", range[i].expected, cell));
        }
      }
      series.columns_[header[i]].push_back(v);
    }
  }
  if (series.months_.empty())
    throw InputError(SourceLocation{file, 2, 1, {}}, "no data rows after the header");
  return series;
}

NationalSeries NationalSeries::load(const std::string& path) {
  return parse(read_input_file(path), path);
}

bool looks_like_national_series(std::string_view first_line) {
  return first_line.find("incomplete_total") != std::string_view::npos &&
         (first_line.rfind("month,", 0) == 0 || first_line.find(",month,") != std::string_view::npos ||
          first_line.rfind("\xEF\xBB\xBFmonth,", 0) == 0);
}

}  // namespace elective::data
