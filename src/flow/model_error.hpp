#pragma once
// The model's own forecast error, for the Monte Carlo intervals of `elective forecast --samples`
// (docs/forecast.md "Uncertainty"). The rolling back-test (flow/rolling_backtest.hpp) gives, for every origin
// whose twelve following months had been published by the start of a forecast, the path of the model's errors
// over those months: the list size as a log ratio (actual / forecast) and % within 18 weeks in points
// (actual - forecast). A Monte Carlo sample picks one whole path (so errors keep their month-to-month
// correlation) and bends its month-end lists by it; beyond twelve months the twelfth month's error grows in
// proportion to the horizon (the back-test says nothing further out: a deliberately wide assumption).
#include <vector>

#include "core/calendar.hpp"
#include "core/wait_bands.hpp"

namespace elective::flow {

struct NationalMonth;

struct ErrorPoint {
  double list_log = 0;    // log(actual / forecast) of the list size
  double pct_points = 0;  // actual - forecast of % within 18 weeks (fraction: 0.01 = 1 point)
};

// One origin's errors for months 1..12 after it.
using ErrorPath = std::vector<ErrorPoint>;

// Complete twelve-month error paths of the unconditional model at the grid origins whose twelfth month is
// no later than `known_by` (and clear of the COVID-19 exclusion), in origin order. Empty when there are none.
// The back-test's origins run on `threads` threads (the same paths for any count: rolling_backtest).
std::vector<ErrorPath> model_error_paths(const std::vector<NationalMonth>& months, YearMonth known_by,
                                         int threads = 1);

// The error of `path` h months ahead (h >= 1): the path itself to 12 months, then the twelfth month's error
// times h / 12.
ErrorPoint error_at(const ErrorPath& path, int months_ahead);

// Bends a month-end list by an error: the list is scaled by exp(list_log) and the share within 18 weeks moved
// by pct_points (clamped to 0-1), each side of 18 weeks keeping its shape.
void apply_error(WaitHistogram& list, const ErrorPoint& error);
// The same into `out` (any previous contents replaced), leaving `list` as it is: what copying the list and
// bending the copy gives, in one pass over the bands instead of two.
void apply_error(const WaitHistogram& list, const ErrorPoint& error, WaitHistogram& out);

}  // namespace elective::flow
