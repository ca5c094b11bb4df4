#include "flow/cancer_backtest.hpp"

#include <cmath>
#include <map>

#include "flow/naive.hpp"
#include "stats/cancer_stats.hpp"

namespace elective::flow {
namespace {

constexpr NaiveMethod kMethods[] = {NaiveMethod::persistence, NaiveMethod::seasonal_naive,
                                    NaiveMethod::trend};

// The naive forecasts take a Headline: a share goes in `pct_within_18` (seasonal naive adds last year's
// difference), a count in `list` (seasonal naive applies last year's ratio). Nothing RTT-specific is used.
struct Scored {
  double sum = 0;
  size_t n = 0;
  YearMonth first, last;
};

std::vector<CancerBacktestRow> run(const std::vector<Headline>& series, const std::string& name, bool share,
                                   const std::vector<int>& horizons) {
  std::map<int, size_t> index;  // month index -> position
  for (size_t i = 0; i < series.size(); ++i) index[series[i].month.index()] = i;
  int max_h = 1;
  for (int h : horizons) max_h = std::max(max_h, h);
  std::map<std::pair<int, int>, Scored> scores;  // (horizon, method) -> errors
  for (size_t t = 0; t < series.size(); ++t) {
    const std::vector<Headline> history(series.begin(), series.begin() + static_cast<std::ptrdiff_t>(t) + 1);
    std::vector<std::vector<Headline>> forecasts;
    for (NaiveMethod m : kMethods) forecasts.push_back(naive_forecast(m, history, max_h));
    for (int h : horizons) {
      const auto target = index.find((series[t].month + h).index());
      if (target == index.end()) continue;
      const Headline& actual = series[target->second];
      std::vector<double> values;
      for (const auto& f : forecasts) {
        const Headline& fh = f[static_cast<size_t>(h - 1)];
        if (share) {
          if (fh.pct_within_18) values.push_back(*fh.pct_within_18);
        } else if (fh.list > 0) {
          values.push_back(fh.list);
        }
      }
      if (values.size() != std::size(kMethods)) continue;  // score only pairs every method can forecast
      for (size_t k = 0; k < values.size(); ++k) {
        const double error = share ? std::abs(values[k] - *actual.pct_within_18) * 100
                                   : std::abs(values[k] - actual.list) / actual.list * 100;
        Scored& s = scores[{h, static_cast<int>(k)}];
        if (s.n == 0) s.first = series[t].month;
        s.last = series[t].month;
        s.sum += error;
        ++s.n;
      }
    }
  }
  std::vector<CancerBacktestRow> rows;
  for (int h : horizons) {
    for (size_t k = 0; k < std::size(kMethods); ++k) {
      const auto it = scores.find({h, static_cast<int>(k)});
      if (it == scores.end() || it->second.n == 0) continue;
      CancerBacktestRow r;
      r.series = name;
      r.method = std::string(to_string(kMethods[k]));
      r.horizon = h;
      r.pairs = it->second.n;
      r.error = it->second.sum / static_cast<double>(it->second.n);
      r.unit = share ? "points" : "percent";
      r.first_origin = it->second.first;
      r.last_origin = it->second.last;
      rows.push_back(r);
    }
  }
  return rows;
}

}  // namespace

std::vector<CancerSeriesPoint> england_cancer_series(const data::CwtNational& national,
                                                     const data::CwtProvider* extract,
                                                     data::CancerStandard standard) {
  std::map<int, CancerSeriesPoint> points;
  for (const auto& m : national.months()) {
    const auto& f = m.of(standard);
    if (f.total && *f.total > 0) points[m.month.index()] = {m.month, *f.total, *f.within_standard, false};
  }
  if (extract != nullptr && extract->size() > 0) {
    stats::CwtSelection s;
    s.standard = standard;
    for (const auto& r : stats::cwt_query(*extract, s, {stats::CwtBreakdown::month}))
      if (r.total > 0 && !points.count(r.month.index()))
        points[r.month.index()] = {r.month, r.total, r.within_standard, true};
  }
  std::vector<CancerSeriesPoint> out;
  for (const auto& [index, p] : points) out.push_back(p);
  return out;
}

std::vector<Headline> cancer_headlines(const std::vector<CancerSeriesPoint>& series) {
  std::vector<Headline> h;
  for (const auto& p : series) {
    Headline x;
    x.month = p.month;
    x.list = p.total;
    x.pct_within_18 = p.within / p.total;
    h.push_back(x);
  }
  return h;
}

std::vector<CancerBacktestRow> backtest_cancer_performance(const std::vector<CancerSeriesPoint>& series,
                                                           const std::string& name,
                                                           const std::vector<int>& horizons) {
  return run(cancer_headlines(series), name, true, horizons);
}

std::vector<CancerBacktestRow> backtest_cancer_totals(const std::vector<CancerSeriesPoint>& series,
                                                      const std::string& name,
                                                      const std::vector<int>& horizons) {
  return run(cancer_headlines(series), name, false, horizons);
}

std::vector<std::vector<double>> cancer_signed_errors(const std::vector<CancerSeriesPoint>& series,
                                                      bool share, NaiveMethod method, int max_horizon) {
  const std::vector<Headline> h = cancer_headlines(series);
  std::map<int, size_t> index;  // month index -> position
  for (size_t i = 0; i < h.size(); ++i) index[h[i].month.index()] = i;
  std::vector<std::vector<double>> errors(static_cast<size_t>(std::max(0, max_horizon)));
  for (size_t t = 0; t < h.size(); ++t) {
    const std::vector<Headline> history(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(t) + 1);
    const std::vector<Headline> f = naive_forecast(method, history, max_horizon);
    for (int k = 1; k <= max_horizon; ++k) {
      const auto target = index.find((h[t].month + k).index());
      if (target == index.end()) continue;
      const Headline& actual = h[target->second];
      const Headline& fk = f[static_cast<size_t>(k - 1)];
      if (share) {
        if (fk.pct_within_18)
          errors[static_cast<size_t>(k - 1)].push_back(*actual.pct_within_18 - *fk.pct_within_18);
      } else if (fk.list > 0 && actual.list > 0) {
        errors[static_cast<size_t>(k - 1)].push_back(std::log(actual.list / fk.list));
      }
    }
  }
  return errors;
}

std::vector<CancerBacktestRow> backtest_cancer_referrals(const data::CwtNational& national, YearMonth from,
                                                         YearMonth until, const std::vector<int>& horizons) {
  std::vector<Headline> h;
  for (const auto& m : national.months()) {
    if (m.month < from || until < m.month || !m.usc_referrals_seen || *m.usc_referrals_seen <= 0) continue;
    Headline x;
    x.month = m.month;
    x.list = *m.usc_referrals_seen;
    h.push_back(x);
  }
  return run(h, "USC referrals seen", false, horizons);
}

}  // namespace elective::flow
