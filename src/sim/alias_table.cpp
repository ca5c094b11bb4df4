#include "sim/alias_table.hpp"

#include <cmath>
#include <stdexcept>

namespace elective::sim {

AliasTable::AliasTable(const std::vector<double>& weights) {
  const size_t n = weights.size();
  double total = 0;
  for (double w : weights) {
    if (!(w >= 0) || !std::isfinite(w))
      throw std::invalid_argument("alias table: negative or non-finite weight");
    total += w;
  }
  if (n == 0 || total <= 0) throw std::invalid_argument("alias table: no positive weight");
  p_.resize(n);
  std::vector<double> scaled(n);
  for (size_t i = 0; i < n; ++i) {
    p_[i] = weights[i] / total;
    scaled[i] = p_[i] * static_cast<double>(n);
  }
  entries_.assign(n, Entry{0, 0});
  std::vector<std::uint32_t> small, large;
  for (size_t i = 0; i < n; ++i) (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  constexpr double kScale = 4294967296.0;
  auto threshold = [&](double v) {
    const double t = std::floor(v * kScale);
    return t >= kScale - 1 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(t < 0 ? 0 : t);
  };
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back();
    small.pop_back();
    const std::uint32_t l = large.back();
    entries_[s] = Entry{threshold(scaled[s]), l};
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Leftovers are 1 up to rounding: always accept.
  for (auto i : large) {
    entries_[i] = Entry{0xFFFFFFFFu, i};
  }
  for (auto i : small) {
    entries_[i] = Entry{0xFFFFFFFFu, i};
  }
}

}  // namespace elective::sim
