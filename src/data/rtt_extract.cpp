#include "data/rtt_extract.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "core/error.hpp"
#include "data/csv.hpp"
#include "data/input_file.hpp"
#include "data/input_limits.hpp"

namespace elective::data {
namespace {

struct PartInfo {
  RttPart part;
  std::string_view name;
  std::string_view code;
  std::string_view description;
};

constexpr std::array<PartInfo, kRttPartCount> kParts = {{
    {RttPart::admitted, "admitted", "Part_1A", "Completed Pathways For Admitted Patients"},
    {RttPart::nonadmitted, "nonadmitted", "Part_1B", "Completed Pathways For Non-Admitted Patients"},
    {RttPart::incomplete, "incomplete", "Part_2", "Incomplete Pathways"},
    {RttPart::dta, "dta", "Part_2A", "Incomplete Pathways with DTA"},
    {RttPart::new_periods, "new", "Part_3", "New RTT Periods - All Patients"},
}};

const PartInfo& info(RttPart part) {
  return kParts[static_cast<size_t>(part)];
}

}  // namespace

std::optional<RttPart> try_parse_part(std::string_view text) {
  const std::string t = to_lower(trim(text));
  for (const auto& p : kParts) {
    if (t == p.name || t == to_lower(p.code)) return p.part;
  }
  if (t == "non-admitted" || t == "non_admitted") return RttPart::nonadmitted;
  if (t == "new_periods" || t == "new-periods") return RttPart::new_periods;
  if (t == "part_2a" || t == "incomplete_dta") return RttPart::dta;
  return std::nullopt;
}

RttPart parse_part(std::string_view text) {
  if (auto p = try_parse_part(text)) return *p;
  throw InputError(fmt::format(
      "unknown RTT part '{}' (expected incomplete, admitted, nonadmitted, new or dta, or a file code "
      "Part_1A, Part_1B, Part_2, Part_2A or Part_3)",
      text));
}

std::string_view part_name(RttPart part) {
  return info(part).name;
}
std::string_view part_code(RttPart part) {
  return info(part).code;
}
std::string_view part_description(RttPart part) {
  return info(part).description;
}

std::string normalise_tfc(std::string_view code) {
  std::string c = std::string(trim(code));
  for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (!c.empty() && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return "C_" + c;
  }
  return c;
}

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

// Field kinds in a data row, precomputed from the header so that each row is one pass over its fields.
constexpr int kIgnore = -1;
constexpr int kBandBase = 1000;  // kBandBase + k: band k

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

// A whole, non-negative count or a blank cell (kBlank).
inline std::uint32_t parse_count(std::string_view cell, const CsvReader& reader, size_t field,
                                 const std::string& column) {
  // Fast path: plain digits.
  if (!cell.empty() && cell.size() <= 9) {
    std::uint32_t v = 0;
    bool ok = true;
    for (char c : cell) {
      const unsigned d = static_cast<unsigned>(c) - '0';
      if (d > 9) {
        ok = false;
        break;
      }
      v = v * 10 + d;
    }
    if (ok) return v;
  }
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

}  // namespace

namespace {
void check_unique_rows(const RttExtract& x, std::size_t first_new);
}  // namespace

// The parser, in the order it works: find the header row and map its columns to roles and bands
// (map_columns), then read each data row (parse_row: field count, counts, month, part, codes), then check the
// whole extract (check_unique_rows). One object holds the state the steps share.
class RttExtractParser {
 public:
  static RttExtract parse(std::string_view text, const std::string& file);

 private:
  RttExtractParser(std::string_view text, const std::string& file) : file_(file), reader_(text, file) {}

  // Header and column mapping.
  void find_header();
  void map_columns();
  // Row parsing.
  void parse_rows(size_t text_size);
  void check_field_count() const;
  YearMonth month_of_row();
  RttPart part_of_row();
  std::uint32_t intern_cached(int role, std::string_view value);
  std::uint32_t intern_optional(Role role);

