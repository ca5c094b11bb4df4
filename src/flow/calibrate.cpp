#include "flow/calibrate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
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
                  std::vector<int> subgroup_starts) {
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
  std::vector<size_t> sub_of_band(kBands);
  for (int k = 0; k < kBands; ++k)
    sub_of_band[static_cast<size_t>(k)] = static_cast<size_t>(group_of(subgroup_starts, k));

  RateFit fit;
  std::vector<double> inflow;
  // Pooled over the window (ratios of sums are steadier than means of monthly ratios).
  std::vector<double> f_sum(subs, 0.0), n_sum(subs, 0.0), c_sum(subs, 0.0);
  double u_sum = 0, f_total_sum = 0, u_grouped_sum = 0;
  int months_used = 0, grouped_months = 0;
  for (size_t t = 1; t < months.size(); ++t) {
    const ObservedMonth& prev = months[t - 1];
    const ObservedMonth& cur = months[t];
    age_and_admit(prev.list.counts, cur.month.days_in_month(), cur.referrals, inflow);
    const double f_total = sum(inflow);
    if (f_total <= 0) continue;
    const double u = prev.list.total() + cur.referrals - cur.completed - cur.list.total();
    u_sum += u;
    f_total_sum += f_total;
    ++months_used;
    if (cur.completed_by_group.size() != groups) continue;
    // By subgroup: inflow F_j, month-end list I_j, all removals R_j = F_j - I_j. A group's completed pathways
    // C_g (known only by group) are shared over its subgroups in proportion to their removals; the rest of
    // R_j is other removals (NHSRtt: N = F - C - I). Completed pathways include unknown clock starts, shared
    // over groups in proportion to the known ones.
    std::vector<double> f(subs, 0.0), i_end(subs, 0.0);
    for (int k = 0; k < kBands; ++k) {
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
      f_sum[j] += f[j];
      c_sum[j] += c;
      n_sum[j] += f[j] - c - i_end[j];
    }
    u_grouped_sum += u;
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
  fit.subgroup_starts = subgroup_starts;
  fit.rates.treat_weight.assign(kBands, 0.0);
  fit.rates.other_rate.assign(kBands, 0.0);
  for (int k = 0; k < kBands; ++k) {
    const size_t j = sub_of_band[static_cast<size_t>(k)];
    fit.rates.treat_weight[static_cast<size_t>(k)] = fit.group_hazard[j];
    fit.rates.other_rate[static_cast<size_t>(k)] = fit.group_other_rate[j];
  }
  if (grouped_months > 0) fit.rates.other_share = fit.other_rate;
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

FitError replay_error(const std::vector<ObservedMonth>& months, const BandRates& rates,
                      const std::vector<std::optional<double>>& actual_pct) {
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
    if (!actual) actual = stats::summarise_waits(months[t].list).pct_within_18_weeks;
    const auto model_pct = stats::summarise_waits(h).pct_within_18_weeks;
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

Calibration calibrate_national(const std::vector<NationalMonth>& all, YearMonth at, int window) {
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
    obs.push_back(observed_from_national(m));
    pct.push_back(m.pct_within_18_weeks);
  }
  Calibration c;
  c.source = "national time series";
  c.month = at;
  c.window_months = window;
  c.list = obs.back().list;
  c.reconstruction = reconstruction_error(all[end].headline, c.list);
  c.fit = fit_rates(obs, {0, 18, 52}, kNationalSubgroups);
  double r = 0, k = 0;
  for (size_t i = 1; i < obs.size(); ++i) {
    r += obs[i].referrals;
    k += obs[i].completed;
  }
  c.referrals_per_month = r / window;
  c.capacity_per_month = k / window;
  c.other_removals_per_month = (obs.front().list.total() - obs.back().list.total() + r - k) / window;
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
