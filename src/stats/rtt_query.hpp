#pragma once
// Official RTT statistics for any selection of an RTT Full CSV extract (provider, treatment function,
// commissioner, part, month), optionally broken down by provider, treatment function, commissioner or month.
//
// Aggregation rules (docs/statistics.md):
// - C_999 is the all-specialty row. Without a treatment function (no --tfc and no breakdown by tfc) the C_999
//   rows are used; with a breakdown by tfc, the specialty rows (every row but C_999). They are never added
//   together.
// - Rows of the same key are summed over commissioners (and over providers / months not broken down).
// - Without a month and without a breakdown by month, the latest month of the extract is used: stocks of
//   different months cannot be added.
// - `total` is `Total All` (known plus unknown clock starts); % within 18 weeks and the percentiles are over
//   known clock starts (the band counts). Part_3 has only a total; its other metrics are null.
//
// Only report/table.hpp's plain structures are used here (no report functions), so stats does not link
// report.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/table.hpp"
#include "core/wait_bands.hpp"
#include "data/rtt_extract.hpp"
#include "stats/wait_summary.hpp"

namespace elective::stats {

using data::RttPart;

struct Selection {
  RttPart part = RttPart::incomplete;
  std::optional<std::string> provider;
  std::optional<std::string> tfc;  // "110", "C_110", "X02", "999" ...
  std::optional<std::string> commissioner;
  std::optional<YearMonth> month;
};

enum class Breakdown { none, provider, tfc, commissioner, month };

// "provider" | "tfc" | "commissioner" | "month" | "none"; throws InputError otherwise.
Breakdown parse_breakdown(std::string_view text);
// Each item may be a comma-separated list; "none" entries are dropped and repeats removed.
std::vector<Breakdown> parse_breakdowns(const std::vector<std::string>& items);
std::string_view breakdown_name(Breakdown by);

struct StatsRow {
  RttPart part = RttPart::incomplete;
  // Selection keys: set when fixed by the selection or broken down by.
  std::optional<std::string> provider;
  std::optional<std::string> provider_name;
  std::optional<std::string> tfc;
  std::optional<std::string> tfc_name;
  std::optional<std::string> commissioner;
  std::optional<std::string> commissioner_name;
  std::optional<YearMonth> month;  // always set by query()

  bool has_bands = false;  // false for Part_3: only `total` is meaningful
  WaitHistogram histogram;
  WaitSummary summary;  // summary.total is the sum of `Total All`
  std::size_t source_rows = 0;
};

// Rows in key order (provider, tfc, commissioner, month). Empty when nothing matches.
std::vector<StatsRow> query(const data::RttExtract& extract, const Selection& selection,
                            std::vector<Breakdown> by);

// The statistics of one aggregate (helper for query and for callers that sum rows themselves).
StatsRow summarise(const data::RttTotals& totals, RttPart part);

struct StatsTableOptions {
  bool for_text = false;  // text table: names shown, censored percentiles as "104+", no censored flags
  bool bands = false;     // add one column per weekly band (band_0 ... band_104)
};

// The table of `elective stats`: selection keys present in any row (part always, month always), then
// total, within_18_weeks, pct_within_18_weeks, over_18_weeks, over_52_weeks, over_65_weeks, over_78_weeks,
// over_104_weeks, median_weeks, median_censored, p92_weeks, p92_censored, unknown_clock_start.
// render(stats_table(rows), Format::json) is exactly `elective stats --format json`.
Table stats_table(const std::vector<StatsRow>& rows, const StatsTableOptions& options = {});

}  // namespace elective::stats