  const std::string& file_;
  CsvReader reader_;
  RttExtract out_;
  std::vector<std::string_view> fields_;
  // Column layout from the header.
  std::int64_t header_line_ = 0;
  std::vector<std::string> header_;
  std::array<int, kRoleCount> role_col_{};
  std::vector<int> kind_;  // per column: kIgnore, a Role, or kBandBase + band
  int open_band_ = -1;
  // Per-row state and caches (consecutive rows mostly repeat the descriptive cells).
  std::array<std::string_view, kRoleCount> cell_;
  std::array<std::string, kRoleCount> last_text_;
  std::array<std::uint32_t, kRoleCount> last_id_{};
  std::array<bool, kRoleCount> has_last_{};
  std::uint32_t empty_id_ = 0;
  std::string last_period_;
  std::string last_year_;
  std::string last_part_text_ = "\x01";  // never a real cell
  std::optional<RttPart> last_part_;
  std::optional<YearMonth> last_month_;
};

RttExtract RttExtractParser::parse(std::string_view text, const std::string& file) {
  // NHS England publishes the Full CSV extract zipped; gzip and zip are read as they come.
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  if (text.empty() || trim(text).find_first_not_of("\r\n") == std::string_view::npos) {
    throw InputError(SourceLocation{file, 1, 0, {}},
                     "empty file (expected an RTT Full CSV extract with a header row)");
  }
  if (has_binary_content(text)) {
    throw InputError(SourceLocation{file, 1, 0, {}},
                     "binary content, not CSV text (expected an RTT Full CSV extract)");
  }
  RttExtractParser p(text, file);
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
}

// ---- Row parsing

std::uint32_t RttExtractParser::intern_cached(int role, std::string_view value) {
  const auto r = static_cast<size_t>(role);
  if (has_last_[r] && last_text_[r] == value) return last_id_[r];
  last_text_[r].assign(value.data(), value.size());
  has_last_[r] = true;
  last_id_[r] = out_.intern(value);
  return last_id_[r];
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

// The row's month (cached: every row of a file usually has the same period).
YearMonth RttExtractParser::month_of_row() {
  if (!last_month_ || cell_[kPeriod] != last_period_ ||
      (role_col_[kYear] >= 0 && cell_[kYear] != last_year_)) {
    last_month_ = parse_period(cell_[kPeriod], cell_[kYear]);
    if (!last_month_) {
      const size_t col = static_cast<size_t>(role_col_[kPeriod]);
      throw InputError(
          reader_.where(col, header_[col]),
          fmt::format("expected a period such as 'RTT-November-2024' (or a month name with a Year "
                      "column) from {} to {}, got '{}'",
                      kEarliestPlausibleYear, kLatestPlausibleYear, shown(cell_[kPeriod])));
    }
    last_period_ = std::string(cell_[kPeriod]);
    last_year_ = std::string(cell_[kYear]);
  }
  return *last_month_;
}

// The row's part (cached: rows come grouped by part).
RttPart RttExtractParser::part_of_row() {
  if (cell_[kPartType] != last_part_text_) {
    last_part_ = try_parse_part(cell_[kPartType]);
    last_part_text_.assign(cell_[kPartType].data(), cell_[kPartType].size());
  }
  if (!last_part_) {
    const size_t col = static_cast<size_t>(role_col_[kPartType]);
    throw InputError(
        reader_.where(col, header_[col]),
        fmt::format("unknown RTT part type '{}' (expected Part_1A, Part_1B, Part_2, Part_2A or Part_3)",
                    shown(cell_[kPartType])));
  }
  return *last_part_;
}

void RttExtractParser::parse_rows(size_t text_size) {
  const size_t ncol = header_.size();
  const size_t nbands = static_cast<size_t>(open_band_) + 1;
  empty_id_ = out_.intern("");
  std::vector<std::uint32_t> bands(nbands);
  out_.rows_.reserve(text_size / 400 + 16);
  out_.band_counts_.reserve((text_size / 400 + 16) * nbands);

  while (reader_.next(fields_)) {
    check_field_count();
    if (out_.rows_.size() >= kMaxExtractRows) {
      throw InputError(
          SourceLocation{file_, reader_.line(), 1, {}},
          fmt::format("more than {} data rows (expected an RTT Full CSV extract; a national month "
                      "has about 205,000)",
                      kMaxExtractRows));
    }
    cell_.fill(std::string_view());
    std::fill(bands.begin(), bands.end(), 0u);
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
    row.provider = intern_cached(kProvider, cell_[kProvider]);
    row.provider_name = intern_optional(kProviderName);
    row.provider_parent = intern_optional(kProviderParent);
    row.provider_parent_name = intern_optional(kProviderParentName);
    row.commissioner = intern_cached(kCommissioner, cell_[kCommissioner]);
    row.commissioner_name = intern_optional(kCommissionerName);
    row.commissioner_parent = intern_optional(kCommissionerParent);
    row.commissioner_parent_name = intern_optional(kCommissionerParentName);
    {
      const std::string_view code = cell_[kTfc];
      // Codes are compared in their file form (C_110); a bare number is normalised so that joins work.
      const bool bare = std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
      row.tfc = bare ? out_.intern(normalise_tfc(code)) : intern_cached(kTfc, code);
    }
    row.tfc_name = intern_optional(kTfcName);
    row.bands_blank = !any_band;
    row.top_band = static_cast<std::uint16_t>(open_band_);
    row.source = 0;
    row.line = static_cast<std::uint32_t>(reader_.line());
    row.bands_offset = out_.band_counts_.size();
    out_.band_counts_.insert(out_.band_counts_.end(), bands.begin(), bands.end());
    out_.rows_.push_back(row);
  }
  if (out_.rows_.empty()) {
    throw InputError(SourceLocation{file_, header_line_ + 1, 0, {}}, "no data rows after the header");
  }
}

// ---- Validation of the whole extract

// Each (month, provider, commissioner, part, treatment function) appears once in NHS England's files; a
// repeat - a row pasted twice, or the same month's file given twice - would be counted twice in every sum, so
// it is an error naming both places. Rows before `first_new` are known to be unique among themselves.
namespace {
void check_unique_rows(const RttExtract& x, std::size_t first_new) {
  struct Key {
    std::int32_t month;
    std::uint32_t provider, commissioner, tfc;
    std::uint8_t part;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
      std::uint64_t h = static_cast<std::uint32_t>(k.month);
      for (std::uint64_t v : {std::uint64_t{k.provider}, std::uint64_t{k.commissioner}, std::uint64_t{k.tfc},
                              std::uint64_t{k.part}})
        h = (h ^ v) * 0x100000001b3ull + (h >> 29);
      return static_cast<std::size_t>(h);
    }
  };
  const auto& rows = x.rows();
  if (rows.size() - first_new == 0) return;
  // Only months that the new rows have can repeat.
  std::set<YearMonth> new_months;
  for (std::size_t i = first_new; i < rows.size(); ++i) new_months.insert(rows[i].month);
  std::unordered_map<Key, std::size_t, KeyHash> seen;
  seen.reserve(rows.size() - first_new);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const RttExtract::Row& r = rows[i];
    if (i < first_new && !new_months.count(r.month)) continue;
    const Key key{r.month.index(), r.provider, r.commissioner, r.tfc, static_cast<std::uint8_t>(r.part)};
    const auto [it, inserted] = seen.emplace(key, i);
    if (inserted) continue;
    const RttExtract::Row& first = rows[it->second];
    const std::string& first_file = x.sources()[first.source];
    const std::string& file = x.sources()[r.source];
    std::string first_place = fmt::format("{}:{}", first_file, first.line);
    if (first.source == r.source) {
      first_place = fmt::format("line {}", first.line);
    } else if (first_file == file) {
      first_place = fmt::format("line {} of its first copy (the same file given twice)", first.line);
    }
    throw InputError(SourceLocation{file, r.line, 1, {}},
                     fmt::format("repeats the row at {} ({} {} {} {} {}; expected each month, provider, "
                                 "commissioner, part and treatment function once - a repeated row would be "
                                 "counted twice)",
                                 first_place, r.month.to_string(), x.text(r.provider), x.text(r.commissioner),
                                 part_code(r.part), x.text(r.tfc)));
  }
}
}  // namespace

