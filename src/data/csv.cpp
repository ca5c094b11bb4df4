#include "data/csv.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
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
#if defined(__SSE2__)
  size_t checked_slowly = 0;
#endif
  while (i < n) {
#if defined(__SSE2__)
    // Fastest path: sixty-four printable ASCII bytes (0x20 to 0x7e) at a time, two operations per sixteen:
    // adding 0x60 maps exactly that range to the signed bytes -128..-34. Most of a CSV file is such runs;
    // a run with a line break, tab or any other byte goes on to the checks below.
    if (i + 64 <= n && i >= checked_slowly) {
      auto not_printable = [&](size_t at) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
        return _mm_cmpgt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x60)), _mm_set1_epi8(-34));
      };
      const __m128i any = _mm_or_si128(_mm_or_si128(not_printable(i), not_printable(i + 16)),
                                       _mm_or_si128(not_printable(i + 32), not_printable(i + 48)));
      if (_mm_movemask_epi8(any) == 0) {
        i += 64;
        continue;
      }
      checked_slowly = i + 64;  // these 64 bytes go through the checks below
    }
    // Fast path: sixteen plain bytes at a time (printable ASCII, tab, CR and LF; anything else, including a
    // DEL or the start of a multi-byte sequence, is looked at byte by byte below).
    if (i + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      // Signed compare: bytes from 0x80 count as below 0x20 too.
      const __m128i low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
      const __m128i spacing = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
          _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
      const __m128i bad =
          _mm_or_si128(_mm_andnot_si128(spacing, low), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)));
      if (_mm_movemask_epi8(bad) == 0) {
        i += 16;
        continue;
      }
    }
#else
    // Fast path: eight plain ASCII bytes at a time (no byte >= 0x80, none below 0x20 and no DEL).
    if (i + 8 <= n) {
      std::uint64_t w = 0;
      std::memcpy(&w, p + i, 8);
      const std::uint64_t high = w & 0x8080808080808080ull;
      const std::uint64_t low = (w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull;
      const std::uint64_t x = w ^ 0x7F7F7F7F7F7F7F7Full;  // a DEL byte becomes zero
      const std::uint64_t del = (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
      if ((high | low | del) == 0) {
        i += 8;
        continue;
      }
    }
#endif
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

// The bytes that end or interrupt an unquoted field inside a line, found a block at a time: `commas` and
// `specials` (a quote or a carriage return) as bit masks, bit j for byte j of the block. SSE2 (every x86-64
// machine) takes 16 bytes per load; elsewhere a 64-bit word takes 8, one bit per byte at its top bit.
#if defined(__SSE2__)
struct Block {
  static constexpr size_t kWidth = 16;
  std::uint32_t commas, specials;
  explicit Block(const char* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    commas = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(','))));
    specials = static_cast<std::uint32_t>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')))));
  }
  static size_t byte_of(std::uint64_t bits) { return static_cast<size_t>(__builtin_ctzll(bits)); }
};
#else
constexpr std::uint64_t kEveryByte = 0x0101010101010101ull;
constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;

// The top bit of each byte of `word` that equals `byte`, and no other bit (exact, unlike the shorter
// has-zero-byte trick, whose borrow marks false bytes after a true one).
inline std::uint64_t bytes_equal(std::uint64_t word, char byte) {
  const std::uint64_t x = word ^ (kEveryByte * static_cast<unsigned char>(byte));
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

struct Block {
  static constexpr size_t kWidth = 8;
  std::uint64_t commas, specials;
  explicit Block(const char* p) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, 8);
    commas = bytes_equal(word, ',');
    specials = bytes_equal(word, '"') | bytes_equal(word, '\r');
  }
  static size_t byte_of(std::uint64_t bits) { return static_cast<size_t>(__builtin_ctzll(bits)) / 8; }
};
#endif

// The bits below the lowest set bit of `lowest` (which has exactly one bit set).
inline std::uint64_t below(std::uint64_t lowest) {
  return lowest - 1;
}

// Out of the hot loop: records rarely have more fields than the one before.
[[gnu::noinline]] size_t grow_fields(std::vector<std::string_view>& fields,
                                     std::vector<std::int64_t>& columns, size_t room) {
  fields.resize(room);
  columns.resize(room);
  return room;
}

}  // namespace

