#pragma once
// NHS England's monthly validation checks that can be applied to a Full CSV extract (domain.md 2.6), as
// findings rather than errors: the file is read, and the checks say where it is internally inconsistent.
// Negative and decimal counts are rejected when the file is read (data::RttExtract::parse), so they never
// reach these checks.
#include <cstdint>
#include <string>
#include <vector>

#include "core/table.hpp"
#include "data/rtt_extract.hpp"

namespace elective::stats {

enum class Severity { error, warning };

struct Finding {
  std::string check;  // snake_case id, e.g. "totals_consistent"
  Severity severity = Severity::error;
  std::string file;       // source file of the first row involved
  std::int64_t line = 0;  // its line, 0 when the finding is about a group of rows
  std::string month;      // YYYY-MM
  std::string provider;
  std::string message;  // plain English, with the figures involved
};

// Checks, in this order:
//  totals_consistent (error)            Part_1A/1B: Total = sum of bands; every part with bands:
//                                       Total All = bands + unknown clock starts; Part_3: Total All present.
//  dta_within_incomplete (error)        Part_2A <= Part_2 for the same provider, commissioner, treatment
//                                       function and month, in total and band by band.
//  completed_implies_incomplete (error) a provider reporting completed pathways (1A/1B) in a month also
//                                       reports incomplete pathways (Part_2).
//  new_periods_cover_short_waits (warning) per provider and month (all specialties, summed over
//                                       commissioners): Part_3 new periods >= Part_2 pathways waiting
//                                       0-4 weeks (bands 0-3).
//  commissioner_code (warning)          commissioner code present and shaped like an ODS code (3 or 5
//                                       letters/digits) or NONC.
//  identical_to_previous_month (warning) a provider's Part_2 return equal, row for row, to the month before
//                                       (needs several months read together).
std::vector<Finding> check_extract(const data::RttExtract& extract);

std::string_view severity_name(Severity severity);

// Columns: severity, check, file, line, month, provider, message.
Table findings_table(const std::vector<Finding>& findings);

}  // namespace elective::stats
