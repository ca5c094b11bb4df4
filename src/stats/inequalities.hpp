#pragma once
// Waits by group (IMD deprivation quintile, ethnic group, age band, sex) from a patient-level list, for the
// dashboard's inequalities view (domain.md 6, "equity outputs"): list size, share of the list, % within 18
// weeks, median and 92nd percentile (NHS band interpolation), share over 52 weeks, and the ratio of each
// group's median to the reference group's (least deprived quintile, White, 18-39, female). Only aggregates
// leave this function, and any group with fewer than 5 pathways has every figure suppressed (null).
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
  std::optional<std::string> tfc;  // report row, e.g. C_110
};

nlohmann::json equity_breakdown(const data::PatientList& list, EquityDimension dimension,
                                const EquityFilter& filter);

}  // namespace elective::stats
