#include "flow/rolling_backtest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <thread>

#include "core/error.hpp"
#include "core/result_table.hpp"
#include "stats/wait_summary.hpp"

namespace elective::flow {

namespace {

const NationalMonth* find_month(const std::vector<NationalMonth>& months, YearMonth m) {
  for (const NationalMonth& x : months)
    if (x.month == m) return &x;
  return nullptr;
}

Headline headline_of(YearMonth month, const WaitHistogram& h) {
  const stats::WaitSummary s = stats::summarise_waits(h);
  Headline out;
  out.month = month;
  out.list = s.known;
  out.pct_within_18 = s.pct_within_18_weeks;
  out.over_52 = s.over_52_weeks;
  out.median_weeks = s.median_weeks.weeks;
  out.p92_weeks = s.p92_weeks.weeks;
  return out;
}

bool can_calibrate(const std::vector<NationalMonth>& months, YearMonth t, int window) {
  for (int back = 0; back <= window; ++back) {
    const NationalMonth* m = find_month(months, t - back);
    if (m == nullptr || m->headline.total <= 0) return false;
    if (back < window && (!m->referrals || !m->completed)) return false;
  }
  return true;
}

bool clear_of_exclusion(YearMonth origin, int horizon) {
  for (int h = 0; h <= horizon; ++h)
    if (in_backtest_exclusion(origin + h)) return false;
  return true;
}

// Errors of a method at one horizon: log ratio of the list, difference of the share (actual - forecast).
struct Error {
  YearMonth known_from;  // the month the actual was published for
  double list_log = 0;
  std::optional<double> pct;
};

std::optional<Interval> interval_from(const std::vector<double>& errors, double centre, bool log_scale,
                                      int min_errors) {
  if (static_cast<int>(errors.size()) < min_errors) return std::nullopt;
  const double lo = *sample_percentile(errors, 0.10);
  const double hi = *sample_percentile(errors, 0.90);
  if (log_scale) return Interval{centre * std::exp(lo), centre * std::exp(hi)};
  return Interval{centre + lo, centre + hi};
}

}  // namespace

bool eighteen_week_target_in_force(YearMonth m) {
  return m < YearMonth(2020, 3) || m >= YearMonth(2025, 1);
}

bool in_backtest_exclusion(YearMonth m) {
  return m >= YearMonth(2020, 3) && m <= YearMonth(2022, 3);
}

std::vector<Headline> model_forecast(const std::vector<NationalMonth>& months, YearMonth origin, int horizon,
                                     const ModelRunOptions& o) {
  DynamicsOptions dynamics = o.dynamics;
  dynamics.eighteen_week_target = eighteen_week_target_in_force(origin);
  const Calibration cal = calibrate_national(months, origin, o.window, o.drivers, dynamics);
  const DriverFit& d = *cal.drivers;
  BandModel model(cal.fit.rates, o.policy);
  WaitHistogram list = cal.list;
  std::vector<Headline> out;
  for (int h = 1; h <= horizon; ++h) {
    const YearMonth m = origin + h;
    MonthDrivers md;
    md.days = m.days_in_month();
    if (o.given_actual_flows) {
      const NationalMonth* a = find_month(months, m);
      if (a == nullptr) break;
      if (!a->referrals_est || !a->completed_est) break;
      md.referrals = *a->referrals_est;
      md.capacity = *a->completed_est;
      const NationalMonth* before = find_month(months, m - 1);
      if (o.actual_other_removals && before != nullptr && before->headline_est.total > 0 &&
          a->headline_est.total > 0)
        md.other_volume =
            std::max(0.0, before->headline_est.total + md.referrals - md.capacity - a->headline_est.total);
    } else {
      md.referrals = d.referrals(m);
      md.capacity = d.clock_stops(m);
    }
    md.other_share = d.other_share_at(m);
    md.months_ahead = h;
    model.step(list.counts, md);
    out.push_back(headline_of(m, list));
  }
  return out;
}

std::vector<std::string> backtest_methods(bool conditional) {
  return {conditional ? "model_given_actual_flows" : "model", "persistence", "seasonal_naive", "trend"};
}

namespace {

// Every `every` months whose calibration window has data and that is not in the exclusion, up to `last`.
std::vector<YearMonth> grid_origins(const std::vector<NationalMonth>& months, int every, int window,
                                    std::optional<YearMonth> first, std::optional<YearMonth> last) {
  std::vector<YearMonth> out;
  every = std::max(1, every);
  for (const NationalMonth& m : months) {
    const YearMonth t = m.month;
    if (t.month() % every != 0 || in_backtest_exclusion(t)) continue;
    if ((first && t < *first) || (last && t > *last)) continue;
    const NationalMonth* next = find_month(months, t + 1);
    if (next == nullptr || next->headline.total <= 0 || !can_calibrate(months, t, window)) continue;
    out.push_back(t);
  }
  return out;
}

}  // namespace

std::vector<YearMonth> rolling_origins(const std::vector<NationalMonth>& months, const RollingOptions& o) {
  std::vector<YearMonth> out =
      o.at.empty() ? grid_origins(months, o.every, o.model.window, o.from, o.to) : o.at;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<SummaryRow> summarise(const std::vector<ScoredForecast>& forecasts,
                                  const std::vector<std::string>& methods, int horizon,
                                  const std::function<bool(YearMonth)>& origin_filter) {
  // Per method and origin, the scored forecasts by horizon.
  std::vector<SummaryRow> rows;
  for (const std::string& method : methods) {
    std::vector<YearMonth> origins;
    std::vector<std::vector<const ScoredForecast*>> by_origin;
    for (const ScoredForecast& f : forecasts) {
      if (f.method != method || (origin_filter && !origin_filter(f.origin))) continue;
      if (origins.empty() || origins.back() != f.origin) {
        origins.push_back(f.origin);
        by_origin.emplace_back(static_cast<size_t>(horizon), nullptr);
      }
      if (f.horizon >= 1 && f.horizon <= horizon) by_origin.back()[static_cast<size_t>(f.horizon - 1)] = &f;
    }
    for (int h = 1; h <= horizon; ++h) {
      SummaryRow r;
      r.method = method;
      r.horizon = h;
      // Each origin whose months 1..h are all scored contributes its mean error over those months.
      struct Mean {
        double sum = 0;
        int n = 0;
        void add(double v) {
          sum += v;
          ++n;
        }
        std::optional<double> get() const { return n > 0 ? std::optional<double>(sum / n) : std::nullopt; }
      };
      Mean list_ape, list_err, over_ape, pct_ae, pct_err, med_ae, p92_ae;
      int n_list_int = 0, hit_list = 0, n_pct_int = 0, hit_pct = 0;
      for (const auto& fs : by_origin) {
        bool complete = true;
        for (int k = 0; k < h; ++k)
          complete = complete && fs[static_cast<size_t>(k)] != nullptr && fs[static_cast<size_t>(k)]->scored;
        if (!complete) continue;
        ++r.n_origins;
        Mean o_list_ape, o_list_err, o_over, o_pct_ae, o_pct_err, o_med, o_p92;
        for (int k = 0; k < h; ++k) {
          const ScoredForecast& f = *fs[static_cast<size_t>(k)];
          const Headline& a = *f.actual;
          const Headline& p = f.forecast;
          o_list_ape.add(std::fabs(p.list - a.list) / a.list);
          o_list_err.add((p.list - a.list) / a.list);
          if (p.over_52 && a.over_52 && *a.over_52 > 0)
            o_over.add(std::fabs(*p.over_52 - *a.over_52) / *a.over_52);
          if (p.pct_within_18 && a.pct_within_18) {
            o_pct_ae.add(std::fabs(*p.pct_within_18 - *a.pct_within_18));
            o_pct_err.add(*p.pct_within_18 - *a.pct_within_18);
          }
          if (p.median_weeks && a.median_weeks) o_med.add(std::fabs(*p.median_weeks - *a.median_weeks));
          if (p.p92_weeks && a.p92_weeks) o_p92.add(std::fabs(*p.p92_weeks - *a.p92_weeks));
          if (f.list_interval) {
            ++n_list_int;
            hit_list += a.list >= f.list_interval->p10 && a.list <= f.list_interval->p90;
          }
          if (f.pct_interval && a.pct_within_18) {
            ++n_pct_int;
            hit_pct += *a.pct_within_18 >= f.pct_interval->p10 && *a.pct_within_18 <= f.pct_interval->p90;
          }
        }
        for (auto [from, to] : {std::pair{&o_list_ape, &list_ape},
                                {&o_list_err, &list_err},
                                {&o_over, &over_ape},
                                {&o_pct_ae, &pct_ae},
                                {&o_pct_err, &pct_err},
                                {&o_med, &med_ae},
                                {&o_p92, &p92_ae}})
          if (const auto v = from->get()) to->add(*v);
      }
      r.list_mape = list_ape.get();
      r.list_bias = list_err.get();
      r.over_52_weeks_mape = over_ape.get();
      r.pct_within_18_weeks_mae = pct_ae.get();
      r.pct_within_18_weeks_bias = pct_err.get();
      r.median_weeks_mae = med_ae.get();
      r.p92_weeks_mae = p92_ae.get();
      r.n_intervals = n_list_int + n_pct_int;
      if (n_list_int > 0) r.list_interval_coverage = static_cast<double>(hit_list) / n_list_int;
      if (n_pct_int > 0) r.pct_interval_coverage = static_cast<double>(hit_pct) / n_pct_int;
      if (r.n_intervals > 0) r.interval_coverage = static_cast<double>(hit_list + hit_pct) / r.n_intervals;
      rows.push_back(r);
    }
  }
  return rows;
}

RollingResult rolling_backtest(const std::vector<NationalMonth>& months, const RollingOptions& o) {
  if (o.horizon < 1 || o.horizon > 120)
    throw InputError(fmt::format("--months: expected 1 to 120, got {}", o.horizon));
  RollingResult result;
  result.conditional = o.model.given_actual_flows;
  result.origins = rolling_origins(months, o);
  if (result.origins.empty()) throw InputError("back-test: no origin with enough data in the chosen range");
  const std::vector<std::string> methods = backtest_methods(result.conditional);
  const size_t n_methods = methods.size();
  const auto horizon = static_cast<size_t>(o.horizon);
  // The intervals of an origin come from the errors of every earlier grid origin, whether or not it was asked
  // for: run those too.
  std::vector<YearMonth> run =
      grid_origins(months, o.every, o.model.window, std::nullopt, result.origins.back());
  run.insert(run.end(), result.origins.begin(), result.origins.end());
  std::sort(run.begin(), run.end());
  run.erase(std::unique(run.begin(), run.end()), run.end());
  const auto n_origins = run.size();

  // Point forecasts, origins in parallel; every origin writes only its own slots.
  std::vector<std::vector<std::vector<Headline>>> point(n_origins);
  std::vector<std::exception_ptr> failure(n_origins);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n_origins; i = next++) {
      try {
        const YearMonth t = run[i];
        std::vector<Headline> history;
        for (const NationalMonth& m : months)
          if (m.month <= t && m.headline.total > 0) history.push_back(published_headline(m));
        point[i].push_back(model_forecast(months, t, o.horizon, o.model));
        for (NaiveMethod nm : {NaiveMethod::persistence, NaiveMethod::seasonal_naive, NaiveMethod::trend})
          point[i].push_back(naive_forecast(nm, history, o.horizon));
      } catch (...) {
        failure[i] = std::current_exception();
      }
    }
  };
  const int threads = std::clamp(o.threads, 1, static_cast<int>(std::max<size_t>(1, n_origins)));
  std::vector<std::thread> pool;
  for (int k = 1; k < threads; ++k) pool.emplace_back(work);
  work();
  for (std::thread& th : pool) th.join();
  for (const auto& f : failure)
    if (f) std::rethrow_exception(f);

