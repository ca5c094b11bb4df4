#include "flow/provider_backtest.hpp"

#include <array>
#include <cmath>
#include <map>
#include <tuple>

#include "core/parallel_for.hpp"
#include "flow/band_model.hpp"
#include "stats/wait_summary.hpp"

namespace elective::flow {

namespace {

std::optional<double> pct_within_18(const WaitHistogram& list) {
  return stats::summarise_waits(list).pct_within_18_weeks;
}

struct Sums {
  int n = 0;
  double actual = 0, abs_error = 0, pct_weight = 0, pct_abs_error = 0;
  void add(double actual_list, double forecast_list, const std::optional<double>& actual_pct,
           const std::optional<double>& forecast_pct) {
    ++n;
    actual += actual_list;
    abs_error += std::abs(forecast_list - actual_list);
    if (actual_pct && forecast_pct) {
      pct_weight += actual_list;
      pct_abs_error += actual_list * std::abs(*forecast_pct - *actual_pct);
    }
  }
};

}  // namespace

ProviderBacktestResult provider_backtest(const std::vector<GroupSeries>& series,
                                         const std::vector<YearMonth>& months,
                                         const ProviderBacktestOptions& options) {
  ProviderBacktestResult r;
  r.groups = series.size();
  const std::size_t n = months.size();
  const std::size_t first = options.first_origin_months > 0 ? options.first_origin_months - 1 : 0;
  for (std::size_t o = first; o + 1 < n; ++o) r.origins.push_back(months[o]);
  // Groups in parallel, each into its own slot; the points are then gathered in group order (the same
  // result for any thread count).
  std::vector<std::vector<GroupBacktestPoint>> by_group(series.size());
  std::vector<char> calibrated(series.size(), 0);
  parallel_for(series.size(), options.threads, [&](std::size_t g) {
    const GroupSeries& s = series[g];
    for (std::size_t o = first; o + 1 < n; ++o) {
      const std::optional<GroupCalibration> group_cal = calibrate_group(s, o, options.window);
      if (!group_cal) continue;
      const Calibration* cal = &group_cal->calibration;
      calibrated[g] = 1;
      // The window's mean flows held flat, as a scenario with no stated growth projects a group.
      BandModel model(cal->fit.rates, AllocationPolicy{});
      WaitHistogram list = cal->list;
      const std::optional<double> persistence_pct = pct_within_18(cal->list);
      for (std::size_t t = o + 1; t < n; ++t) {
        MonthDrivers md;
        md.days = months[t].days_in_month();
        md.referrals = cal->referrals_per_month;
        md.capacity = cal->capacity_per_month;
        md.months_ahead = static_cast<int>(t - o);
        model.step(list.counts, md);
        const WaitHistogram& actual = s.months[t].list;
        if (actual.total() <= 0) continue;  // not reported that month: nothing to score against
        GroupBacktestPoint p;
        p.group = g;
        p.origin = months[o];
        p.horizon = static_cast<int>(t - o);
        p.actual_list = actual.total();
        p.model_list = list.total();
        p.persistence_list = cal->list.total();
        p.actual_pct = pct_within_18(actual);
        p.model_pct = pct_within_18(list);
        p.persistence_pct = persistence_pct;
        by_group[g].push_back(p);
      }
    }
  });
  for (std::size_t g = 0; g < series.size(); ++g) {
    r.points.insert(r.points.end(), by_group[g].begin(), by_group[g].end());
    if (calibrated[g] == 0) ++r.short_history;
  }

  // (level, key, horizon) -> sums of the model [0] and persistence [1]
  using Key = std::tuple<int, std::string, int>;
  std::map<Key, std::array<Sums, 2>> sums;
  const char* levels[] = {"all", "specialty", "provider", "icb", "region"};
  for (const GroupBacktestPoint& p : r.points) {
    const GroupSeries& s = series[p.group];
    const std::optional<std::string> keys[] = {std::string(), s.specialty, s.provider, s.icb, s.region};
    for (int level = 0; level < 5; ++level) {
      if (!keys[level]) continue;
      auto& both = sums[{level, *keys[level], p.horizon}];
      both[0].add(p.actual_list, p.model_list, p.actual_pct, p.model_pct);
      both[1].add(p.actual_list, p.persistence_list, p.actual_pct, p.persistence_pct);
    }
  }
  for (const auto& [key, both] : sums) {
    GroupBacktestRow row;
    row.level = levels[std::get<0>(key)];
    row.key = std::get<1>(key);
    row.horizon = std::get<2>(key);
    row.n = both[0].n;
    row.actual_list = both[0].actual;
    if (both[0].actual > 0) {
      row.model_list_wmape = both[0].abs_error / both[0].actual;
      row.persistence_list_wmape = both[1].abs_error / both[1].actual;
    }
    if (both[0].pct_weight > 0) {
      row.model_pct_mae = both[0].pct_abs_error / both[0].pct_weight;
      row.persistence_pct_mae = both[1].pct_abs_error / both[1].pct_weight;
    }
    r.rows.push_back(std::move(row));
  }
  return r;
}

}  // namespace elective::flow
