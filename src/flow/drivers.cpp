#include "flow/drivers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "flow/calibrate.hpp"
#include "flow/working_days.hpp"

namespace elective::flow {

namespace {

// The coverage-consistent ("with estimates for missing trusts") figures.
std::optional<double> list_est(const NationalMonth& m) {
  return m.headline_est.total > 0 ? std::optional<double>(m.headline_est.total) : std::nullopt;
}
std::optional<double> referrals_est(const NationalMonth& m) {
  return m.referrals_est;
}
std::optional<double> completed_est(const NationalMonth& m) {
  return m.completed_est;
}

struct Point {
  YearMonth month;
  double value;
};

// Calendar-month factors (mean 1) of a per-effective-day series: the mean ratio of each month to its centred
// 2x12 moving average, over every year with 13 consecutive usable months. nullopt when some calendar month
// has no ratio (too short a history).
std::optional<std::array<double, 12>> calendar_factors(const std::vector<Point>& pts) {
  std::array<double, 12> total{};
  std::array<int, 12> count{};
  for (size_t i = 6; i + 6 < pts.size(); ++i) {
    bool ok = true;
    double acc = 0;
    for (size_t j = i - 6; j <= i + 6; ++j) {
      if (pts[j].month - pts[i].month != static_cast<int>(j) - static_cast<int>(i) ||
          excluded_from_driver_fits(pts[j].month)) {
        ok = false;
        break;
      }
      acc += (j == i - 6 || j == i + 6) ? 0.5 * pts[j].value : pts[j].value;
    }
    if (!ok || acc <= 0) continue;
    const auto c = static_cast<size_t>(pts[i].month.month() - 1);
    total[c] += pts[i].value / (acc / 12.0);
    ++count[c];
  }
  std::array<double, 12> f{};
  double mean = 0;
  for (size_t c = 0; c < 12; ++c) {
    if (count[c] == 0) return std::nullopt;
    f[c] = total[c] / count[c];
    mean += f[c] / 12.0;
  }
  for (double& v : f) v /= mean;
  return f;
}

// Ordinary least squares slope of y on x (0 with fewer than `min_points` points).
double ols_slope(const std::vector<double>& x, const std::vector<double>& y, size_t min_points) {
  if (x.size() < min_points) return 0;
  double mx = 0, my = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(x.size());
  my /= static_cast<double>(y.size());
  double sxy = 0, sxx = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return sxx > 0 ? sxy / sxx : 0;
}

// Usable points of a series up to the origin, per effective day.
std::vector<Point> per_day(const std::vector<NationalMonth>& months, YearMonth origin,
                           std::optional<double> (*get)(const NationalMonth&), double weekend_weight) {
  std::vector<Point> out;
  for (const NationalMonth& m : months) {
    if (m.month > origin) break;
    const auto v = get(m);
    if (!v || *v <= 0) continue;
    out.push_back({m.month, *v / effective_days(m.month, weekend_weight)});
  }
  return out;
}

SeriesFit fit_series(const std::vector<Point>& pts, YearMonth origin, const DriverOptions& o,
                     const std::optional<std::array<double, 12>>& fallback_calendar) {
  SeriesFit s;
  if (auto cal = calendar_factors(pts)) {
    s.calendar = *cal;
  } else if (fallback_calendar) {
    s.calendar = *fallback_calendar;
  }
  std::vector<double> t, z;
  for (const Point& p : pts) {
    const int back = origin - p.month;
    if (back < 0 || back >= o.trend_months || excluded_from_driver_fits(p.month)) continue;
    t.push_back(-back);
    z.push_back(std::log(p.value / s.calendar[static_cast<size_t>(p.month.month() - 1)]));
  }
  s.trend_per_month = ols_slope(t, z, static_cast<size_t>(o.min_trend_months));
  double acc = 0;
  int n = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (-t[i] >= o.level_months) continue;
    acc += z[i] - s.trend_per_month * t[i];
    ++n;
  }
  if (n == 0) throw InputError(fmt::format("driver forecast at {}: no usable month", origin.to_string()));
  s.level_per_day = std::exp(acc / n);
  s.months_used = n;
  return s;
}

}  // namespace

bool excluded_from_driver_fits(YearMonth m) {
  return m >= YearMonth(2020, 3) && m <= YearMonth(2021, 6);
}

