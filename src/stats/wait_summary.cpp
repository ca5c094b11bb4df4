#include "stats/wait_summary.hpp"

#include <algorithm>
#include <array>
#include <type_traits>

#include "core/band_layout.hpp"

namespace elective::stats {

// The weekly RTT statistics are the generic band-layout ones (core/band_layout.hpp) on a uniform weekly
// layout whose open top band is the histogram's (104+ or 52+).
namespace {
BandLayout weekly_layout(const WaitHistogram& histogram) {
  return BandLayout::uniform(WaitUnit::weeks, histogram.top_band());
}
// The median and 92nd percentile in one scan, given the histogram's sum (band_quantile's N: the same sum in
// the same order, so the same bits). Each is band_quantile's value on the weekly layout: the first band whose
// cumulative count reaches p*N, interpolated within it (1 week wide), or the open top band, censored.
void weekly_median_and_p92(const WaitHistogram& histogram, double n, WaitSummary& s);

}  // namespace

BandPercentile band_percentile(const WaitHistogram& histogram, double p) {
  if (histogram.counts.empty()) return {};
  const BandQuantile q = band_quantile(weekly_layout(histogram), histogram.counts, p);
  return {q.value, q.censored};
}

double count_within_weeks(const WaitHistogram& histogram, int weeks) {
  if (histogram.counts.empty()) return 0;
  // Thresholds beyond the open top band count every closed band (the top band's waits cannot be split).
  return count_within(weekly_layout(histogram), histogram.counts, std::min(weeks, histogram.top_band()))
      .value_or(0);
}

std::optional<double> count_over_weeks(const WaitHistogram& histogram, int weeks) {
  if (histogram.counts.empty()) return std::nullopt;
  return count_over(weekly_layout(histogram), histogram.counts, weeks);
}

namespace {

void weekly_median_and_p92(const WaitHistogram& histogram, double n, WaitSummary& s) {
  if (histogram.counts.empty() || n <= 0) return;  // both empty, as band_percentile gives
  constexpr std::array<double, 2> kP = {0.5, 0.92};
  std::array<BandPercentile*, 2> out = {&s.median_weeks, &s.p92_weeks};
  std::array<double, 2> target = {kP[0] * n, kP[1] * n};
  std::array<bool, 2> found = {false, false};
  const int top = histogram.top_band();
  const double* const c = histogram.counts.data();
  // The median's band comes no later than the P92's (its target is not larger), so one scan finds the
  // median and carries on from that band, with the cumulative count before it, to find the P92: the same
  // tests on the same sums as testing both at every band.
  double cumulative = 0;
  int k = 0;
  for (size_t j = 0; j < 2; ++j) {
    for (; k <= top; ++k) {
      const double count = c[k];
      if (count > 0 && cumulative + count >= target[j]) break;
      cumulative += count;
    }
    if (k > top) break;
    found[j] = true;
    if (k == top) {
      *out[j] = {static_cast<double>(top), true};
    } else {
      const double width = 1;  // weekly bands
      *out[j] = {static_cast<double>(k) + (target[j] - cumulative) / c[k] * width, false};
    }
  }
  // Only through rounding when p*N == N: band_quantile's own fallback.
  for (size_t j = 0; j < 2; ++j)
    if (!found[j]) *out[j] = band_percentile(histogram, kP[j]);
}

}  // namespace

WaitSummary summarise_waits(const WaitHistogram& histogram, double unknown_clock_start) {
  WaitSummary s;
  s.unknown_clock_start = unknown_clock_start;
  // One pass for every count (it runs for each month of each Monte Carlo sample): each sum still adds its
  // bands in band order from zero, exactly as total(), count_within_weeks and count_over_weeks do, so the
  // values are theirs to the bit; the sums are independent, so they no longer wait on one another.
  constexpr std::array<int, 5> kOver = {18, 52, 65, 78, 104};
  const int top = histogram.top_band();  // -1 when empty
  const int within_edge = std::min(kWeeksStandard, top);
  const double* const c = histogram.counts.data();
  double known = 0, within = 0;
  std::array<double, kOver.size()> over{};
  // Band by band in runs between the thresholds, so that no band tests them: in a run every band adds to
  // the sums it belongs to, in band order.
  const int end = top + 1;
  int k = 0;
  for (; k < within_edge; ++k) {
    known += c[k];
    within += c[k];
  }
  for (; k < std::min(kOver[0], end); ++k) known += c[k];
  auto run = [&]<size_t N>(std::integral_constant<size_t, N>, int to) {
    for (; k < std::min(to, end); ++k) {
      const double v = c[k];
      known += v;
      for (size_t j = 0; j < N; ++j) over[j] += v;
    }
  };
  run(std::integral_constant<size_t, 1>{}, kOver[1]);
  run(std::integral_constant<size_t, 2>{}, kOver[2]);
  run(std::integral_constant<size_t, 3>{}, kOver[3]);
  run(std::integral_constant<size_t, 4>{}, kOver[4]);
  run(std::integral_constant<size_t, 5>{}, end);
  s.known = known;
  s.total = s.known + unknown_clock_start;
  s.within_18_weeks = within;
  if (s.known > 0) s.pct_within_18_weeks = s.within_18_weeks / s.known;
  // A threshold past the open top band has no count (count_over_weeks gives nullopt).
  std::array<std::optional<double>*, kOver.size()> out = {
      &s.over_18_weeks, &s.over_52_weeks, &s.over_65_weeks, &s.over_78_weeks, &s.over_104_weeks};
  for (size_t j = 0; j < kOver.size(); ++j)
    if (top >= 0 && kOver[j] <= top) *out[j] = over[j];
  weekly_median_and_p92(histogram, known, s);
  return s;
}

}  // namespace elective::stats
