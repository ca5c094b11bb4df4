#include "core/band_layout.hpp"

#include <algorithm>
#include <stdexcept>

namespace elective {

std::string_view wait_unit_name(WaitUnit unit) {
  return unit == WaitUnit::days ? "days" : "weeks";
}

BandLayout BandLayout::uniform(WaitUnit unit, int top_band, int width) {
  if (top_band < 0 || width < 1) throw std::invalid_argument("band layout: top band >= 0 and width >= 1");
  return BandLayout(unit, top_band, width, {});
}

BandLayout BandLayout::from_edges(WaitUnit unit, std::vector<int> lower_edges) {
  if (lower_edges.empty() || lower_edges.front() != 0)
    throw std::invalid_argument("band layout: the first lower edge must be 0");
  for (size_t k = 1; k < lower_edges.size(); ++k)
    if (lower_edges[k] <= lower_edges[k - 1])
      throw std::invalid_argument("band layout: lower edges must increase strictly");
  const int top = static_cast<int>(lower_edges.size()) - 1;
  return BandLayout(unit, top, 1, std::move(lower_edges));
}

std::optional<int> BandLayout::band_starting_at(int edge) const {
  if (edge < 0 || edge > top_lower()) return std::nullopt;
  if (edges_.empty()) {
    if (edge % width_ != 0) return std::nullopt;
    return edge / width_;
  }
  const auto it = std::lower_bound(edges_.begin(), edges_.end(), edge);
  if (it == edges_.end() || *it != edge) return std::nullopt;
  return static_cast<int>(it - edges_.begin());
}

namespace {

double count_at(std::span<const double> counts, int band) {
  return static_cast<size_t>(band) < counts.size() ? counts[static_cast<size_t>(band)] : 0.0;
}

}  // namespace

std::optional<double> count_within(const BandLayout& layout, std::span<const double> counts, int threshold) {
  const auto edge_band = layout.band_starting_at(threshold);
  if (!edge_band) return std::nullopt;
  double sum = 0;
  for (int k = 0; k < *edge_band; ++k) sum += count_at(counts, k);
  return sum;
}

std::optional<double> count_over(const BandLayout& layout, std::span<const double> counts, int threshold) {
  const auto edge_band = layout.band_starting_at(threshold);
  if (!edge_band) return std::nullopt;
  double sum = 0;
  for (int k = *edge_band; k <= layout.top_band(); ++k) sum += count_at(counts, k);
  return sum;
}

BandQuantile band_quantile(const BandLayout& layout, std::span<const double> counts, double p) {
  double n = 0;
  for (int k = 0; k <= layout.top_band(); ++k) n += count_at(counts, k);
  if (n <= 0 || counts.empty()) return {};
  const double target = std::clamp(p, 0.0, 1.0) * n;
  double cumulative = 0;
  const int top = layout.top_band();
  for (int k = 0; k <= top; ++k) {
    const double count = count_at(counts, k);
    if (count > 0 && cumulative + count >= target) {
      if (k == top) return {static_cast<double>(layout.lower(top)), true};
      const double width = layout.lower(k + 1) - layout.lower(k);
      return {layout.lower(k) + (target - cumulative) / count * width, false};
    }
    cumulative += count;
  }
  // Only reachable through rounding when target == n: the last non-empty band's upper edge.
  for (int k = top; k >= 0; --k) {
    if (count_at(counts, k) > 0) {
      if (k == top) return {static_cast<double>(layout.lower(top)), true};
      return {static_cast<double>(layout.lower(k + 1)), false};
    }
  }
  return {};
}

const ListDefinition& rtt_list() {
  static const ListDefinition list{"rtt", "RTT incomplete pathways",
                                   BandLayout::uniform(WaitUnit::weeks, 104), 18, 0.92};
  return list;
}

const ListDefinition& dm01_list() {
  static const ListDefinition list{"dm01", "diagnostics waiting list (DM01)",
                                   BandLayout::uniform(WaitUnit::weeks, 13), 6, 0.99};
  return list;
}

ListSummary summarise_list(const ListDefinition& list, std::span<const double> counts) {
  ListSummary s;
  for (int k = 0; k <= list.bands.top_band(); ++k) s.total += count_at(counts, k);
  s.within_standard = count_within(list.bands, counts, list.standard).value_or(0);
  s.over_standard = count_over(list.bands, counts, list.standard).value_or(0);
  if (s.total > 0) s.share_within_standard = s.within_standard / s.total;
  s.median = band_quantile(list.bands, counts, 0.5);
  return s;
}

}  // namespace elective
