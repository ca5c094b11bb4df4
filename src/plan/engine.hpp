#pragma once
// The forecast engine behind run_forecast / run_solve: turns a validated Scenario into a calibrated starting
// point and monthly drivers for the band model (src/flow), runs projections and tracks targets.
#include <cstdint>
#include <vector>

#include <pcg_random.hpp>

#include "core/band_layout.hpp"
#include "flow/band_model.hpp"
#include "flow/calibrate.hpp"
#include "flow/model_error.hpp"
#include "plan/outcomes.hpp"
#include "plan/scenario.hpp"
#include "plan/workforce_levers.hpp"

namespace elective::plan {

// The calibrated starting point of a scenario: its start list, band rates, baseline flows and seasonality.
struct Baseline {
  flow::Calibration calibration;
  YearMonth start;
  YearMonth until;
  flow::AllocationPolicy policy;
  // The list projected (core/band_layout.hpp): RTT's weekly bands to 104+, or DM01's to 13+ for a start from
  // the diagnostics file (plan/dm01_start.hpp). The months report that list's figures.
  const ListDefinition* list = &rtt_list();
  std::string description;  // where the start came from, for the report
  // Observed months before the start (national starts: up to 36, with reconstructed histograms), for charts.
  std::vector<MonthOutcome> history;
  // Month-bin starts (the provider months file) hold every wait of 52 weeks or more in band 52, so counts
  // over 65, 78 and 104 weeks are not known: project() reports them as null.
  bool waits_past_52_unknown = false;
  // The figures of the baseline's scope for [capacity.workforce] and [capacity.beds]
  // (plan/workforce_levers.hpp); null when the scenario has neither.
  std::shared_ptr<const LeverContext> levers;
};

// Reads the scenario's data and calibrates (national series, RTT Full CSV extract, histogram or headline).
Baseline prepare_baseline(const Scenario& scenario);
// The scope of a baseline for the capacity levers: its provider, ICB or region start, else England.
LeverScope start_scope(const Scenario& scenario);

// One draw of every uncertain input (midpoints for a deterministic run).
struct Draw {
  double referral_growth = 0;
  double hidden_demand_total = 0;
  double capacity_growth = 0;
  double extra_per_week = 0;  // in the scenario's units (multiplied by pathways_per_unit)
  double pathways_per_unit = 1;
  double independent_per_week = 0;
  double independent_overlap = 0;
  double other_rate_factor = 1;
  double validation_share = 0;
  std::vector<double> shock_loss;
  std::optional<double> total_removal_growth;  // [removals] total_growth_per_year, when given
  LeverDraw levers;                            // [capacity.workforce] and [capacity.beds]
};
Draw midpoint_draw(const Scenario& scenario);
Draw random_draw(const Scenario& scenario, pcg64& rng);

// The month-by-month drivers from the month after the start to `until`.
struct DriverMonth {
  YearMonth month;
  flow::MonthDrivers drivers;
};
std::vector<DriverMonth> build_drivers(const Scenario& scenario, const Baseline& baseline, const Draw& draw,
                                       YearMonth until);

// What build_drivers takes from the scenario and baseline alone, the same for every draw: each month's days
// and seasonal shapes (the driver forecast's, a tenth of a Monte Carlo sample's time when recomputed) and the
// driver forecast's other-removal share. Monte Carlo samples compute it once and build their drivers from it.
struct DriverCalendar {
  struct Month {
    YearMonth month;
    int days = 30;
    double referral_shape = 1, capacity_shape = 1;
    std::optional<double> other_share;  // the driver forecast's share of the month's inflow, when it has one
  };
  std::vector<Month> months;  // the month after the start to `until`
  double total_12m = 0, other_part = 0;
};
DriverCalendar driver_calendar(const Scenario& scenario, const Baseline& baseline, YearMonth until);
// The same values as build_drivers(scenario, baseline, draw, until) for the calendar's `until`.
std::vector<DriverMonth> build_drivers(const Scenario& scenario, const Baseline& baseline, const Draw& draw,
                                       const DriverCalendar& calendar);

struct Projection {
  std::vector<MonthOutcome> months;
  std::vector<TargetOutcome> targets;
};

// Runs the band model over the drivers and tracks the targets. with_months = false skips building monthly
// outcomes (solver inner loops). With `error` (Monte Carlo samples), months and targets are measured on the
// lists bent by that model-error path (flow/model_error.hpp).
Projection project(const Baseline& baseline, const std::vector<DriverMonth>& drivers,
                   const std::vector<Target>& targets, bool with_months = true,
                   const flow::ErrorPath* error = nullptr);

// The month-end list after projecting to `until` (for solvers that need the raw histogram).
WaitHistogram project_list(const Baseline& baseline, const std::vector<DriverMonth>& drivers,
                           YearMonth until);

std::vector<Target> scenario_targets(const Scenario& scenario);

}  // namespace elective::plan
