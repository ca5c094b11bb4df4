#include "stats/disclosure.hpp"

#include <cmath>
#include <limits>

namespace elective::stats {

bool is_small_count(double count) {
  return count > 0 && count < kSmallCount;
}

double round_to_base(double count) {
  if (!(count > 0)) return 0;
  return std::floor(count / kRoundingBase + 0.5) * kRoundingBase;
}

std::optional<double> publish_count(double count) {
  if (is_small_count(count)) return std::nullopt;
  return round_to_base(count);
}

std::vector<bool> withheld_cells(const std::vector<double>& counts) {
  std::vector<bool> withheld(counts.size(), false);
  double withheld_sum = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (is_small_count(counts[i])) {
      withheld[i] = true;
      withheld_sum += counts[i];
    }
  }
  if (withheld_sum == 0) return withheld;
  // Secondary: the total minus the shown cells is the sum of the withheld ones, so that sum must itself not
  // be a small count. The smallest shown cells are withheld until it is (or nothing is left to withhold).
  while (withheld_sum < kSmallCount) {
    std::optional<size_t> next;
    for (size_t i = 0; i < counts.size(); ++i) {
      if (withheld[i] || !(counts[i] > 0)) continue;
      if (!next || counts[i] < counts[*next]) next = i;
    }
    if (!next) break;
    withheld[*next] = true;
    withheld_sum += counts[*next];
  }
  // Zeros are withheld alongside: a withheld cell then means "0 to 4, or a secondary", so knowing that every
  // withheld cell holds at least one pathway cannot pin the small ones down.
  for (size_t i = 0; i < counts.size(); ++i) {
    if (!(counts[i] > 0)) withheld[i] = true;
  }
  return withheld;
}

PublishedMargin publish_margin(const std::vector<double>& counts) {
  PublishedMargin out;
  const auto withheld = withheld_cells(counts);
  double total = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    total += counts[i];
    out.cells.push_back(withheld[i] ? std::nullopt : std::optional<double>(round_to_base(counts[i])));
  }
  out.total = publish_count(total);
  return out;
}

bool publishable_selection(double selected, const std::vector<double>& wider_sizes) {
  auto too_few = [](double n) { return n > 0 && n < kMinSelection; };
  if (too_few(selected)) return false;
  for (double wider : wider_sizes) {
    if (too_few(wider - selected)) return false;
  }
  return true;
}

std::optional<double> publish_share(double numerator, std::optional<double> published_denominator) {
  const auto n = publish_count(numerator);
  if (!n || !published_denominator || *published_denominator <= 0) return std::nullopt;
  return *n / *published_denominator;
}

std::optional<double> publish_share(double numerator, double denominator) {
  return publish_share(numerator, publish_count(denominator));
}

}  // namespace elective::stats
