#pragma once
// Forecast and solve for every group of the DM01 diagnostics file in one run (`elective forecast|solve
// SCENARIO --by provider|test|region`, or a comma list such as provider,test; docs/forecast.md "Every
// provider and test (DM01)"), when the scenario's start.data is the DM01 file. Each group (a provider, a
// test, a region, or a provider x test) is calibrated on its own months exactly as a single DM01 start is
// (plan/dm01_start.hpp: inflow inferred from the list change and the waiting-list tests) and projected with
// the scenario's drivers and targets. Without `test` in --by every group is all tests (the ALL rows).
//
// - A group without two consecutive months ending at the start, or with nobody waiting at the start, is left
//   out and named in "left_out" (it cannot be calibrated).
// - The groups' projected lists are summed and set beside England's own forecast ("england"), since each
//   group is calibrated alone and the sum need not equal England's.
// JSON: {"list": "dm01", "by", "start", "until", "groups": [{"provider", "provider_name", "region",
// "region_name", "test", "test_id", "calibration", "months", "targets"}], "left_out", "england"}.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "core/table.hpp"
#include "plan/engine.hpp"
#include "plan/forecast_api.hpp"
#include "plan/solve.hpp"
#include "stats/dm01_stats.hpp"

namespace elective::plan {

// True when the scenario's start.data is the DM01 file.
bool is_dm01_start(const Scenario& scenario);

// --by for DM01 groups: a comma list of provider, test and region. InputError "--by: ..." otherwise.
std::vector<stats::Dm01Breakdown> parse_dm01_group_by(const std::string& text);

struct Dm01Group {
  std::optional<std::string> provider, provider_name, region, region_name, test;
  std::optional<int> test_id;
  Baseline baseline;
  std::string label() const;
};

struct Dm01Groups {
  std::vector<stats::Dm01Breakdown> by;
  YearMonth start, until;
  std::vector<Dm01Group> groups;
  std::vector<std::string> left_out;  // "label: why"
};
Dm01Groups prepare_dm01_groups(const Scenario& scenario, const std::vector<stats::Dm01Breakdown>& by);

struct Dm01GroupForecastResult {
  Dm01Groups prepared;
  std::vector<Projection> projections;  // same order as prepared.groups
  Projection england;                   // England's own forecast (all providers, all tests), for the sums
  nlohmann::json to_json() const;
  // One row a group ranked by % within 6 weeks at the horizon (best first): list and % within 6 weeks at the
  // start and the horizon, the change, each target met or not.
  Table league_table(bool for_text) const;
  // "The groups' lists sum to X at the horizon; England's own forecast is Y (Z% apart)".
  std::string sums_line() const;
};
Dm01GroupForecastResult forecast_dm01_groups(const Scenario& scenario,
                                             const std::vector<stats::Dm01Breakdown>& by,
                                             const Progress& progress);

struct Dm01GroupSolveResult {
  Dm01Groups prepared;
  std::vector<SolveResult> results;  // same order as prepared.groups
  nlohmann::json to_json() const;
  Table table(bool for_text) const;
};
Dm01GroupSolveResult solve_dm01_groups(const Scenario& scenario, const std::vector<stats::Dm01Breakdown>& by,
                                       const RunOptions& options, const Progress& progress);

}  // namespace elective::plan
