// The RTT extract reader's one-pass scan of common rows (RttExtractParser::parse_row_fast): a national month
// read at close to the speed of memory, without the tokenizer's field list. Rows it does not take go to the
// tokenizer path in rtt_extract_parser.cpp, which reports every error.
#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "data/input_limits.hpp"
#include "data/rtt_extract_parser.hpp"

namespace elective::data {

namespace {

// The value of one to eight digits ending at `end` (the bytes from end - 8 must be readable): the word
// holding them, with the bytes before the field cleared, is read as eight digits with leading zeros, four
// multiplies instead of a loop with a branch per digit (the SWAR method of simdjson and fast_float).
inline std::uint32_t digits_value(const char* end, size_t length) {
  const std::uint64_t keep = ~std::uint64_t{0} << (8 * (8 - length));
  std::uint64_t v = (load8(end - 8) & keep) - (0x3030303030303030ull & keep);
  v = v * 10 + (v >> 8);
  v = (((v & 0x000000FF000000FFull) * 0x000F424000000064ull) +
       (((v >> 16) & 0x000000FF000000FFull) * 0x0000271000000001ull)) >>
      32;
  return static_cast<std::uint32_t>(v);
}

// A byte that ends or interrupts a plain text field: the separator, a quote, either line end.
inline bool stops_text(char c) {
  return c == ',' || c == '"' || c == '\r' || c == '\n';
}

// The offset of the first byte at or after `at` in `data` (size n) that stops a plain text field, or n.
inline size_t find_text_stop(const char* data, size_t at, size_t n) {
#if defined(__SSE2__)
  // Names and codes are 3 to 80 bytes: 16 at a time.
  for (; at + 16 <= n; at += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
    const __m128i stops = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
    const auto bits = static_cast<unsigned>(_mm_movemask_epi8(stops));
    if (bits != 0) return at + static_cast<size_t>(__builtin_ctz(bits));
  }
#endif
  while (at < n && !stops_text(data[at])) ++at;
  return at;
}

// Plain digits at `at` (at most nine: below kBlank), or none (a blank cell, kBlank); `at` moves past them.
// False for ten digits or more, which the general path reads (leading zeros) or rejects.
inline bool scan_count(const char* data, size_t& at, size_t n, std::uint32_t& value) {
  const size_t start = at;
  std::uint32_t v = 0;
  while (at < n && static_cast<unsigned>(data[at]) - '0' <= 9) {
    v = v * 10 + (static_cast<unsigned>(data[at]) - '0');
    ++at;
    if (at - start > 9) return false;
  }
  value = at == start ? RttExtract::kBlank : v;
  return true;
}

}  // namespace

// The common row read straight from the text in one pass, without the tokenizer's field list: every field
// plain (a quote only around a whole text field, with no "" escape, CR or line break inside), every count
// plain digits or blank, and nothing that would be an error (a bad period or part, an empty code, a wrong
// field count). Anything else returns false with nothing consumed or kept, and parse_row_general reads the
// row again and reports any error exactly where it is. The band cells, most of a row, are mostly single
// digits or blank: eight "d," or sixteen "," cells are taken per 16-byte load.
bool RttExtractParser::parse_row_fast() {
  if (band_run_start_ < 0 || !fast_scan_) return false;
  const std::string_view text = reader_.text();
  const char* data = text.data();
  const size_t n = text.size();
  const size_t start = reader_.position();
  if (start >= n || data[start] == '\n' || data[start] == '\r') return false;  // blank lines, end of input
  if (out_.rows_.size() >= kMaxExtractRows) return false;
  const size_t ncol = header_.size();
  const auto band_start = static_cast<size_t>(band_run_start_);
  const size_t nbands = nbands_;
  cell_.fill(std::string_view());
  const size_t bands_offset = out_.band_counts_.size();
  out_.band_counts_.resize(bands_offset + nbands);
  std::uint32_t* bands = out_.band_counts_.data() + bands_offset;
  auto give_up = [&] {
    out_.band_counts_.resize(bands_offset);
    return false;
  };
  bool any_band = false;
  bool terminated = false;
  RttExtract::Row row;
  size_t at = start;
  size_t prefix_end = start;
  // After field `col`: a comma, or the line end after the last field.
  auto end_field = [&](size_t col) {
    if (col + 1 < ncol) {
      if (at < n && data[at] == ',') {
        ++at;
        return true;
      }
      return false;
    }
    if (at == n) return true;  // the last record, without a line break
    if (data[at] == '\n') {
      ++at;
      terminated = true;
      return true;
    }
    if (data[at] == '\r' && (at + 1 == n || data[at + 1] == '\n')) {
      at += at + 1 == n ? 1 : 2;
      terminated = true;
      return true;
    }
    return false;
  };
  for (size_t col = 0; col < ncol; ++col) {
    if (col == prefix_col_) prefix_end = at;
    if (col == band_start) {
      size_t k = 0;
#if defined(__SSE2__)
      // The last band is left to the scalar loop, which checks what follows it.
      while (k + 8 < nbands && at + 16 <= n) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
        const auto commas = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(','))));
        if (commas == 0xFFFF && k + 16 < nbands) {  // sixteen blank cells
          k += 16;
          at += 16;
          continue;
        }
        const __m128i digits = _mm_sub_epi8(v, _mm_set1_epi8('0'));
        const auto small = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(digits, _mm_set1_epi8(9)), _mm_set1_epi8(9))));
        if (commas == 0xAAAA && (small & 0x5555) == 0x5555) {  // eight one-digit cells
          const __m128i values = _mm_and_si128(digits, _mm_set1_epi16(0x00FF));
          _mm_storeu_si128(reinterpret_cast<__m128i*>(bands + k),
                           _mm_unpacklo_epi16(values, _mm_setzero_si128()));
          _mm_storeu_si128(reinterpret_cast<__m128i*>(bands + k + 4),
                           _mm_unpackhi_epi16(values, _mm_setzero_si128()));
          any_band = true;
          k += 8;
          at += 16;
          continue;
        }
        if ((commas | small) == 0xFFFF && commas != 0 && at >= 8) {
          // Only digits and commas: each field that ends in the block, blank or up to eight digits.
          size_t field_start = at;
          for (unsigned ends = commas; ends != 0 && k + 1 < nbands; ends &= ends - 1) {
            const size_t end = at + static_cast<size_t>(__builtin_ctz(ends));
            const size_t length = end - field_start;
            if (length > 8) {
              std::uint32_t value = 0;
              if (!scan_count(data, field_start, n, value)) return give_up();  // ten digits or more
              bands[k] = value;
            } else if (length > 0) {
              bands[k] = digits_value(data + end, length);
            }
            any_band |= length > 0;
            ++k;
            field_start = end + 1;
          }
          at = field_start;
          continue;
        }
        std::uint32_t value = 0;
        if (!scan_count(data, at, n, value) || !end_field(col + k)) return give_up();
        if (value != RttExtract::kBlank) {
          bands[k] = value;
          any_band = true;
        }
        ++k;
      }