RttExtract RttExtract::parse(std::string_view text, const std::string& file) {
  return RttExtractParser::parse(text, file);
}

RttExtract RttExtract::load(const std::vector<std::string>& paths) {
  RttExtract all;
  for (const auto& path : paths) {
    RttExtract one;
    {
      const std::string text = read_input_file(path);
      one = parse(text, path);
    }
    all.append(std::move(one));
  }
  return all;
}

std::uint32_t RttExtract::intern(std::string_view value) {
  auto it = string_ids_.find(value);
  if (it != string_ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(strings_.size());
  strings_.emplace_back(value);
  string_ids_.emplace(strings_.back(), id);
  return id;
}

std::optional<std::uint32_t> RttExtract::find_text(std::string_view value) const {
  auto it = string_ids_.find(value);
  if (it == string_ids_.end()) return std::nullopt;
  return it->second;
}

void RttExtract::append(RttExtract&& other) {
  if (rows_.empty() && sources_.empty()) {
    *this = std::move(other);
    return;
  }
  std::vector<std::uint32_t> remap(other.strings_.size());
  for (size_t i = 0; i < other.strings_.size(); ++i) remap[i] = intern(other.strings_[i]);
  const auto source_base = static_cast<std::uint32_t>(sources_.size());
  sources_.insert(sources_.end(), other.sources_.begin(), other.sources_.end());
  const size_t band_base = band_counts_.size();
  band_counts_.insert(band_counts_.end(), other.band_counts_.begin(), other.band_counts_.end());
  const std::size_t first_new = rows_.size();
  rows_.reserve(rows_.size() + other.rows_.size());
  for (Row row : other.rows_) {
    for (std::uint32_t* id :
         {&row.provider, &row.provider_name, &row.provider_parent, &row.provider_parent_name,
          &row.commissioner, &row.commissioner_name, &row.commissioner_parent, &row.commissioner_parent_name,
          &row.tfc, &row.tfc_name}) {
      *id = remap[*id];
    }
    row.source += source_base;
    row.bands_offset += band_base;
    rows_.push_back(row);
  }
  try {
    check_unique_rows(*this, first_new);
  } catch (...) {
    // Leave this extract as it was (the dictionary may keep a few unused strings).
    rows_.resize(first_new);
    band_counts_.resize(band_base);
    sources_.resize(source_base);
    throw;
  }
  other = RttExtract();
}

std::uint64_t RttExtract::band_sum(const Row& row) const {
  const std::uint32_t* b = bands(row);
  std::uint64_t sum = 0;
  for (int k = 0; k <= row.top_band; ++k) sum += b[k];
  return sum;
}

std::vector<YearMonth> RttExtract::months() const {
  std::set<YearMonth> seen;
  for (const auto& r : rows_) seen.insert(r.month);
  return {seen.begin(), seen.end()};
}

std::optional<YearMonth> RttExtract::latest_month() const {
  std::optional<YearMonth> m;
  for (const auto& r : rows_) {
    if (!m || *m < r.month) m = r.month;
  }
  return m;
}

namespace {
template <typename Member>
std::vector<std::string> distinct(const RttExtract& x, Member member) {
  std::set<std::string> seen;
  std::vector<bool> done(1024, false);
  for (const auto& r : x.rows()) {
    const std::uint32_t id = r.*member;
    if (id >= done.size()) done.resize(id * 2 + 1, false);
    if (done[id]) continue;
    done[id] = true;
    seen.insert(x.text(id));
  }
  return {seen.begin(), seen.end()};
}

template <typename Code, typename Name>
std::string name_of(const RttExtract& x, std::string_view code, Code code_member, Name name_member) {
  const auto id = x.find_text(code);
  if (!id) return {};
  for (const auto& r : x.rows()) {
    if (r.*code_member == *id) return x.text(r.*name_member);
  }
  return {};
}
}  // namespace

std::vector<std::string> RttExtract::providers() const {
  return distinct(*this, &Row::provider);
}
std::vector<std::string> RttExtract::commissioners() const {
  return distinct(*this, &Row::commissioner);
}
std::vector<std::string> RttExtract::tfcs() const {
  return distinct(*this, &Row::tfc);
}
std::string RttExtract::provider_name(std::string_view code) const {
  return name_of(*this, code, &Row::provider, &Row::provider_name);
}
std::string RttExtract::tfc_name(std::string_view code) const {
  return name_of(*this, normalise_tfc(code), &Row::tfc, &Row::tfc_name);
}
std::string RttExtract::commissioner_name(std::string_view code) const {
  return name_of(*this, code, &Row::commissioner, &Row::commissioner_name);
}

// ---------------------------------------------------------------------------------------------------------
// Selection

namespace {

constexpr std::uint32_t kNoSuchText = 0xFFFFFFFEu;  // a filter value no row has

struct ResolvedFilter {
  std::optional<RttPart> part;
  std::optional<std::uint32_t> provider, tfc, commissioner;
  std::optional<YearMonth> month;
  std::optional<std::uint32_t> all_specialty;  // id of C_999, if present
};

ResolvedFilter resolve(const RttExtract& x, const RowFilter& f) {
  ResolvedFilter r;
  r.part = f.part;
  r.month = f.month;
  auto id_of = [&](const std::optional<std::string>& s) -> std::optional<std::uint32_t> {
    if (!s) return std::nullopt;
    return x.find_text(*s).value_or(kNoSuchText);
  };
  r.provider = id_of(f.provider);
  r.commissioner = id_of(f.commissioner);
  if (f.tfc) r.tfc = x.find_text(normalise_tfc(*f.tfc)).value_or(kNoSuchText);
  r.all_specialty = x.find_text(kAllSpecialtiesTfc);
  return r;
}

bool matches_keys(const RttExtract::Row& row, const ResolvedFilter& f) {
  if (f.part && row.part != *f.part) return false;
  if (f.month && row.month != *f.month) return false;
  if (f.provider && row.provider != *f.provider) return false;
  if (f.commissioner && row.commissioner != *f.commissioner) return false;
  if (f.tfc && row.tfc != *f.tfc) return false;
  return true;
}

bool is_all_specialty(const RttExtract::Row& row, const ResolvedFilter& f) {
  return f.all_specialty && row.tfc == *f.all_specialty;
}

}  // namespace

bool RttExtract::matches(const Row& row, const RowFilter& filter) const {
  const ResolvedFilter f = resolve(*this, filter);
  if (!matches_keys(row, f)) return false;
  if (f.tfc) return true;
  switch (filter.tfc_rows) {
    case TfcRows::automatic:
    case TfcRows::all_specialty:
      return is_all_specialty(row, f);
    case TfcRows::specialties:
      return !is_all_specialty(row, f);
  }
  return false;
}

std::vector<std::size_t> RttExtract::select(const RowFilter& filter) const {
  const ResolvedFilter f = resolve(*this, filter);
  std::vector<std::size_t> total_rows;
  std::vector<std::size_t> specialty_rows;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const Row& row = rows_[i];
    if (!matches_keys(row, f)) continue;
    if (f.tfc || filter.tfc_rows == TfcRows::specialties) {
      if (f.tfc || !is_all_specialty(row, f)) specialty_rows.push_back(i);
      continue;
    }
    if (is_all_specialty(row, f)) {
      total_rows.push_back(i);
    } else if (filter.tfc_rows == TfcRows::automatic) {
      specialty_rows.push_back(i);
    }
  }
  if (f.tfc || filter.tfc_rows == TfcRows::specialties) return specialty_rows;
  // Automatic: the C_999 rows; an extract cut down to specialty rows only falls back to summing them.
  if (total_rows.empty() && filter.tfc_rows == TfcRows::automatic) return specialty_rows;
  return total_rows;
}

