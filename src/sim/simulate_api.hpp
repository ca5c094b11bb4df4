#pragma once
// The library entry point behind `elective simulate` (and the web server): scenario in, JSON out.
//
// JSON (docs/simulation.md "Output"): {"scenario", "policy", "seed", "replications", "synthetic",
// "population", "start", "weeks", "months": [...], "targets": [...], "groups": [...], "gaps": [...],
// "priority_breaches": [...], "mutual_aid": {...}, "wait_estimates": [...], "totals": {...},
// "replication_results": [...], "patient_list_report": {...} (when a list was read)}. With more than one
// replication every numeric field is
// {"p10", "p50", "p90"} across replications (the forecast's uncertainty variant). Results depend only on the
// scenario, the options and the seed - never on the thread count.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "core/table.hpp"
#include "data/data_source.hpp"
#include "plan/scenario.hpp"

namespace elective::sim {

struct SimRunOptions {
  std::optional<int> replications, threads;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> policy;
  // A patient-level list to start from (resolved by the scenario's DataSource: --patients on the command
  // line, options.patient_list_dataset on the server); nullopt: [simulation.population] patients, else
  // synthetic.
  std::optional<data::DataRef> patient_list;
  std::optional<bool> skip_invalid;
};

// Everything one run produces, for the CLI's tables and files.
struct SimulationOutput {
  nlohmann::json json;
  Table months, groups, gaps, priority, wait_estimates, replications;
  Table mutual_aid;                 // per provider (sim/aid_report.hpp); no rows without mutual aid
  std::string skipped_rows_report;  // the patient list's problem report (empty when no list or no problems)
  bool synthetic = true;
};

SimulationOutput simulate(const plan::Scenario& scenario, const SimRunOptions& options,
                          const Progress& progress);

// Exactly the JSON of `elective simulate --format json`.
nlohmann::json run_simulation(const plan::Scenario& scenario, const SimRunOptions& options,
                              const Progress& progress);

}  // namespace elective::sim
