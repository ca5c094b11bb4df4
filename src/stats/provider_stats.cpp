#include "stats/provider_stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "core/error.hpp"

namespace elective::stats {

namespace {

constexpr std::string_view kMergedKey = "merged";
constexpr std::string_view kUnknownKey = "unknown";

}  // namespace

ProviderPlace provider_place(const data::ProviderGroup& g, const data::ProviderReference& ref) {
  std::set<std::pair<std::string, std::string>> icbs, regions;
  for (const std::string& code : g.codes) {
    const data::ProviderInfo* p = ref.find(code);
    icbs.insert(p && !p->icb_code.empty() ? std::pair{p->icb_code, p->icb_name}
                                          : std::pair{std::string(kUnknownKey), std::string()});
    regions.insert(p && !p->region_code.empty() ? std::pair{p->region_code, p->region_name}
                                                : std::pair{std::string(kUnknownKey), std::string()});
  }
  ProviderPlace place;
  auto pick = [&](const auto& set, std::string& code, std::string& name, std::string_view what) {
    if (set.size() == 1) {
      code = set.begin()->first;
      name = code == kUnknownKey ? fmt::format("no {} in the provider reference", what) : set.begin()->second;
    } else {
      code = std::string(kMergedKey);
      name = fmt::format("merged provider groups spanning several {}s", what);
    }
  };
  pick(icbs, place.icb, place.icb_name, "ICB");
  pick(regions, place.region, place.region_name, "region");
  return place;
}

std::string provider_group_label(const data::ProviderGroup& g) {
  return g.merged() ? fmt::format("merged group of {} providers", g.codes.size()) : g.name;
}

std::vector<ProviderBreakdown> parse_provider_breakdowns(const std::vector<std::string>& items) {
  std::vector<ProviderBreakdown> out;
  for (const auto& item : items) {
    std::string_view rest(item);
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string_view name = rest.substr(0, comma);
      std::optional<ProviderBreakdown> b;
      if (name == "provider")
        b = ProviderBreakdown::provider;
      else if (name == "icb")
        b = ProviderBreakdown::icb;
      else if (name == "region")
        b = ProviderBreakdown::region;
      else if (name == "specialty" || name == "tfc" || name == "treatment_function")
        b = ProviderBreakdown::specialty;
      else if (name == "month")
        b = ProviderBreakdown::month;
      else if (name != "none" && !name.empty())
        throw InputError(fmt::format(
            "--by: expected provider, icb, region, specialty or month for the provider months file; got '{}'",
            name));
      if (b && std::find(out.begin(), out.end(), *b) == out.end()) out.push_back(*b);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

bool needs_reference(const std::vector<ProviderBreakdown>& by) {
  return std::find(by.begin(), by.end(), ProviderBreakdown::icb) != by.end() ||
         std::find(by.begin(), by.end(), ProviderBreakdown::region) != by.end();
}

data::MonthsType parse_months_part(std::string_view text) {
  if (auto t = data::parse_months_type(text)) return *t;
  if (text == "new") return data::MonthsType::referrals;
  throw InputError(
      fmt::format("--part: expected incomplete, completed or referrals for the provider months file "
                  "(it has no admitted/non-admitted split); got '{}'",
                  text));
}

std::string ProviderStatsRow::flags() const {
  std::string out;
  auto add = [&](std::string_view f) { out += (out.empty() ? "" : ";") + std::string(f); };
  if (merged) add("merged_provider_group");
  if (undercounted) add("undercounted_specialty");
  if (unreported) add("unreported_months");
  return out;
}

std::vector<ProviderStatsRow> query_provider_months(const data::ProviderMonths& file,
                                                    const data::ProviderReference* reference,
                                                    const ProviderQuery& query) {
  const ProviderSelection& sel = query.selection;
  auto has = [&](ProviderBreakdown b) {
    return std::find(query.by.begin(), query.by.end(), b) != query.by.end();
  };
  const bool by_provider = has(ProviderBreakdown::provider), by_icb = has(ProviderBreakdown::icb),
             by_region = has(ProviderBreakdown::region), by_specialty = has(ProviderBreakdown::specialty),
             by_month = has(ProviderBreakdown::month);
  const bool need_place = by_icb || by_region || sel.icb || sel.region;
  if (need_place && reference == nullptr)
    throw InputError("ICB and region come from the provider reference (providers.csv); none was given");

  std::optional<std::uint32_t> group;
  if (sel.provider) {
    group = file.find_group(*sel.provider);
    if (!group) {
      if (auto holder = file.group_holding(*sel.provider))
        throw InputError(
            fmt::format("{}: provider {} has no rows of its own: its figures are in the merged group "
                        "{} ({} providers under one name); select it with --provider {}",
                        file.source(), *sel.provider, file.groups()[*holder].key,
                        file.groups()[*holder].codes.size(), file.groups()[*holder].key));
      throw InputError(fmt::format("{}: provider '{}' is not in the file", file.source(), *sel.provider));
    }
  }
  std::optional<std::uint16_t> specialty;
  if (sel.specialty) {
    specialty = data::find_specialty(*sel.specialty);
    if (!specialty)
      throw InputError(
          fmt::format("--tfc: '{}' is not one of the file's specialties (a name such as 'Trauma and "
                      "Orthopaedic', a code such as C_110, Other or Total)",
                      *sel.specialty));
  }
  std::optional<YearMonth> month = sel.month;
  if (month && std::find(file.months().begin(), file.months().end(), *month) == file.months().end())
    throw InputError(fmt::format("{}: no rows for {} (months {} to {})", file.source(), month->to_string(),
                                 file.months().front().to_string(), file.months().back().to_string()));
  if (!month && !by_month) month = file.months().back();

  std::vector<ProviderPlace> places;
  if (need_place)
    for (const auto& g : file.groups()) places.push_back(provider_place(g, *reference));

  using Key = std::tuple<std::string, std::string, std::string, int, int>;
  std::map<Key, ProviderStatsRow> groups;
  for (const data::ProviderMonthsRow& r : file.rows()) {
    if (r.type != sel.type) continue;
    if (month && r.month != *month) continue;
    if (group && r.group != *group) continue;
    if (specialty
            ? r.specialty != *specialty
            : (by_specialty ? r.specialty == data::kTotalSpecialty : r.specialty != data::kTotalSpecialty))
      continue;
    const ProviderPlace* place = need_place ? &places[r.group] : nullptr;
    if (sel.icb && place->icb != *sel.icb) continue;
    if (sel.region && place->region != *sel.region) continue;
    const data::ProviderGroup& g = file.groups()[r.group];
    const Key key{by_provider ? g.key : std::string(), by_icb ? place->icb : std::string(),
                  by_region ? place->region : std::string(), by_specialty ? r.specialty : -1,
                  by_month ? r.month.index() : 0};
    auto [it, fresh] = groups.try_emplace(key);
    ProviderStatsRow& row = it->second;
    if (fresh) {
      row.type = r.type;
      row.month = r.month;
      if (by_provider || sel.provider) {
        row.provider = g.key;
        row.provider_name = provider_group_label(g);
      }
      if (by_icb || sel.icb) {
        row.icb = place->icb;
        row.icb_name = place->icb_name;
      }
      if (by_region || sel.region) {
        row.region = place->region;
        row.region_name = place->region_name;
      }
      if (by_specialty || specialty) {
        const auto& s = data::specialty_groups()[r.specialty];
        row.tfc = std::string(s.code);
        row.tfc_name = std::string(s.name);
      }
      row.has_bins = r.type != data::MonthsType::referrals;
    }
    for (int b = 0; b < data::kMonthBins; ++b)
      row.bins[static_cast<std::size_t>(b)] += r.bins[static_cast<std::size_t>(b)];
    row.summary.total += r.total;
    row.merged = row.merged || g.merged();
    row.undercounted =
        row.undercounted || (r.type == data::MonthsType::completed && r.specialty != data::kTotalSpecialty &&
                             file.undercounted_completed(r.month, r.group));
    row.unreported = row.unreported || file.unreported(r.month, r.group);
    ++row.source_rows;
  }
  if (groups.empty()) {
    std::string what = sel.icb      ? fmt::format("ICB {}", *sel.icb)
                       : sel.region ? fmt::format("region {}", *sel.region)
                                    : std::string("the selection");
    throw InputError(
        fmt::format("{}: no {} rows match {}", file.source(), data::months_type_name(sel.type), what));
  }

  std::vector<ProviderStatsRow> out;
  out.reserve(groups.size());
  for (auto& [key, row] : groups) {
    if (row.has_bins) {
      row.weekly = weekly_from_month_bins(row.bins, row.month, query.method);
      const double total = row.summary.total;
      row.summary = summarise_waits(row.weekly);
      row.summary.total = total;
    }
    out.push_back(std::move(row));
  }
  return out;
}

namespace {

Cell count_cell(double v) {
  return static_cast<std::int64_t>(std::llround(v));
}
Cell count_cell(const std::optional<double>& v) {
  return v ? count_cell(*v) : Cell{};
}
Cell text_or_null(const std::optional<std::string>& s) {
  return s ? Cell{*s} : Cell{};
}

}  // namespace

Table provider_stats_table(const std::vector<ProviderStatsRow>& rows, const ProviderTableOptions& options) {
  auto any = [&](auto member) {
    return std::any_of(rows.begin(), rows.end(),
                       [&](const ProviderStatsRow& r) { return (r.*member).has_value(); });
  };
  struct Key {
    std::optional<std::string> ProviderStatsRow::*code;
    std::optional<std::string> ProviderStatsRow::*name;
    const char* key;
    const char* title;
    const char* name_key;
    const char* name_title;
  };
  const std::array<Key, 4> keys{{
      {&ProviderStatsRow::provider, &ProviderStatsRow::provider_name, "provider", "Provider", "provider_name",
       "Provider name"},
      {&ProviderStatsRow::icb, &ProviderStatsRow::icb_name, "icb", "ICB", "icb_name", "ICB name"},
      {&ProviderStatsRow::region, &ProviderStatsRow::region_name, "region", "Region", "region_name",
       "Region name"},
      {&ProviderStatsRow::tfc, &ProviderStatsRow::tfc_name, "tfc", "TFC", "tfc_name", "Specialty"},
  }};
  std::vector<const Key*> present;
  Table t;
  for (const Key& k : keys) {
    if (!any(k.code)) continue;
    present.push_back(&k);
    t.columns.push_back({k.key, k.title, CellKind::text});
    if (options.for_text) t.columns.push_back({k.name_key, k.name_title, CellKind::text});
  }
  t.columns.push_back({"part", "Part", CellKind::text});
  t.columns.push_back({"month", "Month", CellKind::text});
  t.columns.push_back({"total", "Total", CellKind::count});
  t.columns.push_back({"within_18_weeks", "Within 18 wks", CellKind::count});
  t.columns.push_back({"pct_within_18_weeks", "% within 18", CellKind::fraction, 3});
  t.columns.push_back({"over_18_weeks", "Over 18", CellKind::count});
  t.columns.push_back({"over_52_weeks", "Over 52", CellKind::count});
  if (!options.for_text) {
    t.columns.push_back({"over_65_weeks", "Over 65", CellKind::count});
    t.columns.push_back({"over_78_weeks", "Over 78", CellKind::count});
    t.columns.push_back({"over_104_weeks", "Over 104", CellKind::count});
  }
  t.columns.push_back({"median_weeks", "Median wks", CellKind::weeks});
  if (!options.for_text) t.columns.push_back({"median_censored", "Median censored", CellKind::flag});
  t.columns.push_back({"p92_weeks", "P92 wks", CellKind::weeks});
  if (!options.for_text) {
    t.columns.push_back({"p92_censored", "P92 censored", CellKind::flag});
    t.columns.push_back({"unknown_clock_start", "Unknown start", CellKind::count});
  }
  t.columns.push_back({"estimated", "Estimated", CellKind::flag});
  t.columns.push_back({"flags", "Flags", CellKind::text});
  if (options.bins)
    for (int b = 0; b < data::kMonthBins; ++b)
      t.columns.push_back(
          {b + 1 == data::kMonthBins ? std::string("m12_plus") : fmt::format("m{:02d}", b),
           b + 1 == data::kMonthBins ? std::string("12+ months") : fmt::format("{} months", b),
           CellKind::number, 4});

  auto percentile = [&](const BandPercentile& p) -> Cell {
    if (!p.weeks) return {};
    if (options.for_text && p.censored) return fmt::format("{:.0f}+", *p.weeks);
    return *p.weeks;
  };
  auto censored = [](const BandPercentile& p) -> Cell {
    if (!p.weeks) return {};
    return static_cast<std::int64_t>(p.censored ? 1 : 0);
  };
  for (const ProviderStatsRow& r : rows) {
    std::vector<Cell> cells;
    for (const Key* k : present) {
      cells.push_back(text_or_null(r.*(k->code)));
      if (options.for_text) cells.push_back(text_or_null(r.*(k->name)));
    }
    cells.push_back(std::string(data::months_type_name(r.type)));
    cells.push_back(r.month.to_string());
    cells.push_back(count_cell(r.summary.total));
    const WaitSummary& s = r.summary;
    if (r.has_bins) {
      cells.push_back(count_cell(s.within_18_weeks));
      cells.push_back(s.pct_within_18_weeks ? Cell{*s.pct_within_18_weeks} : Cell{});
      cells.push_back(count_cell(s.over_18_weeks));
      cells.push_back(count_cell(s.over_52_weeks));
      if (!options.for_text) cells.insert(cells.end(), 3, Cell{});  // not in the layout
      cells.push_back(percentile(s.median_weeks));
      if (!options.for_text) cells.push_back(censored(s.median_weeks));
      cells.push_back(percentile(s.p92_weeks));
      if (!options.for_text) {
        cells.push_back(censored(s.p92_weeks));
        cells.push_back(Cell{});  // unknown clock starts are not in the layout
      }
    } else {
      cells.insert(cells.end(), options.for_text ? 6 : 12, Cell{});
    }
    cells.push_back(static_cast<std::int64_t>(r.has_bins ? 1 : 0));
    cells.push_back(r.flags());
    if (options.bins)
      for (int b = 0; b < data::kMonthBins; ++b)
        cells.push_back(r.has_bins || b == 0 ? Cell{r.bins[static_cast<std::size_t>(b)]} : Cell{});
    t.add_row(std::move(cells));
  }
  return t;
}

}  // namespace elective::stats
