#pragma once
// Rolling-origin back-test of the diagnostics (DM01) forecast (issue 12, docs/backtest.md "Diagnostics
// (DM01)"): at each origin the model is calibrated on the selection's months up to it (plan/dm01_start.hpp)
// and projected exactly as a scenario with default drivers is (plan/engine.hpp: flat referrals and tests at
// the window's means); persistence (the origin's value) is scored on the same (origin, months ahead) pairs.
// The DM01 file covers August 2024 to March 2025, so origins run from the third month (two transitions to
// calibrate on) and horizons are short.
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "data/dm01.hpp"

namespace elective::plan {

struct Dm01BacktestRow {
  std::string scope;          // "England, all tests", "England, each test", "providers, all tests"
  int horizon = 1;            // months ahead
  std::string method;         // "model", "persistence"
  size_t pairs = 0;           // (selection, origin) pairs scored
  double pct_mae_points = 0;  // mean absolute error of % within 6 weeks, percentage points
  double list_mape = 0;       // mean absolute percentage error of the list size, percent
  YearMonth first_origin, last_origin;
};

// Scopes: England (all tests), England by each of the 15 tests, and every provider's all-tests list of at
// least `min_provider_list` patients at the origin. `min_months`: months up to and including an origin.
std::vector<Dm01BacktestRow> backtest_dm01(const data::Dm01List& list, const std::vector<int>& horizons,
                                           double min_provider_list = 1000, int min_months = 3);

}  // namespace elective::plan