RttTotals RttExtract::totals_of(const std::vector<std::size_t>& row_indices) const {
  RttTotals t;
  int top = -1;
  for (std::size_t i : row_indices) {
    const Row& r = rows_[i];
    if (!part_has_bands(r.part)) continue;
    if (top < 0 || r.top_band < top) top = r.top_band;
  }
  std::vector<std::uint64_t> sums(top >= 0 ? static_cast<size_t>(top) + 1 : 0, 0);
  std::uint64_t unknown = 0;
  std::uint64_t total_all = 0;
  for (std::size_t i : row_indices) {
    const Row& r = rows_[i];
    ++t.rows;
    const std::uint64_t u = r.unknown_clock_start == kBlank ? 0 : r.unknown_clock_start;
    std::uint64_t bands_total = 0;
    if (part_has_bands(r.part)) {
      t.has_bands = true;
      const std::uint32_t* b = bands(r);
      for (int k = 0; k <= r.top_band; ++k) {
        sums[static_cast<size_t>(std::min(k, top))] += b[k];
        bands_total += b[k];
      }
    }
    unknown += u;
    total_all += r.total_all != kBlank ? r.total_all : bands_total + u;
  }
  if (top >= 0) {
    t.histogram = WaitHistogram(top);
    for (size_t k = 0; k < sums.size(); ++k) t.histogram.counts[k] = static_cast<double>(sums[k]);
  }
  t.unknown_clock_start = static_cast<double>(unknown);
  t.total_all = static_cast<double>(total_all);
  return t;
}

RttTotals RttExtract::totals(const RowFilter& filter) const {
  return totals_of(select(filter));
}

WaitHistogram RttExtract::histogram(RttPart part, RowFilter filter) const {
  filter.part = part;
  return totals(filter).histogram;
}

WaitHistogram RttExtract::completed_histogram(RowFilter filter) const {
  WaitHistogram h = histogram(RttPart::admitted, filter);
  h += histogram(RttPart::nonadmitted, filter);
  return h;
}

double RttExtract::new_periods(RowFilter filter) const {
  filter.part = RttPart::new_periods;
  return totals(filter).total_all;
}

bool looks_like_rtt_extract(std::string_view text) {
  size_t pos = 0;
  for (int line = 0; line < 32 && pos < text.size(); ++line) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (text.substr(pos, end - pos).find("Provider Org Code") != std::string_view::npos) return true;
    pos = end + 1;
  }
  return false;
}

}  // namespace elective::data
