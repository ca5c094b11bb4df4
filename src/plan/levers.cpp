#include "plan/levers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/calendar.hpp"
#include "core/enum_names.hpp"
#include "core/error.hpp"

namespace elective::plan {

namespace {

// Margin of the target at its deadline (>= 0: met) for a baseline and drivers.
double deadline_margin(const Baseline& b, const std::vector<DriverMonth>& drivers, const Target& t) {
  const WaitHistogram list = project_list(b, drivers, t.deadline);
  const auto v = measure(t, list);
  if (!v) return -1;
  if (satisfied(t, *v)) return std::max(margin(t, *v), 0.0) + 1e-12;
  return std::min(margin(t, *v), -1e-12);
}

std::optional<report::MonthOutcome> month_at(const Baseline& b, const std::vector<DriverMonth>& drivers,
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

// The baseline with a flat weekly capacity.
Baseline with_capacity(const Baseline& b, double per_week) {
  Baseline out = b;
  out.calibration.capacity_per_month = per_week * kWeeksPerMonth;
  return out;
}

// hold_list: flat capacity (no growth, no extra) that brings the list back to its start size twelve months
// on.
void solve_hold_list(LeverRun& run, SolveResult& r) {
  const Baseline& b = run.baseline;
  const YearMonth end = b.start + 12;
  const double start_size = b.calibration.list.total();
  Scenario s = run.scenario;
  s.capacity.growth_per_year = Range(0.0);
  s.capacity.extra_per_week.amount = Range(0.0);
  s.capacity.independent_sector.per_week = Range(0.0);
  s.removals.total_growth_per_year.reset();  // the lever is the clock stops alone
  r.target = fmt::format("list at {} no larger than at {}", end.to_string(), b.start.to_string());
  r.lower = 0;
  r.upper = 3 * std::max(r.baseline_capacity_per_week, r.baseline_referrals_per_week);
  r.deadline = end;
  auto ok = [&](double per_week) {
    const Baseline bb = with_capacity(b, per_week);
    return start_size - project_list(bb, build_drivers(s, bb, midpoint_draw(s), end), end).total();
  };
  r.value = bisect(r.lower, r.upper, 1.0, ok, r.iterations, run.progress);
  r.converged = r.value.has_value();
  const Baseline bb = with_capacity(b, r.value.value_or(r.upper));
  r.at_deadline = month_at(bb, build_drivers(s, bb, midpoint_draw(s), end), end);
  r.message = r.converged ? fmt::format(
                                "holding the list needs {:.0f} completed pathways a week ({:+.1f}% on the "
                                "last 12 months)",
                                *r.value, 100 * (*r.value / r.baseline_capacity_per_week - 1))
                          : "no capacity within the bounds holds the list";
}

// steady_state: constant demand (the baseline referrals) and constant capacity, no seasonality, run 20 years
// to equilibrium.
void solve_steady_state(LeverRun& run, SolveResult& r) {
  const Target& target = *run.target;
  if (target.kind != TargetKind::share_within && target.kind != TargetKind::share_over)
    throw InputError("--lever steady_state needs a share target such as \"92% within 18 weeks by 2029-03\"");
  const Baseline& b = run.baseline;
  Scenario s = run.scenario;
  s.referrals.growth_per_year = Range(0.0);
  s.referrals.seasonality = false;
  s.referrals.hidden_demand.total = Range(0.0);
  s.capacity.seasonality = false;
  s.capacity.growth_per_year = Range(0.0);
  s.capacity.extra_per_week.amount = Range(0.0);
  s.capacity.independent_sector.per_week = Range(0.0);
  s.removals.total_growth_per_year.reset();  // the lever is the clock stops alone
  s.shocks.clear();
  s.validation.share_removed = Range(0.0);
  const YearMonth end = b.start + 240;
  Target steady = target;
  steady.deadline = end;
  r.lower = 0;
  r.upper = 3 * r.baseline_referrals_per_week;
  auto ok = [&](double per_week) {
    const Baseline bb = with_capacity(b, per_week);
    return deadline_margin(bb, build_drivers(s, bb, midpoint_draw(s), end), steady);
  };
  r.value = bisect(r.lower, r.upper, 1.0, ok, r.iterations, run.progress);
  r.converged = r.value.has_value();
  const Baseline bb = with_capacity(b, r.value.value_or(r.upper));
  r.at_deadline = month_at(bb, build_drivers(s, bb, midpoint_draw(s), end), end);
  if (r.at_deadline) r.steady_state_list_size = r.at_deadline->list_size;
  r.deadline = end;
  r.message = r.converged
                  ? fmt::format(
                        "at demand of {:.0f} referrals a week the standard holds in the long run with {:.0f} "
                        "completed pathways a week and a list of about {:.0f}",
                        r.baseline_referrals_per_week, *r.value, r.steady_state_list_size.value_or(0))
                  : "no capacity within the bounds meets the standard in the long run";
}

// growth / extra_per_week: the smallest value of a scenario key that meets the target by its deadline. With
// `decreasing`, the key's value is -x (absence: the smallest fall of the absence rate).
void solve_scenario_key(LeverRun& run, SolveResult& r, double lower, double upper, double tolerance,
                        bool decreasing = false) {
  const Target& target = *run.target;
  Baseline& b = run.baseline;
  const Lever& lever = *find_lever(r.lever);
  const YearMonth until = std::max(b.until, target.deadline);
  b.until = until;
  if (target.deadline <= b.start)
    throw InputError(fmt::format("--target: the deadline {} is not after the start month {}",
                                 target.deadline.to_string(), b.start.to_string()));
  const double sign = decreasing ? -1 : 1;
  auto run_with = [&](double x) {
    Scenario s = run.scenario;
    lever.apply(s, sign * x);
    return build_drivers(s, b, midpoint_draw(s), until);
  };
  r.value = bisect(
      lower, upper, tolerance, [&](double x) { return deadline_margin(b, run_with(x), target); },
      r.iterations, run.progress);
  r.converged = r.value.has_value();
  r.at_deadline = month_at(b, run_with(r.value.value_or(upper)), target.deadline);
  r.lower = decreasing ? -upper : lower;
  r.upper = decreasing ? (lower == 0 ? 0.0 : -lower) : upper;
  if (r.value) r.value = sign * *r.value;
  r.message = r.converged ? fmt::format("{} = {:.6g} {} meets \"{}\"", r.lever, *r.value, r.unit, target.text)
                          : fmt::format("no {} within [{:.6g}, {:.6g}] meets \"{}\" by {}", r.lever, r.lower,
                                        r.upper, target.text, target.deadline.to_string());
}

void solve_growth(LeverRun& run, SolveResult& r) {
  solve_scenario_key(run, r, -0.10, 0.30, 1e-5);
}

void solve_extra_per_week(LeverRun& run, SolveResult& r) {
  const double per_unit = std::max(1e-9, run.scenario.capacity.extra_per_week.pathways_per_unit.mid());
  if (per_unit != 1.0) r.unit = "units per week (capacity.extra_per_week)";
  solve_scenario_key(run, r, 0, 3 * r.baseline_capacity_per_week / per_unit, 1.0);
}

// extra_tests_per_week: the community diagnostic centres' lever (issue 12) - extra diagnostic tests a week
// for patients on the DM01 list, each test removing one waiting patient. It sets the same scenario key as
// extra_per_week; only the list it applies to and its unit differ.
void solve_extra_tests_per_week(LeverRun& run, SolveResult& r) {
  if (run.baseline.list != &dm01_list())
    throw InputError(
        "--lever extra_tests_per_week: needs a diagnostics start (start.data the DM01 file); an RTT scenario "
        "uses extra_per_week");
  const double per_unit = std::max(1e-9, run.scenario.capacity.extra_per_week.pathways_per_unit.mid());
  solve_scenario_key(run, r, 0, 3 * r.baseline_capacity_per_week / per_unit, 1.0);
}

// The capacity levers in staff units (plan/workforce_levers.hpp) need the baseline's workforce figures.
const LeverContext& lever_context_of(const LeverRun& run, const SolveResult& r, const char* section) {
  if (!run.baseline.levers ||
      (std::string_view(section) == "workforce" && !run.scenario.capacity.workforce) ||
      (std::string_view(section) == "beds" && !run.scenario.capacity.beds))
    throw InputError(fmt::format("--lever {}: the baseline has no [capacity.{}] figures", r.lever, section));
  return *run.baseline.levers;
}

// The scope's own amount beside England's, for the message.
void add_scope_share(const LeverContext& c, SolveResult& r, double share, std::string_view what) {
  if (!r.value || c.scope.kind == LeverScope::Kind::england) return;
  r.scope_value = *r.value * share;
  r.message +=
      fmt::format(" (England's figure; {}'s share: {:.1f} {})", c.scope.label(), *r.value * share, what);
}

void solve_consultant_fte(LeverRun& run, SolveResult& r) {
  const LeverContext& c = lever_context_of(run, r, "workforce");
  const double england = c.consultant_share > 0 ? c.consultants / c.consultant_share : c.consultants;
  solve_scenario_key(run, r, 0, std::max(1000.0, 2 * england), 1.0);
  add_scope_share(c, r, c.consultant_share, "consultant FTE");
}

void solve_absence(LeverRun& run, SolveResult& r) {
  const LeverContext& c = lever_context_of(run, r, "workforce");
  solve_scenario_key(run, r, 0, 100 * c.absence_rate, 1e-3, true);
}

void solve_productivity(LeverRun& run, SolveResult& r) {
  const LeverContext& c = lever_context_of(run, r, "workforce");
  if (c.trusts.empty())
    throw InputError(
        fmt::format("--lever productivity: {} has no trust in the productivity comparison", c.scope.label()));
  double lowest = 10;
  for (const ProductivityTrust& t : c.trusts) lowest = std::min(lowest, t.ratio);
  solve_scenario_key(run, r, std::max(0.1, lowest), 5.0, 1e-4);
  if (r.value)
    r.message += fmt::format(
        " (peers' median {:.3f}, upper quartile {:.3f}; {:.0f} clock stops a month added "
        "in full)",
        c.peer_median, c.peer_upper_quartile, c.productivity_added(*r.value));
}

void solve_beds(LeverRun& run, SolveResult& r) {
  const LeverContext& c = lever_context_of(run, r, "beds");
  solve_scenario_key(run, r, 0, 200000, 1.0);
  add_scope_share(c, r, c.beds_share, "beds");
}

void with_workforce_table(Scenario& s) {
  ensure_capacity_levers(s, true, false);
}
void with_beds_table(Scenario& s) {
  ensure_capacity_levers(s, false, true);
}

const Parameter kTargetParameter{
    "target", "--target / options.target",
    "the target to meet, e.g. \"92% within 18 weeks by 2029-03\" (default: the scenario's first [[target]])"};

}  // namespace

const std::vector<Lever>& levers() {
  static const std::vector<Lever> table = {
      {"growth",
       "the smallest constant annual growth of treatment capacity that meets the target by its deadline "
       "(searched from -10% to +30% a year)",
       "fraction per year",
       "capacity.growth_per_year",
       true,
       {kTargetParameter},
       &solve_growth,
       [](Scenario& s, double v) {
         if (s.removals.total_growth_per_year)
           s.removals.total_growth_per_year = Range(v);  // the scenario grows all removals together
         else
           s.capacity.growth_per_year = Range(v);
       }},
      {"extra_per_week",
       "the smallest extra weekly capacity, from capacity.extra_per_week.from, that meets the target by its "
       "deadline (in the scenario's units when pathways_per_unit is not 1)",
       "completed pathways per week",
       "capacity.extra_per_week.amount",
       true,
       {kTargetParameter,
        {"pathways_per_unit", "[capacity.extra_per_week] pathways_per_unit",
         "clock stops per unit of the extra capacity (default 1)"},
        {"from", "[capacity.extra_per_week] from",
         "the month the extra capacity starts (default: next month)"}},
       &solve_extra_per_week,
       [](Scenario& s, double v) { s.capacity.extra_per_week.amount = Range(v); }},
      {"extra_tests_per_week",
       "diagnostics (DM01) starts: the smallest number of extra diagnostic tests a week (community "
       "diagnostic "
       "centres), from capacity.extra_per_week.from, that meets the target by its deadline",
       "tests per week",
       "capacity.extra_per_week.amount",
       true,
       {{"target", "--target / options.target",
         "the target to meet, e.g. \"95% within 6 weeks by 2026-03\" (default: the scenario's first "
         "[[target]])"},
        {"from", "[capacity.extra_per_week] from", "the month the extra tests start (default: next month)"}},
       &solve_extra_tests_per_week,
       [](Scenario& s, double v) { s.capacity.extra_per_week.amount = Range(v); },
       {"dm01"}},
      {"consultant_fte",
       "the smallest number of additional consultant FTE (England's, in post linearly from "
       "capacity.workforce.from to by) that meets the target by its deadline, through the elasticity of "
       "clock "
       "stops to medical FTE",
       "consultant FTE",
       "capacity.workforce.additional_consultant_fte",
       true,
       {kTargetParameter,
        {"from", "[capacity.workforce] from", "the month the consultants start (default: next month)"},
        {"by", "[capacity.workforce] by", "the month they are all in post (default: from)"},
        {"elasticity", "[capacity.workforce] elasticity",
         "% clock stops per 1% more medical FTE (default: the data's estimate)"}},
       &solve_consultant_fte,
       [](Scenario& s, double v) {
         ensure_capacity_levers(s, true, false);
         s.capacity.workforce->additional_consultant_fte = Range(v);
       },
       {"rtt"},
       &with_workforce_table},
      {"absence",
       "the smallest fall of the sickness absence rate, in percentage points (negative: better attendance), "
       "from capacity.workforce.from, that meets the target by its deadline",
       "percentage points",
       "capacity.workforce.absence_change_points",
       true,
       {kTargetParameter,
        {"from", "[capacity.workforce] from", "the month attendance improves (default: next month)"}},
       &solve_absence,
       [](Scenario& s, double v) {
         ensure_capacity_levers(s, true, false);
         s.capacity.workforce->absence_change_points = Range(v);
       },
       {"rtt"},
       &with_workforce_table},
      {"productivity",
       "the lowest standardised ratio (clock stops over those expected from consultants and specialty mix) "
       "that, reached by every trust below it (by capacity.workforce.productivity.by), meets the target by "
       "its "
       "deadline",
       "standardised ratio",
       "capacity.workforce.productivity.to",
       true,
       {kTargetParameter,
        {"by", "[capacity.workforce] productivity.by", "the month the level is reached (default: at once)"},
        {"share_of_gap", "[capacity.workforce] productivity.share_of_gap",
         "share of each trust's gap closed (default 1)"}},
       &solve_productivity,
       [](Scenario& s, double v) {
         ensure_capacity_levers(s, true, false);
         if (!s.capacity.workforce->productivity) s.capacity.workforce->productivity.emplace();
         s.capacity.workforce->productivity->to = ProductivityLevelKind::ratio;
         s.capacity.workforce->productivity->ratio = v;
       },
       {"rtt"},
       &with_workforce_table},
      {"beds",
       "the smallest number of beds freed from delayed discharges (England's, from capacity.beds.from, "
       "elective_share of them used for elective work) that meets the target by its deadline",
       "beds",
       "capacity.beds.freed",
       true,
       {kTargetParameter,
        {"elective_share", "[capacity.beds] elective_share",
         "share of the freed beds used for elective work "
         "(default 1)"},
        {"clock_stops_per_bed", "[capacity.beds] clock_stops_per_bed",
         "clock stops a month per bed (default: from the data)"}},
       &solve_beds,
       [](Scenario& s, double v) {
         ensure_capacity_levers(s, false, true);
         s.capacity.beds->freed = Range(v);
       },
       {"rtt"},
       &with_beds_table},
      {"hold_list",
       "the flat weekly capacity (no growth, no extra) that brings the list back to its start size twelve "
       "months on",
       "completed pathways per week",
       "",
       false,
       {},
       &solve_hold_list,
       nullptr},
      {"steady_state",
       "the weekly capacity whose long-run list meets the target's standard at today's demand (constant "
       "referrals, no seasonality, 20 years to equilibrium)",
       "completed pathways per week",
       "",
       true,
       {{"target", "--target / options.target",
         "a share target, e.g. \"92% within 18 weeks by 2029-03\" (its deadline is not used)"}},
       &solve_steady_state,
       nullptr},
  };
  return table;
}

const Lever* find_lever(std::string_view name) {
  for (const Lever& lever : levers())
    if (lever.name == name) return &lever;
  return nullptr;
}

std::string lever_names() {
  std::vector<std::string_view> names;
  for (const Lever& lever : levers()) names.push_back(lever.name);
  return join_or(names);
}

std::string lever_help() {
  std::string out;
  for (const Lever& lever : levers()) {
    if (!out.empty()) out += "; ";
    out += fmt::format("{}: {}", lever.name, lever.help);
  }
  return out;
}

nlohmann::json levers_json() {
  nlohmann::json out = nlohmann::json::array();
  for (const Lever& lever : levers())
    out.push_back({{"name", std::string(lever.name)},
                   {"help", std::string(lever.help)},
                   {"unit", std::string(lever.unit)},
                   {"needs_target", lever.needs_target},
                   {"sets", lever.sets.empty() ? nlohmann::json() : nlohmann::json(std::string(lever.sets))},
                   {"lists", std::vector<std::string>(lever.lists.begin(), lever.lists.end())},
                   {"parameters", parameters_json(lever.parameters)}});
  return out;
}

}  // namespace elective::plan
