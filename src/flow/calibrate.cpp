#include "flow/calibrate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "flow/assimilate.hpp"
#include "stats/wait_summary.hpp"

namespace elective::flow {

namespace {

double sum(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

int group_of(const std::vector<int>& starts, int band) {
  int g = 0;
  for (size_t i = 0; i < starts.size(); ++i)
    if (band >= starts[i]) g = static_cast<int>(i);
  return g;
}

// Band groups whose rates are fitted separately from the national series. The completed-pathway groups are
// 0-17, 18-51 and 52+ weeks (the published within-18 and over-52 counts); the finer split uses the month-end
// lists (reconstructed at the published median, 18, P92, 52, 65, 78 and 104-week points). Chosen on the
// back-test: the split inside 0-17 weeks halves the error of % within 18 weeks (docs/backtest.md).
const std::vector<int> kNationalSubgroups = {0, 4, 9, 13, 18, 26, 39, 52, 65, 78, 104};
// The same with the completed-pathway groups at month-end waits of 20 and 54 weeks (DynamicsOptions::
// stop_time_groups): 18-19 and 52-53 weeks become subgroups of their own.
const std::vector<int> kNationalSubgroupsStopTime = {0, 4, 9, 13, 18, 20, 26, 39, 52, 54, 65, 78, 104};

bool in_covid_disruption(YearMonth m) {
  return m >= YearMonth(2020, 3) && m <= YearMonth(2021, 6);
}

}  // namespace

Seasonality flat_seasonality() {
  Seasonality s;
  s.fill(1.0);
  return s;
}

RateFit fit_rates(const std::vector<ObservedMonth>& months, const std::vector<int>& group_starts,
                  std::vector<int> subgroup_starts, RateFitOptions options) {
  std::vector<BandRates::Tail> tails = std::move(options.tails);
  if (group_starts.empty() || group_starts.front() != 0)
    throw RuntimeError("fit_rates: groups must start at band 0");
  if (subgroup_starts.empty()) subgroup_starts = group_starts;
  for (int g : group_starts)
    if (std::find(subgroup_starts.begin(), subgroup_starts.end(), g) == subgroup_starts.end())
      throw RuntimeError("fit_rates: every group start must also start a subgroup");
  const size_t groups = group_starts.size();
  const size_t subs = subgroup_starts.size();
  std::vector<size_t> parent(subs);
  for (size_t j = 0; j < subs; ++j)
    parent[j] = static_cast<size_t>(group_of(group_starts, subgroup_starts[j]));
  // The band count of the observed lists (105 for RTT, 14 for DM01): the model runs on any weekly layout.
  const int bands = months.empty() ? kBands : static_cast<int>(months.front().list.counts.size());
  std::vector<size_t> sub_of_band(static_cast<size_t>(bands));
  for (int k = 0; k < bands; ++k)
    sub_of_band[static_cast<size_t>(k)] = static_cast<size_t>(group_of(subgroup_starts, k));

  RateFit fit;
  std::vector<double> inflow;
  // Pooled over the window (ratios of sums are steadier than means of monthly ratios).
  std::vector<double> f_sum(subs, 0.0), n_sum(subs, 0.0), c_sum(subs, 0.0);
  // Month by month, for the hazard trend: treated and treatable (treated + left at month end) by subgroup.
  std::vector<std::vector<double>> month_c(subs), month_a(subs);
  std::vector<double> month_t;
  double u_sum = 0, f_total_sum = 0, u_grouped_sum = 0;
  int months_used = 0, grouped_months = 0;
  for (size_t t = 1; t < months.size(); ++t) {
    const ObservedMonth& prev = months[t - 1];
    const ObservedMonth& cur = months[t];
    age_and_admit(prev.list.counts, cur.month.days_in_month(), cur.referrals, inflow);
    const double f_total = sum(inflow);
    if (f_total <= 0) continue;
    const double u = prev.list.total() + cur.referrals - cur.completed - cur.list.total();
    // Recent months may count more (weight halves every half_life months back from the last month).
    const double wt =
        options.half_life_months > 0
            ? std::pow(0.5, static_cast<double>(months.size() - 1 - t) / options.half_life_months)
            : 1.0;
    u_sum += u;
    f_total_sum += f_total;
    ++months_used;
    if (cur.completed_by_group.size() != groups) continue;
    // By subgroup: inflow F_j, month-end list I_j, all removals R_j = F_j - I_j. A group's completed pathways
    // C_g (known only by group) are shared over its subgroups in proportion to their removals; the rest of
    // R_j is other removals (NHSRtt: N = F - C - I). Completed pathways include unknown clock starts, shared
    // over groups in proportion to the known ones.
    std::vector<double> f(subs, 0.0), i_end(subs, 0.0);
    for (int k = 0; k < bands; ++k) {
      const size_t j = sub_of_band[static_cast<size_t>(k)];
      f[j] += inflow[static_cast<size_t>(k)];
      if (static_cast<size_t>(k) < cur.list.counts.size())
        i_end[j] += cur.list.counts[static_cast<size_t>(k)];
    }
    std::vector<double> removals_in_group(groups, 0.0);
    for (size_t j = 0; j < subs; ++j) removals_in_group[parent[j]] += std::max(0.0, f[j] - i_end[j]);
    const double known = sum(cur.completed_by_group);
    const double scale = known > 0 ? cur.completed / known : 1.0;
    for (size_t j = 0; j < subs; ++j) {
      const size_t g = parent[j];
      const double removed = std::max(0.0, f[j] - i_end[j]);
      const double c_group = std::max(0.0, cur.completed_by_group[g] * scale);
      const double c = removals_in_group[g] > 0 ? c_group * removed / removals_in_group[g] : 0.0;
      f_sum[j] += wt * f[j];
      c_sum[j] += wt * c;
      n_sum[j] += wt * (f[j] - c - i_end[j]);
      month_c[j].push_back(c);
      month_a[j].push_back(std::max(0.0, i_end[j] + c));
    }
    month_t.push_back(static_cast<double>(t) - static_cast<double>(months.size() - 1));
    u_grouped_sum += wt * u;
    ++grouped_months;
  }
  if (months_used == 0) throw InputError("calibration needs at least two consecutive months with data");
  fit.other_rate = std::clamp(u_sum / f_total_sum, 0.0, 1.0);
  fit.months_used = months_used;
  fit.group_hazard.assign(subs, 1.0);
  fit.group_other_rate.assign(subs, fit.other_rate);
  if (grouped_months > 0) {
    // Subgroup shares floored at 0 (a negative residual is reconstruction or reporting noise), then scaled so
    // that together they remove the observed total other removals.
    double implied = 0;
    for (size_t j = 0; j < subs; ++j) {
      fit.group_other_rate[j] = f_sum[j] > 0 ? std::clamp(n_sum[j] / f_sum[j], 0.0, 1.0) : 0.0;
      implied += fit.group_other_rate[j] * f_sum[j];
    }
    const double observed = std::max(0.0, u_grouped_sum);
    const double factor = implied > 0 ? observed / implied : 0.0;
    double last_h = 0;
    for (size_t j = 0; j < subs; ++j) {
      fit.group_other_rate[j] = std::min(1.0, fit.group_other_rate[j] * factor);
      const double avail = f_sum[j] * (1 - fit.group_other_rate[j]);
      // A subgroup nobody ever reached keeps the hazard of the one below it.
      fit.group_hazard[j] = avail > 0 ? c_sum[j] / avail : last_h;
      last_h = fit.group_hazard[j];
    }
  }
  // Trend of each subgroup's hazard relative to the month's overall hazard (log-linear, per month), with the
  // pooled hazard moved from the window's centre to its last month.
  fit.group_trend.assign(subs, 0.0);
  if (options.hazard_trend && month_t.size() >= 6) {
    const size_t n = month_t.size();
    std::vector<double> overall(n, 0.0), overall_a(n, 0.0);
    for (size_t j = 0; j < subs; ++j)
      for (size_t i = 0; i < n; ++i) {
        overall[i] += month_c[j][i];
        overall_a[i] += month_a[j][i];
      }
    for (size_t j = 0; j < subs; ++j) {
      if (subgroup_starts[j] < options.trend_from_band) continue;
      double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (size_t i = 0; i < n; ++i) {
        if (month_c[j][i] <= 0 || month_a[j][i] <= 0 || overall[i] <= 0) continue;
        const double y = std::log((month_c[j][i] / month_a[j][i]) / (overall[i] / overall_a[i]));
        const double w = month_a[j][i];
        sw += w;
        sx += w * month_t[i];
        sy += w * y;
        sxx += w * month_t[i] * month_t[i];
        sxy += w * month_t[i] * y;
      }
      if (sw <= 0) continue;
      const double mx = sx / sw;
      const double var = sxx / sw - mx * mx;
      if (var <= 0) continue;
      const double slope =
          std::clamp((sxy / sw - mx * (sy / sw)) / var, -options.trend_cap, options.trend_cap);
      fit.group_trend[j] = slope;
      fit.group_hazard[j] *= std::exp(slope * -mx);
    }
  }
  fit.subgroup_starts = subgroup_starts;
  fit.rates.treat_trend.assign(static_cast<size_t>(bands), 0.0);
  fit.rates.trend_damping = options.trend_damping;
  fit.rates.treat_weight.assign(static_cast<size_t>(bands), 0.0);
  fit.rates.other_rate.assign(static_cast<size_t>(bands), 0.0);
  for (int k = 0; k < bands; ++k) {
    const size_t j = sub_of_band[static_cast<size_t>(k)];
    fit.rates.treat_weight[static_cast<size_t>(k)] = fit.group_hazard[j];
    fit.rates.treat_trend[static_cast<size_t>(k)] = fit.group_trend[j];
    fit.rates.other_rate[static_cast<size_t>(k)] = fit.group_other_rate[j];
  }
  if (grouped_months > 0) fit.rates.other_share = fit.other_rate;
  // Reference shares of the state-dependent tails: each tail's share of the patients available for treatment
  // (inflow less other removals), pooled over the window.
  for (BandRates::Tail& t : tails) {
    double tail = 0, all = 0;
    for (size_t j = 0; j < subs; ++j) {
      const double avail = f_sum[j] * (1 - fit.group_other_rate[j]);
      all += avail;
      if (subgroup_starts[j] >= t.from_band) tail += avail;
    }
    t.reference_share = all > 0 ? tail / all : 0;
  }
  fit.rates.tails = std::move(tails);
  return fit;
}

Seasonality seasonal_factors(const std::vector<YearMonth>& months,
                             const std::vector<std::optional<double>>& values) {
  std::array<double, 12> total{};
  std::array<int, 12> count{};
  for (size_t i = 6; i + 6 < months.size(); ++i) {
    // Centred 2x12 moving average around month i; every month in it must be present and undisrupted.
    double acc = 0;
    bool ok = true;
    for (size_t j = i - 6; j <= i + 6; ++j) {
      if (!values[j] || in_covid_disruption(months[j]) ||
          months[j] - months[i] != static_cast<int>(j) - static_cast<int>(i)) {
        ok = false;
        break;
      }
      acc += (j == i - 6 || j == i + 6) ? 0.5 * *values[j] : *values[j];
    }
    if (!ok || acc <= 0) continue;
    const double ratio = *values[i] / (acc / 12.0);
    total[static_cast<size_t>(months[i].month() - 1)] += ratio;
    ++count[static_cast<size_t>(months[i].month() - 1)];
  }
  Seasonality s = flat_seasonality();
  for (int m = 0; m < 12; ++m)
    if (count[static_cast<size_t>(m)] == 0) return flat_seasonality();
  double mean = 0;
  for (size_t m = 0; m < 12; ++m) {
    s[m] = total[m] / count[m];
    mean += s[m] / 12.0;
  }
  for (double& v : s) v /= mean;
  return s;
}

std::vector<NationalMonth> national_months(const data::NationalSeries& series) {
  std::vector<NationalMonth> out;
  out.reserve(series.size());
  auto col = [&](const char* name, size_t row) -> std::optional<double> {
    return series.has_column(name) ? series.value(name, row) : std::nullopt;
  };
  for (size_t i = 0; i < series.size(); ++i) {
    NationalMonth m;
    m.month = series.months()[i];
    m.headline.total = col("incomplete_total", i).value_or(0.0);
    m.headline.within_18_weeks = col("incomplete_within_18_weeks", i);
    m.headline.over_52_weeks = col("incomplete_over_52_weeks", i);
    m.headline.over_65_weeks = col("incomplete_over_65_weeks", i);
    m.headline.over_78_weeks = col("incomplete_over_78_weeks", i);
    m.headline.over_104_weeks = col("incomplete_over_104_weeks", i);
    m.headline.median_weeks = col("incomplete_median_wait_weeks", i);
    m.headline.p92_weeks = col("incomplete_p92_wait_weeks", i);
    m.pct_within_18_weeks = col("incomplete_pct_within_18_weeks", i);
    m.referrals = col("new_rtt_periods", i);
    const auto adm = col("admitted_pathways", i);
    const auto non = col("nonadmitted_pathways", i);
    if (adm && non) m.completed = *adm + *non;
    auto est = [&](const char* name, const std::optional<double>& reported) {
      const auto v = col(name, i);
      return v ? v : reported;
    };
    m.headline_est = m.headline;
    if (const auto total = col("incomplete_total_est", i)) m.headline_est.total = *total;
    m.headline_est.within_18_weeks = est("incomplete_within_18_weeks_est", m.headline.within_18_weeks);
    m.headline_est.over_52_weeks = est("incomplete_over_52_weeks_est", m.headline.over_52_weeks);
    m.headline_est.over_65_weeks = est("incomplete_over_65_weeks_est", m.headline.over_65_weeks);
    m.headline_est.over_78_weeks = est("incomplete_over_78_weeks_est", m.headline.over_78_weeks);
    m.headline_est.over_104_weeks = est("incomplete_over_104_weeks_est", m.headline.over_104_weeks);
    m.pct_within_18_weeks_est = est("incomplete_pct_within_18_weeks_est", m.pct_within_18_weeks);
    m.referrals_est = est("new_rtt_periods_est", m.referrals);
    const auto adm_est = col("admitted_pathways_est", i);
    const auto non_est = col("nonadmitted_pathways_est", i);
    m.completed_est = adm_est && non_est ? std::optional<double>(*adm_est + *non_est) : m.completed;
    const auto adm18 = col("admitted_within_18_weeks", i);
    const auto non18 = col("nonadmitted_within_18_weeks", i);
    if (adm18 && non18) m.completed_within_18 = *adm18 + *non18;
    const auto adm52 = col("admitted_over_52_weeks", i);
    const auto non52 = col("nonadmitted_over_52_weeks", i);
    if (adm52 && non52) m.completed_over_52 = *adm52 + *non52;
    out.push_back(m);
  }
  return out;
}

ObservedMonth observed_from_national(const NationalMonth& m) {
  ObservedMonth o;
  o.month = m.month;
  o.list = reconstruct_histogram(m.headline);
  o.referrals = m.referrals.value_or(0.0);
  o.completed = m.completed.value_or(0.0);
  if (m.completed && m.completed_within_18 && m.completed_over_52) {
    const double mid = std::max(0.0, *m.completed - *m.completed_within_18 - *m.completed_over_52);
    o.completed_by_group = {*m.completed_within_18, mid, *m.completed_over_52};
  }
  return o;
}

ObservedMonth observed_with_estimates(const NationalMonth& m) {
  ObservedMonth o = observed_from_national(m);
  o.list = reconstruct_histogram(m.headline_est);
  if (m.referrals_est) o.referrals = *m.referrals_est;
  if (m.completed_est && m.completed && *m.completed > 0) {
    // Completed pathways by wait are published as reported only: scaled to the estimated total.
    const double scale = *m.completed_est / *m.completed;
    o.completed = *m.completed_est;
    for (double& v : o.completed_by_group) v *= scale;
  }
  return o;
}

FitError replay_error(const std::vector<ObservedMonth>& months, const BandRates& rates,
                      const std::vector<std::optional<double>>& actual_pct, const ListDefinition& layout) {
  const bool rtt = layout.name == rtt_list().name;
  FitError e;
  if (months.size() < 2) return e;
  BandModel model(rates, AllocationPolicy{});
  std::vector<double> list = months.front().list.counts;
  WaitHistogram h(kCurrentTopBand);
  int pct_n = 0;
  for (size_t t = 1; t < months.size(); ++t) {
    MonthDrivers d;
    d.days = months[t].month.days_in_month();
    d.referrals = months[t].referrals;
    d.capacity = months[t].completed;
    model.step(list, d);
    h.counts = list;
    const double model_total = h.total();
    const double actual_total = months[t].list.total();
    const double ape = std::fabs(model_total - actual_total) / actual_total;
    e.list_mape += ape;
    e.list_max_ape = std::max(e.list_max_ape, ape);
    std::optional<double> actual = t < actual_pct.size() ? actual_pct[t] : std::nullopt;
    if (!actual)
      actual = rtt ? stats::summarise_waits(months[t].list).pct_within_18_weeks
                   : summarise_list(layout, months[t].list.counts).share_within_standard;
    const auto model_pct = rtt ? stats::summarise_waits(h).pct_within_18_weeks
                               : summarise_list(layout, list).share_within_standard;
    if (actual && model_pct) {
      const double ae = std::fabs(*model_pct - *actual);
      e.pct_within_18_mae += ae;
      e.pct_within_18_max_ae = std::max(e.pct_within_18_max_ae, ae);
      ++pct_n;
    }
    ++e.months;
  }
  if (e.months > 0) e.list_mape /= e.months;
  if (pct_n > 0) e.pct_within_18_mae /= pct_n;
  return e;
}

Calibration calibrate_national(const std::vector<NationalMonth>& all, YearMonth at, int window,
                               const DriverOptions& driver_options, const DynamicsOptions& dynamics) {
  if (window < 2)
    throw InputError(fmt::format("calibration window must be at least 2 months, got {}", window));
  auto it = std::find_if(all.begin(), all.end(), [&](const NationalMonth& m) { return m.month == at; });
  if (it == all.end()) throw InputError(fmt::format("the national series has no month {}", at.to_string()));
  const auto end = static_cast<size_t>(it - all.begin());
  if (end < static_cast<size_t>(window))
    throw InputError(
        fmt::format("calibrating at {} needs {} earlier months of data", at.to_string(), window));
  std::vector<ObservedMonth> obs;
  std::vector<std::optional<double>> pct;
  std::vector<WaitHistogram> assimilated;
  if (dynamics.assimilate)
    assimilated = assimilate_national(std::vector<NationalMonth>(all.begin(), all.begin() + end + 1));
  for (size_t i = end - static_cast<size_t>(window); i <= end; ++i) {
    const NationalMonth& m = all[i];
    if (i > end - static_cast<size_t>(window) && (!m.referrals || !m.completed || m.headline.total <= 0))
      throw InputError(
          fmt::format("calibrating at {}: month {} lacks new RTT periods, completed pathways or the list "
                      "size (new RTT periods start in 2015-10)",
                      at.to_string(), m.month.to_string()));
    if (m.headline.total <= 0)
      throw InputError(
          fmt::format("calibrating at {}: month {} has no list size", at.to_string(), m.month.to_string()));
    obs.push_back(observed_with_estimates(m));
    if (dynamics.assimilate) obs.back().list = assimilated[i];
    pct.push_back(m.pct_within_18_weeks_est);
  }
  Calibration c;
  c.source = "national time series";
  c.month = at;
  c.window_months = window;
  const HeadlineFigures& start = all[end].headline_est;
  c.list = dynamics.assimilate ? assimilated[end] : reconstruct_histogram(start);
  c.reconstruction = reconstruction_error(start, c.list);
  RateFitOptions fit_options;
  fit_options.half_life_months = dynamics.half_life_months;
  fit_options.hazard_trend = dynamics.long_wait_trend;
  fit_options.trend_from_band = dynamics.trend_from_band;
  fit_options.trend_damping = dynamics.trend_damping;
  fit_options.trend_cap = dynamics.trend_cap;
  if (dynamics.eighteen_week_target && dynamics.eighteen_week_elasticity != 0)
    fit_options.tails.push_back({18, 0, dynamics.eighteen_week_elasticity});
  if (dynamics.stop_time_groups) {
    c.fit = fit_rates(obs, {0, 20, 54}, kNationalSubgroupsStopTime, fit_options);
  } else {
    c.fit = fit_rates(obs, {0, 18, 52}, kNationalSubgroups, fit_options);
  }
  c.drivers = fit_drivers(all, at, driver_options);
  const DriverFit& d = *c.drivers;
  // Baselines per average month at the start (the driver forecast's level, not a lagged mean).
  c.referrals_per_month = d.referral_fit.level_per_day * d.mean_shape(d.referral_fit);
  c.capacity_per_month = d.clock_stop_fit.level_per_day * d.mean_shape(d.clock_stop_fit);
  // Every consumer of the calibration (the aggregate model's default, the patient-level simulation, provider
  // starts borrowing the national share) sees the driver forecast's other-removal share of the next month.
  c.fit.other_rate = d.other_share_at(at + 1);
  c.fit.rates.other_share = c.fit.other_rate;
  c.other_removals_per_month = c.fit.other_rate * (c.list.total() + c.referrals_per_month);
  std::vector<YearMonth> ms;
  std::vector<std::optional<double>> rv, kv;
  for (size_t i = 0; i <= end; ++i) {
    ms.push_back(all[i].month);
    rv.push_back(all[i].referrals);
    kv.push_back(all[i].completed);
  }
  c.referral_seasonality = seasonal_factors(ms, rv);
  c.capacity_seasonality = seasonal_factors(ms, kv);
  c.in_sample = replay_error(obs, c.fit.rates, pct);
  return c;
}

Calibration calibrate_histograms(const std::vector<ObservedMonth>& months,
                                 const std::vector<int>& group_starts, double other_rate_if_single,
                                 const std::string& source) {
  if (months.empty()) throw InputError(source + ": no months to calibrate from");
  Calibration c;
  c.source = source;
  c.month = months.back().month;
  c.list = months.back().list;
  c.window_months = static_cast<int>(months.size()) - 1;
  if (months.size() >= 2) {
    c.fit = fit_rates(months, group_starts);
    double r = 0, k = 0;
    for (size_t i = 1; i < months.size(); ++i) {
      r += months[i].referrals;
      k += months[i].completed;
    }
    c.referrals_per_month = r / static_cast<double>(months.size() - 1);
    c.capacity_per_month = k / static_cast<double>(months.size() - 1);
    c.other_removals_per_month = (months.front().list.total() - months.back().list.total() + r - k) /
                                 static_cast<double>(months.size() - 1);
    c.in_sample = replay_error(months, c.fit.rates);
    return c;
  }
  // One month: the list before treatment is approximately list + completed (+ other removals), so the monthly
  // treatment hazard of a group is completed / (list + completed).
  const ObservedMonth& m = months.front();
  const size_t groups = group_starts.size();
  std::vector<double> stock(groups, 0.0);
  for (int k = 0; k < kBands && static_cast<size_t>(k) < m.list.counts.size(); ++k)
    stock[static_cast<size_t>(group_of(group_starts, k))] += m.list.counts[static_cast<size_t>(k)];
  c.fit.group_hazard.assign(groups, 0.0);
  for (size_t g = 0; g < groups; ++g) {
    const double comp = g < m.completed_by_group.size() ? m.completed_by_group[g] : 0.0;
    c.fit.group_hazard[g] = stock[g] + comp > 0 ? comp / (stock[g] + comp) : 0.0;
  }
  c.fit.other_rate = other_rate_if_single;
  c.fit.months_used = 1;
  c.fit.rates.treat_weight.assign(kBands, 0.0);
  c.fit.rates.other_rate.assign(kBands, other_rate_if_single);
  for (int k = 0; k < kBands; ++k)
    c.fit.rates.treat_weight[static_cast<size_t>(k)] =
        c.fit.group_hazard[static_cast<size_t>(group_of(group_starts, k))];
  c.referrals_per_month = m.referrals;
  c.capacity_per_month = m.completed;
  c.other_removals_per_month = other_rate_if_single * (m.list.total() + m.referrals);
  return c;
}

}  // namespace elective::flow