// The common record - one physical line whose quoted fields (if any) are simple: no "" escape, no line break,
// a comma or the line end right after the closing quote - split a block of bytes at a time: the line end is
// found with memchr, then each block yields its commas and quotes as bits. Anything else (a lone CR, a stray
// or escaped quote, a quoted field over several lines, an over-long field or record, too many fields)
// returns false with nothing consumed (next() clears the fields it may have written), and the general loop
// of next() reads the record and reports any error exactly where it is.
bool CsvReader::next_plain_line(std::vector<std::string_view>& fields) {
  const char* data = text_.data();
  const size_t n = text_.size();
  const void* newline = std::memchr(data + pos_, '\n', n - pos_);
  const size_t end = newline != nullptr ? static_cast<size_t>(static_cast<const char*>(newline) - data) : n;
  size_t content_end = end;
  if (content_end > pos_ && data[content_end - 1] == '\r') --content_end;
  if (content_end - pos_ > limits_.max_record_bytes) return false;
  // Fields are written in place: the vectors grow when a record has more fields than they hold, and are cut
  // to the record's fields at the end.
  std::string_view* out = fields.data();
  std::int64_t* columns = field_columns_.data();
  size_t room = std::min(fields.size(), field_columns_.size());
  size_t count = 0;
  const size_t line_start = pos_;
  const size_t max_field_bytes = limits_.max_field_bytes;
  const size_t max_fields = limits_.max_fields;
  // [field_start, field_end): the field's text; `column_at`: where it starts in the line (its opening quote).
  auto add_field = [&](size_t field_start, size_t field_end, size_t column_at)
      __attribute__((always_inline)) {
    if (field_end - field_start > max_field_bytes) return false;
    if (count == room) {
      if (count >= max_fields) return false;
      room = grow_fields(fields, field_columns_, std::min(max_fields, 2 * count + 16));
      out = fields.data();
      columns = field_columns_.data();
    }
    out[count] = std::string_view(data + field_start, field_end - field_start);
    columns[count] = static_cast<std::int64_t>(column_at - line_start) + 1;
    ++count;
    return true;
  };
  size_t field_start = pos_;
  bool ended_by_quote = false;  // the last field was quoted and closed at the line end
  size_t i = pos_;
  while (i + Block::kWidth <= content_end) {
    const Block block(data + i);
    std::uint64_t commas = block.commas;
    if (block.specials == 0) {
      for (; commas != 0; commas &= commas - 1) {
        const size_t at = i + Block::byte_of(commas);
        if (!add_field(field_start, at, field_start)) return false;
        field_start = at + 1;
      }
      i += Block::kWidth;
      continue;
    }
    // The commas before the first special byte, then the special byte itself.
    const std::uint64_t first_special = block.specials & (~block.specials + 1);
    for (commas &= below(first_special); commas != 0; commas &= commas - 1) {
      const size_t at = i + Block::byte_of(commas);
      if (!add_field(field_start, at, field_start)) return false;
      field_start = at + 1;
    }
    const size_t at = i + Block::byte_of(first_special);
    if (data[at] != '"' || at != field_start) return false;  // a lone CR, or a quote inside a field
    const void* close = std::memchr(data + at + 1, '"', content_end - at - 1);
    if (close == nullptr) return false;  // closed on a later line, or never
    const size_t close_at = static_cast<size_t>(static_cast<const char*>(close) - data);
    if (close_at + 1 < content_end && data[close_at + 1] != ',') return false;  // "" or a stray byte
    if (!add_field(at + 1, close_at, at)) return false;
    if (close_at + 1 == content_end) {
      ended_by_quote = true;
      i = content_end;
      break;
    }
    field_start = close_at + 2;
    i = field_start;
  }
  for (; !ended_by_quote && i < content_end; ++i) {
    if (data[i] == '\r') return false;
    if (data[i] == '"') {
      if (i != field_start) return false;
      const void* close = std::memchr(data + i + 1, '"', content_end - i - 1);
      if (close == nullptr) return false;
      const size_t close_at = static_cast<size_t>(static_cast<const char*>(close) - data);
      if (close_at + 1 < content_end && data[close_at + 1] != ',') return false;
      if (!add_field(i + 1, close_at, i)) return false;
      if (close_at + 1 == content_end) {
        ended_by_quote = true;
        break;
      }
      field_start = close_at + 2;
      i = close_at + 1;  // the loop's ++i steps past the comma
      continue;
    }
    if (data[i] == ',') {
      if (!add_field(field_start, i, field_start)) return false;
      field_start = i + 1;
    }
  }
  if (!ended_by_quote && !add_field(field_start, content_end, field_start)) return false;
  fields.resize(count);
  field_columns_.resize(count);
  // As in the general loop, a record ended by a CR at the very end of the input counts as terminated.
  unterminated_ = newline == nullptr && content_end == end;
  pos_ = newline != nullptr ? end + 1 : n;
  if (newline != nullptr || content_end != end) ++line_;
  return true;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  unescaped_.clear();
  const size_t n = text_.size();
  // Skip blank lines between records.
  while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= n) {
    fields.clear();
    field_columns_.clear();
    return false;
  }
  record_line_ = line_;
  // The fast path resizes `fields` itself: records of a file mostly have the same number of fields, so the
  // vectors keep their size from one record to the next and nothing is cleared or pushed field by field.
  if (next_plain_line(fields)) return true;
  fields.clear();
  field_columns_.clear();
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
