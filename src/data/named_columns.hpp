#pragma once
// Reading a CSV whose columns are found by name (the flattened NHS England provider files of data/README.md):
// the header is matched to the columns a reader requires, and each field is converted with its
// file:line:column in the error. Shared by the DM01 and cancer waiting times readers.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "data/csv.hpp"

namespace elective::data {

class NamedColumns {
 public:
  // Reads the header from `reader` and finds every required column (in any order; extra columns are
  // ignored). Throws InputError for an empty file, a repeated or missing column; `what` names the file kind
  // in messages ("the DM01 diagnostics file").
  NamedColumns(CsvReader& reader, const std::vector<std::string_view>& required, std::string_view what);

  // Field index of a required column.
  size_t index(std::string_view name) const;
  size_t header_size() const { return header_.size(); }

  // Reads the next record; false at end of input. Throws InputError when its field count differs.
  bool next(std::vector<std::string_view>& fields);

  // The trimmed text of a column in the current record.
  std::string_view text(const std::vector<std::string_view>& fields, std::string_view name) const;
  // A finite number from `low` to `high` (a count, a fraction); empty is an error unless optional_number.
  double number(const std::vector<std::string_view>& fields, std::string_view name, double low, double high,
                std::string_view expected) const;
  std::optional<double> optional_number(const std::vector<std::string_view>& fields, std::string_view name,
                                        double low, double high, std::string_view expected) const;
  // A month YYYY-MM in the plausible years.
  YearMonth month(const std::vector<std::string_view>& fields, std::string_view name) const;
  // A non-empty text field.
  std::string_view required_text(const std::vector<std::string_view>& fields, std::string_view name) const;

  SourceLocation where(std::string_view name) const;
  CsvReader& reader() const { return reader_; }

 private:
  CsvReader& reader_;
  std::vector<std::string> header_;
  std::vector<std::pair<std::string, size_t>> required_;
};

}  // namespace elective::data
