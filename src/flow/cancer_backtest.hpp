#pragma once
// Back-test of monthly cancer waiting times forecasts (docs/backtest.md, "Cancer waiting times"), with
// rolling origins, scored against what NHS England published. The data support little: the national series
// holds the performance of the three current standards only from April 2021 (28-day FDS) and April 2022 (31-
// and 62-day) to October 2023, extended here by England sums of the provider extract (April to October 2023,
// equal to the national series, and April 2024 to March 2025); 2009-2019 holds urgent suspected cancer
// referral counts only. So the methods are the naive benchmarks of flow/naive.hpp (persistence, seasonal
// naive, 12-month trend) on performance (scored in percentage points) and on referrals 2009-2019 (scored as
// absolute percentage errors); no waiting-list model applies (CWT counts completed pathways,
// docs/statistics.md).
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "data/cancer_cwt.hpp"
#include "flow/naive.hpp"

namespace elective::flow {

struct CancerSeriesPoint {
  YearMonth month;
  double total = 0, within = 0;
  bool from_provider_extract = false;  // the national series has no figure for this month
};

// England's monthly figures of one standard: the national series where it has them, then the sums of the
// provider extract (all 28-day rows, the ALL MODALITIES rows of 31/62-day) for later months. `extract` may be
// null.
std::vector<CancerSeriesPoint> england_cancer_series(const data::CwtNational& national,
                                                     const data::CwtProvider* extract,
                                                     data::CancerStandard standard);

struct CancerBacktestRow {
  std::string series;  // "28-day FDS performance", "USC referrals seen"
  std::string method;  // persistence, seasonal_naive, trend
  int horizon = 0;     // months ahead
  size_t pairs = 0;    // (origin, horizon) pairs scored, the same for every method of a series and horizon
  double error = 0;    // mean absolute error: percentage points (performance) or percent (referrals)
  std::string unit;    // "points" or "percent"
  YearMonth first_origin, last_origin;
};

// Every month T with a value is an origin; a pair (T, h) is scored when T+h was published and every method
// can forecast it (seasonal naive needs T-12 and T+h-12), so the methods are compared on the same pairs.
std::vector<CancerBacktestRow> backtest_cancer_performance(const std::vector<CancerSeriesPoint>& series,
                                                           const std::string& name,
                                                           const std::vector<int>& horizons);
// Urgent suspected cancer referrals seen, origins and targets within [from, until] (2009-10 to 2019-12: the
// pandemic and the 2020 changes are not scored).
std::vector<CancerBacktestRow> backtest_cancer_referrals(const data::CwtNational& national, YearMonth from,
                                                         YearMonth until, const std::vector<int>& horizons);

// The signed out-of-sample errors of one method on a series, by horizon: errors[h-1] holds, for every origin
// T whose T+h was published and which the method can forecast (its own pairs), actual - forecast of the
// performance (a fraction) when `share`, else log(actual / forecast) of the total. These are the errors the
// cancer forecast draws its uncertainty from (plan/cancer_forecast.hpp).
std::vector<std::vector<double>> cancer_signed_errors(const std::vector<CancerSeriesPoint>& series,
                                                      bool share, NaiveMethod method, int max_horizon);
// The back-test of the totals (completed pathways a month) of a series, as backtest_cancer_referrals scores
// counts: mean absolute percentage error on the pairs every method can forecast.
std::vector<CancerBacktestRow> backtest_cancer_totals(const std::vector<CancerSeriesPoint>& series,
                                                      const std::string& name,
                                                      const std::vector<int>& horizons);
// The series as the naive methods take it: the total in `list`, the performance in `pct_within_18`.
std::vector<Headline> cancer_headlines(const std::vector<CancerSeriesPoint>& series);

}  // namespace elective::flow
