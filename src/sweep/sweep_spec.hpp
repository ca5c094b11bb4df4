#pragma once
// A sweep file (docs/sweep.md): one base scenario, a grid of scenario keys x values, the command to run at
// every grid point (forecast or simulate), the replications of each point and the outputs to report.
//
//   [sweep]
//   name = "capacity-growth"
//   scenario = "current-trends.toml"      # relative to the sweep file
//   command = "forecast"                  # or "simulate"
//   replications = 20                     # per grid point; each a seeded draw (forecast: one Monte Carlo
//   seed = 1                              #   sample of the scenario's ranges; simulate: one replication)
//   outputs = ["list_size", "pct_within_18_weeks", "over_52_weeks"]
//   at = "2029-03"                        # the month whose outputs are reported (default: the last)
//
//   [[sweep.grid]]
//   key = "referrals.growth_per_year"     # any scenario key, dotted ("simulation.policy", "removals.x")
//   values = [0.01, 0.02, 0.03]
//
// Every grid point's scenario passes the one scenario gate before anything runs, so a value the scenario
// rejects is reported at its place in the sweep file.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar.hpp"
#include "plan/document.hpp"
#include "plan/scenario.hpp"

namespace elective::sweep {

enum class SweepCommand { forecast, simulate };

struct GridDimension {
  std::string key;                 // dotted scenario key
  std::vector<plan::Node> values;  // as written in the sweep file (numbers, strings, booleans)
};

struct SweepSpec {
  std::string file;  // the sweep file's name in messages
  std::string name;
  std::string scenario_path;  // the base scenario, as resolved
  SweepCommand command = SweepCommand::forecast;
  int replications = 1;
  std::uint64_t seed = 1;
  std::vector<std::string> outputs;
  std::optional<YearMonth> at;
  SourceLocation at_where;  // of sweep.at, for the error when the scenario does not project that month
  std::vector<GridDimension> grid;
};

// One grid point: its index (the first dimension varies slowest) and the value index of each dimension.
struct GridPoint {
  std::size_t index = 0;
  std::vector<std::size_t> value_index;
};

// A sweep ready to run: the spec and every point's validated scenario.
struct SweepPlan {
  SweepSpec spec;
  std::vector<GridPoint> points;
  std::vector<plan::Scenario> scenarios;  // one per point
  std::size_t tasks() const { return points.size() * static_cast<std::size_t>(spec.replications); }
};

// The month keys a sweep may report (those of `elective forecast` and `elective simulate` months).
const std::vector<std::string>& sweep_output_keys();

// Parses and validates a sweep file and every grid point's scenario. Files the base scenario names are read
// once for the whole sweep (one data source is shared by the points).
SweepPlan load_sweep(const std::string& path);
SweepPlan parse_sweep(std::string_view text, const std::string& file, const std::string& base_dir);

// A document value as JSON (throws, at the value in `file`, for a TOML date or time).
nlohmann::json to_json(const plan::Node& node, const std::string& file);

// The JSON text of the base scenario document with the point's grid values set (for messages and tests).
std::string point_scenario_json(const plan::Document& base, const SweepSpec& spec, const GridPoint& point);

}  // namespace elective::sweep
