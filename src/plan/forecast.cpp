#include "plan/forecast.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace elective::plan {

nlohmann::json ForecastResult::to_json() const {
  if (uncertain()) return outcomes_json(sample_months, sample_targets);
  return outcomes_json(central.months, central.targets);
}

ForecastResult forecast(const Scenario& scenario, const RunOptions& options, const Progress& progress) {
  ForecastResult r;
  r.samples = options.samples.value_or(scenario.uncertainty.samples);
  r.seed = options.seed.value_or(scenario.uncertainty.seed);
  if (r.samples < 0) throw InputError(fmt::format("--samples: expected 0 or more, got {}", r.samples));
  r.baseline = prepare_baseline(scenario);
  const std::vector<Target> targets = scenario_targets(scenario);
  r.central = project(
      r.baseline, build_drivers(scenario, r.baseline, midpoint_draw(scenario), r.baseline.until), targets);
  if (r.samples == 0) return r;
  r.sample_months.reserve(static_cast<size_t>(r.samples));
  r.sample_targets.reserve(static_cast<size_t>(r.samples));
  for (int i = 0; i < r.samples; ++i) {
    if ((i & 63) == 0) {
      progress.throw_if_cancelled();
      progress.update(static_cast<double>(i) / r.samples);
    }
    pcg64 rng(r.seed, static_cast<std::uint64_t>(i));
    const Draw draw = random_draw(scenario, rng);
    Projection p = project(r.baseline, build_drivers(scenario, r.baseline, draw, r.baseline.until), targets);
    for (auto& t : p.targets) t.probability_met.reset();
    r.sample_months.push_back(std::move(p.months));
    r.sample_targets.push_back(std::move(p.targets));
  }
  progress.update(1.0);
  return r;
}

nlohmann::json run_forecast(const Scenario& scenario, const RunOptions& options, const Progress& progress) {
  return forecast(scenario, options, progress).to_json();
}

}  // namespace elective::plan
