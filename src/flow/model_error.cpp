#include "flow/model_error.hpp"

#include <algorithm>
#include <cmath>

#include "flow/rolling_backtest.hpp"

namespace elective::flow {

std::vector<ErrorPath> model_error_paths(const std::vector<NationalMonth>& months, YearMonth known_by,
                                         int threads) {
  constexpr int kHorizon = 12;
  RollingOptions o;
  o.horizon = kHorizon;
  o.threads = threads;
  o.to = known_by - kHorizon;
  std::vector<ErrorPath> out;
  if (rolling_origins(months, o).empty()) return out;
  const RollingResult r = rolling_backtest(months, o);
  for (YearMonth t : r.origins) {
    ErrorPath path(kHorizon);
    int found = 0;
    for (const ScoredForecast& f : r.forecasts) {
      if (f.origin != t || f.method != "model" || !f.scored || !f.actual || !f.forecast.pct_within_18 ||
          !f.actual->pct_within_18 || f.forecast.month > known_by)
        continue;
      path[static_cast<size_t>(f.horizon - 1)] = {std::log(f.actual->list / f.forecast.list),
                                                  *f.actual->pct_within_18 - *f.forecast.pct_within_18};
      ++found;
    }
    if (found == kHorizon) out.push_back(std::move(path));
  }
  return out;
}

ErrorPoint error_at(const ErrorPath& path, int h) {
  if (path.empty() || h < 1) return {};
  const auto n = static_cast<int>(path.size());
  if (h <= n) return path[static_cast<size_t>(h - 1)];
  const double scale = static_cast<double>(h) / n;
  return {path.back().list_log * scale, path.back().pct_points * scale};
}

void apply_error(WaitHistogram& list, const ErrorPoint& e) {
  apply_error(list, e, list);  // band by band, so bending in place is safe
}

void apply_error(const WaitHistogram& list, const ErrorPoint& e, WaitHistogram& out) {
  // The bands within 18 weeks and the rest in two runs (no band tests the edge): each sum in band order.
  const double* const c = list.counts.data();
  const size_t n = list.counts.size();
  const size_t edge = std::min<size_t>(18, n);
  double within = 0, total = 0;
  for (size_t k = 0; k < edge; ++k) {
    total += c[k];
    within += c[k];
  }
  for (size_t k = edge; k < n; ++k) total += c[k];
  if (total <= 0) {
    if (&out != &list) out.counts.assign(list.counts.begin(), list.counts.end());
    return;
  }
  const double new_total = total * std::exp(e.list_log);
  double share = std::clamp(within / total + e.pct_points, 0.0, 1.0);
  if (within <= 0) share = 0;          // nothing within 18 weeks to scale
  if (total - within <= 0) share = 1;  // nothing over 18 weeks to scale
  const double a = within > 0 ? share * new_total / within : 0.0;
  const double b = total - within > 0 ? (1 - share) * new_total / (total - within) : 0.0;
  out.counts.resize(n);
  double* const o = out.counts.data();
  for (size_t k = 0; k < edge; ++k) o[k] = c[k] * a;
  for (size_t k = edge; k < n; ++k) o[k] = c[k] * b;
}

}  // namespace elective::flow
