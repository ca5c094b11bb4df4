#pragma once
// The official RTT statistics of a wait-band histogram (domain.md 2.6): % within 18 weeks, counts over 18,
// 52, 65, 78 and 104 weeks, and percentiles estimated by NHS England's linear interpolation within weekly
// bands.
#include <optional>

#include "core/wait_bands.hpp"

namespace elective::stats {

// A percentile estimated from bands. When the percentile falls in the open top band it cannot be placed,
// so `weeks` is the band's lower bound (e.g. 104) and `censored` is true ("104+").
struct BandPercentile {
  std::optional<double> weeks;  // nullopt when the histogram is empty
  bool censored = false;
};

// P_p = k* + (p*N - C_{k*-1}) / n_{k*}, with k* the first band whose cumulative count reaches p*N.
BandPercentile band_percentile(const WaitHistogram& histogram, double p);

// Patients in bands 0 .. weeks-1, i.e. waiting `weeks` weeks or less (d <= 7*weeks days).
double count_within_weeks(const WaitHistogram& histogram, int weeks);
// Patients waiting more than `weeks` weeks (bands weeks .. top). nullopt when the top band is open below
// `weeks` (e.g. over 65 weeks in a 52+ histogram).
std::optional<double> count_over_weeks(const WaitHistogram& histogram, int weeks);

struct WaitSummary {
  double known = 0;  // pathways with a known clock start (sum of bands)
  double unknown_clock_start = 0;
  double total = 0;  // known + unknown clock start (NHS England's "Total All")
  double within_18_weeks = 0;
  std::optional<double> pct_within_18_weeks;  // fraction 0-1 of known clock starts; nullopt when known == 0
  std::optional<double> over_18_weeks;
  std::optional<double> over_52_weeks;
  std::optional<double> over_65_weeks;
  std::optional<double> over_78_weeks;
  std::optional<double> over_104_weeks;
  BandPercentile median_weeks;
  BandPercentile p92_weeks;
};

WaitSummary summarise_waits(const WaitHistogram& histogram, double unknown_clock_start = 0);

}  // namespace elective::stats