double effective_days(YearMonth m, double weekend_weight) {
  const int wd = working_days(m);
  return wd + weekend_weight * (m.days_in_month() - wd);
}

double DriverFit::damped_months(int h, double damping) const {
  if (damping >= 1.0) return h;
  double acc = 0, f = 1;
  for (int j = 1; j <= h; ++j) {
    f *= damping;
    acc += f;
  }
  return acc;
}

double DriverFit::shape(const SeriesFit& s, YearMonth m) const {
  return effective_days(m, options.weekend_weight) * s.calendar[static_cast<size_t>(m.month() - 1)];
}

double DriverFit::mean_shape(const SeriesFit& s) const {
  double acc = 0;
  for (int i = 1; i <= 12; ++i) acc += shape(s, origin + i);
  return acc / 12.0;
}

double DriverFit::value(const SeriesFit& s, YearMonth m, std::optional<double> growth_per_year) const {
  const int h = m - origin;
  const double growth = growth_per_year ? std::pow(1 + *growth_per_year, h / 12.0)
                                        : std::exp(s.trend_per_month * damped_months(h, options.damping));
  return s.level_per_day * growth * shape(s, m);
}

double DriverFit::other_share_at(YearMonth m) const {
  const int h = m - origin;
  const double per_day =
      std::max(0.0, other_share_per_day + other_drift_per_month * damped_months(h, options.other_damping));
  return std::min(1.0, per_day * effective_days(m, options.weekend_weight));
}

DriverFit fit_drivers(const std::vector<NationalMonth>& months, YearMonth origin, const DriverOptions& o) {
  const auto at =
      std::find_if(months.begin(), months.end(), [&](const NationalMonth& m) { return m.month == origin; });
  if (at == months.end() || !list_est(*at))
    throw InputError(
        fmt::format("driver forecast: the national series has no list in {}", origin.to_string()));
  DriverFit f;
  f.origin = origin;
  f.options = o;
  const auto stops = per_day(months, origin, completed_est, o.weekend_weight);
  f.clock_stop_fit = fit_series(stops, origin, o, std::nullopt);
  // New RTT periods start in October 2015: early origins borrow the clock stops' calendar pattern.
  f.referral_fit = fit_series(per_day(months, origin, referrals_est, o.weekend_weight), origin, o,
                              f.clock_stop_fit.calendar);

  // Other removals: the residual of the coverage-consistent flows, as a share of the month's inflow.
  std::vector<double> t, share;
  double u_pool = 0, f_pool = 0, t_pool = 0;
  int n_pool = 0;
  double removals_12m = 0, other_12m = 0;
  for (size_t i = 1; i < months.size(); ++i) {
    const NationalMonth& prev = months[i - 1];
    const NationalMonth& cur = months[i];
    if (cur.month > origin) break;
    const auto l0 = list_est(prev), l1 = list_est(cur), r = referrals_est(cur), c = completed_est(cur);
    if (!l0 || !l1 || !r || !c || cur.month - prev.month != 1) continue;
    const double inflow = *l0 + *r;
    const double u = inflow - *c - *l1;
    const int back = origin - cur.month;
    if (back < 12) {
      removals_12m += *c + u;
      other_12m += u;
    }
    if (excluded_from_driver_fits(cur.month)) continue;
    // Removals that are not clock stops (validation, reneges) are done on working days too: the share is per
    // effective day.
    const double exposure = inflow * effective_days(cur.month, o.weekend_weight);
    if (back < o.other_months) {
      u_pool += u;
      f_pool += exposure;
      t_pool += -back;
      ++n_pool;
    }
    if (back < o.other_drift_months) {
      t.push_back(-back);
      share.push_back(u / exposure);
    }
  }
  if (n_pool == 0 || f_pool <= 0)
    throw InputError(
        fmt::format("driver forecast at {}: no month with list, new RTT periods and completed pathways",
                    origin.to_string()));
  f.other_drift_per_month = o.other_drift_months > 0 ? ols_slope(t, share, 12) : 0.0;
  f.other_share_per_day = std::max(0.0, u_pool / f_pool - f.other_drift_per_month * (t_pool / n_pool));
  f.total_removals_12m = removals_12m;
  f.other_removals_12m = other_12m;
  return f;
}

}  // namespace elective::flow
