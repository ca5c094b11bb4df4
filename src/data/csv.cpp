#include "data/csv.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

namespace elective::data {

void validate_text(std::string_view text, const std::string& file) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ? 3 : 0;
  auto fail = [&](size_t at, const std::string& what) {
    // Line and column (in bytes, as everywhere in the readers) of the bad byte.
    std::int64_t line = 1;
    size_t line_start = 0;
    for (size_t j = 0; j < at; ++j) {
      if (p[j] == '\n') {
        ++line;
        line_start = j + 1;
      }
    }
    throw InputError(SourceLocation{file, line, static_cast<std::int64_t>(at - line_start) + 1, {}}, what);
  };
  while (i < n) {
    // Fast path: eight plain ASCII bytes at a time (no byte >= 0x80 and none below 0x20).
    if (i + 8 <= n) {
      std::uint64_t w = 0;
      std::memcpy(&w, p + i, 8);
      const std::uint64_t high = w & 0x8080808080808080ull;
      const std::uint64_t low = (w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull;
      if ((high | low) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        fail(i, fmt::format("control character \\x{:02x} (expected text; {})", c,
                            c == 0 ? "a NUL byte means binary content" : "only tab, CR and LF are allowed"));
      }
      if (c == 0x7f) fail(i, "control character \\x7f (expected text)");
      ++i;
      continue;
    }
    // Multi-byte sequence: lead byte, length and the allowed range of the second byte (RFC 3629 table).
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // no overlong forms
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;  // at most U+10FFFF
    }
    bool ok = len != 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) {
      const unsigned char b = p[i + k];
      ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
    }
    if (!ok) {
      fail(i, fmt::format("invalid UTF-8 (byte \\x{:02x}; expected UTF-8 text - a Latin-1 or Windows-1252 "
                          "file must be saved as UTF-8)",
                          c));
    }
    i += len;
  }
}

namespace {

// The bytes that end an unquoted field: the separator and either line end.
constexpr std::array<bool, 256> kEndsUnquotedField = [] {
  std::array<bool, 256> table{};
  table[static_cast<unsigned char>(',')] = true;
  table[static_cast<unsigned char>('\n')] = true;
  table[static_cast<unsigned char>('\r')] = true;
  return table;
}();

}  // namespace

CsvReader::CsvReader(std::string_view text, std::string file)
    : CsvReader(text, std::move(file), CsvLimits{}) {}

CsvReader::CsvReader(std::string_view text, std::string file, const CsvLimits& limits)
    : text_(text), file_(std::move(file)), limits_(limits) {
  validate_text(text_, file_);
  if (text_.size() >= 3 && static_cast<unsigned char>(text_[0]) == 0xEF &&
      static_cast<unsigned char>(text_[1]) == 0xBB && static_cast<unsigned char>(text_[2]) == 0xBF) {
    pos_ = 3;
  }
}