#endif
      for (; k < nbands; ++k) {
        std::uint32_t value = 0;
        if (!scan_count(data, at, n, value) || !end_field(col + k)) return give_up();
        if (value != RttExtract::kBlank) {
          bands[k] = value;
          any_band = true;
        }
      }
      col += nbands - 1;
      continue;
    }
    const int kind = kind_[col];
    if (kind == kTotal || kind == kUnknown || kind == kTotalAll) {
      std::uint32_t value = 0;
      if (!scan_count(data, at, n, value)) return give_up();
      (kind == kTotal ? row.total : kind == kUnknown ? row.unknown_clock_start : row.total_all) = value;
    } else {
      std::string_view cell;
      if (at < n && data[at] == '"') {
        size_t close = at + 1;
        while (close < n && data[close] != '"' && data[close] != '\r' && data[close] != '\n') ++close;
        // Closed on this line, and not by the first quote of a "" escape (end_field wants a comma or the
        // end).
        if (close == n || data[close] != '"') return give_up();
        cell = std::string_view(data + at + 1, close - at - 1);
        at = close + 1;
      } else {
        const size_t stop = find_text_stop(data, at, n);
        cell = std::string_view(data + at, stop - at);
        at = stop;
      }
      if (cell.size() > kMaxCsvFieldBytes) return give_up();
      if (kind != kIgnore) {
        // trim(), called only for the rare cell with a space or tab at either end.
        const bool padded = !cell.empty() && (cell.front() == ' ' || cell.front() == '\t' ||
                                              cell.back() == ' ' || cell.back() == '\t');
        cell_[static_cast<size_t>(kind)] = padded ? trim(cell) : cell;
      }
    }
    if (!end_field(col)) return give_up();
  }
  // The tokenizer's limit on a record (the reader's default CsvLimits); the general path reports it.
  if (at - start > kMaxCsvRecordBytes) return give_up();
  const std::string_view prefix(data + start, prefix_end - start);
  const bool same_prefix = !last_prefix_.empty() && same_text(prefix, last_prefix_);
  const auto month = same_prefix && prefix_has_month_ ? last_prefix_row_.month : try_month_of_row();
  if (!month || cell_[kProvider].empty() || cell_[kTfc].empty()) return give_up();
  if (same_prefix && prefix_has_part_) {
    row.part = last_prefix_row_.part;
  } else {
    const auto part = try_part_of_row();
    if (!part) return give_up();
    row.part = *part;
  }
  reader_.skip_line(at, terminated);
  row.month = *month;
  finish_row(row, bands_offset, any_band, same_prefix ? prefix_roles_ : 0);
  last_prefix_ = prefix;
  last_prefix_row_ = out_.rows_.back();
  return true;
}

}  // namespace elective::data
