#include "report/solve_report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/band_layout.hpp"

namespace elective::report {
namespace {

// Baselines are estimates: three significant figures (348,123 -> 348,000) say as much as they know.
std::string rounded_count(double value) {
  if (std::fabs(value) < 1000) return format_count(value);
  const double scale = std::pow(10.0, std::floor(std::log10(std::fabs(value))) - 2);
  return format_count(std::round(value / scale) * scale);
}

std::string signed_count(double value) {
  return (value >= 0.5 ? "+" : "") + format_count(value);
}

std::string signed_percent(double fraction) {
  return fmt::format("{:+.1f}%", fraction * 100);
}

// The levers that add to the baseline (capacity.extra_per_week): the value is the extra, not the total.
bool adds_extra(const plan::SolveResult& r) {
  return r.lever == "extra_per_week" || r.lever == "extra_tests_per_week";
}

double pathways_per_unit(const plan::Scenario& scenario, const plan::SolveResult& r) {
  return adds_extra(r) ? scenario.capacity.extra_per_week.pathways_per_unit.mid() : 1.0;
}

// The capacity levers in staff units (plan/workforce_levers.hpp): their value is not clock stops.
bool staff_units(const plan::SolveResult& r) {
  return r.lever == "consultant_fte" || r.lever == "absence" || r.lever == "productivity" ||
         r.lever == "beds";
}

// "+44,253 clock stops a week (+12.7% on 348,000)" and the like.
std::string answer(const plan::Scenario& scenario, const plan::SolveResult& r) {
  const double value = *r.value;
  if (staff_units(r)) return r.message;
  const std::string baseline = rounded_count(r.baseline_capacity_per_week);
  if (r.unit == "fraction per year")
    return fmt::format("{} a year growth of clock stops (on {} a week now)", signed_percent(value), baseline);
  const SolveChange change = solve_change(scenario, r);
  const std::string fraction = change.fraction ? signed_percent(*change.fraction) : std::string("-");
  if (r.lever == "extra_tests_per_week")  // diagnostics: tests from the waiting list
    return fmt::format("{} diagnostic tests a week ({} on {} a week)", signed_count(value), fraction,
                       baseline);
  if (r.lever != "extra_per_week")
    return fmt::format("{} clock stops a week ({}, {} on {})", format_count(value),
                       signed_count(change.per_week.value_or(0)), fraction, baseline);
  const double per_unit = pathways_per_unit(scenario, r);
  if (per_unit == 1.0)
    return fmt::format("{} clock stops a week ({} on {})", signed_count(value), fraction, baseline);
  return fmt::format(
      "{} units a week (capacity.extra_per_week) at {:g} clock stops each: {} clock stops a week "
      "({} on {})",
      signed_count(value), per_unit, signed_count(change.per_week.value_or(0)), fraction, baseline);
}

std::string bound(const plan::SolveResult& r, double v) {
  if (staff_units(r)) return fmt::format("{:.6g} {}", v, r.unit);
  return r.unit == "fraction per year" ? signed_percent(v) + " a year" : format_count(v);
}

std::string outcome_line(const plan::MonthOutcome& m) {
  std::string s = fmt::format("list {}", rounded_count(m.list_size));
  if (m.pct_within_6_weeks) s += fmt::format(", {} within 6 weeks", format_percent(*m.pct_within_6_weeks));
  if (m.over_13_weeks) s += fmt::format(", {} waiting 13 weeks or more", rounded_count(*m.over_13_weeks));
  if (m.pct_within_18_weeks) s += fmt::format(", {} within 18 weeks", format_percent(*m.pct_within_18_weeks));
  if (m.over_52_weeks) s += fmt::format(", {} waiting over 52 weeks", rounded_count(*m.over_52_weeks));
  return s;
}

}  // namespace

SolveChange solve_change(const plan::Scenario& scenario, const plan::SolveResult& r) {
  SolveChange c;
  if (!r.value || r.unit == "fraction per year" || staff_units(r)) return c;
  c.per_week =
      adds_extra(r) ? *r.value * pathways_per_unit(scenario, r) : *r.value - r.baseline_capacity_per_week;
  if (r.baseline_capacity_per_week > 0) c.fraction = *c.per_week / r.baseline_capacity_per_week;
  return c;
}

std::string solve_text(const plan::Scenario& scenario, const plan::SolveResult& r) {
  std::string s = fmt::format("Target: {}\nLever:  {}, in {}\n", r.target, r.lever, r.unit);
  if (r.converged && r.value) {
    s += fmt::format("Answer: {}\n", answer(scenario, r));
  } else {
    s += fmt::format("Answer: none - no value from {} to {} meets the target\n", bound(r, r.lower),
                     bound(r, r.upper));
  }
  if (r.at_deadline) {
    s += fmt::format("{} {}: {}\n", r.converged ? "At" : "With the upper bound, at",
                     r.at_deadline->month.to_string(), outcome_line(*r.at_deadline));
  }
  if (r.steady_state_list_size)
    s += fmt::format("Long-run list: about {}\n", rounded_count(*r.steady_state_list_size));
  s += fmt::format("Baseline: {} clock stops and {} referrals a week (the last 12 months)\n",
                   rounded_count(r.baseline_capacity_per_week), rounded_count(r.baseline_referrals_per_week));
  s += fmt::format("Search: {} to {}, {} iterations. --format json gives every figure unrounded.\n",
                   bound(r, r.lower), bound(r, r.upper), r.iterations);
  return s;
}

Table solve_table(const plan::Scenario& scenario, const plan::SolveResult& r) {
  Table t;
  t.columns = {{"target", "Target", CellKind::text, 0},
               {"lever", "Lever", CellKind::text, 0},
               {"converged", "Converged", CellKind::flag, 0},
               {"value", "Value", CellKind::number, 4},
               {"unit", "Unit", CellKind::text, 0},
               {"baseline_capacity_per_week", "Clock stops /week", CellKind::number, 0},
               {"baseline_referrals_per_week", "Referrals /week", CellKind::number, 0},
               {"change_per_week", "Change /week", CellKind::number, 0},
               {"change_fraction", "Change", CellKind::fraction, 3},
               {"deadline", "Deadline", CellKind::text, 0},
               {"list_size", "List at deadline", CellKind::count, 0},
               {"pct_within_18_weeks", "Within 18 weeks", CellKind::fraction, 3},
               {"over_52_weeks", "Over 52 weeks", CellKind::count, 0},
               {"iterations", "Iterations", CellKind::count, 0}};
  auto opt = [](const std::optional<double>& v) { return v ? Cell(*v) : Cell(); };
  const SolveChange change = solve_change(scenario, r);
  const auto* m = r.at_deadline ? &*r.at_deadline : nullptr;
  const bool dm01 = m != nullptr && m->list == dm01_list().name;
  if (dm01) {  // the diagnostics list's standard and its 13+ band
    t.columns[11] = {"pct_within_6_weeks", "Within 6 weeks", CellKind::fraction, 3};
    t.columns[12] = {"over_13_weeks", "Over 13 weeks", CellKind::count, 0};
  }
  t.add_row({r.target, r.lever, std::int64_t{r.converged ? 1 : 0}, opt(r.value), r.unit,
             r.baseline_capacity_per_week, r.baseline_referrals_per_week, opt(change.per_week),
             opt(change.fraction), r.deadline ? Cell(r.deadline->to_string()) : Cell(),
             m ? Cell(m->list_size) : Cell(),
             m ? opt(dm01 ? m->pct_within_6_weeks : m->pct_within_18_weeks) : Cell(),
             m ? opt(dm01 ? m->over_13_weeks : m->over_52_weeks) : Cell(), std::int64_t{r.iterations}});
  return t;
}

}  // namespace elective::report
