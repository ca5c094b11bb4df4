#include "plan/solve.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace elective::plan {

namespace {

constexpr double kWeeksPerMonth = 365.25 / 12.0 / 7.0;

// Margin of the target at its deadline (>= 0: met) for a baseline and drivers.
double deadline_margin(const Baseline& b, const std::vector<DriverMonth>& drivers, const Target& t) {
  const WaitHistogram list = project_list(b, drivers, t.deadline);
  const auto v = measure(t, list);
  if (!v) return -1;
  if (satisfied(t, *v)) return std::max(margin(t, *v), 0.0) + 1e-12;
  return std::min(margin(t, *v), -1e-12);
}

std::optional<MonthOutcome> month_at(const Baseline& b, const std::vector<DriverMonth>& drivers,
                                     YearMonth m) {
  const Projection p = project(b, drivers, {}, true);
  for (const auto& mo : p.months)
    if (mo.month == m) return mo;
  return std::nullopt;
}

// Smallest x in [lo, hi] with ok(x) >= 0, assuming ok is increasing. nullopt when ok(hi) < 0.
template <class F>
std::optional<double> bisect(double lo, double hi, double tolerance, F ok, int& iterations,
                             const Progress& progress) {
  if (ok(hi) < 0) return std::nullopt;
  if (ok(lo) >= 0) return lo;
  while (hi - lo > tolerance && iterations < 200) {
    progress.throw_if_cancelled();
    const double mid = 0.5 * (lo + hi);
    if (ok(mid) >= 0) {
      hi = mid;
    } else {
      lo = mid;
    }
    ++iterations;
  }
  return hi;
}

}  // namespace

Scenario with_lever(const Scenario& scenario, const std::string& lever, double value) {
  Scenario s = scenario;
  if (lever == "growth") {
    s.capacity.growth_per_year = Range(value);
  } else if (lever == "extra_per_week") {
    s.capacity.extra_per_week.amount = Range(value);
  } else {
    throw InputError(
        fmt::format("--lever: {} cannot be applied to a scenario (growth or extra_per_week)", lever));
  }
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
  j["message"] = message;
  return j;
}

