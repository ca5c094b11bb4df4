#include "stats/wait_summary.hpp"

#include <algorithm>
#include <array>

#include "core/band_layout.hpp"

namespace elective::stats {

// The weekly RTT statistics are the generic band-layout ones (core/band_layout.hpp) on a uniform weekly
// layout whose open top band is the histogram's (104+ or 52+).
namespace {
BandLayout weekly_layout(const WaitHistogram& histogram) {
  return BandLayout::uniform(WaitUnit::weeks, histogram.top_band());
}
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

WaitSummary summarise_waits(const WaitHistogram& histogram, double unknown_clock_start) {
  WaitSummary s;
  s.unknown_clock_start = unknown_clock_start;
  // One pass for every count (it runs for each month of each Monte Carlo sample): each sum still adds its
  // bands in band order from zero, exactly as total(), count_within_weeks and count_over_weeks do, so the
  // values are theirs to the bit; the sums are independent, so they no longer wait on one another.
  constexpr std::array<int, 5> kOver = {18, 52, 65, 78, 104};
  const int top = histogram.top_band();  // -1 when empty
  const int within_edge = std::min(kWeeksStandard, top);
  double known = 0, within = 0;
  std::array<double, kOver.size()> over{};
  for (int k = 0; k <= top; ++k) {
    const double c = histogram.counts[static_cast<size_t>(k)];
    known += c;
    if (k < within_edge) within += c;
    for (size_t j = 0; j < kOver.size(); ++j)
      if (k >= kOver[j]) over[j] += c;
  }
  s.known = known;
  s.total = s.known + unknown_clock_start;
  s.within_18_weeks = within;
  if (s.known > 0) s.pct_within_18_weeks = s.within_18_weeks / s.known;
  // A threshold past the open top band has no count (count_over_weeks gives nullopt).
  std::array<std::optional<double>*, kOver.size()> out = {
      &s.over_18_weeks, &s.over_52_weeks, &s.over_65_weeks, &s.over_78_weeks, &s.over_104_weeks};
  for (size_t j = 0; j < kOver.size(); ++j)
    if (top >= 0 && kOver[j] <= top) *out[j] = over[j];
  s.median_weeks = band_percentile(histogram, 0.5);
  s.p92_weeks = band_percentile(histogram, 0.92);
  return s;
}

}  // namespace elective::stats
