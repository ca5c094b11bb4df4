#pragma once
// The national time series publishes the waiting list's total and a few points of its wait distribution
// (number within 18 weeks, over 52/65/78/104 weeks, median and 92nd percentile), not the 105 weekly bands.
// reconstruct_histogram builds a documented, constrained band histogram from them: a monotone piecewise-cubic
// (Fritsch-Carlson PCHIP) interpolation of the cumulative count through the published points
//   (0, 0), (median, N/2), (18, within 18), (P92, 0.92 N), (52, N - over 52), (65, ...), (78, ...), (104,
//   ...)
// so the counts at 18/52/65/78/104 weeks are reproduced exactly and the median and P92 closely (the NHS
// percentile interpolates linearly within a band; the difference is reported by reconstruction_error).
// Points that contradict each other (non-monotone) are dropped, in the order P92, median.
#include <optional>
#include <utility>
#include <vector>

#include "core/wait_bands.hpp"

namespace elective::flow {

struct HeadlineFigures {
  double total = 0;  // incomplete pathways (known clock starts)
  std::optional<double> within_18_weeks;
  std::optional<double> over_52_weeks, over_65_weeks, over_78_weeks, over_104_weeks;
  std::optional<double> median_weeks, p92_weeks;
};

// 105-band histogram summing to `total`. Before April 2021 (no 65/78/104 figures) the tail over 52 weeks is
// spread so that it thins out to nothing at 104 weeks. Throws InputError when total <= 0 or the figures are
// impossible (e.g. within 18 weeks > total).
WaitHistogram reconstruct_histogram(const HeadlineFigures& figures);

// The published points of the cumulative count (weeks, pathways at or below), ascending, after dropping
// percentile points that contradict the counts (P92 first, then the median): (0, 0), (median, N/2),
// (18, within 18), (P92, 0.92 N), (52, N - over 52), (65, ...), (78, ...), (104, N - over 104) (N when over
// 104 is not published). Throws InputError for impossible figures.
std::vector<std::pair<double, double>> published_knots(const HeadlineFigures& figures);

struct ReconstructionError {
  double max_count_error = 0;     // largest |reconstructed - published| over the published counts
  double median_error_weeks = 0;  // reconstructed median - published (0 when not published)
  double p92_error_weeks = 0;
};
ReconstructionError reconstruction_error(const HeadlineFigures& figures, const WaitHistogram& histogram);

}  // namespace elective::flow