SolveResult solve(const Scenario& scenario, const RunOptions& options, const Progress& progress) {
  SolveResult r;
  r.lever = options.lever.value_or("growth");
  if (r.lever != "growth" && r.lever != "extra_per_week" && r.lever != "hold_list" &&
      r.lever != "steady_state")
    throw InputError(fmt::format(
        "--lever: expected growth, extra_per_week, hold_list or steady_state; got '{}'", r.lever));
  Baseline b = prepare_baseline(scenario);
  r.baseline_capacity_per_week = b.calibration.capacity_per_month / kWeeksPerMonth;
  r.baseline_referrals_per_week = b.calibration.referrals_per_month / kWeeksPerMonth;

  if (r.lever == "hold_list") {
    // Flat capacity (no growth, no extra) that brings the list back to its start size twelve months on.
    const YearMonth end = b.start + 12;
    const double start_size = b.calibration.list.total();
    Scenario s = scenario;
    s.capacity.growth_per_year = Range(0.0);
    s.capacity.extra_per_week.amount = Range(0.0);
    s.capacity.independent_sector.per_week = Range(0.0);
    r.target = fmt::format("list at {} no larger than at {}", end.to_string(), b.start.to_string());
    r.unit = "completed pathways per week";
    r.lower = 0;
    r.upper = 3 * std::max(r.baseline_capacity_per_week, r.baseline_referrals_per_week);
    r.deadline = end;
    auto ok = [&](double per_week) {
      Baseline bb = b;
      bb.calibration.capacity_per_month = per_week * kWeeksPerMonth;
      return start_size - project_list(bb, build_drivers(s, bb, midpoint_draw(s), end), end).total();
    };
    r.value = bisect(r.lower, r.upper, 1.0, ok, r.iterations, progress);
    r.converged = r.value.has_value();
    Baseline bb = b;
    bb.calibration.capacity_per_month = r.value.value_or(r.upper) * kWeeksPerMonth;
    r.at_deadline = month_at(bb, build_drivers(s, bb, midpoint_draw(s), end), end);
    r.message = r.converged ? fmt::format(
                                  "holding the list needs {:.0f} completed pathways a week ({:+.1f}% on the "
                                  "last 12 months)",
                                  *r.value, 100 * (*r.value / r.baseline_capacity_per_week - 1))
                            : "no capacity within the bounds holds the list";
    return r;
  }

  Target target;
  if (options.target) {
    target = parse_target(*options.target);
  } else if (!scenario.targets.empty()) {
    target = scenario.targets.front().target;
  } else {
    throw InputError(
        "solve: no target: give --target \"92% within 18 weeks by 2029-03\" or a [[target]] in the scenario");
  }
  r.target = target.text;
  r.deadline = target.deadline;

  if (r.lever == "steady_state") {
    if (target.kind != TargetKind::share_within && target.kind != TargetKind::share_over)
      throw InputError(
          "--lever steady_state needs a share target such as \"92% within 18 weeks by 2029-03\"");
    // Constant demand (the baseline referrals), constant capacity, no seasonality: run 20 years to
    // equilibrium.
    Scenario s = scenario;
    s.referrals.growth_per_year = Range(0.0);
    s.referrals.seasonality = false;
    s.referrals.hidden_demand.total = Range(0.0);
    s.capacity.seasonality = false;
    s.capacity.growth_per_year = Range(0.0);
    s.capacity.extra_per_week.amount = Range(0.0);
    s.capacity.independent_sector.per_week = Range(0.0);
    s.shocks.clear();
    s.validation.share_removed = Range(0.0);
    const YearMonth end = b.start + 240;
    Target steady = target;
    steady.deadline = end;
    r.unit = "completed pathways per week";
    r.lower = 0;
    r.upper = 3 * r.baseline_referrals_per_week;
    auto ok = [&](double per_week) {
      Baseline bb = b;
      bb.calibration.capacity_per_month = per_week * kWeeksPerMonth;
      return deadline_margin(bb, build_drivers(s, bb, midpoint_draw(s), end), steady);
    };
    r.value = bisect(r.lower, r.upper, 1.0, ok, r.iterations, progress);
    r.converged = r.value.has_value();
    Baseline bb = b;
    bb.calibration.capacity_per_month = r.value.value_or(r.upper) * kWeeksPerMonth;
    r.at_deadline = month_at(bb, build_drivers(s, bb, midpoint_draw(s), end), end);
    if (r.at_deadline) r.steady_state_list_size = r.at_deadline->list_size;
    r.deadline = end;
    r.message =
        r.converged
            ? fmt::format(
                  "at demand of {:.0f} referrals a week the standard holds in the long run with {:.0f} "
                  "completed pathways a week and a list of about {:.0f}",
                  r.baseline_referrals_per_week, *r.value, r.steady_state_list_size.value_or(0))
            : "no capacity within the bounds meets the standard in the long run";
    return r;
  }

  const YearMonth until = std::max(b.until, target.deadline);
  b.until = until;
  if (target.deadline <= b.start)
    throw InputError(fmt::format("--target: the deadline {} is not after the start month {}",
                                 target.deadline.to_string(), b.start.to_string()));
  auto run_with = [&](double v) {
    const Scenario s = with_lever(scenario, r.lever, v);
    return build_drivers(s, b, midpoint_draw(s), until);
  };
  if (r.lever == "growth") {
    r.unit = "fraction per year";
    r.lower = -0.10;
    r.upper = 0.30;
    r.value = bisect(
        r.lower, r.upper, 1e-5, [&](double g) { return deadline_margin(b, run_with(g), target); },
        r.iterations, progress);
  } else {
    const double per_unit = std::max(1e-9, scenario.capacity.extra_per_week.pathways_per_unit.mid());
    r.unit = per_unit == 1.0 ? "completed pathways per week" : "units per week (capacity.extra_per_week)";
    r.lower = 0;
    r.upper = 3 * r.baseline_capacity_per_week / per_unit;
    r.value = bisect(
        r.lower, r.upper, 1.0, [&](double x) { return deadline_margin(b, run_with(x), target); },
        r.iterations, progress);
  }
  r.converged = r.value.has_value();
  r.at_deadline = month_at(b, run_with(r.value.value_or(r.upper)), target.deadline);
  r.message = r.converged ? fmt::format("{} = {:.6g} {} meets \"{}\"", r.lever, *r.value, r.unit, target.text)
                          : fmt::format("no {} within [{:.6g}, {:.6g}] meets \"{}\" by {}", r.lever, r.lower,
                                        r.upper, target.text, target.deadline.to_string());
  return r;
}

nlohmann::json run_solve(const Scenario& scenario, const RunOptions& options, const Progress& progress) {
  return solve(scenario, options, progress).to_json();
}

}  // namespace elective::plan
