#pragma once
// Performance against the cancer waiting times standards (data/README.md sections 3 and 7): the share of
// completed pathways within the standard, by standard, provider, cancer type, route and month, from the
// CWT-CRS provider extract or the national monthly series, beside each standard's threshold and the dated
// ambitions of the elective recovery plan.
//
// What the data are (docs/statistics.md): counts of pathways that *ended* in the month (patients told they
// have cancer or that it was ruled out; first or subsequent treatments). They are not a waiting list: nothing
// here says how many are still waiting or how long.
//
// Aggregation rules: every 28-day row is used (they are split by route and suspected cancer type only). The
// 31-day and 62-day rows appear twice, split by cancer type (`ALL MODALITIES`) and by modality (`ALL
// CANCERS`); only the `ALL MODALITIES` rows are used, so nothing is counted twice. Standards are never added
// together; without --month and without a breakdown by month the latest month of the file is used.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/table.hpp"
#include "data/cancer_cwt.hpp"

namespace elective::stats {

struct CancerAmbition {
  double share;  // 0-1
  YearMonth by;
};

struct CancerStandardInfo {
  data::CancerStandard standard;
  int days;                               // 28, 31, 62
  double threshold;                       // the operational standard: 0.75, 0.96, 0.85
  std::vector<CancerAmbition> ambitions;  // dated ambitions, in date order
};
const CancerStandardInfo& cancer_standard_info(data::CancerStandard standard);
// The ambition in force for `month`: the first whose date is on or after it, else the last one; nullopt for a
// standard without dated ambitions (31-day).
std::optional<CancerAmbition> ambition_for(const CancerStandardInfo& info, YearMonth month);

enum class CwtBreakdown { standard, provider, cancer_type, route, month };
// Each item may be a comma list: standard, provider, cancer_type, route, month.
std::vector<CwtBreakdown> parse_cwt_breakdowns(const std::vector<std::string>& items);

struct CwtSelection {
  std::optional<data::CancerStandard> standard;
  std::optional<std::string> provider, cancer_type, route;
  std::optional<YearMonth> month;
  // Months from .. until (national series); ignored when `month` is set.
  std::optional<YearMonth> from, until;
};

struct CwtStatsRow {
  data::CancerStandard standard = data::CancerStandard::fds28;
  std::optional<std::string> provider, cancer_type, route;
  YearMonth month;
  double total = 0, within_standard = 0, breaches = 0;
  size_t source_rows = 0;
  size_t rows_disagreeing = 0;
  std::optional<double> performance() const {
    return total > 0 ? std::optional<double>(within_standard / total) : std::nullopt;
  }
};

// Rows in key order (standard, provider, cancer type, route, month). Throws InputError when nothing matches
// or a named provider / cancer type / month is not in the file.
std::vector<CwtStatsRow> cwt_query(const data::CwtProvider& extract, const CwtSelection& selection,
                                   const std::vector<CwtBreakdown>& by);
// England from the national series: one row per standard and month with figures (all months unless
// `month`/`from`/`until`; --by provider, cancer_type or route do not apply).
std::vector<CwtStatsRow> cwt_national_query(const data::CwtNational& series, const CwtSelection& selection,
                                            const std::vector<CwtBreakdown>& by);

// Keys: standard, provider / cancer_type / stage_route when present, month, total, within_standard,
// breaches, performance, threshold, meets_threshold, ambition, ambition_by, meets_ambition,
// rows_disagreeing.
Table cwt_table(const std::vector<CwtStatsRow>& rows, bool for_text);

}  // namespace elective::stats
