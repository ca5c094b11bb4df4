#include "flow/reconstruct.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "flow/band_model.hpp"
#include "stats/wait_summary.hpp"

namespace elective::flow {

namespace {

struct Knot {
  double x;      // weeks
  double y;      // cumulative count at x
  int priority;  // lower = keep first when points conflict
};

// Fritsch-Carlson monotone cubic Hermite interpolation of (x, y) evaluated at t.
class Pchip {
 public:
  Pchip(std::vector<double> x, std::vector<double> y)
      : x_(std::move(x)), y_(std::move(y)), d_(x_.size(), 0.0) {
    const size_t n = x_.size();
    std::vector<double> h(n - 1), delta(n - 1);
    for (size_t i = 0; i + 1 < n; ++i) {
      h[i] = x_[i + 1] - x_[i];
      delta[i] = (y_[i + 1] - y_[i]) / h[i];
    }
    if (n == 2) {
      d_[0] = d_[1] = delta[0];
      return;
    }
    for (size_t i = 1; i + 1 < n; ++i) {
      if (delta[i - 1] * delta[i] <= 0) {
        d_[i] = 0;
      } else {
        const double w1 = 2 * h[i] + h[i - 1];
        const double w2 = h[i] + 2 * h[i - 1];
        d_[i] = (w1 + w2) / (w1 / delta[i - 1] + w2 / delta[i]);
      }
    }
    d_[0] = end_slope(h[0], h[1], delta[0], delta[1]);
    d_[n - 1] = end_slope(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
  }

  double operator()(double t) const {
    if (t <= x_.front()) return y_.front();
    if (t >= x_.back()) return y_.back();
    const size_t i = static_cast<size_t>(std::upper_bound(x_.begin(), x_.end(), t) - x_.begin()) - 1;
    const double h = x_[i + 1] - x_[i];
    const double s = (t - x_[i]) / h;
    const double h00 = (1 + 2 * s) * (1 - s) * (1 - s);
    const double h10 = s * (1 - s) * (1 - s);
    const double h01 = s * s * (3 - 2 * s);
    const double h11 = s * s * (s - 1);
    return h00 * y_[i] + h10 * h * d_[i] + h01 * y_[i + 1] + h11 * h * d_[i + 1];
  }

 private:
  static double end_slope(double h0, double h1, double del0, double del1) {
    double d = ((2 * h0 + h1) * del0 - h0 * del1) / (h0 + h1);
    if (d * del0 <= 0) return 0;
    if (del0 * del1 <= 0 && std::fabs(d) > std::fabs(3 * del0)) return 3 * del0;
    return d;
  }
  std::vector<double> x_, y_, d_;
};

}  // namespace

std::vector<std::pair<double, double>> published_knots(const HeadlineFigures& f) {
  const double n = f.total;
  if (!(n > 0))
    throw InputError(fmt::format("reconstructing a wait histogram: list size must be > 0, got {}", n));
  auto check_count = [&](const std::optional<double>& v, const char* what) {
    if (v && (*v < 0 || *v > n))
      throw InputError(
          fmt::format("reconstructing a wait histogram: {} = {} is outside 0..list size {}", what, *v, n));
  };
  check_count(f.within_18_weeks, "within 18 weeks");
  check_count(f.over_52_weeks, "over 52 weeks");
  check_count(f.over_65_weeks, "over 65 weeks");
  check_count(f.over_78_weeks, "over 78 weeks");
  check_count(f.over_104_weeks, "over 104 weeks");
  const double top_count = f.over_104_weeks.value_or(0.0);
  std::vector<Knot> knots = {{0, 0, 0}};
  if (f.within_18_weeks) knots.push_back({18, *f.within_18_weeks, 0});
  if (f.over_52_weeks) knots.push_back({52, n - *f.over_52_weeks, 0});
  if (f.over_65_weeks) knots.push_back({65, n - *f.over_65_weeks, 0});
  if (f.over_78_weeks) knots.push_back({78, n - *f.over_78_weeks, 0});
  knots.push_back({104, n - top_count, 0});
  if (f.median_weeks && *f.median_weeks > 0 && *f.median_weeks < 104)
    knots.push_back({*f.median_weeks, 0.5 * n, 2});
  if (f.p92_weeks && *f.p92_weeks > 0 && *f.p92_weeks < 104) knots.push_back({*f.p92_weeks, 0.92 * n, 1});
  std::sort(knots.begin(), knots.end(), [](const Knot& a, const Knot& b) { return a.x < b.x; });

  // Drop percentile points that contradict the counts (same x, or cumulative not increasing), weakest first.
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i + 1 < knots.size(); ++i) {
      if (knots[i + 1].x - knots[i].x < 1e-6 || knots[i + 1].y < knots[i].y) {
        const size_t drop = knots[i].priority >= knots[i + 1].priority ? i : i + 1;
        if (knots[drop].priority == 0)
          throw InputError(
              "reconstructing a wait histogram: the published counts are not cumulative "
              "(within 18 weeks + over 52 weeks must not exceed the list size, and over 52 >= over 65 "
              ">= over 78 >= over 104)");
        knots.erase(knots.begin() + static_cast<std::ptrdiff_t>(drop));
        changed = true;
        break;
      }
    }
  }
  std::vector<std::pair<double, double>> out;
  for (const Knot& k : knots) out.emplace_back(k.x, k.y);
  return out;
}

WaitHistogram reconstruct_histogram(const HeadlineFigures& f) {
  const double n = f.total;
  const double top_count = f.over_104_weeks.value_or(0.0);
  const auto knots = published_knots(f);
  std::vector<double> xs, ys;
  for (const auto& [x, y] : knots) {
    xs.push_back(x);
    ys.push_back(y);
  }
  const Pchip cumulative(xs, ys);
  WaitHistogram h(kCurrentTopBand);
  double previous = 0;
  for (int k = 0; k < kCurrentTopBand; ++k) {
    const double c = cumulative(k + 1.0);
    h.counts[static_cast<size_t>(k)] = std::max(0.0, c - previous);
    previous = std::max(previous, c);
  }
  h.counts.back() = top_count;
  // Exactness: rescale each segment between integer-week count knots so the published counts hold exactly
  // (PCHIP already passes through them; this removes floating-point residue and any clipping).
  double sum = 0;
  for (double c : h.counts) sum += c;
  if (sum > 0 && std::fabs(sum - n) > 1e-6 * n) {
    const double scale = (n - top_count) / (sum - top_count);
    for (int k = 0; k < kCurrentTopBand; ++k) h.counts[static_cast<size_t>(k)] *= scale;
  }
  return h;
}

ReconstructionError reconstruction_error(const HeadlineFigures& f, const WaitHistogram& h) {
  ReconstructionError e;
  const stats::WaitSummary s = stats::summarise_waits(h);
  auto count_err = [&](const std::optional<double>& published, const std::optional<double>& got) {
    if (published && got) e.max_count_error = std::max(e.max_count_error, std::fabs(*published - *got));
  };
  count_err(f.within_18_weeks, s.within_18_weeks);
  count_err(f.over_52_weeks, s.over_52_weeks);
  count_err(f.over_65_weeks, s.over_65_weeks);
  count_err(f.over_78_weeks, s.over_78_weeks);
  count_err(f.over_104_weeks, s.over_104_weeks);
  if (f.median_weeks && s.median_weeks.weeks) e.median_error_weeks = *s.median_weeks.weeks - *f.median_weeks;
  if (f.p92_weeks && s.p92_weeks.weeks) e.p92_error_weeks = *s.p92_weeks.weeks - *f.p92_weeks;
  return e;
}

}  // namespace elective::flow
