#include "plan/solve.hpp"

#include "plan/cancer_forecast.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/calendar.hpp"
#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "plan/levers.hpp"

namespace elective::plan {

namespace {

const Lever& lever_of(const RunOptions& options) {
  const std::string name = options.lever.value_or("growth");
  const Lever* lever = find_lever(name);
  if (lever == nullptr) throw InputError(fmt::format("--lever: expected {}; got '{}'", lever_names(), name));
  return *lever;
}

}  // namespace

Scenario with_lever(const Scenario& scenario, const std::string& lever, double value) {
  const Lever* l = find_lever(lever);
  if (l == nullptr || l->apply == nullptr) {
    std::vector<std::string_view> names;
    for (const Lever& x : levers())
      if (x.apply != nullptr) names.push_back(x.name);
    throw InputError(fmt::format("--lever: {} cannot be applied to a scenario ({})", lever, join_or(names)));
  }
  Scenario s = scenario;
  l->apply(s, value);
  return s;
}

nlohmann::json SolveResult::to_json() const {
  nlohmann::json j;
  j["target"] = target;
  j["lever"] = lever;
  j["value"] = value ? nlohmann::json(*value) : nlohmann::json();
  j["converged"] = converged;
  j["forecast_at_deadline"] = nullptr;
  if (at_deadline) j["forecast_at_deadline"] = outcomes_json({*at_deadline}, {})["months"][0];
  j["unit"] = unit;
  j["bounds"] = {lower, upper};
  j["deadline"] = deadline ? nlohmann::json(deadline->to_string()) : nlohmann::json();
  j["baseline_capacity_per_week"] = baseline_capacity_per_week;
  j["baseline_referrals_per_week"] = baseline_referrals_per_week;
  if (steady_state_list_size) j["steady_state_list_size"] = *steady_state_list_size;
  if (scope_value) j["scope_value"] = *scope_value;
  j["message"] = message;
  return j;
}

Scenario prepared_for_lever(const Scenario& scenario, const RunOptions& options) {
  const Lever& lever = lever_of(options);
  Scenario s = scenario;
  if (lever.prepare != nullptr) lever.prepare(s);
  return s;
}

SolveResult solve(const Scenario& original, const RunOptions& options, const Progress& progress) {
  // A misspelt lever is reported before the data are read; a capacity lever adds its table.
  const Scenario scenario = prepared_for_lever(original, options);
  // The target being solved for is pursued: it counts among the scenario's targets for the dynamics
  // (docs/forecast.md "Dynamics"). hold_list has no target.
  Scenario pursued = scenario;
  if (options.target && options.lever.value_or("growth") != "hold_list")
    pursued.targets.push_back({parse_target(*options.target), scenario.where("target")});
  return solve_baseline(scenario, prepare_baseline(pursued), options, progress);
}

SolveResult solve_baseline(const Scenario& scenario, Baseline baseline, const RunOptions& options,
                           const Progress& progress) {
  SolveResult r;
  const Lever* lever = &lever_of(options);
  r.lever = options.lever.value_or("growth");
  LeverRun run{scenario, std::move(baseline), std::nullopt, progress};
  r.baseline_capacity_per_week = run.baseline.calibration.capacity_per_month / kWeeksPerMonth;
  r.baseline_referrals_per_week = run.baseline.calibration.referrals_per_month / kWeeksPerMonth;
  r.unit = lever->unit;
  if (lever->needs_target) {
    if (options.target) {
      run.target = parse_target(*options.target);
    } else if (!scenario.targets.empty()) {
      run.target = scenario.targets.front().target;
    } else {
      throw InputError(
          "solve: no target: give --target \"92% within 18 weeks by 2029-03\" or a [[target]] in the "
          "scenario");
    }
    r.target = run.target->text;
    r.deadline = run.target->deadline;
  }
  lever->solve(run, r);
  return r;
}

nlohmann::json run_solve(const Scenario& scenario, const RunOptions& options, const Progress& progress) {
  if (is_cancer_start(scenario)) return cancer_solve(scenario, options).to_json();
  return solve(scenario, options, progress).to_json();
}

}  // namespace elective::plan
