#pragma once
// The rolling-origin back-test behind `elective backtest` (docs/backtest.md). Origins every few months over
// the national series; at each origin T the model is calibrated, and its drivers forecast, only from data up
// to T; it then projects T+1 .. T+horizon and is scored against what NHS England published, beside three
// naive benchmarks (flow/naive.hpp). Pairs (T, h) whose months [T, T+h] touch the COVID-19 disruption
// (March 2020 - March 2022) are not scored.
//
// Unconditional (default): the model is driven by its own driver forecast (flow/drivers.hpp), exactly as a
// scenario with no stated growth is. Conditional (`given_actual_flows`): driven by the actual new RTT periods
// and clock stops of each month, which isolates the dynamics but is not a forecast.
//
// P10-P90 intervals: the point forecast plus the 10th and 90th percentiles of the method's own errors at
// the same horizon at earlier origins whose target month had been published by T (errors of the list size as
// log ratios, of % within 18 weeks in points), so the intervals are out of sample too.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "flow/band_model.hpp"
#include "flow/calibrate.hpp"
#include "flow/drivers.hpp"
#include "flow/naive.hpp"

namespace elective::flow {

// True when month m lies in the COVID-19 disruption that the back-test does not score (2020-03 .. 2022-03).
bool in_backtest_exclusion(YearMonth month);

// True when NHS England was managing trusts to an 18-week target at month m: the 92% standard until the
// pandemic (March 2020), and again from the January 2025 Elective Reform Plan (65% by March 2026, 92% by
// March 2029). Between, the operational targets were the long-wait milestones of the February 2022 plan.
bool eighteen_week_target_in_force(YearMonth month);

struct ModelRunOptions {
  int window = 12;  // calibration window (months)
  AllocationPolicy policy;
  DriverOptions drivers;
  DynamicsOptions dynamics;
  bool given_actual_flows = false;
  // With given_actual_flows: also the actual other removals (the residual of the published flows) instead of
  // the driver forecast's share, so the list size is the published one and only the wait distribution is
  // modelled.
  bool actual_other_removals = false;
};

// The model's projection of the headline figures for T+1 .. T+horizon (stops at the last month with the
// actual flows when given_actual_flows). Throws InputError when T cannot be calibrated.
std::vector<Headline> model_forecast(const std::vector<NationalMonth>& months, YearMonth origin, int horizon,
                                     const ModelRunOptions& options);

struct RollingOptions {
  ModelRunOptions model;
  int horizon = 12;               // 1-120
  int every = 3;                  // months between origins (origins fall on months divisible by it)
  std::optional<YearMonth> from;  // first origin considered
  std::optional<YearMonth> to;    // last origin considered
  std::vector<YearMonth> at;      // explicit origins (replaces the grid)
  int threads = 1;
  int min_interval_errors = 5;  // earlier errors needed before an interval is given
};

struct Interval {
  double p10 = 0, p90 = 0;
};

// One method's forecast for one origin and horizon, with the published value.
struct ScoredForecast {
  std::string method;
  YearMonth origin;
  int horizon = 0;
  Headline forecast;
  std::optional<Headline> actual;  // nullopt when not published
  bool scored = false;             // actual published and [T, T+h] clear of the exclusion
  std::optional<Interval> list_interval, pct_interval;
};

// A method's errors over the first `horizon` months after each origin (the mean over months 1..horizon, as
// "6-month MAPE" is usually read), averaged over the origins whose months 1..horizon are all scored.
struct SummaryRow {
  std::string method;
  int horizon = 0;
  int n_origins = 0;
  std::optional<double> list_mape;                // fraction
  std::optional<double> pct_within_18_weeks_mae;  // fraction (0.01 = 1 point)
  std::optional<double> over_52_weeks_mape;
  std::optional<double> median_weeks_mae, p92_weeks_mae;
  std::optional<double> interval_coverage;  // share of list-size and % within 18 intervals holding the truth
  int n_intervals = 0;                      // intervals scored (list + % within 18)
  std::optional<double> list_interval_coverage, pct_interval_coverage;
  std::optional<double> list_bias, pct_within_18_weeks_bias;  // mean signed errors (forecast - actual)
};

struct RollingResult {
  bool conditional = false;
  std::vector<YearMonth> origins;
  std::vector<ScoredForecast> forecasts;  // by origin, then method, then horizon
  std::vector<SummaryRow> summary;        // by method, then horizon
};

// The method names in output order.
std::vector<std::string> backtest_methods(bool conditional);

// Origins of the default grid: every `every` months whose calibration window has data and that are not in
// the exclusion, limited to from/to.
std::vector<YearMonth> rolling_origins(const std::vector<NationalMonth>& months, const RollingOptions& o);

RollingResult rolling_backtest(const std::vector<NationalMonth>& months, const RollingOptions& options);

// Summary over a subset of origins (e.g. the pre-2020 block).
std::vector<SummaryRow> summarise(const std::vector<ScoredForecast>& forecasts,
                                  const std::vector<std::string>& methods, int horizon,
                                  const std::function<bool(YearMonth)>& origin_filter = {});

}  // namespace elective::flow
