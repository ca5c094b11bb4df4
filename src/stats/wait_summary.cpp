#include "stats/wait_summary.hpp"

#include <algorithm>

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
