#pragma once
// The library entry points behind `elective forecast` and `elective solve`; the CLI and the HTTP server both
// call these and print or serve the JSON unchanged.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "plan/scenario.hpp"

namespace elective::plan {

struct RunOptions {
  std::optional<int> samples;  // Monte Carlo samples (overrides [uncertainty] samples); 0 = deterministic
  std::optional<std::uint64_t> seed;  // overrides [uncertainty] seed
  std::optional<std::string> target;  // solve: the target text (default: the scenario's first target)
  std::optional<std::string> lever;   // solve: a lever of the registry (plan/levers.hpp), default growth
  // Worker threads for the Monte Carlo samples and the groups of --by (core/parallel_for.hpp); 0 or unset =
  // one per core. Results do not depend on it.
  std::optional<int> threads;
};

// Exactly the JSON of `elective forecast --format json`: {"months": [...], "targets": [...]} (uncertainty
// variant when samples > 0 or the scenario has ranges and samples were asked for).
nlohmann::json run_forecast(const Scenario& scenario, const RunOptions& options, const Progress& progress);

// Exactly the JSON of `elective solve`: {"target", "lever", "value", "converged", "forecast_at_deadline",
// ...}.
nlohmann::json run_solve(const Scenario& scenario, const RunOptions& options, const Progress& progress);

}  // namespace elective::plan
