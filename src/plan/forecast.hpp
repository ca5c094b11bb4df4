#pragma once
// A forecast run: the deterministic projection (midpoints of every range) and, with --samples N, a Monte
// Carlo of N projections with the uncertain inputs drawn uniformly from their ranges and the model's own
// error drawn from its back-test (sample i uses pcg64(seed, i), so results do not depend on threads or
// order).
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "plan/engine.hpp"
#include "plan/forecast_api.hpp"

namespace elective::plan {

struct ForecastResult {
  Baseline baseline;
  Projection central;
  int samples = 0;
  std::uint64_t seed = 1;
  std::vector<std::vector<MonthOutcome>> sample_months;
  std::vector<std::vector<TargetOutcome>> sample_targets;
  // The back-test error paths the samples drew from (flow/model_error.hpp); empty without samples or data.
  std::vector<flow::ErrorPath> error_paths;

  bool uncertain() const { return samples > 0; }
  // Exactly `elective forecast --format json`.
  nlohmann::json to_json() const;
};

ForecastResult forecast(const Scenario& scenario, const RunOptions& options, const Progress& progress);

}  // namespace elective::plan
