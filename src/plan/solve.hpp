#pragma once
// `elective solve`: the value of one lever that just meets a target (docs/forecast.md "Solving"). The levers
// (growth, extra_per_week, hold_list, steady_state) are a registry with their help text: plan/levers.hpp.
// Bisection on a monotone response (more capacity never lengthens waits in this model); when the upper bound
// does not meet the target the answer is converged = false with value null, never an extrapolation.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "plan/engine.hpp"
#include "plan/forecast_api.hpp"

namespace elective::plan {

struct SolveResult {
  std::string target;
  std::string lever;
  std::optional<double> value;
  bool converged = false;
  std::string unit;
  double lower = 0, upper = 0;  // search bounds
  std::string message;
  std::optional<MonthOutcome> at_deadline;  // with the solved value (or the upper bound if not met)
  std::optional<YearMonth> deadline;
  double baseline_capacity_per_week = 0;
  double baseline_referrals_per_week = 0;
  std::optional<double> steady_state_list_size;  // steady_state only
  // consultant_fte and beds solved for a provider, ICB or region: the value is England's (the levers' keys
  // are national amounts shared out); this is the area's own share of it, in the same unit.
  std::optional<double> scope_value;
  int iterations = 0;

  nlohmann::json to_json() const;
};

SolveResult solve(const Scenario& scenario, const RunOptions& options, const Progress& progress);
// The same from a prepared baseline (each group of a provider months run, plan/group_forecast.hpp).
SolveResult solve_baseline(const Scenario& scenario, Baseline baseline, const RunOptions& options,
                           const Progress& progress);

// The scenario as options.lever solves it: the capacity levers (consultant_fte, absence, productivity, beds)
// add their [capacity.workforce] / [capacity.beds] table with its defaults when it is missing. InputError
// "--lever: ..." for an unknown lever.
Scenario prepared_for_lever(const Scenario& scenario, const RunOptions& options);

// The scenario with a lever set (used by the round-trip tests and the CLI to re-run a solved value).
Scenario with_lever(const Scenario& scenario, const std::string& lever, double value);

}  // namespace elective::plan
