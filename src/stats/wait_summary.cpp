#include "stats/wait_summary.hpp"

#include <algorithm>

namespace elective::stats {

BandPercentile band_percentile(const WaitHistogram& histogram, double p) {
  const double n = histogram.total();
  if (n <= 0 || histogram.counts.empty()) return {};
  const double target = std::clamp(p, 0.0, 1.0) * n;
  double cumulative = 0;
  const int top = histogram.top_band();
  for (int k = 0; k <= top; ++k) {
    const double count = histogram.counts[static_cast<size_t>(k)];
    if (count > 0 && cumulative + count >= target) {
      if (k == top) return {static_cast<double>(top), true};
      return {k + (target - cumulative) / count, false};
    }
    cumulative += count;
  }
  // Only reachable through rounding when target == n: the last non-empty band's upper bound.
  for (int k = top; k >= 0; --k) {
    if (histogram.counts[static_cast<size_t>(k)] > 0) {
      if (k == top) return {static_cast<double>(top), true};
      return {static_cast<double>(k + 1), false};
    }
  }
  return {};
}

double count_within_weeks(const WaitHistogram& histogram, int weeks) {
  double sum = 0;
  const int last = std::min(weeks, histogram.top_band());
  for (int k = 0; k < last; ++k) sum += histogram.counts[static_cast<size_t>(k)];
  return sum;
}

std::optional<double> count_over_weeks(const WaitHistogram& histogram, int weeks) {
  if (weeks > histogram.top_band()) return std::nullopt;
  double sum = 0;
  for (int k = weeks; k <= histogram.top_band(); ++k) sum += histogram.counts[static_cast<size_t>(k)];
  return sum;
}

WaitSummary summarise_waits(const WaitHistogram& histogram, double unknown_clock_start) {
  WaitSummary s;
  s.known = histogram.total();
  s.unknown_clock_start = unknown_clock_start;
  s.total = s.known + unknown_clock_start;
  s.within_18_weeks = count_within_weeks(histogram, kWeeksStandard);
  if (s.known > 0) s.pct_within_18_weeks = s.within_18_weeks / s.known;
  s.over_18_weeks = count_over_weeks(histogram, 18);
  s.over_52_weeks = count_over_weeks(histogram, 52);
  s.over_65_weeks = count_over_weeks(histogram, 65);
  s.over_78_weeks = count_over_weeks(histogram, 78);
  s.over_104_weeks = count_over_weeks(histogram, 104);
  s.median_weeks = band_percentile(histogram, 0.5);
  s.p92_weeks = band_percentile(histogram, 0.92);
  return s;
}

}  // namespace elective::stats
