#pragma once
// A fast RFC 4180 CSV tokenizer over an in-memory buffer. It accepts a UTF-8 byte-order mark, CRLF or LF line
// ends, quoted fields with embedded commas, quotes ("") and line breaks, and reports positions as 1-based
// physical line and column numbers so that readers can name exactly where bad input is.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace elective::data {

// The whole content of a file, read once. Throws IoError naming the file when it cannot be read.
std::string read_file(const std::string& path);

class CsvReader {
 public:
  // `text` must outlive the reader; `file` is used in error messages only.
  CsvReader(std::string_view text, std::string file);

  // Reads the next record into `fields` (views valid until the next call). Returns false at end of input.
  // Blank lines are skipped. Throws InputError on an unterminated quoted field or stray quote.
  bool next(std::vector<std::string_view>& fields);

  // Position of the record last returned: its first physical line, and each field's starting column.
  std::int64_t line() const { return record_line_; }
  std::int64_t column_of(size_t field) const {
    return field < field_columns_.size() ? field_columns_[field] : 0;
  }
  // True when the last record ended at end of input without a line break (a possibly truncated last line).
  bool last_record_unterminated() const { return unterminated_; }
  const std::string& file() const { return file_; }

  SourceLocation where(size_t field, std::string column_name = {}) const {
    return SourceLocation{file_, record_line_, column_of(field), std::move(column_name)};
  }

 private:
  std::string_view text_;
  std::string file_;
  size_t pos_ = 0;
  std::int64_t line_ = 1;  // physical line at pos_
  std::int64_t record_line_ = 0;
  bool unterminated_ = false;
  std::vector<std::int64_t> field_columns_;
  std::deque<std::string> unescaped_;  // quoted fields with "" escapes (a deque keeps views valid)
};

// Strict numeric conversions used by readers. Leading/trailing spaces are allowed; nothing else.
std::optional<std::int64_t> parse_int64(std::string_view text);
std::optional<double> parse_double(std::string_view text);
std::string_view trim(std::string_view text);
// ASCII lower-case copy, for case-insensitive header and code matching.
std::string to_lower(std::string_view text);

}  // namespace elective::data
