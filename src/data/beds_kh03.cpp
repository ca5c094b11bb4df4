#include "data/beds_kh03.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "data/csv.hpp"
#include "data/input_file.hpp"
#include "data/input_limits.hpp"
#include "data/named_columns.hpp"

namespace elective::data {
namespace {

constexpr std::string_view kWhat = "the KH03 beds file (data/README.md)";
constexpr std::string_view kBeds = "a number of beds from 0 to 1,000,000,000";
constexpr std::array<std::string_view, kBedSectors> kSectors = {
    "total", "general_acute", "learning_disabilities", "maternity", "mental_illness"};
// Figures are averages of daily counts written as stored; the file's sectors add up to 5e-13.
constexpr double kSectorTolerance = 0.001;

std::vector<std::string_view> required_columns() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (auto s : kSectors) n.push_back("available_" + std::string(s));
    for (auto s : kSectors) n.push_back("occupied_" + std::string(s));
    return n;
  }();
  std::vector<std::string_view> c = {"quarter", "period_end", "region_code", "provider_code",
                                     "provider_name"};
  for (const auto& n : names) c.push_back(n);
  return c;
}

}  // namespace

std::string_view bed_sector_name(BedSector sector) {
  return kSectors[static_cast<std::size_t>(sector)];
}

std::optional<YearMonth> quarter_end(std::string_view q) {
  // "2024-25 Q2": the financial year 2024-25 starts in April 2024.
  if (q.size() != 10 || q[4] != '-' || q[7] != ' ' || q[8] != 'Q' || q[9] < '1' || q[9] > '4')
    return std::nullopt;
  const auto year = parse_int64(q.substr(0, 4));
  const auto next = parse_int64(q.substr(5, 2));
  if (!year || !next || (*year + 1) % 100 != *next) return std::nullopt;
  const int quarter = q[9] - '0';
  return YearMonth(static_cast<int>(*year), 4) + (quarter * 3 - 1);
}

YearMonth quarter_end_of(YearMonth month) {
  // Quarter ends are months 3, 6, 9, 12: round up to the next multiple of three.
  const int m = month.month();
  return month + ((3 - m % 3) % 3);
}

std::size_t BedsKh03::trusts() const {
  std::set<std::string_view> codes;
  for (const auto& r : rows_) codes.insert(r.provider_code);
  return codes.size();
}

const BedsRow* BedsKh03::find(YearMonth month, std::string_view code) const {
  const auto it = index_.find({quarter_end_of(month).index(), std::string(code)});
  return it == index_.end() ? nullptr : &rows_[it->second];
}

bool BedsKh03::has_quarter(YearMonth month) const {
  const YearMonth end = quarter_end_of(month);
  for (auto e : period_ends_)
    if (e == end) return true;
  return false;
}

std::vector<std::pair<const BedsRow*, BedSector>> BedsKh03::over_occupied() const {
  std::vector<std::pair<const BedsRow*, BedSector>> out;
  for (const auto& r : rows_)
    for (std::size_t s = 0; s < kBedSectors; ++s)
      if (r.occupied[s] > r.available[s]) out.emplace_back(&r, static_cast<BedSector>(s));
  return out;
}

BedsKh03 BedsKh03::parse(std::string_view text, const std::string& file) {
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  BedsKh03 out;
  out.source_ = file;
  CsvReader reader(text, file);
  NamedColumns columns(reader, required_columns(), kWhat);
  std::vector<std::string_view> f;
  std::set<YearMonth> ends;
  while (columns.next(f)) {
    if (out.rows_.size() >= kMaxReferenceRows)
      throw InputError(columns.where("quarter"), fmt::format("more than {} rows", kMaxReferenceRows));
    BedsRow r;
    r.line = reader.line();
    r.quarter = columns.required_text(f, "quarter");
    const auto end = quarter_end(r.quarter);
    if (!end)
      throw InputError(
          columns.where("quarter"),
          fmt::format("expected a financial year and quarter such as 2024-25 Q2, got '{}'", r.quarter));
    r.period_end = columns.month(f, "period_end");
    if (r.period_end != *end)
      throw InputError(columns.where("period_end"),
                       fmt::format("{} ends in {}, not {} (expected the quarter's last month)", r.quarter,
                                   end->to_string(), r.period_end.to_string()));
    r.region_code = columns.text(f, "region_code");
    r.provider_code = columns.required_text(f, "provider_code");
    r.provider_name = columns.text(f, "provider_name");
    for (std::size_t s = 0; s < kBedSectors; ++s) {
      // "-" (no beds of that kind) was written as an empty field: no beds.
      r.available[s] =
          columns.optional_number(f, "available_" + std::string(kSectors[s]), 0, kMaxPlausibleCount, kBeds)
              .value_or(0);
      r.occupied[s] =
          columns.optional_number(f, "occupied_" + std::string(kSectors[s]), 0, kMaxPlausibleCount, kBeds)
              .value_or(0);
    }
    for (const char* what : {"available_", "occupied_"}) {
      const auto& v = what[0] == 'a' ? r.available : r.occupied;
      const double sectors = v[1] + v[2] + v[3] + v[4];
      if (std::abs(sectors - v[0]) > kSectorTolerance)
        throw InputError(columns.where(std::string(what) + "total"),
                         fmt::format("{}total is {} but its four sectors add up to {} (expected the sum)",
                                     what, v[0], sectors));
    }
    if (!out.index_.try_emplace({r.period_end.index(), r.provider_code}, out.rows_.size()).second)
      throw InputError(columns.where("provider_code"),
                       fmt::format("repeated row for {} {} (expected one row per quarter and trust)",
                                   r.quarter, r.provider_code));
    ends.insert(r.period_end);
    out.rows_.push_back(std::move(r));
  }
  out.period_ends_.assign(ends.begin(), ends.end());
  return out;
}

bool looks_like_beds_kh03(std::string_view first_line) {
  return first_line.find("available_general_acute") != std::string_view::npos &&
         first_line.find("occupied_general_acute") != std::string_view::npos &&
         first_line.find("provider_code") != std::string_view::npos;
}

}  // namespace elective::data
