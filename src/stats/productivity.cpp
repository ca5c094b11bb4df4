#include "stats/productivity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"
#include "stats/provider_stats.hpp"

namespace elective::stats {
namespace {

constexpr std::size_t kSpecialties = data::kTotalSpecialty;  // the 19 groups below Total

// What one provider group of the RTT file did in one month, with its staff and beds.
struct GroupMonth {
  std::uint32_t group = 0;
  std::optional<double> clock_stops;         // completed, Total row
  std::array<double, kSpecialties> stops{};  // completed by specialty
  std::array<double, kSpecialties> list{};   // incomplete by specialty
  double list_total = 0;
  double consultants = 0, doctors = 0;
  bool has_staff = false, partial_staff = false;
  std::optional<double> beds, occupied;
  bool no_beds_row = false, no_beds_quarter = false;
  bool unreported = false, undercounted = false, acute = true;
  std::optional<double> expected;
  bool compared() const { return expected.has_value(); }
  std::optional<double> ratio() const {
    if (!expected || *expected <= 0 || !clock_stops) return std::nullopt;
    return *clock_stops / *expected;
  }
};

// Linear-interpolated quantile (R type 7) of sorted values; 0 for none.
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Every provider group's month, standardised against the groups compared that month.
std::vector<GroupMonth> month_of(const ProductivitySources& src, const std::set<std::string>& acute,
                                 YearMonth month) {
  const data::ProviderMonths& rtt = *src.rtt;
  std::map<std::uint32_t, GroupMonth> by_group;
  for (const auto& row : rtt.rows()) {
    if (row.month != month || row.type == data::MonthsType::referrals) continue;
    GroupMonth& g = by_group[row.group];
    g.group = row.group;
    if (row.type == data::MonthsType::completed) {
      if (row.specialty == data::kTotalSpecialty)
        g.clock_stops = row.total;
      else
        g.stops[row.specialty] += row.total;
    } else if (row.specialty != data::kTotalSpecialty) {
      g.list[row.specialty] += row.total;
      g.list_total += row.total;
    }
  }
  std::vector<GroupMonth> out;
  for (auto& [index, g] : by_group) {
    const data::ProviderGroup& group = rtt.groups()[index];
    for (const auto& code : group.codes) {
      if (const auto* w = src.workforce->find(month, code)) {
        g.has_staff = true;
        g.consultants += (*w)[data::StaffGroup::consultant];
        g.doctors += (*w)[data::StaffGroup::hchs_doctors];
      } else {
        g.partial_staff = true;
      }
    }
    if (!g.has_staff) continue;  // not a staff-employing NHS organisation of the workforce file
    if (!group.merged()) g.partial_staff = false;
    if (src.beds) {
      if (!src.beds->has_quarter(month)) {
        g.no_beds_quarter = true;
      } else {
        for (const auto& code : group.codes)
          if (const auto* b = src.beds->find(month, code)) {
            g.beds = g.beds.value_or(0) + b->available_in(data::BedSector::general_acute);
            g.occupied = g.occupied.value_or(0) + b->occupied_in(data::BedSector::general_acute);
          }
        g.no_beds_row = !g.beds.has_value();
      }
    }
    g.unreported = rtt.unreported(month, index) || !g.clock_stops || g.list_total <= 0;
    g.undercounted = rtt.undercounted_completed(month, index);
    if (src.org_types) {
      g.acute = false;
      for (const auto& code : group.codes) g.acute = g.acute || acute.count(code) > 0;
    }
    out.push_back(g);
  }
  // Indirect standardisation over the groups with clock stops, consultants and a reported list.
  auto in_comparison = [](const GroupMonth& g) {
    return g.acute && !g.unreported && g.clock_stops && *g.clock_stops > 0 && g.consultants > 0;
  };
  std::array<double, kSpecialties> stops{}, exposure{};
  double observed = 0;
  for (const auto& g : out) {
    if (!in_comparison(g)) continue;
    observed += *g.clock_stops;
    for (std::size_t s = 0; s < kSpecialties; ++s) {
      stops[s] += g.stops[s];
      exposure[s] += g.consultants * g.list[s] / g.list_total;
    }
  }
  double specialty_stops = 0;
  for (std::size_t s = 0; s < kSpecialties; ++s)
    if (exposure[s] > 0) specialty_stops += stops[s];
  if (specialty_stops <= 0) return out;
  const double c = observed / specialty_stops;
  for (auto& g : out) {
    if (!in_comparison(g)) continue;
    double e = 0;
    for (std::size_t s = 0; s < kSpecialties; ++s)
      if (exposure[s] > 0) e += g.consultants * g.list[s] / g.list_total * c * stops[s] / exposure[s];
    g.expected = e;
  }
  return out;
}

// Least-squares slope of (month index, value); nullopt below three points.
std::optional<double> slope(const std::vector<std::pair<double, double>>& points) {
  if (points.size() < 3) return std::nullopt;
  double mx = 0, my = 0;
  for (const auto& [x, y] : points) mx += x, my += y;
  mx /= static_cast<double>(points.size());
  my /= static_cast<double>(points.size());
  double sxy = 0, sxx = 0;
  for (const auto& [x, y] : points) sxy += (x - mx) * (y - my), sxx += (x - mx) * (x - mx);
  return sxx > 0 ? std::optional(sxy / sxx) : std::nullopt;
}

void add_flag(std::vector<std::string>& flags, std::string_view flag) {
  if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.emplace_back(flag);
}

void add(std::optional<double>& total, const std::optional<double>& v) {
  if (v) total = total.value_or(0) + *v;
}

}  // namespace

ProductivityLevel parse_productivity_level(std::string_view text) {
  if (text == "provider") return ProductivityLevel::provider;
  if (text == "icb") return ProductivityLevel::icb;
  if (text == "region") return ProductivityLevel::region;
  throw InputError(fmt::format("--by: expected provider, icb or region; got '{}'", text));
}

std::optional<double> ProductivityRow::per_consultant() const {
  if (!clock_stops || !consultant_fte || *consultant_fte <= 0) return std::nullopt;
  return *clock_stops / *consultant_fte;
}
std::optional<double> ProductivityRow::per_doctor() const {
  if (!clock_stops || !doctor_fte || *doctor_fte <= 0) return std::nullopt;
  return *clock_stops / *doctor_fte;
}
std::optional<double> ProductivityRow::per_bed() const {
  if (!clock_stops || !general_acute_beds || *general_acute_beds <= 0) return std::nullopt;
  return *clock_stops / *general_acute_beds;
}
std::string ProductivityRow::flag_text() const {
  std::string out;
  for (const auto& f : flags) out += (out.empty() ? "" : ";") + f;
  return out;
}

ProductivityResult productivity(const ProductivitySources& src, const ProductivityOptions& options) {
  if (src.rtt == nullptr) throw InputError("productivity: the RTT provider months file is required");
  if (src.workforce == nullptr) throw InputError("productivity: the workforce FTE file is required");
  if (options.by != ProductivityLevel::provider && src.reference == nullptr)
    throw InputError("--by icb|region: needs the provider reference (providers.csv)");
  ProductivityResult result;
  for (auto m : src.rtt->months())
    if (std::binary_search(src.workforce->months().begin(), src.workforce->months().end(), m))
      result.months.push_back(m);
  if (result.months.empty())
    throw InputError(fmt::format("{} and {} share no month (expected RTT and workforce figures of one month)",
                                 src.rtt->source(), src.workforce->source()));
  result.month = options.month.value_or(result.months.back());
  if (!std::binary_search(result.months.begin(), result.months.end(), result.month)) {
    std::string list;
    for (auto m : result.months) list += (list.empty() ? "" : ", ") + m.to_string();
    throw InputError(fmt::format("--month {}: not in both the RTT and the workforce file (months: {})",
                                 result.month.to_string(), list));
  }
  // The trend window: every shared month up to the chosen one.
  std::map<std::uint32_t, std::vector<std::pair<double, double>>> trend_points;
  std::set<std::uint32_t> trend_gaps;
  std::set<std::string> acute;
  if (src.org_types)
    for (const auto& r : src.org_types->rows())
      if (r.org_type == "Acute") acute.insert(r.provider_code);
  std::vector<GroupMonth> current;
  int window = 0;
  for (auto m : result.months) {
    if (m > result.month) break;
    ++window;
    auto groups = month_of(src, acute, m);
    for (const auto& g : groups) {
      if (const auto r = g.ratio())
        trend_points[g.group].emplace_back(static_cast<double>(m.index()), *r);
      else
        trend_gaps.insert(g.group);
    }
    if (m == result.month) current = std::move(groups);
  }
  std::set<std::uint32_t> with_staff;
  for (const auto& g : current) with_staff.insert(g.group);
  std::set<std::uint32_t> rtt_groups;
  for (const auto& row : src.rtt->rows())
    if (row.month == result.month) rtt_groups.insert(row.group);
  result.rtt_providers_without_staff = static_cast<int>(rtt_groups.size() - with_staff.size());

  std::vector<double> ratios;
  for (const auto& g : current)
    if (const auto r = g.ratio()) ratios.push_back(*r);
  std::sort(ratios.begin(), ratios.end());
  result.trusts_compared = static_cast<int>(ratios.size());
  result.peer_median_ratio = quantile(ratios, 0.5);
  result.peer_upper_quartile_ratio = quantile(ratios, 0.75);

  std::map<std::string, ProductivityRow> rows;
  for (const auto& g : current) {
    const data::ProviderGroup& group = src.rtt->groups()[g.group];
    std::string key = group.key, name = provider_group_label(group);
    if (options.by != ProductivityLevel::provider) {
      const ProviderPlace place = provider_place(group, *src.reference);
      key = options.by == ProductivityLevel::icb ? place.icb : place.region;
      name = options.by == ProductivityLevel::icb ? place.icb_name : place.region_name;
    }
    auto [it, fresh] = rows.try_emplace(key);
    ProductivityRow& row = it->second;
    if (fresh) {
      row.key = key;
      row.name = name;
      row.month = result.month;
      row.trusts = 0;
    }
    ++row.trusts;
    add(row.clock_stops, g.clock_stops);
    add(row.consultant_fte, g.consultants);
    add(row.doctor_fte, g.doctors);
    add(row.general_acute_beds, g.beds);
    add(row.general_acute_occupied, g.occupied);
    add(row.expected_clock_stops, g.expected);
    if (const auto r = g.ratio()) {
      row.added_at_median += std::max(0.0, result.peer_median_ratio - *r) * *g.expected;
      row.added_at_upper_quartile += std::max(0.0, result.peer_upper_quartile_ratio - *r) * *g.expected;
    }
    if (options.by == ProductivityLevel::provider) {
      const auto points = trend_points.find(g.group);
      if (points != trend_points.end()) row.ratio_trend_per_month = slope(points->second);
    }
    if (group.merged()) add_flag(row.flags, "merged_provider_group");
    if (g.undercounted) add_flag(row.flags, "undercounted_specialty");
    if (g.unreported) add_flag(row.flags, "unreported_month");
    if (!g.acute) add_flag(row.flags, "not_acute_trust");
    if (g.partial_staff) add_flag(row.flags, "partial_workforce");
    if (g.consultants <= 0) add_flag(row.flags, "no_consultants");
    if (g.no_beds_row) add_flag(row.flags, "no_beds_row");
    if (g.no_beds_quarter) add_flag(row.flags, "no_beds_quarter");
    if (options.by == ProductivityLevel::provider && g.acute && window >= 3 && trend_gaps.count(g.group))
      add_flag(row.flags, "trend_months_missing");
    // A group row's ratio compares the trusts in the comparison only: its observed is theirs.
  }
  for (auto& [key, row] : rows) {
    (void)key;
    // In name order, so that an area's flags do not depend on the order its trusts come in.
    std::sort(row.flags.begin(), row.flags.end());
    if (row.expected_clock_stops && *row.expected_clock_stops > 0) {
      double observed = 0;
      for (const auto& g : current) {
        if (!g.compared()) continue;
        const data::ProviderGroup& group = src.rtt->groups()[g.group];
        std::string k = group.key;
        if (options.by != ProductivityLevel::provider) {
          const ProviderPlace place = provider_place(group, *src.reference);
          k = options.by == ProductivityLevel::icb ? place.icb : place.region;
        }
        if (k == row.key) observed += *g.clock_stops;
      }
      row.standardised_ratio = observed / *row.expected_clock_stops;
    }
    result.rows.push_back(std::move(row));
  }
  return result;
}

Table productivity_table(const ProductivityResult& result, ProductivityLevel level, bool for_text) {
  Table t;
  t.columns.push_back({"provider", "Provider", CellKind::text});
  if (level == ProductivityLevel::icb) t.columns.push_back({"icb", "ICB", CellKind::text});
  if (level == ProductivityLevel::region) t.columns.push_back({"region", "Region", CellKind::text});
  t.columns.push_back({"name", "Name", CellKind::text});
  t.columns.push_back({"month", "Month", CellKind::text});
  t.columns.push_back({"clock_stops", "Clock stops", CellKind::count});
  t.columns.push_back({"consultant_fte", "Consultant FTE", CellKind::number, 1});
  t.columns.push_back({"clock_stops_per_consultant_fte", "Per consultant", CellKind::number, 1});
  t.columns.push_back({"doctor_fte", "Doctor FTE", CellKind::number, 1});
  t.columns.push_back({"clock_stops_per_doctor_fte", "Per doctor", CellKind::number, 1});
  t.columns.push_back({"general_acute_beds", "G&A beds", CellKind::number, 1});
  t.columns.push_back({"clock_stops_per_bed", "Per bed", CellKind::number, 2});
  t.columns.push_back({"general_acute_occupancy", "G&A occupied", CellKind::fraction, 3});
  t.columns.push_back({"expected_clock_stops", "Expected", CellKind::count});
  t.columns.push_back({"standardised_ratio", "Ratio", CellKind::number, 3});
  if (level == ProductivityLevel::provider)
    t.columns.push_back({"standardised_ratio_trend_per_month", "Trend/month", CellKind::number, 4});
  t.columns.push_back({"added_clock_stops_at_median", "Add at median", CellKind::count});
  t.columns.push_back({"added_clock_stops_at_upper_quartile", "Add at UQ", CellKind::count});
  if (level != ProductivityLevel::provider) t.columns.push_back({"trusts", "Trusts", CellKind::count});
  t.columns.push_back({"flags", "Flags", CellKind::text});
  auto num = [](const std::optional<double>& v) -> Cell {
    return v && std::isfinite(*v) ? Cell{*v} : Cell{};
  };
  for (const auto& r : result.rows) {
    std::vector<Cell> cells;
    if (level == ProductivityLevel::provider) {
      // For people a merged group's key is shortened to its first two codes (CSV and JSON keep it whole).
      std::string key = r.key;
      if (for_text && key.rfind("merged:", 0) == 0 && key.size() > 24) {
        const auto second = key.find('+', key.find('+') + 1);
        if (second != std::string::npos) key = key.substr(0, second) + "+...";
      }
      cells.emplace_back(key);
    } else {
      cells.emplace_back(std::monostate{});
      cells.emplace_back(r.key);
    }
    cells.emplace_back(r.name);
    cells.emplace_back(r.month.to_string());
    cells.push_back(num(r.clock_stops));
    cells.push_back(num(r.consultant_fte));
    cells.push_back(num(r.per_consultant()));
    cells.push_back(num(r.doctor_fte));
    cells.push_back(num(r.per_doctor()));
    cells.push_back(num(r.general_acute_beds));
    cells.push_back(num(r.per_bed()));
    std::optional<double> occupancy;
    if (r.general_acute_beds && *r.general_acute_beds > 0 && r.general_acute_occupied)
      occupancy = *r.general_acute_occupied / *r.general_acute_beds;
    cells.push_back(num(occupancy));
    cells.push_back(num(r.expected_clock_stops));
    cells.push_back(num(r.standardised_ratio));
    if (level == ProductivityLevel::provider) cells.push_back(num(r.ratio_trend_per_month));
    cells.push_back(num(r.added_at_median));
    cells.push_back(num(r.added_at_upper_quartile));
    if (level != ProductivityLevel::provider) cells.emplace_back(std::int64_t{r.trusts});
    cells.emplace_back(r.flag_text());
    t.add_row(std::move(cells));
  }
  return t;
}

}  // namespace elective::stats
