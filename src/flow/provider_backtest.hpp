#pragma once
// The provider-level back-test (`elective backtest --by provider[,specialty]`, docs/backtest.md "Provider
// level"): rolling origins inside the months of the provider months file. At each origin T every group is
// calibrated on its own listed months up to T (flow/provider_history.hpp) and projected T+1 .. the last
// month with its window's mean referrals and completed pathways held flat - what `elective forecast --by`
// does with a scenario that states no growth - beside persistence (the list at T held). Errors are scored
// against the file's own lists:
//   list-weighted MAPE = sum |forecast - actual| / sum actual over the groups (big lists count more, and a
//                        small provider's ratio cannot swamp the figure), and
//   % within 18 weeks MAE, weighted by the actual list (points; both sides estimated from month bins).
// A group-origin pair is scored only when the model could calibrate it (kMinCalibrationMonths listed months
// to T) and the actual month has a list, so both methods are scored on exactly the same pairs.
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "flow/provider_history.hpp"

namespace elective::flow {

struct ProviderBacktestOptions {
  int window = 12;                      // calibration months after the first (as calibrate_group)
  std::size_t first_origin_months = 6;  // the first origin has this many months of the file up to it
  int threads = 1;  // groups run in parallel (0 = one per core); same result for any count
};

// One scored (group, origin, horizon) of both methods.
struct GroupBacktestPoint {
  std::size_t group = 0;  // index into the series
  YearMonth origin;
  int horizon = 0;
  double actual_list = 0, model_list = 0, persistence_list = 0;
  std::optional<double> actual_pct, model_pct, persistence_pct;  // % within 18 weeks (fractions)
};

// A summary row: both methods' errors at one horizon over a set of groups (the same pairs for both).
struct GroupBacktestRow {
  std::string level;       // "all", "specialty", "provider", "icb" or "region"
  std::string key;         // "" for all; the specialty name; the provider, ICB or region code
  int horizon = 0;         // months after the origin
  int n = 0;               // group-origin pairs scored
  double actual_list = 0;  // sum of the actual lists scored
  std::optional<double> model_list_wmape, persistence_list_wmape;
  // List-weighted mean absolute error of % within 18 weeks (fraction: 0.01 = 1 point).
  std::optional<double> model_pct_mae, persistence_pct_mae;
};

struct ProviderBacktestResult {
  std::vector<YearMonth> origins;
  std::vector<GroupBacktestPoint> points;
  std::vector<GroupBacktestRow> rows;  // all, then by specialty, provider, ICB, region; by horizon
  std::size_t groups = 0, short_history = 0;
};

ProviderBacktestResult provider_backtest(const std::vector<GroupSeries>& series,
                                         const std::vector<YearMonth>& months,
                                         const ProviderBacktestOptions& options = {});

}  // namespace elective::flow
