#pragma once
// Reader for the flattened NHS England "RTT Overview Timeseries" (data/rtt_national_timeseries.csv): one row
// per month, columns found by name (see data/README.md for every column). Empty cells are missing values.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"

namespace elective::data {

class NationalSeries {
 public:
  // Months in ascending order, one per row.
  const std::vector<YearMonth>& months() const { return months_; }
  size_t size() const { return months_.size(); }
  bool has_column(const std::string& name) const { return columns_.count(name) != 0; }
  // Value of `column` in row `row`; nullopt when the cell is empty. Throws InputError for an unknown column.
  std::optional<double> value(const std::string& column, size_t row) const;
  // Row index of a month, or nullopt.
  std::optional<size_t> row_of(YearMonth month) const;
  // The last month whose `column` has a value.
  std::optional<size_t> latest_row_with(const std::string& column) const;
  const std::string& source() const { return source_; }

  static NationalSeries parse(std::string_view text, const std::string& file);
  static NationalSeries load(const std::string& path);

 private:
  std::string source_;
  std::vector<YearMonth> months_;
  std::map<std::string, std::vector<std::optional<double>>> columns_;
};

// True when a CSV header line looks like the national series (a `month` column and `incomplete_total`).
bool looks_like_national_series(std::string_view first_line);

}  // namespace elective::data
