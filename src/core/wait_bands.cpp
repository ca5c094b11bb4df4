#include "core/wait_bands.hpp"

#include <numeric>

namespace elective {

double WaitHistogram::total() const {
  return std::accumulate(counts.begin(), counts.end(), 0.0);
}

WaitHistogram fold_to_top_band(const WaitHistogram& histogram, int top_band) {
  if (histogram.top_band() <= top_band) return histogram;
  WaitHistogram out(top_band);
  for (int k = 0; k <= histogram.top_band(); ++k) {
    out.counts[static_cast<size_t>(k < top_band ? k : top_band)] += histogram.counts[static_cast<size_t>(k)];
  }
  return out;
}

WaitHistogram& WaitHistogram::operator+=(const WaitHistogram& other) {
  if (counts.empty()) {
    counts = other.counts;
    return *this;
  }
  if (other.top_band() < top_band()) *this = fold_to_top_band(*this, other.top_band());
  const WaitHistogram folded = fold_to_top_band(other, top_band());
  for (size_t k = 0; k < counts.size(); ++k) counts[k] += folded.counts[k];
  return *this;
}

}  // namespace elective
