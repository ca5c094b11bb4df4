#include "stats/dm01_stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "core/error.hpp"
#include "data/csv.hpp"
#include "stats/breakdown_list.hpp"

namespace elective::stats {
namespace {

using data::Dm01Row;

Dm01Breakdown parse_one(std::string_view text) {
  if (text == "provider") return Dm01Breakdown::provider;
  if (text == "region") return Dm01Breakdown::region;
  if (text == "test") return Dm01Breakdown::test;
  if (text == "month") return Dm01Breakdown::month;
  throw InputError(
      fmt::format("--by: expected provider, region, test or month for a DM01 file; got '{}'", text));
}

bool matches_test(const Dm01Row& r, std::string_view wanted) {
  if (data::to_lower(wanted) == "all") return r.all_tests();
  if (const auto id = data::parse_int64(wanted)) return r.test_id && *r.test_id == *id;
  return data::to_lower(r.test) == data::to_lower(wanted);
}

Cell count_cell(double v) {
  return static_cast<std::int64_t>(std::llround(v));
}

}  // namespace

std::vector<Dm01Breakdown> parse_dm01_breakdowns(const std::vector<std::string>& items) {
  return parse_breakdown_list<Dm01Breakdown>(items,
                                             [](std::string_view item) -> std::optional<Dm01Breakdown> {
                                               const auto part = data::trim(item);
                                               if (part.empty() || part == "none") return std::nullopt;
                                               return parse_one(part);
                                             });
}

std::vector<Dm01StatsRow> dm01_query(const data::Dm01List& list, const Dm01Selection& s,
                                     const std::vector<Dm01Breakdown>& by) {
  auto has = [&](Dm01Breakdown b) { return std::find(by.begin(), by.end(), b) != by.end(); };
  const std::string& file = list.source();
  if (list.size() == 0) throw InputError(fmt::format("{}: the DM01 file has no rows", file));
  std::optional<YearMonth> month = s.month;
  if (!month && !has(Dm01Breakdown::month)) month = list.months().back();
  if (month && std::find(list.months().begin(), list.months().end(), *month) == list.months().end())
    throw InputError(fmt::format("{}: no rows for {} (months {} to {})", file, month->to_string(),
                                 list.months().front().to_string(), list.months().back().to_string()));
  if (s.provider) {
    const auto providers = list.providers();
    if (!std::binary_search(providers.begin(), providers.end(), *s.provider))
      throw InputError(fmt::format("{}: provider '{}' is not in the DM01 file", file, *s.provider));
  }
  if (s.region && std::none_of(list.rows().begin(), list.rows().end(),
                               [&](const Dm01Row& r) { return r.region_code == *s.region; }))
    throw InputError(fmt::format(
        "{}: region '{}' is not in the DM01 file (expected a region code such as Y62)", file, *s.region));
  if (s.test && std::none_of(list.rows().begin(), list.rows().end(),
                             [&](const Dm01Row& r) { return matches_test(r, *s.test); }))
    throw InputError(
        fmt::format("{}: test '{}' is not in the DM01 file (expected an ID 1-15, a test name as "
                    "published, or ALL)",
                    file, *s.test));

  using Key = std::tuple<std::string, std::string, int, int>;  // provider, region, test id, month
  std::map<Key, Dm01StatsRow> groups;
  for (const Dm01Row& r : list.rows()) {
    if (month && r.month != *month) continue;
    if (s.provider && r.provider_code != *s.provider) continue;
    if (s.region && r.region_code != *s.region) continue;
    if (s.test) {
      if (!matches_test(r, *s.test)) continue;
    } else if (has(Dm01Breakdown::test) ? r.all_tests() : !r.all_tests()) {
      continue;
    }
    const bool by_provider = has(Dm01Breakdown::provider) || s.provider;
    const bool by_region = has(Dm01Breakdown::region);
    const bool by_test = has(Dm01Breakdown::test) || s.test;
    const Key key{by_provider ? r.provider_code : "", by_region ? r.region_code : "",
                  by_test ? r.test_id.value_or(0) : -1, r.month.index()};
    Dm01StatsRow& g = groups[key];
    if (by_provider) {
      g.provider = r.provider_code;
      g.provider_name = r.provider_name;
    }
    if (by_region || (by_provider && has(Dm01Breakdown::region))) {
      g.region = r.region_code;
      g.region_name = r.region_name;
    }
    if (by_test) {
      g.test = r.test;
      g.test_id = r.test_id;
    }
    g.month = r.month;
    for (size_t k = 0; k < g.bands.size(); ++k) g.bands[k] += r.bands[k];
    g.activity += r.activity_planned + r.activity_unscheduled + r.activity_waiting_list;
    g.activity_waiting_list += r.activity_waiting_list;
    ++g.source_rows;
    if (!r.disagreement.empty()) ++g.rows_disagreeing;
  }
  if (groups.empty()) throw InputError(fmt::format("{}: no rows match the selection", file));
  std::vector<Dm01StatsRow> rows;
  rows.reserve(groups.size());
  const ListDefinition& dm01 = dm01_list();
  for (auto& [key, g] : groups) {
    g.summary = summarise_list(dm01, g.bands);
    g.over_13_weeks = count_over(dm01.bands, g.bands, 13).value_or(0);
    g.p95_weeks = band_quantile(dm01.bands, g.bands, 0.95);
    rows.push_back(std::move(g));
  }
  return rows;
}

Table dm01_table(const std::vector<Dm01StatsRow>& rows, bool for_text) {
  const bool any_provider = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.provider; });
  const bool any_region = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.region; });
  const bool any_test = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.test; });
  Table t;
  if (any_provider) {
    t.columns.push_back({"provider", "Provider", CellKind::text});
    if (for_text) t.columns.push_back({"provider_name", "Provider name", CellKind::text});
  }
  if (any_region) {
    t.columns.push_back({"region", "Region", CellKind::text});
    if (for_text) t.columns.push_back({"region_name", "Region name", CellKind::text});
  }
  if (any_test) {
    t.columns.push_back({"test_id", "Test ID", CellKind::count});
    t.columns.push_back({"test", "Test", CellKind::text});
  }
  t.columns.push_back({"month", "Month", CellKind::text});
  t.columns.push_back({"total", "Total", CellKind::count});
  t.columns.push_back({"within_6_weeks", "Within 6 wks", CellKind::count});
  t.columns.push_back({"pct_within_6_weeks", "% within 6", CellKind::fraction, 3});
  t.columns.push_back({"over_6_weeks", "6+ wks", CellKind::count});
  t.columns.push_back({"over_13_weeks", "13+ wks", CellKind::count});
  t.columns.push_back({"median_weeks", "Median wks", CellKind::weeks});
  if (!for_text) t.columns.push_back({"median_censored", "Median censored", CellKind::flag});
  t.columns.push_back({"p95_weeks", "P95 wks", CellKind::weeks});
  if (!for_text) t.columns.push_back({"p95_censored", "P95 censored", CellKind::flag});
  t.columns.push_back({"activity", "Tests in month", CellKind::count});
  t.columns.push_back({"rows_disagreeing", "Rows disagreeing", CellKind::count});

  auto quantile = [&](const BandQuantile& q) -> Cell {
    if (!q.value) return {};
    if (for_text && q.censored) return fmt::format("{:.0f}+", *q.value);
    return *q.value;
  };
  auto censored = [](const BandQuantile& q) -> Cell {
    if (!q.value) return {};
    return static_cast<std::int64_t>(q.censored ? 1 : 0);
  };
  auto text = [](const std::optional<std::string>& v) -> Cell { return v ? Cell{*v} : Cell{}; };
  for (const auto& r : rows) {
    std::vector<Cell> cells;
    if (any_provider) {
      cells.push_back(text(r.provider));
      if (for_text) cells.push_back(text(r.provider_name));
    }
    if (any_region) {
      cells.push_back(text(r.region));
      if (for_text) cells.push_back(text(r.region_name));
    }
    if (any_test) {
      cells.push_back(r.test_id ? Cell{static_cast<std::int64_t>(*r.test_id)} : Cell{});
      cells.push_back(text(r.test));
    }
    cells.push_back(r.month.to_string());
    const ListSummary& s = r.summary;
    cells.push_back(count_cell(s.total));
    cells.push_back(count_cell(s.within_standard));
    cells.push_back(s.share_within_standard ? Cell{*s.share_within_standard} : Cell{});
    cells.push_back(count_cell(s.over_standard));
    cells.push_back(count_cell(r.over_13_weeks));
    cells.push_back(quantile(s.median));
    if (!for_text) cells.push_back(censored(s.median));
    cells.push_back(quantile(r.p95_weeks));
    if (!for_text) cells.push_back(censored(r.p95_weeks));
    cells.push_back(count_cell(r.activity));
    cells.push_back(static_cast<std::int64_t>(r.rows_disagreeing));
    t.add_row(std::move(cells));
  }
  return t;
}

}  // namespace elective::stats
