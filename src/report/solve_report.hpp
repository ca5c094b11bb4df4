#pragma once
// Renderings of a solve for people (`elective solve --format table`, the default) and spreadsheets
// (`--format csv`): the answer rounded, with the baseline it is measured against and the change it implies
// ("+44,253 clock stops a week (+12.7% on 348,000)"). `--format json` is plan::SolveResult::to_json, the
// contract shared with the server.
#include <optional>
#include <string>

#include "core/table.hpp"
#include "plan/solve.hpp"

namespace elective::report {

// The change a solved value implies against the baseline clock stops a week: per week (extra_per_week - in
// clock stops, through the scenario's pathways_per_unit -, hold_list, steady_state) and as a fraction of the
// baseline; nullopt where the lever is not a weekly capacity (growth) or there is no value.
struct SolveChange {
  std::optional<double> per_week;
  std::optional<double> fraction;
};
SolveChange solve_change(const plan::Scenario& scenario, const plan::SolveResult& result);

std::string solve_text(const plan::Scenario& scenario, const plan::SolveResult& result);
// One row: target, lever, converged, value, unit, baselines, change, deadline and the outcome at it.
Table solve_table(const plan::Scenario& scenario, const plan::SolveResult& result);

}  // namespace elective::report
