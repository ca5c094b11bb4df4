#include "data/provider_months.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "core/error.hpp"
#include "data/csv.hpp"
#include "data/csv_header.hpp"
#include "data/input_limits.hpp"

namespace elective::data {

namespace {

constexpr std::string_view kLayout = "the RTT provider months layout (rtt_provider_months_waited.csv)";

// Column order of `names` below: the fixed columns, the 13 bins, total, then the optional merged codes.
enum Col : std::size_t { c_month, c_code, c_name, c_specialty, c_type, c_bin0 };
constexpr std::size_t c_total = c_bin0 + kMonthBins;
constexpr std::size_t c_merged = c_total + 1;
constexpr std::array<std::string_view, c_merged + 1> kNames{
    "month", "provider_code", "provider_name", "specialty", "type",
    "m00",   "m01",           "m02",           "m03",       "m04",
    "m05",   "m06",           "m07",           "m08",       "m09",
    "m10",   "m11",           "m12_plus",      "total",     "merged_provider_codes"};

bool valid_code(std::string_view code) {
  return !code.empty() && code.size() <= 16 && std::all_of(code.begin(), code.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c));
  });
}

std::uint64_t row_key(int month, std::uint32_t group, std::uint16_t specialty, MonthsType type) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(month)) << 40) |
         (static_cast<std::uint64_t>(group) << 8) | (static_cast<std::uint64_t>(specialty) << 2) |
         static_cast<std::uint64_t>(type);
}

}  // namespace

std::string_view months_type_name(MonthsType type) {
  switch (type) {
    case MonthsType::referrals:
      return "referrals";
    case MonthsType::completed:
      return "completed";
    case MonthsType::incomplete:
      return "incomplete";
  }
  return "incomplete";
}

std::optional<MonthsType> parse_months_type(std::string_view text) {
  for (const MonthsType t : {MonthsType::referrals, MonthsType::completed, MonthsType::incomplete})
    if (text == months_type_name(t)) return t;
  return std::nullopt;
}

const std::vector<SpecialtyGroup>& specialty_groups() {
  static const std::vector<SpecialtyGroup> table = {
      {"General Surgery", "C_100"},
      {"Urology", "C_101"},
      {"Trauma and Orthopaedic", "C_110"},
      {"Ear Nose and Throat", "C_120"},
      {"Ophthalmology", "C_130"},
      {"Oral Surgery", "C_140"},
      {"Neurosurgical", "C_150"},
      {"Plastic Surgery", "C_160"},
      {"Cardiothoracic Surgery", "C_170"},
      {"General Internal Medicine", "C_300"},
      {"Gastroenterology", "C_301"},
      {"Cardiology", "C_320"},
      {"Dermatology", "C_330"},
      {"Respiratory Medicine", "C_340"},
      {"Neurology", "C_400"},
      {"Rheumatology", "C_410"},
      {"Elderly Medicine", "C_430"},
      {"Gynaecology", "C_502"},
      {"Other", "X01-X06"},
      {"Total", "C_999"},
  };
  return table;
}

