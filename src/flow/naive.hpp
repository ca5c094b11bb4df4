#pragma once
// Naive forecasts of the published headline figures, the benchmarks of `elective backtest`
// (docs/backtest.md). Each uses only the published figures up to the origin T:
//   persistence     every figure held at its month-T value;
//   seasonal_naive  last year's monthly changes repeated: y(T+h) = y(T) + y(T+h-12) - y(T-12) for shares and
//                   weeks, y(T) x y(T+h-12) / y(T-12) for counts (h <= 12);
//   trend           the least-squares line through the last 12 months, extended.
#include <optional>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"

namespace elective::flow {

struct NationalMonth;

// The headline figures of a month-end list that the back-test scores.
struct Headline {
  YearMonth month;
  double list = 0;                      // incomplete pathways
  std::optional<double> pct_within_18;  // fraction
  std::optional<double> over_52;        // count
  std::optional<double> median_weeks, p92_weeks;
};

// The published headline of a national month, on the "with estimates for missing trusts" basis (the median
// and 92nd percentile are published as reported only).
Headline published_headline(const NationalMonth& month);

enum class NaiveMethod { persistence, seasonal_naive, trend };
std::string_view to_string(NaiveMethod method);

// Forecasts for T+1 .. T+horizon (horizon <= 12 for seasonal_naive) from `history`, the published months up
// to and including T in ascending order. A figure a method cannot form (missing inputs) is nullopt.
std::vector<Headline> naive_forecast(NaiveMethod method, const std::vector<Headline>& history, int horizon);

}  // namespace elective::flow