  // Scoring and out-of-sample intervals, in origin order (the same result for any thread count).
  std::vector<std::vector<std::vector<Error>>> errors(n_methods, std::vector<std::vector<Error>>(horizon));
  for (size_t i = 0; i < n_origins; ++i) {
    const YearMonth t = run[i];
    const bool asked = std::binary_search(result.origins.begin(), result.origins.end(), t);
    for (size_t k = 0; k < n_methods; ++k) {
      for (size_t h = 1; h <= horizon && h <= point[i][k].size(); ++h) {
        ScoredForecast f;
        f.method = methods[k];
        f.origin = t;
        f.horizon = static_cast<int>(h);
        f.forecast = point[i][k][h - 1];
        const NationalMonth* a = find_month(months, t + static_cast<int>(h));
        if (a != nullptr && a->headline.total > 0) f.actual = published_headline(*a);
        f.scored = f.actual && f.forecast.list > 0 && clear_of_exclusion(t, static_cast<int>(h));
        std::vector<double> list_err, pct_err;
        for (const Error& e : errors[k][h - 1]) {
          if (e.known_from > t) continue;
          list_err.push_back(e.list_log);
          if (e.pct) pct_err.push_back(*e.pct);
        }
        if (f.forecast.list > 0)
          f.list_interval = interval_from(list_err, f.forecast.list, true, o.min_interval_errors);
        if (f.forecast.pct_within_18)
          f.pct_interval = interval_from(pct_err, *f.forecast.pct_within_18, false, o.min_interval_errors);
        if (f.scored) {
          Error e;
          e.known_from = t + static_cast<int>(h);
          e.list_log = std::log(f.actual->list / f.forecast.list);
          if (f.actual->pct_within_18 && f.forecast.pct_within_18)
            e.pct = *f.actual->pct_within_18 - *f.forecast.pct_within_18;
          errors[k][h - 1].push_back(e);
        }
        if (asked) result.forecasts.push_back(std::move(f));
      }
    }
  }
  result.summary = summarise(result.forecasts, methods, o.horizon);
  return result;
}

}  // namespace elective::flow
