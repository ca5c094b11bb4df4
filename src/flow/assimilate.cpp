#include "flow/assimilate.hpp"

#include <algorithm>
#include <cmath>

#include "flow/band_model.hpp"
#include "flow/calibrate.hpp"

namespace elective::flow {

namespace {

// Cumulative count of `p` at x weeks, patients uniform within their week; the open top band is a mass at
// [104, 105).
class Cumulative {
 public:
  explicit Cumulative(const std::vector<double>& p) : c_(p.size() + 1, 0.0), p_(p) {
    for (size_t k = 0; k < p.size(); ++k) c_[k + 1] = c_[k] + std::max(0.0, p[k]);
  }
  double operator()(double x) const {
    if (x <= 0) return 0;
    const auto top = static_cast<double>(p_.size());
    if (x >= top) return c_.back();
    const auto k = static_cast<size_t>(std::floor(x));
    return c_[k] + (x - static_cast<double>(k)) * std::max(0.0, p_[k]);
  }
  double total() const { return c_.back(); }

 private:
  std::vector<double> c_;
  const std::vector<double>& p_;
};

}  // namespace

WaitHistogram fit_to_headline(const std::vector<double>& prior, const HeadlineFigures& f) {
  const auto knots = published_knots(f);  // ascending, from (0, 0) to (104, N - over 104)
  const Cumulative cp(prior);
  WaitHistogram h(kCurrentTopBand);
  const int top = kCurrentTopBand;
  std::vector<double> post(static_cast<size_t>(top) + 1, 0.0);  // cumulative at integer weeks 0..104
  size_t seg = 0;
  for (int b = 1; b <= top; ++b) {
    const double x = b;
    while (seg + 2 < knots.size() && knots[seg + 1].first < x) ++seg;
    const auto [x0, y0] = knots[seg];
    const auto [x1, y1] = knots[seg + 1];
    const double p0 = cp(x0), p1 = cp(x1);
    double c;
    if (p1 - p0 > 1e-9 * std::max(1.0, cp.total())) {
      c = y0 + (cp(x) - p0) * (y1 - y0) / (p1 - p0);
    } else {
      c = y0 + (x - x0) * (y1 - y0) / (x1 - x0);  // the prior is empty here: spread evenly
    }
    post[static_cast<size_t>(b)] = std::clamp(c, y0, y1);
  }
  for (int k = 0; k < top; ++k)
    h.counts[static_cast<size_t>(k)] =
        std::max(0.0, post[static_cast<size_t>(k) + 1] - post[static_cast<size_t>(k)]);
  h.counts.back() = std::max(0.0, f.total - knots.back().second);
  return h;
}

std::vector<WaitHistogram> assimilate_national(const std::vector<NationalMonth>& months) {
  std::vector<WaitHistogram> out;
  out.reserve(months.size());
  std::vector<double> prior;
  for (size_t i = 0; i < months.size(); ++i) {
    const NationalMonth& m = months[i];
    if (m.headline_est.total <= 0) {
      out.emplace_back(kCurrentTopBand);
      continue;
    }
    const bool carry = i > 0 && !out.back().counts.empty() && out.back().total() > 0 && m.referrals_est &&
                       m.month - months[i - 1].month == 1;
    if (!carry) {
      out.push_back(reconstruct_histogram(m.headline_est));
      continue;
    }
    age_and_admit(out.back().counts, m.month.days_in_month(), *m.referrals_est, prior);
    out.push_back(fit_to_headline(prior, m.headline_est));
  }
  return out;
}

}  // namespace elective::flow
