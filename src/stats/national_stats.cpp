#include "stats/national_stats.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/wait_bands.hpp"

namespace elective::stats {
namespace {

// The open top band in force in a month: 52+ weeks before April 2021, 104+ since.
int top_band_for(YearMonth month) {
  return month < YearMonth(2021, 4) ? kLegacyTopBand : kCurrentTopBand;
}

}  // namespace

std::vector<NationalStatsRow> national_stats(const data::NationalSeries& series,
                                             const NationalOptions& options) {
  using data::RttPart;
  const RttPart part = options.part;
  if (part == RttPart::dta) {
    throw InputError(SourceLocation{series.source(), 0, 0, {}},
                     "the national time series has no Part_2A (dta) figures (expected --part incomplete, "
                     "admitted, nonadmitted or new)");
  }
  // Reads `column`, or its _est variant when asked and present.
  auto value = [&](const std::string& column, size_t row, bool has_est) -> std::optional<double> {
    if (options.estimates && has_est && series.has_column(column + "_est"))
      return series.value(column + "_est", row);
    if (!series.has_column(column)) return std::nullopt;
    return series.value(column, row);
  };
  std::vector<NationalStatsRow> rows;
  for (size_t i = 0; i < series.size(); ++i) {
    const YearMonth month = series.months()[i];
    if (options.from && month < *options.from) continue;
    if (options.until && *options.until < month) continue;
    NationalStatsRow r;
    r.month = month;
    r.part = part;
    std::optional<double> percentile;
    switch (part) {
      case RttPart::incomplete:
        r.total = value("incomplete_total", i, true);
        r.within_18_weeks = value("incomplete_within_18_weeks", i, true);
        r.over_18_weeks = value("incomplete_over_18_weeks", i, true);
        r.over_52_weeks = value("incomplete_over_52_weeks", i, true);
        r.over_65_weeks = value("incomplete_over_65_weeks", i, true);
        r.over_78_weeks = value("incomplete_over_78_weeks", i, true);
        r.over_104_weeks = value("incomplete_over_104_weeks", i, true);
        r.median_weeks = value("incomplete_median_wait_weeks", i, false);
        percentile = value("incomplete_p92_wait_weeks", i, false);
        if (r.total && r.within_18_weeks && *r.total > 0)
          r.pct_within_18_weeks = *r.within_18_weeks / *r.total;
        break;
      case RttPart::admitted:
      case RttPart::nonadmitted: {
        const std::string p = part == RttPart::admitted ? "admitted" : "nonadmitted";
        r.total = value(p + "_pathways", i, true);
        r.within_18_weeks = value(p + "_within_18_weeks", i, false);
        r.over_52_weeks = value(p + "_over_52_weeks", i, false);
        r.median_weeks = value(p + "_median_wait_weeks", i, false);
        percentile = value(p + "_p95_wait_weeks", i, false);
        break;
      }
      case RttPart::new_periods:
        r.total = value("new_rtt_periods", i, true);
        break;
      case RttPart::dta:
        break;
    }
    if (!r.total) continue;  // months before the series starts
    if (part != RttPart::new_periods) {
      // A published percentile beyond the top band ("52+") is an empty cell in the flattened file: it is
      // right-censored at the top band of the month.
      if (percentile) {
        r.percentile_weeks = percentile;
      } else if (r.median_weeks) {
        r.percentile_weeks = top_band_for(month);
        r.percentile_censored = true;
      }
    }
    rows.push_back(r);
  }
  if (options.last && *options.last >= 0 && rows.size() > static_cast<size_t>(*options.last)) {
    rows.erase(rows.begin(), rows.end() - *options.last);
  }
  return rows;
}

Table national_stats_table(const std::vector<NationalStatsRow>& rows, data::RttPart part, bool for_text) {
  const bool completed = part == data::RttPart::admitted || part == data::RttPart::nonadmitted;
  const std::string pkey = completed ? "p95" : "p92";
  const std::string ptitle = completed ? "P95 wks" : "P92 wks";
  Table t;
  t.columns = {{"month", "Month", CellKind::text},
               {"part", "Part", CellKind::text},
               {"total", "Total", CellKind::count},
               {"within_18_weeks", "Within 18 wks", CellKind::count},
               {"pct_within_18_weeks", "% within 18", CellKind::fraction, 3},
               {"over_18_weeks", "Over 18", CellKind::count},
               {"over_52_weeks", "Over 52", CellKind::count},
               {"over_65_weeks", "Over 65", CellKind::count},
               {"over_78_weeks", "Over 78", CellKind::count},
               {"over_104_weeks", "Over 104", CellKind::count},
               {"median_weeks", "Median wks", CellKind::weeks}};
  if (!for_text) t.columns.push_back({"median_censored", "Median censored", CellKind::flag});
  t.columns.push_back({pkey + "_weeks", ptitle, CellKind::weeks});
  if (!for_text) t.columns.push_back({pkey + "_censored", "Censored", CellKind::flag});
  t.columns.push_back({"unknown_clock_start", "Unknown start", CellKind::count});

  auto count = [](const std::optional<double>& v) -> Cell {
    if (!v) return {};
    // Estimates for missing trusts can be fractional; whole counts are written as integers (only within the
    // range where a double holds every integer, so the conversion is always defined).
    if (std::isfinite(*v) && std::fabs(*v) < 9.0e15 && std::nearbyint(*v) == *v)
      return static_cast<std::int64_t>(*v);
    return *v;
  };
  auto number = [](const std::optional<double>& v) -> Cell { return v ? Cell{*v} : Cell{}; };
  for (const auto& r : rows) {
    std::vector<Cell> cells = {r.month.to_string(),
                               std::string(data::part_name(r.part)),
                               count(r.total),
                               count(r.within_18_weeks),
                               number(r.pct_within_18_weeks),
                               count(r.over_18_weeks),
                               count(r.over_52_weeks),
                               count(r.over_65_weeks),
                               count(r.over_78_weeks),
                               count(r.over_104_weeks),
                               number(r.median_weeks)};
    if (!for_text) cells.push_back(r.median_weeks ? Cell{std::int64_t{r.median_censored}} : Cell{});
    if (for_text && r.percentile_censored && r.percentile_weeks) {
      cells.push_back(fmt::format("{:.0f}+", *r.percentile_weeks));
    } else {
      cells.push_back(number(r.percentile_weeks));
    }
    if (!for_text) {
      cells.push_back(r.percentile_weeks ? Cell{std::int64_t{r.percentile_censored}} : Cell{});
    }
    cells.push_back(Cell{});  // unknown clock starts are not in the national series
    t.add_row(std::move(cells));
  }
  return t;
}

}  // namespace elective::stats
