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
#include "data/input_file.hpp"  // read_file, read_input_file (the byte layer every reader uses)
#include "data/input_limits.hpp"

namespace elective::data {

// Throws InputError naming file:line:column at the first byte that is not UTF-8 text: invalid or overlong
// UTF-8 sequences (e.g. a Latin-1 or Windows-1252 file), surrogates, and control characters other than tab,
// CR and LF (a NUL means binary content). A UTF-8 byte-order mark at the start is allowed.
void validate_text(std::string_view text, const std::string& file);

struct CsvLimits {
  std::size_t max_field_bytes = kMaxCsvFieldBytes;
  std::size_t max_record_bytes = kMaxCsvRecordBytes;
  std::size_t max_fields = kMaxCsvFields;
};

class CsvReader {
 public:
  // `text` must outlive the reader; `file` is used in error messages only. The text is checked with
  // validate_text first, so every field a reader sees is valid UTF-8 without control characters.
  CsvReader(std::string_view text, std::string file);
  CsvReader(std::string_view text, std::string file, const CsvLimits& limits);

  // Reads the next record into `fields` (views valid until the next call). Returns false at end of input.
  // Blank lines are skipped. Throws InputError on an unterminated quoted field or stray quote, and on a
  // field, record or field count over the limits.
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

  // For a reader that scans its common records itself (the RTT extract's rows, a national month at disk
  // speed): the text and the offset of the next unread byte, then skip_line() to consume one physical line it
  // has read whole. `end` is the offset just past the line break, or text().size() when the record ends the
  // input; `terminated` says whether it ended with a line break (CR LF, LF, or a CR at the end of input).
  // line() and last_record_unterminated() then describe that record as if next() had read it. Anything the
  // reader's own scan does not accept is read with next(), which reports any error exactly.
  std::string_view text() const { return text_; }
  size_t position() const { return pos_; }
  void skip_line(size_t end, bool terminated) {
    record_line_ = line_;
    pos_ = end;
    unterminated_ = !terminated;
    if (terminated) ++line_;
    field_columns_.clear();
  }

 private:
  bool next_plain_line(std::vector<std::string_view>& fields);

  std::string_view text_;
  std::string file_;
  CsvLimits limits_;
  size_t pos_ = 0;
  std::int64_t line_ = 1;  // physical line at pos_
  std::int64_t record_line_ = 0;
  bool unterminated_ = false;
  std::vector<std::int64_t> field_columns_;
  std::deque<std::string> unescaped_;  // quoted fields with "" escapes (a deque keeps views valid)
};

// Strict numeric conversions used by readers. Leading/trailing spaces are allowed; nothing else. parse_double
// accepts finite numbers only ("inf", "nan" and out-of-range values such as 1e400 give nullopt).
std::optional<std::int64_t> parse_int64(std::string_view text);
std::optional<double> parse_double(std::string_view text);
std::string_view trim(std::string_view text);
// ASCII lower-case copy, for case-insensitive header and code matching.
std::string to_lower(std::string_view text);

}  // namespace elective::data
