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
#include "data/rtt_extract_checks.hpp"

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

RttExtract RttExtract::load(const std::vector<std::string>& paths) {
  RttExtract all;
  for (const auto& path : paths) {
    RttExtract one;
    {
      const auto text = InputText::load(path);
      one = parse(text.view(), path);
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
