#include "stats/cancer_stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "core/error.hpp"
#include "data/csv.hpp"
#include "stats/breakdown_list.hpp"

namespace elective::stats {
namespace {

using data::CancerStandard;

CwtBreakdown parse_one(std::string_view text) {
  if (text == "standard") return CwtBreakdown::standard;
  if (text == "provider") return CwtBreakdown::provider;
  if (text == "cancer_type") return CwtBreakdown::cancer_type;
  if (text == "route" || text == "stage_route") return CwtBreakdown::route;
  if (text == "month") return CwtBreakdown::month;
  throw InputError(fmt::format(
      "--by: expected standard, provider, cancer_type, route or month for cancer waiting times; got '{}'",
      text));
}

// The published performance is rounded to one decimal place, and a standard is met at, say, 75.0%.
bool at_least(double performance, double share) {
  return performance >= share - 1e-9;
}

}  // namespace

const CancerStandardInfo& cancer_standard_info(CancerStandard standard) {
  // Thresholds and ambitions: domain.md and the elective recovery plan (2022); the 2025/26 planning guidance
  // set FDS 80% and 62-day 75% by March 2026.
  static const std::vector<CancerStandardInfo> table = {
      {CancerStandard::fds28,
       28,
       0.75,
       {{0.75, YearMonth(2024, 3)}, {0.77, YearMonth(2025, 3)}, {0.80, YearMonth(2026, 3)}}},
      {CancerStandard::d31, 31, 0.96, {}},
      {CancerStandard::d62, 62, 0.85, {{0.75, YearMonth(2026, 3)}}},
  };
  return table[static_cast<size_t>(standard)];
}

std::optional<CancerAmbition> ambition_for(const CancerStandardInfo& info, YearMonth month) {
  if (info.ambitions.empty()) return std::nullopt;
  for (const auto& a : info.ambitions)
    if (!(a.by < month)) return a;
  return info.ambitions.back();
}

std::vector<CwtBreakdown> parse_cwt_breakdowns(const std::vector<std::string>& items) {
  return parse_breakdown_list<CwtBreakdown>(items, [](std::string_view item) -> std::optional<CwtBreakdown> {
    const auto part = data::trim(item);
    if (part.empty() || part == "none") return std::nullopt;
    return parse_one(part);
  });
}

std::vector<CwtStatsRow> cwt_query(const data::CwtProvider& extract, const CwtSelection& s,
                                   const std::vector<CwtBreakdown>& by) {
  auto has = [&](CwtBreakdown b) { return std::find(by.begin(), by.end(), b) != by.end(); };
  const std::string& file = extract.source();
  if (extract.size() == 0)
    throw InputError(fmt::format("{}: the cancer waiting times file has no rows", file));
  const auto& months = extract.months();
  std::optional<YearMonth> month = s.month;
  if (!month && !has(CwtBreakdown::month)) month = months.back();
  if (month && std::find(months.begin(), months.end(), *month) == months.end())
    throw InputError(fmt::format("{}: no rows for {} (the file has {} months from {} to {})", file,
                                 month->to_string(), months.size(), months.front().to_string(),
                                 months.back().to_string()));
  if (s.provider) {
    const auto providers = extract.providers();
    if (!std::binary_search(providers.begin(), providers.end(), *s.provider))
      throw InputError(
          fmt::format("{}: provider '{}' is not in the cancer waiting times file", file, *s.provider));
  }
  const bool by_provider = has(CwtBreakdown::provider) || s.provider;
  const bool by_type = has(CwtBreakdown::cancer_type) || s.cancer_type;
  const bool by_route = has(CwtBreakdown::route) || s.route;
  using Key = std::tuple<int, std::string, std::string, std::string, int>;
  std::map<Key, CwtStatsRow> groups;
  bool type_seen = !s.cancer_type, route_seen = !s.route;
  for (const data::CwtRow& r : extract.rows()) {
    if (r.standard != CancerStandard::fds28 && r.treatment_modality != "ALL MODALITIES") continue;
    if (s.cancer_type && data::to_lower(r.cancer_type) == data::to_lower(*s.cancer_type)) type_seen = true;
    if (s.route && data::to_lower(r.stage_route) == data::to_lower(*s.route)) route_seen = true;
    if (s.standard && r.standard != *s.standard) continue;
    if (month && r.month != *month) continue;
    if (s.provider && r.provider_code != *s.provider) continue;
    if (s.cancer_type && data::to_lower(r.cancer_type) != data::to_lower(*s.cancer_type)) continue;
    if (s.route && data::to_lower(r.stage_route) != data::to_lower(*s.route)) continue;
    const Key key{static_cast<int>(r.standard), by_provider ? r.provider_code : "",
                  by_type ? r.cancer_type : "", by_route ? r.stage_route : "", r.month.index()};
    CwtStatsRow& g = groups[key];
    g.standard = r.standard;
    if (by_provider) g.provider = r.provider_code;
    if (by_type) g.cancer_type = r.cancer_type;
    if (by_route) g.route = r.stage_route;
    g.month = r.month;
    g.total += r.total;
    g.within_standard += r.within_standard;
    g.breaches += r.breaches;
    ++g.source_rows;
    if (r.disagreement) ++g.rows_disagreeing;
  }
  if (!type_seen)
    throw InputError(
        fmt::format("{}: cancer type '{}' is not in the file (labels as published, e.g. 'Lung' or "
                    "'Suspected lung cancer')",
                    file, *s.cancer_type));
  if (!route_seen) throw InputError(fmt::format("{}: route '{}' is not in the file", file, *s.route));
  if (groups.empty()) throw InputError(fmt::format("{}: no rows match the selection", file));
  std::vector<CwtStatsRow> rows;
  for (auto& [key, g] : groups) rows.push_back(std::move(g));
  return rows;
}

std::vector<CwtStatsRow> cwt_national_query(const data::CwtNational& series, const CwtSelection& s,
                                            const std::vector<CwtBreakdown>& by) {
  for (const auto b : by)
    if (b != CwtBreakdown::standard && b != CwtBreakdown::month)
      throw InputError(
          "--by: the national cancer series is England by month (only --by standard and month apply)");
  if (s.provider || s.cancer_type || s.route)
    throw InputError(
        "--provider, --cancer-type and --route apply to the provider extract, not the national series");
  std::vector<CwtStatsRow> rows;
  for (CancerStandard standard : data::kCancerStandards) {
    if (s.standard && standard != *s.standard) continue;
    for (const auto& m : series.months()) {
      if (s.month && m.month != *s.month) continue;
      if (!s.month && s.from && m.month < *s.from) continue;
      if (!s.month && s.until && *s.until < m.month) continue;
      const auto& fig = m.of(standard);
      if (!fig.total) continue;
      CwtStatsRow r;
      r.standard = standard;
      r.month = m.month;
      r.total = *fig.total;
      r.within_standard = *fig.within_standard;
      r.breaches = *fig.outside_standard;
      r.source_rows = 1;
      r.rows_disagreeing = fig.disagreement ? 1 : 0;
      rows.push_back(r);
    }
  }
  if (rows.empty())
    throw InputError(
        fmt::format("{}: no months with figures match the selection (28-day from 2021-04, 31- and "
                    "62-day from 2022-04)",
                    series.source()));
  return rows;
}

Table cwt_table(const std::vector<CwtStatsRow>& rows, bool for_text) {
  const bool any_provider = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.provider; });
  const bool any_type = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.cancer_type; });
  const bool any_route = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.route; });
  Table t;
  t.columns.push_back({"standard", "Standard", CellKind::text});
  if (any_provider) t.columns.push_back({"provider", "Provider", CellKind::text});
  if (any_type) t.columns.push_back({"cancer_type", "Cancer type", CellKind::text});
  if (any_route) t.columns.push_back({"stage_route", "Route / stage", CellKind::text});
  t.columns.push_back({"month", "Month", CellKind::text});
  // Pathways shared by two providers count a half to each: totals are numbers with one decimal, not counts.
  t.columns.push_back({"total", "Total", CellKind::number, 1});
  t.columns.push_back({"within_standard", "Within", CellKind::number, 1});
  t.columns.push_back({"breaches", "Breaches", CellKind::number, 1});
  t.columns.push_back({"performance", "Performance", CellKind::fraction, 3});
  t.columns.push_back({"threshold", "Standard", CellKind::fraction, 0});
  t.columns.push_back({"meets_threshold", "Met", CellKind::flag});
  t.columns.push_back({"ambition", "Ambition", CellKind::fraction, 0});
  t.columns.push_back({"ambition_by", "By", CellKind::text});
  t.columns.push_back({"meets_ambition", "Ambition met", CellKind::flag});
  t.columns.push_back({"rows_disagreeing", "Rows disagreeing", CellKind::count});
  auto text = [](const std::optional<std::string>& v) -> Cell { return v ? Cell{*v} : Cell{}; };
  for (const auto& r : rows) {
    const auto& info = cancer_standard_info(r.standard);
    const auto perf = r.performance();
    const auto ambition = ambition_for(info, r.month);
    std::vector<Cell> cells;
    cells.push_back(std::string(data::cancer_standard_name(r.standard)));
    if (any_provider) cells.push_back(text(r.provider));
    if (any_type) cells.push_back(text(r.cancer_type));
    if (any_route) cells.push_back(text(r.route));
    cells.push_back(r.month.to_string());
    cells.push_back(r.total);
    cells.push_back(r.within_standard);
    cells.push_back(r.breaches);
    cells.push_back(perf ? Cell{*perf} : Cell{});
    cells.push_back(info.threshold);
    cells.push_back(perf ? Cell{static_cast<std::int64_t>(at_least(*perf, info.threshold))} : Cell{});
    cells.push_back(ambition ? Cell{ambition->share} : Cell{});
    cells.push_back(ambition ? Cell{ambition->by.to_string()} : Cell{});
    cells.push_back(perf && ambition ? Cell{static_cast<std::int64_t>(at_least(*perf, ambition->share))}
                                     : Cell{});
    cells.push_back(static_cast<std::int64_t>(r.rows_disagreeing));
    t.add_row(std::move(cells));
  }
  (void)for_text;
  return t;
}

}  // namespace elective::stats
