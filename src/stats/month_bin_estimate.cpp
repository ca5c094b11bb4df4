#include "stats/month_bin_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace elective::stats {

namespace {

// Days from the reporting month's last day back to the last day before bin j's month begins: bin j holds
// waits [edge(j), edge(j+1)) in days (edge(0) = 0), edge(12) being where m12_plus starts.
std::array<double, kMonthBinCount> bin_edges(YearMonth reporting_month, MonthBinMethod method) {
  std::array<double, kMonthBinCount> edges{};
  double days = 0;
  for (int j = 0; j < kMonthBinCount; ++j) {
    edges[static_cast<std::size_t>(j)] = days;
    days += method == MonthBinMethod::calendar_days ? (reporting_month - j).days_in_month() : 30.44;
  }
  return edges;
}

}  // namespace

WaitHistogram weekly_from_month_bins(const std::array<double, kMonthBinCount>& bins,
                                     YearMonth reporting_month, MonthBinMethod method) {
  const auto edges = bin_edges(reporting_month, method);
  WaitHistogram weekly(kMonthBinTopBand);
  const double top_start = 7.0 * kMonthBinTopBand;
  for (int j = 0; j + 1 < kMonthBinCount; ++j) {
    const double lo = edges[static_cast<std::size_t>(j)];
    const double hi = edges[static_cast<std::size_t>(j) + 1];
    const double density = bins[static_cast<std::size_t>(j)] / (hi - lo);  // per day of wait
    // Band k covers waits [7k, 7k+7) days; share the bin by overlap.
    for (int k = static_cast<int>(lo / 7); k <= kMonthBinTopBand; ++k) {
      const double band_lo = 7.0 * k;
      const double band_hi = k == kMonthBinTopBand ? hi : band_lo + 7;
      const double overlap = std::min(hi, band_hi) - std::max(lo, band_lo);
      if (overlap > 0) weekly.counts[static_cast<std::size_t>(k)] += density * overlap;
      if (band_hi >= hi || band_lo >= top_start) break;
    }
  }
  weekly.counts.back() += bins.back();
  return weekly;
}

std::array<double, kMonthBinCount> month_bins_from_weekly(const WaitHistogram& weekly,
                                                          YearMonth reporting_month) {
  const auto edges = bin_edges(reporting_month, MonthBinMethod::calendar_days);
  std::array<double, kMonthBinCount> bins{};
  const int top = weekly.top_band();
  for (int k = 0; k <= top; ++k) {
    const double count = weekly.counts[static_cast<std::size_t>(k)];
    if (k == top) {
      // The open top band: its waits are at least 7*top days; where those fall past m11 it is m12_plus.
      double placed = 0;
      for (int d = 7 * k; d < 7 * k + 7; ++d) {
        const auto it = std::upper_bound(edges.begin(), edges.end(), static_cast<double>(d));
        const auto j = static_cast<std::size_t>(it - edges.begin() - 1);
        if (j + 1 < kMonthBinCount) {
          bins[j] += count / 7;
          placed += count / 7;
        }
      }
      bins.back() += count - placed;
      break;
    }
    for (int d = 7 * k; d < 7 * k + 7; ++d) {
      const auto it = std::upper_bound(edges.begin(), edges.end(), static_cast<double>(d));
      bins[static_cast<std::size_t>(it - edges.begin() - 1)] += count / 7;
    }
  }
  return bins;
}

std::pair<double, double> month_bin_wait_days(YearMonth reporting_month, int bin) {
  const auto edges = bin_edges(reporting_month, MonthBinMethod::calendar_days);
  const auto j = static_cast<std::size_t>(std::clamp(bin, 0, kMonthBinCount - 1));
  if (j + 1 >= kMonthBinCount) return {edges[j], std::numeric_limits<double>::infinity()};
  return {edges[j], edges[j + 1]};
}

}  // namespace elective::stats
