#pragma once
// `elective solve`: the value of one lever that just meets a target (docs/forecast.md "Solving").
//   growth          smallest constant annual growth of treatment capacity meeting the target by its deadline
//   extra_per_week  smallest extra weekly capacity (in the scenario's units, from
//   capacity.extra_per_week.from) hold_list       the weekly capacity that holds the list at its start size
//   twelve months on steady_state    the weekly capacity whose long-run list meets the target's standard at
//   today's demand
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
  int iterations = 0;

  nlohmann::json to_json() const;
};

SolveResult solve(const Scenario& scenario, const RunOptions& options, const Progress& progress);

// The scenario with a lever set (used by the round-trip tests and the CLI to re-run a solved value).
Scenario with_lever(const Scenario& scenario, const std::string& lever, double value);

}  // namespace elective::plan
