#include "flow/backtest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "stats/wait_summary.hpp"

namespace elective::flow {

BacktestResult backtest_national(const std::vector<NationalMonth>& months, YearMonth at, int horizon,
                                 int window, AllocationPolicy policy) {
  if (horizon < 1) throw InputError(fmt::format("--months: expected at least 1, got {}", horizon));
  const Calibration cal = calibrate_national(months, at, window);
  BacktestResult result;
  result.at = at;
  result.window_months = window;
  BandModel model(cal.fit.rates, policy);
  std::vector<double> list = cal.list.counts;
  WaitHistogram h(kCurrentTopBand);
  const auto start =
      std::find_if(months.begin(), months.end(), [&](const NationalMonth& m) { return m.month == at; });
  const double naive_list = start->headline.total;
  const std::optional<double> naive_pct = start->pct_within_18_weeks;
  int pct_n = 0;
  for (auto it = start + 1; it != months.end() && it - start <= horizon; ++it) {
    if (!it->referrals || !it->completed || it->headline.total <= 0) break;
    MonthDrivers d;
    d.days = it->month.days_in_month();
    d.referrals = *it->referrals;
    d.capacity = *it->completed;
    model.step(list, d);
    h.counts = list;
    BacktestPoint p;
    p.month = it->month;
    p.actual_list = it->headline.total;
    p.model_list = h.total();
    p.actual_pct_within_18 = it->pct_within_18_weeks;
    p.model_pct_within_18 = stats::summarise_waits(h).pct_within_18_weeks;
    result.list_mape += std::fabs(p.model_list - p.actual_list) / p.actual_list;
    result.naive_list_mape += std::fabs(naive_list - p.actual_list) / p.actual_list;
    result.list_error_at_end = (p.model_list - p.actual_list) / p.actual_list;
    if (p.actual_pct_within_18 && p.model_pct_within_18) {
      result.pct_within_18_mae += std::fabs(*p.model_pct_within_18 - *p.actual_pct_within_18);
      if (naive_pct) result.naive_pct_within_18_mae += std::fabs(*naive_pct - *p.actual_pct_within_18);
      result.pct_within_18_error_at_end = *p.model_pct_within_18 - *p.actual_pct_within_18;
      ++pct_n;
    }
    result.points.push_back(p);
  }
  if (result.points.empty())
    throw InputError(
        fmt::format("back-test at {}: no later month in the data to compare with", at.to_string()));
  const auto n = static_cast<double>(result.points.size());
  result.list_mape /= n;
  result.naive_list_mape /= n;
  if (pct_n > 0) {
    result.pct_within_18_mae /= pct_n;
    result.naive_pct_within_18_mae /= pct_n;
  }
  return result;
}

}  // namespace elective::flow
