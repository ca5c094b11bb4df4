#include "core/wait_bands.hpp"

#include <algorithm>
#include <numeric>

namespace elective {

double WaitHistogram::total() const {
  return std::accumulate(counts.begin(), counts.end(), 0.0);
}

WaitHistogram fold_to_top_band(const WaitHistogram& histogram, int top_band) {
  // An empty histogram (top_band() == -1) has no bands to fold into.
  if (histogram.top_band() <= top_band || top_band < 0) return histogram;
  WaitHistogram out(top_band);
  for (int k = 0; k <= histogram.top_band(); ++k) {
    out.counts[static_cast<size_t>(k < top_band ? k : top_band)] += histogram.counts[static_cast<size_t>(k)];
  }
  return out;
}

WaitHistogram widen_to_top_band(const WaitHistogram& histogram, int top_band) {
  if (histogram.top_band() >= top_band) return histogram;
  WaitHistogram out(top_band);
  std::copy(histogram.counts.begin(), histogram.counts.end(), out.counts.begin());
  return out;
}

WaitHistogram& WaitHistogram::operator+=(const WaitHistogram& other) {
  // An empty histogram (e.g. a selection with Part_1A rows but no Part_1B rows) adds nothing; folding to its
  // top band of -1 would index before the start of the vector.
  if (other.counts.empty()) return *this;
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
