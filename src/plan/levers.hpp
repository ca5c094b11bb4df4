#pragma once
// The solve-lever registry: what `elective solve --lever NAME` (and the API's options.lever) can search for.
// Each entry has its name, help text, unit, the parameters it reads and the function that solves it; the CLI
// help, "expected one of ..." messages and GET /api/levers read this table.
//
// Adding a lever: an entry and its solver function in levers.cpp (and its row in docs/forecast.md).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "core/registry.hpp"
#include "plan/engine.hpp"
#include "plan/scenario.hpp"
#include "plan/solve.hpp"
#include "plan/targets.hpp"

namespace elective::plan {

// What a lever's solver gets: the scenario, its prepared baseline and (for levers that need one) the target.
struct LeverRun {
  const Scenario& scenario;
  Baseline baseline;
  std::optional<Target> target;
  const Progress& progress;
};

struct Lever {
  std::string_view name;
  std::string_view help;
  std::string_view unit;  // of the solved value
  std::string_view sets;  // the scenario key whose value it solves for ("" when it is not one)
  bool needs_target = true;
  std::vector<Parameter> parameters;
  // Fills the result's value, bounds, unit, message and forecast at the deadline.
  void (*solve)(LeverRun& run, SolveResult& result) = nullptr;
  // Sets the lever's value in a scenario (levers that are a scenario key); nullptr for the others.
  void (*apply)(Scenario& scenario, double value) = nullptr;
  // The lists whose scenarios the lever can solve ("rtt", "dm01"), so that a page offers only those.
  std::vector<std::string_view> lists = {"rtt", "dm01"};
  // Readies a scenario before its baseline is prepared (the capacity levers add their table); may be null.
  void (*prepare)(Scenario& scenario) = nullptr;
};

const std::vector<Lever>& levers();
const Lever* find_lever(std::string_view name);
// "growth, extra_per_week, hold_list or steady_state"
std::string lever_names();
// "growth (...), extra_per_week (...), ...": for --lever's help.
std::string lever_help();
// GET /api/levers: [{"name", "help", "unit", "needs_target", "sets", "lists", "parameters": [...]}]
nlohmann::json levers_json();

}  // namespace elective::plan
