#pragma once
// Statistics of the capacity files (issue 16) for `elective stats`: the workforce FTE by staff group, the
// workforce total series, sickness absence and KH03 beds - England (the sum of the organisations in the
// file) by month, or one organisation, or every organisation of one month (--by provider). Staff groups are
// read at their own level of the tree, never summed with their subtotals; the absence rate is days lost over
// days available of the rows summed; bed occupancy is occupied over available.
#include <optional>
#include <string>

#include "core/calendar.hpp"
#include "core/table.hpp"
#include "data/beds_kh03.hpp"
#include "data/sickness_absence.hpp"
#include "data/workforce.hpp"

namespace elective::stats {

struct CapacitySelection {
  std::optional<std::string> provider;  // organisation code
  std::optional<YearMonth> month;       // beds: the quarter holding the month
  bool by_provider = false;             // one row per organisation (of the latest month unless --month)
};

// Each throws InputError when the selection matches nothing, naming why.
Table workforce_fte_stats(const data::WorkforceFte& file, const CapacitySelection& selection);
Table workforce_total_stats(const data::WorkforceTotal& file, const CapacitySelection& selection);
Table sickness_absence_stats(const data::SicknessAbsence& file, const CapacitySelection& selection);
Table beds_stats(const data::BedsKh03& file, const CapacitySelection& selection);

}  // namespace elective::stats
