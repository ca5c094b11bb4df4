#pragma once
// The driver forecast (docs/forecast.md "Driver forecast"): what referrals, clock stops and other removals
// will be in the months after an origin T, fitted only on data up to T. Scenarios use it as their baseline
// and `elective backtest` tests it.
//
//   referrals and clock stops: x_m = level_T x growth(h) x effective_days(m) x calendar(m)
//     effective_days(m) = working days + weekend_weight x other days (English bank holidays are known);
//     calendar(m)       = residual calendar-month factors (mean 1) after the working-day adjustment;
//     level_T, growth   = a log-linear fit to the adjusted series over a recent window, the level taken at T
//                         (not a mean centred months before T, which under-counts growth); growth(h) is the
//                         fitted trend, damped, unless a scenario states its own growth rate.
//   other removals:     a share of the month's inflow (list + referrals), from the coverage-consistent
//                       "with estimates for missing trusts" columns over a recent window, allowed to drift.
//
// National lists and flows are published twice: as reported and with NHS England's estimates for trusts that
// did not submit. Residual other removals from the reported columns jump whenever a trust stops or resumes
// reporting, so the national model works on the "with estimates" basis throughout (flow/calibrate.hpp).
#include <array>
#include <optional>
#include <vector>

#include "core/calendar.hpp"

namespace elective::flow {

struct NationalMonth;

// Choices of the driver forecast, made on the back-test (docs/backtest.md "Driver forecast").
struct DriverOptions {
  double weekend_weight = 0.0;  // a weekend day or bank holiday counts as this share of a working day
  int level_months = 12;        // months whose mean adjusted value gives the level (moved to T by the trend)
  int trend_months = 24;        // months of the log-linear trend fit
  int min_trend_months = 12;    // fewer usable months: no trend
  double damping = 0.0;         // per-month damping of the trend beyond T (0: the level at T is held)
  int other_months = 24;        // months of the other-removal share (pooled)
  int other_drift_months = 0;   // months of the other-removal drift fit (0 = no drift)
  double other_damping = 1.0;
};

// Months excluded from every fit: the COVID-19 disruption and the recovery that followed it.
bool excluded_from_driver_fits(YearMonth month);

// The effective days of a month: working days + weekend_weight x the other days.
double effective_days(YearMonth month, double weekend_weight);

// One forecast series (referrals or clock stops).
struct SeriesFit {
  double level_per_day = 0;    // adjusted value per effective day at the origin
  double trend_per_month = 0;  // fitted log growth per month (0 when too few months)
  std::array<double, 12> calendar{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};  // index 0 = January, mean 1
  int months_used = 0;
};

struct DriverFit {
  YearMonth origin;
  DriverOptions options;
  SeriesFit referral_fit, clock_stop_fit;
  double other_share_per_day = 0;    // other removals / (list + referrals) per effective day, at T
  double other_drift_per_month = 0;  // change of that share per month (damped with options.other_damping)
  double total_removals_12m = 0;     // clock stops + other removals over the 12 months to T
  double other_removals_12m = 0;     // of which other removals

  // Sum of damping^j for j = 1..h: the trend multiplier of h months ahead.
  double damped_months(int h, double damping) const;
  // Shape of month m: effective days x calendar factor (the value of a series is level_per_day x shape).
  double shape(const SeriesFit& s, YearMonth m) const;
  // Mean shape over the twelve months after the origin (to express levels per average month).
  double mean_shape(const SeriesFit& s) const;
  // Forecast of the series for month m after the origin, with the fitted trend or a stated annual growth.
  double value(const SeriesFit& s, YearMonth m, std::optional<double> growth_per_year = std::nullopt) const;
  double referrals(YearMonth m, std::optional<double> growth = std::nullopt) const {
    return value(referral_fit, m, growth);
  }
  double clock_stops(YearMonth m, std::optional<double> growth = std::nullopt) const {
    return value(clock_stop_fit, m, growth);
  }
  // The other-removal share of the month's inflow for month m: the share per effective day (drifting when
  // options.other_drift_months > 0, floored at 0) times the month's effective days.
  double other_share_at(YearMonth m) const;
};

// Fits the driver forecast at `origin` from national months (ascending, consecutive). Uses only months up to
// the origin. Throws InputError when the origin is missing.
DriverFit fit_drivers(const std::vector<NationalMonth>& months, YearMonth origin,
                      const DriverOptions& options = {});

}  // namespace elective::flow
