// The RTT Full CSV extract reader: header and column mapping, row parsing, then the checks of the whole
// extract (data/rtt_extract_checks.hpp). The one-pass scan of common rows is in rtt_extract_fast_scan.cpp,
// the parser's declaration in rtt_extract_parser.hpp, the extract's queries in rtt_extract.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <limits>
#include <map>
#include <utility>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "core/error.hpp"
#include "data/csv.hpp"
#include "data/input_file.hpp"
#include "data/input_limits.hpp"
#include "data/rtt_extract.hpp"
#include "data/rtt_extract_checks.hpp"
#include "data/rtt_extract_parser.hpp"

namespace elective::data {

// ---------------------------------------------------------------------------------------------------------
// Parsing

namespace {

// A header cell such as "Gt 17 To 18 Weeks SUM 1" (band 17) or "Gt 104 Weeks SUM 1" (open top band 104).
struct BandHeader {
  int band = -1;
  bool open = false;
};

std::optional<BandHeader> parse_band_header(std::string_view header) {
  const std::string h = to_lower(trim(header));
  // Tokens separated by single or repeated spaces.
  std::vector<std::string_view> tok;
  std::string_view rest(h);
  while (!rest.empty()) {
    const size_t sp = rest.find(' ');
    if (sp != 0) tok.push_back(rest.substr(0, sp));
    if (sp == std::string_view::npos) break;
    rest.remove_prefix(sp + 1);
  }
  auto number = [](std::string_view t) -> int {
    if (t.empty() || t.size() > 3) return -1;
    int v = 0;
    for (char c : t) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  if (tok.size() == 7 && tok[0] == "gt" && tok[2] == "to" && tok[4] == "weeks" && tok[5] == "sum" &&
      tok[6] == "1") {
    const int a = number(tok[1]);
    const int b = number(tok[3]);
    if (a < 0 || b != a + 1) return std::nullopt;
    return BandHeader{a, false};
  }
  if (tok.size() == 5 && tok[0] == "gt" && tok[2] == "weeks" && tok[3] == "sum" && tok[4] == "1") {
    const int a = number(tok[1]);
    if (a < 1) return std::nullopt;
    return BandHeader{a, true};
  }
  return std::nullopt;
}

// The month of a `Period` cell: "RTT-November-2024", "2024-11", or a month name with the year taken from a
// `Year` cell ("2019", or a financial year "2019/20" or "2019-20" where January-March belong to the later
// year).
std::optional<YearMonth> parse_period(std::string_view period, std::string_view year_cell) {
  period = trim(period);
  if (auto ym = YearMonth::parse(period)) {
    if (ym->year() < kEarliestPlausibleYear || ym->year() > kLatestPlausibleYear) return std::nullopt;
    return ym;
  }
  int month = 0;
  int year = 0;
  size_t i = 0;
  while (i < period.size()) {
    size_t j = i;
    while (j < period.size() && std::isalnum(static_cast<unsigned char>(period[j]))) ++j;
    const std::string_view token = period.substr(i, j - i);
    if (!token.empty()) {
      if (std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (token.size() == 4) year = std::stoi(std::string(token));
      } else if (const int m = month_from_name(token); m != 0) {
        month = m;
      }
    }
    i = j + 1;
  }
  if (month == 0) return std::nullopt;
  if (year == 0) {
    const std::string_view y = trim(year_cell);
    if (y.size() >= 4 && std::all_of(y.begin(), y.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) {
      year = std::stoi(std::string(y.substr(0, 4)));
      const bool financial = y.size() > 4 && (y[4] == '/' || y[4] == '-');
      if (financial && month <= 3) ++year;
    }
  }
  if (year < kEarliestPlausibleYear || year > kLatestPlausibleYear) return std::nullopt;
  return YearMonth(year, month);
}

constexpr std::array<std::string_view, kRoleCount> kRoleHeaders = {"Period",
                                                                   "Year",
                                                                   "Provider Parent Org Code",
                                                                   "Provider Parent Name",
                                                                   "Provider Org Code",
                                                                   "Provider Org Name",
                                                                   "Commissioner Parent Org Code",
                                                                   "Commissioner Parent Name",
                                                                   "Commissioner Org Code",
                                                                   "Commissioner Org Name",
                                                                   "RTT Part Type",
                                                                   "RTT Part Description",
                                                                   "Treatment Function Code",
                                                                   "Treatment Function Name",
                                                                   "Total",
                                                                   "Patients with unknown clock start date",
                                                                   "Total All"};

constexpr std::array<Role, 7> kRequiredRoles = {kPeriod, kProvider, kCommissioner, kPartType,
                                                kTfc,    kUnknown,  kTotalAll};

bool has_binary_content(std::string_view text) {
  const size_t n = std::min<size_t>(text.size(), 8192);
  return std::memchr(text.data(), '\0', n) != nullptr;
}

// A cell as quoted in an error message: control characters escaped and long text cut, so that the message
// stays on one line.
std::string shown(std::string_view cell) {
  std::string out;
  for (char c : cell.substr(0, 60)) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out.push_back(c);
    }
  }
  if (cell.size() > 60) out += "...";
  return out;
}

// Any cell that is not plain digits: spaces, blanks and the errors. Out of line so that the per-cell fast
// path below stays small enough to inline into the row loop.
[[gnu::noinline]] std::uint32_t parse_count_slow(std::string_view cell, const CsvReader& reader, size_t field,
                                                 const std::string& column) {
  const std::string_view t = trim(cell);
  if (t.empty()) return RttExtract::kBlank;
  if (auto whole = parse_int64(t)) {
    if (*whole < 0) {
      throw InputError(
          reader.where(field, column),
          fmt::format("expected a whole count of 0 or more, got '{}' (negative counts are not allowed)",
                      shown(t)));
    }
    if (*whole >= static_cast<std::int64_t>(RttExtract::kBlank)) {
      throw InputError(reader.where(field, column),
                       fmt::format("count '{}' is too large for a pathway count", shown(t)));
    }
    return static_cast<std::uint32_t>(*whole);
  }
  if (auto d = parse_double(t)) {
    throw InputError(
        reader.where(field, column),
        fmt::format("expected a whole count, got '{}' (decimal values are not allowed)", shown(t)));
  }
  throw InputError(reader.where(field, column),
                   fmt::format("expected a whole count of 0 or more or a blank cell, got '{}'", shown(t)));
}

// A whole, non-negative count or a blank cell (kBlank).
inline std::uint32_t parse_count(std::string_view cell, const CsvReader& reader, size_t field,
                                 const std::string& column) {
  // Fast paths: a blank cell (every band of Part_3), and plain digits, at most nine (below kBlank).
  if (cell.empty()) return RttExtract::kBlank;
  // Most band cells are a single digit (a zero).
  if (cell.size() == 1 && static_cast<unsigned>(cell[0]) - '0' <= 9)
    return static_cast<unsigned>(cell[0]) - '0';
  if (cell.size() <= 9) {
    std::uint32_t v = 0;
    bool ok = true;
    for (char c : cell) {
      const unsigned d = static_cast<unsigned>(c) - '0';
      ok &= d <= 9;
      v = v * 10 + d;
    }
    if (ok) return v;
  }
  return parse_count_slow(cell, reader, field, column);
}

// Asks the kernel for transparent huge pages under a large new buffer (it grants them only on request here):
// a national month's band counts are about 70 MB written once, and faulting them in 2 MB pages instead of
// 4 KB ones took the benchmark's page faults from 265k to 6k and a third off parse + summary. Only advice:
// nothing else changes if the kernel does not follow it.
void advise_huge_pages([[maybe_unused]] const void* buffer, [[maybe_unused]] size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kPage = 4096;
  const auto begin = (reinterpret_cast<std::uintptr_t>(buffer) + kPage - 1) & ~(kPage - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(buffer) + bytes) & ~(kPage - 1);
  if (end > begin + (std::uintptr_t{2} << 20)) {
    ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
#endif
}

}  // namespace

RttExtract RttExtractParser::parse(std::string_view text, const std::string& file, bool fast_scan) {
  // NHS England publishes the Full CSV extract zipped; gzip and zip are read as they come.
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file, fast_scan);
  if (text.empty() || trim(text).find_first_not_of("\r\n") == std::string_view::npos) {
    throw InputError(SourceLocation{file, 1, 0, {}},
                     "empty file (expected an RTT Full CSV extract with a header row)");
  }
  if (has_binary_content(text)) {
    throw InputError(SourceLocation{file, 1, 0, {}},
                     "binary content, not CSV text (expected an RTT Full CSV extract)");
  }
  RttExtractParser p(text, file, fast_scan);
  p.out_.sources_.push_back(file);
  p.fields_.reserve(128);
  p.find_header();
  p.map_columns();
  p.parse_rows(text.size());
  check_unique_rows(p.out_, 0);
  return std::move(p.out_);
}

// ---- Header and column mapping

// The header is the first record with a `Provider Org Code` cell (older files have banner rows above it).
void RttExtractParser::find_header() {
  constexpr int kMaxBannerRows = 30;
  bool found = false;
  for (int i = 0; i <= kMaxBannerRows && reader_.next(fields_); ++i) {
    for (auto f : fields_) {
      if (to_lower(trim(f)) == "provider org code") {
        found = true;
        break;
      }
    }
    if (found) break;
  }
  if (!found) {
    throw InputError(
        SourceLocation{file_, 1, 0, {}},
        "not an RTT Full CSV extract: no header row with a 'Provider Org Code' column in the first "
        "lines (expected the 121-column NHS England RTT Full CSV header)");
  }
  header_line_ = reader_.line();
  header_.resize(fields_.size());
  for (size_t i = 0; i < fields_.size(); ++i) header_[i] = std::string(trim(fields_[i]));
}

// Header names to roles and weekly bands; every required column and band must be there exactly once.
void RttExtractParser::map_columns() {
  const size_t ncol = header_.size();
  role_col_.fill(-1);
  kind_.assign(ncol, kIgnore);
  std::vector<int> tfc_name_cols;
  std::map<int, size_t> band_cols;  // band -> column
  size_t open_col = 0;
  for (size_t i = 0; i < ncol; ++i) {
    const std::string h = to_lower(header_[i]);
    if (auto b = parse_band_header(header_[i])) {
      const SourceLocation where{file_, header_line_, reader_.column_of(i), header_[i]};
      if (b->open) {
        if (open_band_ >= 0)
          throw InputError(where, "a second open top band column (expected exactly one 'Gt N Weeks SUM 1')");
        open_band_ = b->band;
        open_col = i;
      } else {
        if (band_cols.count(b->band)) throw InputError(where, "duplicate weekly band column");
        band_cols[b->band] = i;
      }
      continue;
    }
    for (int r = 0; r < kRoleCount; ++r) {
      if (h == to_lower(kRoleHeaders[static_cast<size_t>(r)])) {
        if (r == kTfcName) {
          tfc_name_cols.push_back(static_cast<int>(i));
        } else if (role_col_[static_cast<size_t>(r)] < 0) {
          role_col_[static_cast<size_t>(r)] = static_cast<int>(i);
        }
        break;
      }
    }
  }
  // In at least one older month the code column is headed `Treatment Function Name`: with no code column, the
  // first `Treatment Function Name` column holds the codes and a second one (if any) the names.
  if (role_col_[kTfc] < 0 && !tfc_name_cols.empty()) {
    role_col_[kTfc] = tfc_name_cols[0];
    if (tfc_name_cols.size() > 1) role_col_[kTfcName] = tfc_name_cols[1];
  } else if (!tfc_name_cols.empty()) {
    role_col_[kTfcName] = tfc_name_cols[0];
  }
  for (Role r : kRequiredRoles) {
    if (role_col_[r] < 0) {
      throw InputError(
          SourceLocation{file_, header_line_, 0, std::string(kRoleHeaders[r])},
          fmt::format("missing column '{}' (expected the NHS England RTT Full CSV header)", kRoleHeaders[r]));
    }
  }
  if (open_band_ < 0) {
    throw InputError(
        SourceLocation{file_, header_line_, 0, {}},
        "missing the open top band column (expected 'Gt 104 Weeks SUM 1', or 'Gt 52 Weeks SUM 1' before "
        "April 2021)");
  }
  for (int k = 0; k < open_band_; ++k) {
    if (!band_cols.count(k)) {
      throw InputError(
          SourceLocation{file_, header_line_, 0, fmt::format("Gt {:02d} To {:02d} Weeks SUM 1", k, k + 1)},
          fmt::format("missing weekly band column (expected bands 0 to {} below the open band "
                      "'Gt {} Weeks SUM 1')",
                      open_band_ - 1, open_band_));
    }
  }
  if (!band_cols.empty() && band_cols.rbegin()->first >= open_band_) {
    const size_t col = band_cols.rbegin()->second;
    throw InputError(SourceLocation{file_, header_line_, reader_.column_of(col), header_[col]},
                     fmt::format("weekly band above the open top band 'Gt {} Weeks SUM 1'", open_band_));
  }
  if (open_band_ > std::numeric_limits<std::uint16_t>::max()) {
    throw InputError(SourceLocation{file_, header_line_, 0, header_[open_col]}, "open top band out of range");
  }
  for (const auto& [band, col] : band_cols) kind_[col] = kBandBase + band;
  kind_[open_col] = kBandBase + open_band_;
  for (int r = 0; r < kRoleCount; ++r) {
    if (role_col_[static_cast<size_t>(r)] >= 0)
      kind_[static_cast<size_t>(role_col_[static_cast<size_t>(r)])] = r;
  }
  const auto band0 = static_cast<size_t>(band_cols.count(0) ? band_cols[0] : open_col);
  bool run = band0 + static_cast<size_t>(open_band_) < ncol;
  for (int k = 0; run && k <= open_band_; ++k) run = kind_[band0 + static_cast<size_t>(k)] == kBandBase + k;
  band_run_start_ = run ? static_cast<int>(band0) : -1;
  prefix_col_ = static_cast<size_t>(role_col_[kTfc]);
  for (int r = 0; r < kRoleCount; ++r) {
    const int col = role_col_[static_cast<size_t>(r)];
    if (col >= 0 && static_cast<size_t>(col) < prefix_col_) prefix_roles_ |= std::uint32_t{1} << r;
  }
  auto in_prefix = [&](Role r) { return ((prefix_roles_ >> r) & 1) != 0; };
  prefix_has_month_ = in_prefix(kPeriod) && (role_col_[kYear] < 0 || in_prefix(kYear));
  prefix_has_part_ = in_prefix(kPartType);
}

// ---- Row parsing

// Consecutive rows mostly repeat a column's text: the last row's text and id per role come first.
std::uint32_t RttExtractParser::intern_cached(int role, std::string_view value) {
  const auto r = static_cast<size_t>(role);
  if (has_last_[r] && same_text(last_text_[r], value)) return last_id_[r];
  // A view into the input stays valid for the whole parse; a tokenizer's unescaped cell does not.
  const std::string_view text = reader_.text();
  if (value.data() >= text.data() && value.data() + value.size() <= text.data() + text.size()) {
    last_text_[r] = value;
  } else {
    last_copy_[r].assign(value.data(), value.size());
    last_text_[r] = last_copy_[r];
  }
  has_last_[r] = true;
  last_id_[r] = intern_fast(value);
  return last_id_[r];
}

// The extract's dictionary behind a direct-mapped cache: a national month has a few thousand distinct texts,
// and a text that changes from row to row (a treatment function and its name, a commissioner) is found from a
// hash of its first and last eight bytes and one comparison, where std::hash reads every byte and the map
// follows a node.
std::uint32_t RttExtractParser::intern_fast(std::string_view value) {
  const size_t n = value.size();
  std::uint64_t head = 0;
  std::uint64_t tail = 0;
  if (n >= 8) {
    std::memcpy(&head, value.data(), 8);
    std::memcpy(&tail, value.data() + n - 8, 8);
  } else {
    for (size_t i = 0; i < n; ++i) head |= std::uint64_t{static_cast<unsigned char>(value[i])} << (8 * i);
  }
  const std::uint64_t h = (head ^ (tail * 0xC2B2AE3D27D4EB4Full) ^ n) * 0x9E3779B97F4A7C15ull;
  std::uint32_t& slot = intern_slots_[static_cast<size_t>(h >> (64 - kInternSlotBits))];
  if (slot != kNoText) {
    const std::string& known = out_.strings_[slot];
    if (same_text(known, value)) return slot;
  }
  slot = out_.intern(value);
  return slot;
}

std::uint32_t RttExtractParser::intern_optional(Role role) {
  return role_col_[role] >= 0 ? intern_cached(role, cell_[role]) : empty_id_;
}

void RttExtractParser::check_field_count() const {
  const size_t ncol = header_.size();
  if (fields_.size() == ncol) return;
  const bool truncated = reader_.last_record_unterminated() && fields_.size() < ncol;
  std::int64_t column = 0;
  if (fields_.size() < ncol) {
    const size_t last = fields_.size() - 1;
    column = reader_.column_of(last) + static_cast<std::int64_t>(fields_[last].size());
  } else {
    column = reader_.column_of(ncol);
  }
  throw InputError(SourceLocation{file_, reader_.line(), column, {}},
                   fmt::format("expected {} fields as in the header, found {}{}", ncol, fields_.size(),
                               truncated ? " (the last line looks truncated)" : ""));
}

// The row's month (cached: every row of a file usually has the same period), or nullopt for a bad period.
std::optional<YearMonth> RttExtractParser::try_month_of_row() {
  if (!last_month_ || !same_text(cell_[kPeriod], last_period_) ||
      (role_col_[kYear] >= 0 && !same_text(cell_[kYear], last_year_))) {
    last_month_ = parse_period(cell_[kPeriod], cell_[kYear]);
    if (!last_month_) return std::nullopt;
    last_period_ = std::string(cell_[kPeriod]);
    last_year_ = std::string(cell_[kYear]);
  }
  return last_month_;
}

YearMonth RttExtractParser::month_of_row() {
  if (auto month = try_month_of_row()) return *month;
  const size_t col = static_cast<size_t>(role_col_[kPeriod]);
  throw InputError(reader_.where(col, header_[col]),
                   fmt::format("expected a period such as 'RTT-November-2024' (or a month name with a Year "
                               "column) from {} to {}, got '{}'",
                               kEarliestPlausibleYear, kLatestPlausibleYear, shown(cell_[kPeriod])));
}

// The row's part, or nullopt for an unknown part type (cached by cell text).
std::optional<RttPart> RttExtractParser::try_part_of_row() {
  const std::string_view cell = cell_[kPartType];
  for (const auto& [text, part] : seen_parts_) {
    if (same_text(cell, text)) return part;
  }
  const std::optional<RttPart> part = try_parse_part(cell);
  if (seen_parts_.size() < 16) seen_parts_.emplace_back(std::string(cell), part);
  return part;
}

RttPart RttExtractParser::part_of_row() {
  if (auto part = try_part_of_row()) return *part;
  const size_t col = static_cast<size_t>(role_col_[kPartType]);
  throw InputError(
      reader_.where(col, header_[col]),
      fmt::format("unknown RTT part type '{}' (expected Part_1A, Part_1B, Part_2, Part_2A or Part_3)",
                  shown(cell_[kPartType])));
}

void RttExtractParser::parse_rows(size_t text_size) {
  nbands_ = static_cast<size_t>(open_band_) + 1;
  empty_id_ = out_.intern("");
  out_.rows_.reserve(text_size / 400 + 16);
  out_.band_counts_.reserve((text_size / 400 + 16) * nbands_);
  advise_huge_pages(out_.rows_.data(), out_.rows_.capacity() * sizeof(RttExtract::Row));
  advise_huge_pages(out_.band_counts_.data(), out_.band_counts_.capacity() * sizeof(std::uint32_t));
  // Rows whose bands are all blank (Part_3, a fifth of a file) share one block of zeros.
  zeros_offset_ = out_.band_counts_.size();
  out_.band_counts_.resize(zeros_offset_ + nbands_);
  while (true) {
    if (parse_row_fast()) continue;
    if (!reader_.next(fields_)) break;
    parse_row_general();
  }
  if (out_.rows_.empty()) {
    throw InputError(SourceLocation{file_, header_line_ + 1, 0, {}}, "no data rows after the header");
  }
}

// A row through the tokenizer (CsvReader::next has read it into fields_): any row the fast scan does not
// take, and every error.
void RttExtractParser::parse_row_general() {
  const size_t ncol = header_.size();
  check_field_count();
  if (out_.rows_.size() >= kMaxExtractRows) {
    throw InputError(SourceLocation{file_, reader_.line(), 1, {}},
                     fmt::format("more than {} data rows (expected an RTT Full CSV extract; a national month "
                                 "has about 205,000)",
                                 kMaxExtractRows));
  }
  cell_.fill(std::string_view());
  // The counts are parsed straight into the extract's band store (zeros from the resize).
  const size_t bands_offset = out_.band_counts_.size();
  out_.band_counts_.resize(bands_offset + nbands_);
  std::uint32_t* bands = out_.band_counts_.data() + bands_offset;
  bool any_band = false;
  RttExtract::Row row;
  for (size_t i = 0; i < ncol; ++i) {
    const int k = kind_[i];
    if (k == kIgnore) continue;
    if (k >= kBandBase) {
      const std::uint32_t v = parse_count(fields_[i], reader_, i, header_[i]);
      if (v != RttExtract::kBlank) {
        bands[static_cast<size_t>(k - kBandBase)] = v;
        any_band = true;
      }
      continue;
    }
    if (k == kTotal || k == kUnknown || k == kTotalAll) {
      const std::uint32_t v = parse_count(fields_[i], reader_, i, header_[i]);
      (k == kTotal ? row.total : k == kUnknown ? row.unknown_clock_start : row.total_all) = v;
      continue;
    }
    cell_[static_cast<size_t>(k)] = trim(fields_[i]);
  }
  row.month = month_of_row();
  row.part = part_of_row();
  for (Role r : {kProvider, kTfc}) {
    if (cell_[r].empty()) {
      const size_t col = static_cast<size_t>(role_col_[r]);
      throw InputError(reader_.where(col, header_[col]),
                       fmt::format("expected a {} code, got an empty cell",
                                   r == kProvider ? "provider" : "treatment function"));
    }
  }
  finish_row(row, bands_offset, any_band);
}

// The rest of a row read by either path: codes and names to dictionary ids, the band block, the line. The
// ids of `known_roles` (bit r for role r) are those of the fast scan's last row, whose cells were the same.
void RttExtractParser::finish_row(RttExtract::Row& row, size_t bands_offset, bool any_band,
                                  std::uint32_t known_roles) {
  const RttExtract::Row& last = last_prefix_row_;
  auto known = [&](Role r) { return ((known_roles >> r) & 1) != 0; };
  row.provider = known(kProvider) ? last.provider : intern_cached(kProvider, cell_[kProvider]);
  row.provider_name = known(kProviderName) ? last.provider_name : intern_optional(kProviderName);
  row.provider_parent = known(kProviderParent) ? last.provider_parent : intern_optional(kProviderParent);
  row.provider_parent_name =
      known(kProviderParentName) ? last.provider_parent_name : intern_optional(kProviderParentName);
  row.commissioner =
      known(kCommissioner) ? last.commissioner : intern_cached(kCommissioner, cell_[kCommissioner]);
  row.commissioner_name =
      known(kCommissionerName) ? last.commissioner_name : intern_optional(kCommissionerName);
  row.commissioner_parent =
      known(kCommissionerParent) ? last.commissioner_parent : intern_optional(kCommissionerParent);
  row.commissioner_parent_name = known(kCommissionerParentName) ? last.commissioner_parent_name
                                                                : intern_optional(kCommissionerParentName);
  if (known(kTfc)) {
    row.tfc = last.tfc;
  } else {
    const std::string_view code = cell_[kTfc];
    // Codes are compared in their file form (C_110); a bare number is normalised so that joins work.
    const bool bare = std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
    row.tfc = bare ? out_.intern(normalise_tfc(code)) : intern_cached(kTfc, code);
  }
  row.tfc_name = known(kTfcName) ? last.tfc_name : intern_optional(kTfcName);
  row.bands_blank = !any_band;
  row.top_band = static_cast<std::uint16_t>(open_band_);
  row.source = 0;
  row.line = static_cast<std::uint32_t>(reader_.line());
  if (any_band) {
    row.bands_offset = bands_offset;
  } else {
    out_.band_counts_.resize(bands_offset);
    row.bands_offset = zeros_offset_;
  }
  out_.rows_.push_back(row);
}

RttExtract RttExtract::parse(std::string_view text, const std::string& file) {
  return RttExtractParser::parse(text, file);
}

RttExtract parse_rtt_extract_by_tokenizer(std::string_view text, const std::string& file) {
  return RttExtractParser::parse(text, file, false);
}

}  // namespace elective::data
