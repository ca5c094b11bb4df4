#pragma once
// The forecast and "what it would take" of a cancer waiting times standard (issue 12; docs/forecast.md
// "Cancer waiting times starts"): a scenario whose `start.data` is the CWT provider extract
// (data/cancer_cwt_provider.csv.gz) or the national series (data/cancer_waiting_times_national_monthly.csv)
// names `start.standard` ("28-day FDS", "31-day", "62-day") and optionally `start.provider` and
// `start.cancer_type`.
//
// CWT counts pathways that ended in the month, not a waiting list, so no stock-and-flow model applies: the
// forecast is the naive method (flow/naive.hpp: persistence, seasonal naive, 12-month trend) with the lowest
// back-test error on the selection's own months (flow/cancer_backtest.hpp, origins up to the start), chosen
// separately for the performance and for the total, among the methods that can forecast every month from the
// start. The uncertainty is the chosen method's own out-of-sample errors at each horizon, taken in both
// directions (their sizes, not the one period's bias): sample i draws one quantile u_i (pcg64(seed, i)) and
// every month takes the u_i quantile of that horizon's errors and their negatives. The horizon is at most 12
// months past the start (the back-test's longest); the capacity, referral and policy sections do not apply
// and are refused.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/band_layout.hpp"
#include "core/result_table.hpp"
#include "core/table.hpp"
#include "data/cancer_cwt.hpp"
#include "flow/cancer_backtest.hpp"
#include "plan/forecast_api.hpp"
#include "plan/outcomes.hpp"
#include "plan/scenario.hpp"
#include "plan/targets.hpp"

namespace elective::plan {

// The standard as a list for targets: days, one band edge at the standard's days (28, 31 or 62), so "75%
// within 62 days by 2026-03" is a target on the 62-day standard and "within 30 days" is refused.
const ListDefinition& cancer_standard_list(data::CancerStandard standard);
// Only "X% within D days by YYYY-MM" with D the standard's days; InputError otherwise.
Target parse_cancer_target(std::string_view text, data::CancerStandard standard);

// True when the scenario's start.data is a cancer waiting times file (it is then read, once, through the
// scenario's data source).
bool is_cancer_start(const Scenario& scenario);

struct CancerMonth {
  YearMonth month;
  double total = 0;        // completed pathways in the month
  double performance = 0;  // share within the standard, 0-1
  double within_standard() const { return total * performance; }
};

// The selection's observed months up to the start and the back-test behind the chosen methods.
struct CancerStartData {
  data::CancerStandard standard = data::CancerStandard::fds28;
  std::string selection;  // "England", "provider RBD", "provider RBD, cancer type Suspected breast cancer"
  std::string source;     // the file(s)
  std::vector<flow::CancerSeriesPoint> series;  // ascending, ending at the start
  YearMonth start, until;
};
CancerStartData cancer_start_data(const Scenario& scenario);

struct CancerForecastResult {
  CancerStartData data;
  std::string performance_method, total_method;   // flow::to_string(NaiveMethod)
  std::vector<flow::CancerBacktestRow> backtest;  // performance and totals, horizons 1 .. until - start
  // Errors at each horizon (1-based index h-1): performance in fractions, totals as log ratios.
  std::vector<std::vector<double>> performance_errors, total_errors;
  std::vector<CancerMonth> central;
  int samples = 0;
  std::uint64_t seed = 1;
  std::vector<std::vector<CancerMonth>> sample_months;
  std::vector<Target> targets;
  std::vector<std::vector<TargetOutcome>> targets_by_replication;  // one (central) or one per sample

  bool uncertain() const { return samples > 0; }
  ResultTable months_results() const;
  ResultTable history_results() const;
  // {"list": "cancer", "standard", "selection", "start", "until", "method": {"performance", "total"},
  //  "history": [...], "months": [{"month", "total", "within_standard", "performance"}], "targets": [...]}
  nlohmann::json to_json() const;
  std::string text() const;  // for people, within 100 columns
};

// The samples (sample i from pcg64(seed, i)) run on options.threads workers; cancellable through `progress`.
CancerForecastResult cancer_forecast(const Scenario& scenario, const RunOptions& options,
                                     const Progress& progress = Progress{});

// "What it would take": the extra patients in the deadline month who must be seen within the standard (of
// the month's forecast completed pathways) for its performance to reach the target's threshold.
struct CancerSolveResult {
  std::string target;
  double threshold = 0;
  YearMonth deadline;
  std::string standard, selection, method;
  CancerMonth at_deadline;  // the central forecast
  double value = 0;         // extra patients seen within the standard in the deadline month (0 when met)
  double share_of_total = 0;

  nlohmann::json to_json() const;
  Table table(bool for_text) const;
  std::string text() const;
};

CancerSolveResult cancer_solve(const Scenario& scenario, const RunOptions& options);

}  // namespace elective::plan
