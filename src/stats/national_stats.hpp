#pragma once
// The headline statistics of the national RTT time series (data/rtt_national_timeseries.csv), one row per
// month, with the same keys as `elective stats` on an extract. NHS England publishes the percentiles; the
// counts are the published counts and % within 18 weeks is recomputed from them (it equals the published
// fraction, which the golden tests check).
#include <optional>
#include <vector>

#include "core/calendar.hpp"
#include "core/table.hpp"
#include "data/national_series.hpp"
#include "data/rtt_extract.hpp"

namespace elective::stats {

struct NationalOptions {
  data::RttPart part = data::RttPart::incomplete;  // incomplete, admitted, nonadmitted or new (no dta series)
  bool estimates = false;  // use the "with estimates for missing trusts" (_est) columns where they exist
  std::optional<YearMonth> from;   // first month (inclusive)
  std::optional<YearMonth> until;  // last month (inclusive)
  std::optional<int> last;         // keep only the last N months with data (after from/until)
};

struct NationalStatsRow {
  YearMonth month;
  data::RttPart part = data::RttPart::incomplete;
  std::optional<double> total;
  std::optional<double> within_18_weeks;
  std::optional<double>
      pct_within_18_weeks;  // within / total (incomplete only: completed totals include unknown
                            // clock starts, so the fraction is not published-comparable)
  std::optional<double> over_18_weeks, over_52_weeks, over_65_weeks, over_78_weeks, over_104_weeks;
  std::optional<double> median_weeks;
  bool median_censored = false;
  // 92nd percentile for incomplete pathways; NHS England publishes the 95th for completed pathways.
  std::optional<double> percentile_weeks;
  bool percentile_censored = false;
};

// Rows for the months that have a total. Throws InputError for a part the series does not carry (dta).
std::vector<NationalStatsRow> national_stats(const data::NationalSeries& series,
                                             const NationalOptions& options);

// Same column keys as stats_table (p95_weeks / p95_censored replace p92 for admitted and nonadmitted).
Table national_stats_table(const std::vector<NationalStatsRow>& rows, data::RttPart part, bool for_text);

}  // namespace elective::stats
