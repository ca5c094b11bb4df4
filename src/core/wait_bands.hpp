#pragma once
// Weekly wait bands as NHS England publishes them (domain.md 2.3): band 0 is "0-1 weeks" (0-7 days), band k
// (1 <= k < top) is "k to k+1 weeks" (7k+1 .. 7k+7 days) and the top band is open ("104+ weeks" since April
// 2021, "52+ weeks" before). A WaitHistogram holds counts by band; counts are doubles so that models can
// carry fractional flows, but every count read from a published file is a whole number.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace elective {

inline constexpr int kCurrentTopBand = 104;  // "Gt 104 Weeks SUM 1" since April 2021
inline constexpr int kLegacyTopBand = 52;    // "Gt 52 Weeks SUM 1" before April 2021
inline constexpr int kWeeksStandard = 18;    // the RTT standard: 92% within 18 weeks
inline constexpr double kStandardShare = 0.92;

// Band of a wait in whole days: min(top, max(0, ceil(d/7) - 1)).
constexpr int band_of_wait_days(std::int64_t days, int top_band = kCurrentTopBand) {
  if (days <= 7) return 0;
  const std::int64_t band = (days + 6) / 7 - 1;
  return band > top_band ? top_band : static_cast<int>(band);
}

struct WaitHistogram {
  // counts[k] is band k; counts.back() is the open top band. Size is top_band + 1 (105 or 53).
  std::vector<double> counts;

  WaitHistogram() = default;
  explicit WaitHistogram(int top_band) : counts(static_cast<size_t>(top_band) + 1, 0.0) {}

  int top_band() const { return static_cast<int>(counts.size()) - 1; }
  double total() const;
  // Adds another histogram band by band. Bands above a shorter histogram's open top band cannot be split, so
  // the result takes the smaller top band (the longer one's tail is folded into it).
  WaitHistogram& operator+=(const WaitHistogram& other);
};

// Folds a histogram into one with a smaller open top band (e.g. 105 bands to 53).
WaitHistogram fold_to_top_band(const WaitHistogram& histogram, int top_band);
// The same counts in a histogram with a larger open top band (e.g. 53 bands to 105): the smaller histogram's
// open top band stays in the band of that number (its waits cannot be spread without more information).
WaitHistogram widen_to_top_band(const WaitHistogram& histogram, int top_band);

}  // namespace elective
