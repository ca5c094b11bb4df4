#include "flow/naive.hpp"

#include <cmath>

#include "flow/calibrate.hpp"

namespace elective::flow {

namespace {

using Field = std::optional<double> Headline::*;

std::optional<double> at(const std::vector<Headline>& h, YearMonth m, Field f) {
  for (auto it = h.rbegin(); it != h.rend(); ++it)
    if (it->month == m) return (*it).*f;
  return std::nullopt;
}

std::optional<double> list_at(const std::vector<Headline>& h, YearMonth m) {
  for (auto it = h.rbegin(); it != h.rend(); ++it)
    if (it->month == m && it->list > 0) return it->list;
  return std::nullopt;
}

// Least-squares line through (month offset, value) of the last 12 months, evaluated h months after T.
std::optional<double> trend_value(const std::vector<std::pair<int, double>>& pts, int h) {
  if (pts.size() < 6) return std::nullopt;
  double mx = 0, my = 0;
  for (const auto& [x, y] : pts) {
    mx += x;
    my += y;
  }
  const auto n = static_cast<double>(pts.size());
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0;
  for (const auto& [x, y] : pts) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) * (x - mx);
  }
  const double b = sxx > 0 ? sxy / sxx : 0;
  return my + b * (h - mx);
}

}  // namespace

Headline published_headline(const NationalMonth& m) {
  Headline h;
  h.month = m.month;
  h.list = m.headline_est.total;
  h.pct_within_18 = m.pct_within_18_weeks_est;
  if (!h.pct_within_18 && m.headline_est.within_18_weeks && h.list > 0)
    h.pct_within_18 = *m.headline_est.within_18_weeks / h.list;
  h.over_52 = m.headline_est.over_52_weeks;
  h.median_weeks = m.headline.median_weeks;
  h.p92_weeks = m.headline.p92_weeks;
  return h;
}

std::string_view to_string(NaiveMethod method) {
  switch (method) {
    case NaiveMethod::persistence:
      return "persistence";
    case NaiveMethod::seasonal_naive:
      return "seasonal_naive";
    case NaiveMethod::trend:
      return "trend";
  }
  return "persistence";
}

std::vector<Headline> naive_forecast(NaiveMethod method, const std::vector<Headline>& history, int horizon) {
  std::vector<Headline> out;
  if (history.empty()) return out;
  const Headline& last = history.back();
  const YearMonth t = last.month;
  const Field shares[] = {&Headline::pct_within_18, &Headline::median_weeks, &Headline::p92_weeks};
  for (int h = 1; h <= horizon; ++h) {
    Headline f;
    f.month = t + h;
    switch (method) {
      case NaiveMethod::persistence:
        f.list = last.list;
        f.pct_within_18 = last.pct_within_18;
        f.over_52 = last.over_52;
        f.median_weeks = last.median_weeks;
        f.p92_weeks = last.p92_weeks;
        break;
      case NaiveMethod::seasonal_naive: {
        // Counts change by last year's ratio, shares and weeks by last year's difference.
        const auto base = list_at(history, t - 12), then = list_at(history, t + h - 12);
        f.list = base && then ? last.list * *then / *base : 0.0;
        const auto b52 = at(history, t - 12, &Headline::over_52),
                   n52 = at(history, t + h - 12, &Headline::over_52);
        if (last.over_52 && b52 && n52 && *b52 > 0) f.over_52 = *last.over_52 * *n52 / *b52;
        for (Field field : shares) {
          const auto b = at(history, t - 12, field), n = at(history, t + h - 12, field);
          if (last.*field && b && n) f.*field = *(last.*field) + *n - *b;
        }
        break;
      }
      case NaiveMethod::trend: {
        std::vector<std::pair<int, double>> list_pts;
        for (const Headline& m : history)
          if (t - m.month < 12 && m.list > 0) list_pts.emplace_back(m.month - t, m.list);
        f.list = trend_value(list_pts, h).value_or(0.0);
        for (Field field :
             {&Headline::pct_within_18, &Headline::over_52, &Headline::median_weeks, &Headline::p92_weeks}) {
          std::vector<std::pair<int, double>> pts;
          for (const Headline& m : history)
            if (t - m.month < 12 && m.*field) pts.emplace_back(m.month - t, *(m.*field));
          f.*field = trend_value(pts, h);
        }
        if (f.over_52) f.over_52 = std::max(0.0, *f.over_52);
        break;
      }
    }
    out.push_back(f);
  }
  return out;
}

}  // namespace elective::flow
