#pragma once
// Statistics of the diagnostics waiting list (DM01, data/README.md section 6) for any selection of provider,
// test and month, broken down by provider, region, test or month. The figures are those of the generic band
// layout (core/band_layout.hpp) on the DM01 list: weekly bands to 13+, 6 weeks the standard.
//
// Aggregation rules (docs/statistics.md):
// - Without --test and without a breakdown by test the all-tests rows (test ALL) are used; with a breakdown
// by
//   test, the rows of tests 1-15. They are never added together.
// - Without a month and without a breakdown by month, the latest month of the file is used: month-end stocks
//   of different months cannot be added.
// - Figures come from the week bands. A source row whose published total, 6+ or 13+ count disagrees with its
//   bands is counted in `rows_disagreeing` of every group it falls in (and listed by the CLI).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/band_layout.hpp"
#include "core/calendar.hpp"
#include "core/table.hpp"
#include "data/dm01.hpp"

namespace elective::stats {

enum class Dm01Breakdown { provider, region, test, month };
// Each item may be a comma list: provider, region, test, month. Throws InputError naming --by otherwise.
std::vector<Dm01Breakdown> parse_dm01_breakdowns(const std::vector<std::string>& items);

struct Dm01Selection {
  std::optional<std::string> provider;  // provider code
  std::optional<std::string> test;      // test ID (1-15), its name (case-insensitive) or ALL
  std::optional<YearMonth> month;
  std::optional<std::string> region;  // the region code the file gives (e.g. Y62), as GET /api/diagnostics
};

struct Dm01StatsRow {
  std::optional<std::string> provider, provider_name, region, region_name, test;
  std::optional<int> test_id;
  YearMonth month;
  std::array<double, data::kDm01Bands> bands{};
  ListSummary summary;               // total, within / over 6 weeks, median
  double over_13_weeks = 0;          // the open 13+ band
  BandQuantile p95_weeks;            // the recovery plan's 95% ambition: 95% wait less than this
  double activity = 0;               // tests in the month: planned + unscheduled + waiting list
  double activity_waiting_list = 0;  // of which from the waiting list (the list's removals by a test)
  size_t source_rows = 0;
  size_t rows_disagreeing = 0;
};

// Rows in key order (provider, region, test, month). Throws InputError when the selection names a provider,
// test or month not in the file, or matches nothing.
std::vector<Dm01StatsRow> dm01_query(const data::Dm01List& list, const Dm01Selection& selection,
                                     const std::vector<Dm01Breakdown>& by);

// The table of `elective stats` on a DM01 file: keys present (provider, region, test_id/test, month), then
// total, within_6_weeks, pct_within_6_weeks, over_6_weeks, over_13_weeks, median_weeks, median_censored,
// p95_weeks, p95_censored, activity, rows_disagreeing. Text tables add names, show "13+" for censored
// percentiles and drop the censored flags.
Table dm01_table(const std::vector<Dm01StatsRow>& rows, bool for_text);

}  // namespace elective::stats
