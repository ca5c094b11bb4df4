#pragma once
// The RTT Full CSV extract reader's parser (internal to the data module). rtt_extract_parser.cpp holds the
// header and column mapping, the rows read through the CSV tokenizer and what every row shares (dictionary
// ids, month, part); rtt_extract_fast_scan.cpp the one-pass scan of common rows.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "data/csv.hpp"
#include "data/rtt_extract.hpp"

namespace elective::data {

// Descriptive columns, by role.
enum Role : int {
  kPeriod,
  kYear,
  kProviderParent,
  kProviderParentName,
  kProvider,
  kProviderName,
  kCommissionerParent,
  kCommissionerParentName,
  kCommissioner,
  kCommissionerName,
  kPartType,
  kPartDescription,
  kTfc,
  kTfcName,
  kTotal,
  kUnknown,
  kTotalAll,
  kRoleCount
};

// Field kinds in a data row, precomputed from the header so that each row is one pass over its fields.
constexpr int kIgnore = -1;
constexpr int kBandBase = 1000;  // kBandBase + k: band k

inline std::uint64_t load8(const char* p) {
  std::uint64_t w = 0;
  std::memcpy(&w, p, 8);
  return w;
}

inline std::uint32_t load4(const char* p) {
  std::uint32_t w = 0;
  std::memcpy(&w, p, 4);
  return w;
}

// Equal texts, for the short cells compared on every row (codes and names of 3 to 80 bytes): overlapping
// word loads inside both texts, without a call to memcmp and its branches on the length.
inline bool same_text(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (load8(a.data() + i) != load8(b.data() + i)) return false;
    }
    return load8(a.data() + n - 8) == load8(b.data() + n - 8);
  }
  if (n >= 4) return load4(a.data()) == load4(b.data()) && load4(a.data() + n - 4) == load4(b.data() + n - 4);
  return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

// The parser, in the order it works: find the header row and map its columns to roles and bands
// (map_columns), then read each data row (parse_row: field count, counts, month, part, codes), then check the
// whole extract (check_unique_rows). One object holds the state the steps share.
class RttExtractParser {
 public:
  // `fast_scan` false: every row through the tokenizer (the reference the fast scan is tested against).
  static RttExtract parse(std::string_view text, const std::string& file, bool fast_scan = true);

 private:
  RttExtractParser(std::string_view text, const std::string& file, bool fast_scan)
      : file_(file), reader_(text, file), fast_scan_(fast_scan) {}

  // Header and column mapping.
  void find_header();
  void map_columns();
  // Row parsing.
  void parse_rows(size_t text_size);
  bool parse_row_fast();
  void parse_row_general();
  void check_field_count() const;
  std::optional<YearMonth> try_month_of_row();
  YearMonth month_of_row();
  std::optional<RttPart> try_part_of_row();
  RttPart part_of_row();
  void finish_row(RttExtract::Row& row, size_t bands_offset, bool any_band, std::uint32_t known_roles = 0);
  std::uint32_t intern_cached(int role, std::string_view value);
  std::uint32_t intern_fast(std::string_view value);
  std::uint32_t intern_optional(Role role);

  const std::string& file_;
  CsvReader reader_;
  bool fast_scan_ = true;
  RttExtract out_;
  std::vector<std::string_view> fields_;
  // Column layout from the header.
  std::int64_t header_line_ = 0;
  std::vector<std::string> header_;
  std::array<int, kRoleCount> role_col_{};
  std::vector<int> kind_;  // per column: kIgnore, a Role, or kBandBase + band
  int open_band_ = -1;
  // The first band column when the bands are one run of columns in order (every NHS England layout), which
  // the fast row scan needs; else -1 and every row takes the general path.
  int band_run_start_ = -1;
  size_t nbands_ = 0;
  size_t zeros_offset_ = 0;
  // The fast scan's memory of the last row it read: the bytes of the columns before the treatment function
  // code (which changes on almost every row; the columns before it mostly do not) and the ids they gave. A
  // row with the same leading bytes has the same month, part, codes and names there, found by one comparison
  // instead of a comparison and a dictionary look-up per column.
  size_t prefix_col_ = 0;           // columns [0, prefix_col_)
  std::uint32_t prefix_roles_ = 0;  // bit r: role r's column is one of them
  bool prefix_has_month_ = false;   // Period (and Year, if any) among them
  bool prefix_has_part_ = false;    // RTT Part Type among them
  std::string_view last_prefix_;    // into the input text; empty before the first fast row
  RttExtract::Row last_prefix_row_;
  // Per-row state and caches (consecutive rows mostly repeat the descriptive cells).
  std::array<std::string_view, kRoleCount> cell_;
  std::array<std::string_view, kRoleCount> last_text_;  // into the input text, or into last_copy_
  std::array<std::string, kRoleCount> last_copy_;       // a cell unescaped by the tokenizer
  std::array<std::uint32_t, kRoleCount> last_id_{};
  std::array<bool, kRoleCount> has_last_{};
  // Dictionary ids by a hash of the text's ends (kNoText: empty), see intern_fast.
  static constexpr int kInternSlotBits = 12;
  static constexpr std::uint32_t kNoText = 0xFFFFFFFFu;
  std::vector<std::uint32_t> intern_slots_ =
      std::vector<std::uint32_t>(size_t{1} << kInternSlotBits, kNoText);
  std::uint32_t empty_id_ = 0;
  std::string last_period_;
  std::string last_year_;
  // Part Type cells seen so far and their parts (a file has five distinct cells, repeated in turn).
  std::vector<std::pair<std::string, std::optional<RttPart>>> seen_parts_;
  std::optional<YearMonth> last_month_;
};

}  // namespace elective::data
