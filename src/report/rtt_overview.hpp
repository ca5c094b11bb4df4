#pragma once
// `elective overview`: a readable report of the state of the waiting list for people. England's latest month
// from the national time series (list size, % within 18 weeks against the 92% standard, long waits, median
// and 92nd percentile), its change over the last 12 months (a small monthly table), and the provider table of
// an RTT Full CSV extract (each provider by treatment function, plus its all-specialty total).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/table.hpp"
#include "data/national_series.hpp"
#include "data/rtt_extract.hpp"
#include "stats/national_stats.hpp"
#include "stats/rtt_query.hpp"

namespace elective::report {

struct ProviderOverview {
  std::string provider;
  std::string provider_name;
  YearMonth month;
  stats::StatsRow incomplete;           // Part_2, all specialties (C_999)
  std::optional<double> dta;            // Part_2A total
  std::optional<double> new_periods;    // Part_3 total
  std::optional<double> admitted;       // Part_1A total (clock stops)
  std::optional<double> nonadmitted;    // Part_1B total
  std::vector<stats::StatsRow> by_tfc;  // Part_2 specialty rows
};

struct Overview {
  // National part (absent when no national series was given).
  std::string national_source;
  std::optional<stats::NationalStatsRow> latest;
  std::optional<stats::NationalStatsRow> year_before;  // the same month a year earlier
  std::vector<stats::NationalStatsRow> trend;          // the last 13 months, oldest first
  // Extract part.
  std::vector<std::string> extract_sources;
  std::vector<ProviderOverview> providers;
};

// `trend_months` months of change (13 rows for 12). Either input may be null.
Overview build_overview(const data::NationalSeries* national, const data::RttExtract* extract,
                        int trend_months = 12);

std::string overview_text(const Overview& overview);
// {"national": {"source", "standard", "latest", "year_before", "change_12_months", "trend"} | null,
//  "providers": [{"provider", "provider_name", "month", "incomplete", "dta_total", "new_periods",
//                 "admitted", "nonadmitted", "by_tfc": [...]}]}; row objects use the keys of `elective
//                 stats`.
nlohmann::json overview_json(const Overview& overview);

}  // namespace elective::report
