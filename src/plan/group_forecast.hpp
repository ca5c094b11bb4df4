#pragma once
// Forecast and solve for every group of the provider months file in one run (`elective forecast|solve
// SCENARIO --by provider[,specialty] | icb | region | specialty`, docs/forecast.md "Every provider"): when
// the scenario's start.data is the provider months file, each group is calibrated on its own history
// (flow/provider_history.hpp) and projected with the scenario's drivers and targets, exactly as a single
// forecast is (plan/engine.hpp); a solve runs the lever of plan/levers.hpp on each group.
//
// - A group with fewer than three listed months up to the start (a provider that only started reporting) is
//   not calibrated: it is held at its latest list (persistence) and flagged short_history.
// - Groups with no list at the start month (not reported then) are left out and counted.
// - Weeks are estimated from month bins: every group is "estimated": true, and over 65/78/104 weeks are
//   null (the month bins end at 12+ months).
// The JSON: {"by": [...], "start", "until", "groups": [{"provider", "specialty", ..., "months", "targets",
// "flags"}], "left_out"}; the keys of "months" and "targets" are those of the single forecast.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "core/table.hpp"
#include "data/provider_months.hpp"
#include "flow/provider_history.hpp"
#include "plan/engine.hpp"
#include "plan/forecast_api.hpp"
#include "plan/solve.hpp"
#include "stats/provider_stats.hpp"

namespace elective::plan {

// --by for groups: a comma list of provider, specialty, icb, region. InputError "--by: ..." otherwise.
std::vector<stats::ProviderBreakdown> parse_group_by(const std::string& text);

// One group ready to project: its history and, when calibrated, its baseline.
struct GroupRun {
  flow::GroupSeries series;
  std::optional<Baseline> baseline;   // nullopt: short history, held at `held`
  WaitHistogram held;                 // the list at the start month
  double added_inflow_per_month = 0;  // inflow beyond new periods (flow::GroupCalibration)
  YearMonth start, until;
  std::vector<std::string> flags() const;
};

struct PreparedGroups {
  std::vector<stats::ProviderBreakdown> by;
  YearMonth start, until;
  std::vector<GroupRun> groups;
  std::vector<std::string> left_out;  // labels of groups without a list at the start month
};

// Reads the scenario's provider months start (and providers.csv for icb and region) and calibrates every
// group at start.month (default: the file's last month). Scenario errors name start.data / start.month.
// With only_tfc (a specialty code of the file, e.g. "C_110"), only that specialty's groups are kept.
PreparedGroups prepare_groups(const Scenario& scenario, const std::vector<stats::ProviderBreakdown>& by,
                              const std::optional<std::string>& only_tfc = std::nullopt);

// The projection of one group with the scenario's midpoint drivers (persistence for a short history).
Projection project_group(const Scenario& scenario, const GroupRun& group, bool with_months = true);

struct GroupForecast {
  const GroupRun* run = nullptr;
  Projection projection;
};

struct GroupForecastResult {
  PreparedGroups prepared;
  std::vector<GroupForecast> groups;  // same order as prepared.groups
  nlohmann::json to_json() const;
  // The league table: one row per group (latest list, projected list at the horizon, % within 18 weeks
  // estimated at both, each target met or not, flags), ranked by % within 18 weeks at the horizon.
  Table league_table(bool for_text) const;
};
// The groups are projected on `threads` workers (core/parallel_for.hpp; 0 = one per core), each into its own
// slot: the same result for any count.
GroupForecastResult forecast_groups(const Scenario& scenario, const std::vector<stats::ProviderBreakdown>& by,
                                    const Progress& progress, int threads = 0);

struct GroupSolve {
  const GroupRun* run = nullptr;
  SolveResult result;
};
struct GroupSolveResult {
  PreparedGroups prepared;
  std::vector<GroupSolve> groups;
  nlohmann::json to_json() const;
  Table table(bool for_text) const;
};
// Solves options.lever for options.target (default: the scenario's first target) in every calibrated group
// (of one specialty with only_tfc, as prepare_groups), on options.threads workers (0 or unset = one per
// core).
GroupSolveResult solve_groups(const Scenario& scenario, const std::vector<stats::ProviderBreakdown>& by,
                              const RunOptions& options, const Progress& progress,
                              const std::optional<std::string>& only_tfc = std::nullopt);

// The baseline of a single forecast from the provider months file: start.provider (a code or "merged:...")
// and start.tfc select one group, default England's Total; used by prepare_baseline.
Baseline provider_months_baseline(const Scenario& scenario, const data::ProviderMonths& file);

}  // namespace elective::plan
