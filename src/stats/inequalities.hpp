#pragma once
// Waits by group (IMD deprivation quintile, ethnic group, age band, sex) from a patient-level list, for the
// dashboard's inequalities view (domain.md 6, "equity outputs"): list size, share of the list, % within 18
// weeks, median and 92nd percentile (NHS band interpolation), share over 52 weeks, and the ratio of each
// group's median to the reference group's (least deprived quintile, White, 18-39, female).
//
// Only aggregates leave this function, under the disclosure rule (stats/disclosure.hpp, docs/security.md):
// counts rounded to 5; a group of 1-4 pathways withheld with every figure, and with it the next-smallest
// groups until the withheld ones hold 5 or more (and the empty groups of that breakdown, so that a withheld
// group may hold none); shares from the rounded counts. The rows are every group of the dimension, whatever
// the list and the filter, so they never reveal which groups are empty. A selection of fewer than 10
// pathways, or one that leaves 1-9 pathways of a wider selection outside it (the list without the filter, or
// without one of two filters), is withheld whole: otherwise the wider total minus this one would count the
// few left out.
//
// `elective inequalities` and GET /api/inequalities print exactly this JSON (the server adds "dataset").
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "data/patient_list.hpp"

namespace elective::stats {

enum class EquityDimension { imd_quintile, ethnic_group, age_band, sex };
std::optional<EquityDimension> parse_equity_dimension(std::string_view text);
std::string_view equity_dimension_name(EquityDimension dimension);

struct EquityFilter {
  std::optional<std::string> provider;
  std::optional<std::string> tfc;  // report row, e.g. C_110 (C_999: all)
};

// {"by", "snapshot_date", "reference_group", "provider", "tfc", "total", "selection_withheld", "disclosure",
//  "groups": [{"group", "reference", "suppressed", "count", "share_of_list", "pct_within_18_weeks",
//              "median_weeks", "p92_weeks", "pct_over_52_weeks", "median_ratio_to_reference"}]}
nlohmann::json equity_breakdown(const data::PatientList& list, EquityDimension dimension,
                                const EquityFilter& filter);

}  // namespace elective::stats