std::optional<std::uint16_t> find_specialty(std::string_view text) {
  const std::string wanted = to_lower(trim(text));
  const auto& table = specialty_groups();
  for (std::size_t i = 0; i < table.size(); ++i) {
    const std::string code = to_lower(table[i].code);
    if (wanted == to_lower(table[i].name) || wanted == code ||
        (code.rfind("c_", 0) == 0 && wanted == code.substr(2)))
      return static_cast<std::uint16_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ProviderMonths::find_group(std::string_view key) const {
  for (std::uint32_t g = 0; g < groups_.size(); ++g)
    if (groups_[g].key == key) return g;
  return std::nullopt;
}

std::optional<std::uint32_t> ProviderMonths::group_holding(std::string_view code) const {
  for (std::uint32_t g = 0; g < groups_.size(); ++g)
    if (groups_[g].merged() &&
        std::find(groups_[g].codes.begin(), groups_[g].codes.end(), code) != groups_[g].codes.end())
      return g;
  return std::nullopt;
}

bool ProviderMonths::unreported(YearMonth month, std::uint32_t group) const {
  return unreported_.count({month.index(), group}) != 0;
}

bool ProviderMonths::undercounted_completed(YearMonth month, std::uint32_t group) const {
  return undercounted_.count({month.index(), group}) != 0;
}

ProviderMonths ProviderMonths::parse(std::string_view text, const std::string& file) {
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  ProviderMonths out;
  out.source_ = file;
  CsvReader reader(text, file);
  std::vector<std::string_view> fields;
  if (!reader.next(fields))
    throw InputError(SourceLocation{file, 1, 1, {}}, "empty file (expected a header row)");
  const std::size_t header_size = fields.size();
  const std::vector<int> col = header_columns(reader, fields, kNames, c_total + 1, kLayout);

  std::unordered_map<std::string, std::uint32_t> group_of_name;
  std::unordered_map<std::string, std::uint32_t> group_of_key;
  std::unordered_map<std::uint64_t, std::int64_t> line_of_row;
  std::set<int> months;
  std::string merged_key;
  std::vector<std::string> merged_codes;

  auto where = [&](std::size_t c) {
    return reader.where(static_cast<std::size_t>(col[c]), std::string(kNames[c]));
  };

  while (reader.next(fields)) {
    expect_field_count(reader, fields, header_size);
    if (out.rows_.size() >= kMaxProviderMonthsRows)
      throw InputError(
          reader.where(0),
          fmt::format("more than {} data rows (expected one file of the layout)", kMaxProviderMonthsRows));
    ProviderMonthsRow row;
    const std::string_view month_text = cell(fields, col[c_month]);
    const auto month = YearMonth::parse(month_text);
    if (!month)
      throw InputError(where(c_month), fmt::format("expected a month as YYYY-MM, got '{}'", month_text));
    if (month->year() < kEarliestPlausibleYear || month->year() > kLatestPlausibleYear)
      throw InputError(where(c_month),
                       fmt::format("month {} is outside the plausible range {}-01 to {}-12",
                                   month->to_string(), kEarliestPlausibleYear, kLatestPlausibleYear));
    row.month = *month;

    // The provider: a code of its own, or a merged group (empty code and a list of codes).
    const std::string_view code = cell(fields, col[c_code]);
    const std::string_view name = cell(fields, col[c_name]);
    const std::string_view merged = cell(fields, col[c_merged]);
    if (name.empty()) throw InputError(where(c_name), "expected a provider name, got an empty cell");
    if (!code.empty() && !merged.empty())
      throw InputError(where(c_merged),
                       "expected merged_provider_codes to be empty when provider_code is set");
    if (code.empty()) {
      if (merged.empty())
        throw InputError(where(c_code),
                         "expected a provider code (or, for a row that holds several providers, "
                         "their codes in merged_provider_codes)");
      merged_codes.clear();
      std::string_view rest = merged;
      while (true) {
        const std::size_t semi = rest.find(';');
        const std::string_view one = trim(rest.substr(0, semi));
        if (!valid_code(one))
          throw InputError(where(c_merged),
                           fmt::format("expected ODS codes separated by ';', got '{}'", merged));
        merged_codes.emplace_back(one);
        if (semi == std::string_view::npos) break;
        rest.remove_prefix(semi + 1);
      }
      std::sort(merged_codes.begin(), merged_codes.end());
      if (merged_codes.size() < 2 ||
          std::adjacent_find(merged_codes.begin(), merged_codes.end()) != merged_codes.end())
        throw InputError(where(c_merged),
                         fmt::format("expected two or more different ODS codes, got '{}'", merged));
      merged_key = "merged:";
      for (std::size_t i = 0; i < merged_codes.size(); ++i) merged_key += (i ? "+" : "") + merged_codes[i];
    } else if (!valid_code(code)) {
      throw InputError(where(c_code),
                       fmt::format("expected an ODS code (letters and digits), got '{}'", code));
    }
    const std::string key = code.empty() ? merged_key : std::string(code);
    auto by_name = group_of_name.find(std::string(name));
    if (by_name != group_of_name.end()) {
      if (out.groups_[by_name->second].key != key)
        throw InputError(code.empty() ? where(c_merged) : where(c_code),
                         fmt::format("provider '{}' is '{}' at line {} and '{}' here (expected one code or "
                                     "group per provider name)",
                                     name, out.groups_[by_name->second].key,
                                     out.groups_[by_name->second].first_line, key));
      row.group = by_name->second;
    } else {
      if (auto by_key = group_of_key.find(key); by_key != group_of_key.end())
        throw InputError(
            where(c_name),
            fmt::format("'{}' is named '{}' at line {} (expected one name per code)", key,
                        out.groups_[by_key->second].name, out.groups_[by_key->second].first_line));
      ProviderGroup g;
      g.key = key;
      g.name = std::string(name);
      g.codes = code.empty() ? merged_codes : std::vector<std::string>{std::string(code)};
      g.first_line = reader.line();
      row.group = static_cast<std::uint32_t>(out.groups_.size());
      out.groups_.push_back(std::move(g));
      group_of_name.emplace(std::string(name), row.group);
      group_of_key.emplace(key, row.group);
    }

    const std::string_view specialty = cell(fields, col[c_specialty]);
    const auto spec = std::find_if(specialty_groups().begin(), specialty_groups().end(),
                                   [&](const SpecialtyGroup& s) { return s.name == specialty; });
    if (spec == specialty_groups().end())
      throw InputError(
          where(c_specialty),
          fmt::format("expected one of the 20 specialty names (General Surgery, ..., Other, Total), "
                      "got '{}'",
                      specialty));
    row.specialty = static_cast<std::uint16_t>(spec - specialty_groups().begin());
    const std::string_view type = cell(fields, col[c_type]);
    const auto t = parse_months_type(type);
    if (!t)
      throw InputError(where(c_type),
                       fmt::format("expected referrals, completed or incomplete, got '{}'", type));
    row.type = *t;

    // The bins: finite counts, multiples of 1/7 (stored exactly); referrals have their count in m00 only.
    double sum = 0;
    for (int b = 0; b <= kMonthBins; ++b) {
      const std::size_t c = c_bin0 + static_cast<std::size_t>(b);
      const std::string_view v = cell(fields, col[c]);
      if (v.empty()) {
        if (row.type == MonthsType::referrals && b >= 1 && b < kMonthBins) continue;
        throw InputError(where(c), row.type == MonthsType::referrals && b == 0
                                       ? "expected the count of referrals, got an empty cell"
                                       : "expected a count of pathways, got an empty cell");
      }
      const auto value = parse_double(v);
      if (!value || *value < 0 || *value > kMaxPlausibleCount)
        throw InputError(where(c), fmt::format("expected a count from 0 to 1,000,000,000, got '{}'", v));
      const double sevenths = std::round(*value * 7);
      if (std::abs(*value * 7 - sevenths) > 0.002)
        throw InputError(where(c),
                         fmt::format("expected a multiple of 1/7 written to 4 decimals (NHSRtt shares "
                                     "weekly bands by sevenths), got '{}'",
                                     v));
      if (b < kMonthBins) {
        if (row.type == MonthsType::referrals && b >= 1 && sevenths != 0)
          throw InputError(where(c),
                           fmt::format("expected an empty cell (referrals are counted in m00), got '{}'", v));
        row.bins[static_cast<std::size_t>(b)] = sevenths / 7;
        sum += sevenths / 7;
      } else {
        row.total = sevenths / 7;
      }
    }
    if (std::abs(row.total - sum) > 0.01)
      throw InputError(
          where(c_total),
          fmt::format("expected the sum of m00 ... m12_plus ({:.4f}), got {:.4f}", sum, row.total));

    const std::uint64_t k = row_key(row.month.index(), row.group, row.specialty, row.type);
    if (auto [it, fresh] = line_of_row.emplace(k, reader.line()); !fresh)
      throw InputError(reader.where(0),
                       fmt::format("duplicate row: the same month, provider, specialty and type "
                                   "as line {} (expected each once)",
                                   it->second));
    months.insert(row.month.index());
    out.rows_.push_back(row);
  }
  if (out.rows_.empty()) throw InputError(SourceLocation{file, 2, 1, {}}, "no data rows after the header");

  // A code folded into a merged group must not also have rows of its own (its pathways would count twice).
  for (const ProviderGroup& g : out.groups_) {
    if (!g.merged()) continue;
    for (const std::string& c : g.codes)
      if (auto own = group_of_key.find(c); own != group_of_key.end())
        throw InputError(
            SourceLocation{file, g.first_line, 1, "merged_provider_codes"},
            fmt::format("{} has rows of its own from line {} and is also in the merged group '{}' "
                        "(expected each provider once)",
                        c, out.groups_[own->second].first_line, g.name));
  }

  for (int m : months) out.months_.push_back(YearMonth::from_index(m));
  // The defects of the source, per (month, provider).
  std::map<std::pair<int, std::uint32_t>, std::array<double, 3>>
      per_pair;  // total incomplete, Total completed,
                 // sum of specialty completed
  for (const ProviderMonthsRow& r : out.rows_) {
    auto& v = per_pair[{r.month.index(), r.group}];
    if (r.specialty == kTotalSpecialty && r.type == MonthsType::incomplete) v[0] += r.total;
    if (r.type == MonthsType::completed) v[r.specialty == kTotalSpecialty ? 1 : 2] += r.total;
  }
  for (const auto& [pair, v] : per_pair) {
    if (v[0] <= 0) out.unreported_.insert(pair);
    if (v[2] < v[1] - 0.5) out.undercounted_.insert(pair);
  }
  return out;
}

ProviderMonths ProviderMonths::load(const std::string& path) {
  return parse(read_input_file(path), path);
}

bool looks_like_provider_months(std::string_view first_line) {
  return first_line.find("month") != std::string_view::npos &&
         first_line.find("type") != std::string_view::npos &&
         first_line.find("m00") != std::string_view::npos &&
         first_line.find("m12_plus") != std::string_view::npos;
}

}  // namespace elective::data