namespace {

constexpr std::uint64_t kEveryByte = 0x0101010101010101ull;
constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;

// The top bit of each byte of `word` that equals `byte`, and no other bit (exact, unlike the shorter
// has-zero-byte trick, whose borrow marks false bytes after a true one).
inline std::uint64_t bytes_equal(std::uint64_t word, char byte) {
  const std::uint64_t x = word ^ (kEveryByte * static_cast<unsigned char>(byte));
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

}  // namespace

// The common record - one physical line with no quote and no carriage return inside it - split eight bytes
// at a time: the line end is found with memchr, then each word yields its commas as bits. Anything else
// (quotes, a lone CR, an over-long field or record, too many fields) returns false with nothing consumed,
// and the general loop of next() reads the record and reports any error exactly where it is.
bool CsvReader::next_plain_line(std::vector<std::string_view>& fields) {
  const char* data = text_.data();
  const size_t n = text_.size();
  const void* newline = std::memchr(data + pos_, '\n', n - pos_);
  const size_t end = newline != nullptr ? static_cast<size_t>(static_cast<const char*>(newline) - data) : n;
  size_t content_end = end;
  if (content_end > pos_ && data[content_end - 1] == '\r') --content_end;
  if (content_end - pos_ > limits_.max_record_bytes) return false;
  size_t field_start = pos_;
  auto add_field = [&](size_t field_end) {
    if (field_end - field_start > limits_.max_field_bytes || fields.size() >= limits_.max_fields)
      return false;
    fields.emplace_back(data + field_start, field_end - field_start);
    field_columns_.push_back(static_cast<std::int64_t>(field_start - pos_) + 1);
    field_start = field_end + 1;
    return true;
  };
  auto give_up = [&] {
    fields.clear();
    field_columns_.clear();
    return false;
  };
  size_t i = pos_;
  for (; i + 8 <= content_end; i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, data + i, 8);
    if ((bytes_equal(word, '"') | bytes_equal(word, '\r')) != 0) return give_up();
    for (std::uint64_t commas = bytes_equal(word, ','); commas != 0; commas &= commas - 1) {
      if (!add_field(i + static_cast<size_t>(__builtin_ctzll(commas)) / 8)) return give_up();
    }
  }
  for (; i < content_end; ++i) {
    if (data[i] == '"' || data[i] == '\r') return give_up();
    if (data[i] == ',' && !add_field(i)) return give_up();
  }
  if (!add_field(content_end)) return give_up();
  // As in the general loop, a record ended by a CR at the very end of the input counts as terminated.
  unterminated_ = newline == nullptr && content_end == end;
  pos_ = newline != nullptr ? end + 1 : n;
  if (newline != nullptr || content_end != end) ++line_;
  return true;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  field_columns_.clear();
  unescaped_.clear();
  const size_t n = text_.size();
  // Skip blank lines between records.
  while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= n) return false;
  record_line_ = line_;
  if (next_plain_line(fields)) return true;
  size_t line_start = pos_;
  const size_t record_start = pos_;
  const char* data = text_.data();
  auto too_long = [&](size_t field_start, const std::string& what) {
    throw InputError(
        SourceLocation{file_, line_, static_cast<std::int64_t>(field_start - line_start) + 1, {}}, what);
  };
  while (true) {
    if (fields.size() >= limits_.max_fields) {
      too_long(pos_, fmt::format("more than {} fields in one record (expected a CSV file with at most {} "
                                 "columns)",
                                 limits_.max_fields, limits_.max_fields));
    }
    field_columns_.push_back(static_cast<std::int64_t>(pos_ - line_start) + 1);
    if (pos_ < n && data[pos_] == '"') {
      // Quoted field.
      const size_t start = pos_ + 1;
      size_t i = start;
      bool has_escape = false;
      while (true) {
        const void* q = std::memchr(data + i, '"', n - i);
        if (q == nullptr) {
          throw InputError(where(fields.size()), "unterminated quoted field (a closing '\"' was expected)");
        }
        const size_t qpos = static_cast<size_t>(static_cast<const char*>(q) - data);
        for (size_t j = i; j < qpos; ++j) {
          if (data[j] == '\n') {
            ++line_;
            line_start = j + 1;
          }
        }
        if (qpos + 1 < n && data[qpos + 1] == '"') {
          has_escape = true;
          i = qpos + 2;
          continue;
        }
        i = qpos;
        break;
      }
      if (i - start > limits_.max_field_bytes) {
        throw InputError(
            where(fields.size()),
            fmt::format("a quoted field longer than {} bytes (expected a CSV field of at most {} "
                        "bytes; is a closing quote missing?)",
                        limits_.max_field_bytes, limits_.max_field_bytes));
      }
      std::string_view raw(data + start, i - start);
      if (has_escape) {
        std::string s;
        s.reserve(raw.size());
        for (size_t j = 0; j < raw.size(); ++j) {
          s.push_back(raw[j]);
          if (raw[j] == '"') ++j;  // skip the second quote of ""
        }
        unescaped_.push_back(std::move(s));
        fields.emplace_back(unescaped_.back());
      } else {
        fields.push_back(raw);
      }
      pos_ = i + 1;  // after closing quote
      if (pos_ < n && data[pos_] != ',' && data[pos_] != '\n' && data[pos_] != '\r') {
        throw InputError(SourceLocation{file_, line_, static_cast<std::int64_t>(pos_ - line_start) + 1, {}},
                         "unexpected character after a closing quote (expected ',' or end of line)");
      }
    } else {
      // One table load and branch per byte: most fields are a few digits, too short for wider scans.
      size_t i = pos_;
      while (i < n && !kEndsUnquotedField[static_cast<unsigned char>(data[i])]) ++i;
      if (i - pos_ > limits_.max_field_bytes) {
        too_long(pos_, fmt::format("a field longer than {} bytes (expected a CSV field of at most {} bytes)",
                                   limits_.max_field_bytes, limits_.max_field_bytes));
      }
      fields.emplace_back(data + pos_, i - pos_);
      pos_ = i;
    }
    if (pos_ - record_start > limits_.max_record_bytes) {
      throw InputError(SourceLocation{file_, record_line_, 1, {}},
                       fmt::format("a record longer than {} bytes (expected CSV lines of at most {} bytes)",
                                   limits_.max_record_bytes, limits_.max_record_bytes));
    }
    if (pos_ >= n) {
      unterminated_ = true;
      return true;
    }
    const char c = data[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    // End of record: \n, \r\n or a lone \r.
    if (c == '\r') ++pos_;
    if (pos_ < n && data[pos_] == '\n') ++pos_;
    ++line_;
    unterminated_ = false;
    return true;
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<double> parse_double(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;  // "inf", "nan": never a figure
  return value;
}

}  // namespace elective::data
