#include "stats/rtt_query.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "stats/breakdown_list.hpp"

namespace elective::stats {

namespace {
// The first name of each value is its output name; the others are accepted aliases.
constexpr std::array<EnumName<Breakdown>, 8> kBreakdownNames{{{Breakdown::provider, "provider"},
                                                              {Breakdown::tfc, "tfc"},
                                                              {Breakdown::commissioner, "commissioner"},
                                                              {Breakdown::month, "month"},
                                                              {Breakdown::none, "none"},
                                                              {Breakdown::none, ""},
                                                              {Breakdown::tfc, "specialty"},
                                                              {Breakdown::tfc, "treatment_function"}}};
}  // namespace

Breakdown parse_breakdown(std::string_view text) {
  if (auto by = enum_value(kBreakdownNames, text)) return *by;
  const auto listed = enum_names(kBreakdownNames, [](const auto& e) { return e.value != Breakdown::none; });
  throw InputError(fmt::format("--by: expected {}; got '{}'", join_or(listed), text));
}

std::vector<Breakdown> parse_breakdowns(const std::vector<std::string>& items) {
  return parse_breakdown_list<Breakdown>(items, [](std::string_view item) -> std::optional<Breakdown> {
    const Breakdown b = parse_breakdown(item);
    if (b == Breakdown::none) return std::nullopt;
    return b;
  });
}

std::string_view breakdown_name(Breakdown by) {
  return enum_name(kBreakdownNames, by);
}

StatsRow summarise(const data::RttTotals& totals, RttPart part) {
  StatsRow row;
  row.part = part;
  row.has_bands = totals.has_bands && data::part_has_bands(part);
  if (row.has_bands) {
    row.histogram = totals.histogram;
    row.summary = summarise_waits(totals.histogram, totals.unknown_clock_start);
  }
  row.summary.total = totals.total_all;
  row.source_rows = totals.rows;
  return row;
}

std::vector<StatsRow> query(const data::RttExtract& extract, const Selection& selection,
                            std::vector<Breakdown> by) {
  auto has = [&](Breakdown b) { return std::find(by.begin(), by.end(), b) != by.end(); };
  data::RowFilter filter;
  filter.part = selection.part;
  filter.provider = selection.provider;
  if (selection.tfc) filter.tfc = data::normalise_tfc(*selection.tfc);
  filter.commissioner = selection.commissioner;
  filter.month = selection.month;
  filter.tfc_rows = has(Breakdown::tfc) ? data::TfcRows::specialties : data::TfcRows::automatic;
  if (!filter.month && !has(Breakdown::month)) {
    // Stocks of different months cannot be added: default to the latest month that has this part.
    std::optional<YearMonth> latest;
    for (const auto& r : extract.rows()) {
      if (r.part == selection.part && (!latest || *latest < r.month)) latest = r.month;
    }
    if (!latest) return {};
    filter.month = latest;
  }
  const std::vector<std::size_t> selected = extract.select(filter);

  using Key = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, int>;
  std::map<Key, std::vector<std::size_t>> groups;
  const bool by_provider = has(Breakdown::provider);
  const bool by_tfc = has(Breakdown::tfc);
  const bool by_commissioner = has(Breakdown::commissioner);
  const bool by_month = has(Breakdown::month);
  for (std::size_t i : selected) {
    const auto& r = extract.rows()[i];
    const Key key{by_provider ? r.provider : 0, by_tfc ? r.tfc : 0, by_commissioner ? r.commissioner : 0,
                  by_month ? r.month.index() : 0};
    groups[key].push_back(i);
  }

  std::vector<StatsRow> out;
  out.reserve(groups.size());
  for (const auto& [key, indices] : groups) {
    StatsRow row = summarise(extract.totals_of(indices), selection.part);
    const auto& first = extract.rows()[indices.front()];
    if (by_provider || selection.provider) {
      row.provider = extract.text(first.provider);
      row.provider_name = extract.text(first.provider_name);
    }
    if (by_tfc || selection.tfc) {
      row.tfc = extract.text(first.tfc);
      row.tfc_name = extract.text(first.tfc_name);
    }
    if (by_commissioner || selection.commissioner) {
      row.commissioner = extract.text(first.commissioner);
      row.commissioner_name = extract.text(first.commissioner_name);
    }
    row.month = by_month ? first.month : *filter.month;
    out.push_back(std::move(row));
  }
  std::sort(out.begin(), out.end(), [](const StatsRow& a, const StatsRow& b) {
    return std::tie(a.provider, a.tfc, a.commissioner, a.month) <
           std::tie(b.provider, b.tfc, b.commissioner, b.month);
  });
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

Table stats_table(const std::vector<StatsRow>& rows, const StatsTableOptions& options) {
  const bool any_provider =
      std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.provider.has_value(); });
  const bool any_tfc = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.tfc.has_value(); });
  const bool any_commissioner =
      std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.commissioner.has_value(); });
  int max_top = -1;
  for (const auto& r : rows) {
    if (r.has_bands) max_top = std::max(max_top, r.histogram.top_band());
  }

  Table t;
  if (any_provider) {
    t.columns.push_back({"provider", "Provider", CellKind::text});
    if (options.for_text) t.columns.push_back({"provider_name", "Provider name", CellKind::text});
  }
  if (any_tfc) {
    t.columns.push_back({"tfc", "TFC", CellKind::text});
    if (options.for_text) t.columns.push_back({"tfc_name", "Treatment function", CellKind::text});
  }
  if (any_commissioner) {
    t.columns.push_back({"commissioner", "Commissioner", CellKind::text});
    if (options.for_text) t.columns.push_back({"commissioner_name", "Commissioner name", CellKind::text});
  }
  t.columns.push_back({"part", "Part", CellKind::text});
  t.columns.push_back({"month", "Month", CellKind::text});
  t.columns.push_back({"total", "Total", CellKind::count});
  t.columns.push_back({"within_18_weeks", "Within 18 wks", CellKind::count});
  t.columns.push_back({"pct_within_18_weeks", "% within 18", CellKind::fraction, 3});
  t.columns.push_back({"over_18_weeks", "Over 18", CellKind::count});
  t.columns.push_back({"over_52_weeks", "Over 52", CellKind::count});
  t.columns.push_back({"over_65_weeks", "Over 65", CellKind::count});
  t.columns.push_back({"over_78_weeks", "Over 78", CellKind::count});
  t.columns.push_back({"over_104_weeks", "Over 104", CellKind::count});
  t.columns.push_back({"median_weeks", "Median wks", CellKind::weeks});
  if (!options.for_text) t.columns.push_back({"median_censored", "Median censored", CellKind::flag});
  t.columns.push_back({"p92_weeks", "P92 wks", CellKind::weeks});
  if (!options.for_text) t.columns.push_back({"p92_censored", "P92 censored", CellKind::flag});
  t.columns.push_back({"unknown_clock_start", "Unknown start", CellKind::count});
  if (options.bands) {
    for (int k = 0; k <= max_top; ++k) {
      const std::string title = k == max_top ? fmt::format("{}+", k) : fmt::format("{}-{}", k, k + 1);
      t.columns.push_back({fmt::format("band_{}", k), title, CellKind::count});
    }
  }

  auto percentile = [&](const BandPercentile& p) -> Cell {
    if (!p.weeks) return {};
    if (options.for_text && p.censored) return fmt::format("{:.0f}+", *p.weeks);
    return *p.weeks;
  };
  auto censored = [&](const BandPercentile& p) -> Cell {
    if (!p.weeks) return {};
    return static_cast<std::int64_t>(p.censored ? 1 : 0);
  };

  for (const auto& r : rows) {
    std::vector<Cell> cells;
    const WaitSummary& s = r.summary;
    if (any_provider) {
      cells.push_back(text_or_null(r.provider));
      if (options.for_text) cells.push_back(text_or_null(r.provider_name));
    }
    if (any_tfc) {
      cells.push_back(text_or_null(r.tfc));
      if (options.for_text) cells.push_back(text_or_null(r.tfc_name));
    }
    if (any_commissioner) {
      cells.push_back(text_or_null(r.commissioner));
      if (options.for_text) cells.push_back(text_or_null(r.commissioner_name));
    }
    cells.push_back(std::string(data::part_name(r.part)));
    cells.push_back(r.month ? Cell{r.month->to_string()} : Cell{});
    cells.push_back(count_cell(s.total));
    if (r.has_bands) {
      cells.push_back(count_cell(s.within_18_weeks));
      cells.push_back(s.pct_within_18_weeks ? Cell{*s.pct_within_18_weeks} : Cell{});
      cells.push_back(count_cell(s.over_18_weeks));
      cells.push_back(count_cell(s.over_52_weeks));
      cells.push_back(count_cell(s.over_65_weeks));
      cells.push_back(count_cell(s.over_78_weeks));
      cells.push_back(count_cell(s.over_104_weeks));
      cells.push_back(percentile(s.median_weeks));
      if (!options.for_text) cells.push_back(censored(s.median_weeks));
      cells.push_back(percentile(s.p92_weeks));
      if (!options.for_text) cells.push_back(censored(s.p92_weeks));
      cells.push_back(count_cell(s.unknown_clock_start));
    } else {
      const size_t nulls = options.for_text ? 10 : 12;
      cells.insert(cells.end(), nulls, Cell{});
    }
    if (options.bands) {
      for (int k = 0; k <= max_top; ++k) {
        if (r.has_bands && (k < r.histogram.top_band() || (k == max_top && k == r.histogram.top_band()))) {
          cells.push_back(count_cell(r.histogram.counts[static_cast<size_t>(k)]));
        } else {
          cells.push_back(Cell{});
        }
      }
    }
    t.add_row(std::move(cells));
  }
  return t;
}

}  // namespace elective::stats
