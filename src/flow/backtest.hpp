#pragma once
// Back-test (docs/backtest.md): calibrate on the national series up to month T, project T+1..T+h driven by
// the actual referrals (new RTT periods) and the actual completed pathways, and compare the projected list
// size and % within 18 weeks with what was published.
#include <optional>
#include <vector>

#include "core/calendar.hpp"
#include "flow/band_model.hpp"
#include "flow/calibrate.hpp"

namespace elective::flow {

struct BacktestPoint {
  YearMonth month;
  double actual_list = 0;
  double model_list = 0;
  std::optional<double> actual_pct_within_18;
  std::optional<double> model_pct_within_18;
};

struct BacktestResult {
  YearMonth at;
  int window_months = 12;
  std::vector<BacktestPoint> points;
  double list_mape = 0;                   // mean |model - actual| / actual over the horizon
  double list_error_at_end = 0;           // (model - actual) / actual in the last month
  double pct_within_18_mae = 0;           // mean |model - actual|, fraction (0.01 = 1 percentage point)
  double pct_within_18_error_at_end = 0;  // model - actual in the last month
  // The naive benchmark: list and % within 18 weeks held at their month-T values.
  double naive_list_mape = 0;
  double naive_pct_within_18_mae = 0;
};

// Throws InputError when the series lacks the months needed (the horizon is cut at the last month available).
BacktestResult backtest_national(const std::vector<NationalMonth>& months, YearMonth at, int horizon,
                                 int window = 12, AllocationPolicy policy = {});

}  // namespace elective::flow
