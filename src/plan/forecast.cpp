#include "plan/forecast.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <string>

#include "core/error.hpp"
#include "core/parallel_for.hpp"
#include "data/data_source.hpp"
#include "data/national_series.hpp"
#include "flow/model_error.hpp"
#include "plan/cancer_forecast.hpp"

namespace elective::plan {

nlohmann::json ForecastResult::to_json() const {
  if (uncertain()) return outcomes_json(sample_months, sample_targets);
  return outcomes_json(central.months, central.targets);
}

namespace {

// The model-error paths for a scenario's samples: from the national series (a provider's start borrows the
// national errors as a lower bound of its own), known by the start month. Empty when the series is not there.
// The series comes from the scenario's data source, which has already read it for the baseline.
std::vector<flow::ErrorPath> error_paths_for(const Scenario& s, YearMonth start, int threads) {
  try {
    std::shared_ptr<const data::Dataset> dataset = s.data->open(s.start.data);
    // The national errors are of the RTT list's bands: a diagnostics (DM01) start has no error paths yet, so
    // its samples carry the scenario's input ranges alone (docs/forecast.md).
    if (dataset->dm01) return {};
    if (!dataset->national) {
      if (!s.start.national) return {};
      dataset = s.data->open(*s.start.national, {data::InputKind::national, {}});
    }
    return flow::model_error_paths(flow::national_months(*dataset->national), start, threads);
  } catch (const Error&) {
    return {};
  }
}

}  // namespace

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
  // The back-test behind the error paths runs before any sample: on the samples' threads too.
  r.error_paths = error_paths_for(scenario, r.baseline.start, worker_threads(options.threads.value_or(0)));
  const auto n = static_cast<size_t>(r.samples);
  const DriverCalendar calendar = driver_calendar(scenario, r.baseline, r.baseline.until);
  r.sample_months.resize(n);
  r.sample_targets.resize(n);
  // Sample i draws only from pcg64(seed, i) and writes only slot i, so any thread count gives the same slots.
  parallel_for(
      n, options.threads.value_or(0),
      [&](size_t i) {
        pcg64 rng(r.seed, static_cast<std::uint64_t>(i));
        const Draw draw = random_draw(scenario, rng);
        // The model's own error: one back-test origin's error path, drawn after the scenario's inputs.
        const double pick = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        const flow::ErrorPath* error = nullptr;
        if (!r.error_paths.empty())
          error =
              &r.error_paths[std::min(r.error_paths.size() - 1,
                                      static_cast<size_t>(pick * static_cast<double>(r.error_paths.size())))];
        Projection p =
            project(r.baseline, build_drivers(scenario, r.baseline, draw, calendar), targets, true, error);
        for (auto& t : p.targets) t.probability_met.reset();
        r.sample_months[i] = std::move(p.months);
        r.sample_targets[i] = std::move(p.targets);
      },
      progress);
  progress.update(1.0);
  return r;
}

nlohmann::json run_forecast(const Scenario& scenario, const RunOptions& options, const Progress& progress) {
  if (is_cancer_start(scenario)) return cancer_forecast(scenario, options, progress).to_json();
  return forecast(scenario, options, progress).to_json();
}

}  // namespace elective::plan
