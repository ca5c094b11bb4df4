#pragma once
// "How long will I wait?": for one treatment function (specialty), each provider's estimated wait, from the
// published RTT extract. The estimate is the wait of the patients whose clock stopped in the latest month
// (completed pathways, Part 1A + 1B): half of them had waited less than the median, 9 in 10 less than the
// 90th percentile (NHS England's band interpolation, domain.md 2.6). The current waiting list (Part 2) and a
// queue-based figure (list size / clock stops per week, Little's law) are given alongside, so a reader can
// see whether the list is growing. Providers with fewer than kSmallCount (5) completed pathways get no
// estimate (suppressed): the figures are NHS England's published aggregates, so the floor is one of
// reliability, not of disclosure (docs/security.md). The server's /api/wait-estimate and `elective
// wait-estimate` print wait_estimate_json of this.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar.hpp"
#include "data/rtt_extract.hpp"
#include "stats/disclosure.hpp"

namespace elective::stats {

struct ProviderWaitEstimate {
  std::string provider;
  std::string provider_name;
  bool suppressed = false;                   // fewer than 5 completed pathways: no estimate shown
  std::optional<double> completed_pathways;  // clock stops in the month (known clock start)
  std::optional<double> median_weeks;        // of completed pathways
  std::optional<double> p90_weeks;           // 9 in 10 completed pathways waited at most this
  bool p90_censored = false;                 // the 90th percentile lies in the open top band (104+)
  std::optional<double> waiting_list;        // incomplete pathways at month end
  std::optional<double> waiting_median_weeks;
  std::optional<double> waiting_p90_weeks;
  std::optional<double> queue_weeks;  // waiting list / completed pathways per week
};

struct WaitEstimateQuery {
  std::string tfc;                          // normalised treatment function code; C_999 = all specialties
  std::optional<std::string> provider;      // one provider, or all
  std::optional<std::string> commissioner;  // the patient's area (sub-ICB commissioner), optional
  std::optional<YearMonth> month;           // default: the latest month in the extract
};

struct WaitEstimate {
  std::string tfc;
  std::string tfc_name;
  std::optional<std::string> commissioner;
  YearMonth month;
  std::vector<ProviderWaitEstimate> providers;  // shortest median first; suppressed last
};

WaitEstimate estimate_waits(const data::RttExtract& extract, const WaitEstimateQuery& query);
nlohmann::json wait_estimate_json(const WaitEstimate& estimate);

}  // namespace elective::stats
