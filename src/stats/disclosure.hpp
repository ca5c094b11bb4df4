#pragma once
// Disclosure control: the project's one rule for every public figure built from patient-level data
// (docs/security.md "Disclosure control"). No published figure - alone, or added to and subtracted from the
// others a caller can obtain (the groups of a breakdown and its total, the breakdowns of one selection, a
// selection and the same selection narrowed by a filter) - may reveal a count of 1 to 4 pathways:
//
//  1. Rounding: every published count is rounded to the nearest multiple of 5 (5-7 -> 5, 8-12 -> 10); 0 stays
//  0.
//     A total and its parts are rounded independently, so "total minus parts" leaves an uncertainty of
//     several pathways instead of an exact remainder.
//  2. Primary suppression: a count of 1-4 is withheld (null), with every figure of its group.
//  3. Secondary suppression: a margin (the groups that partition one total) never has exactly one withheld
//     group; the next-smallest group is withheld with it, so the withheld groups share their remainder.
//  4. Shares and percentages are computed from the published (rounded) counts, never from exact ones, and a
//     share whose numerator would be withheld is withheld.
//
// Published RTT statistics (NHS England's aggregates) are public already and are not rounded; wait estimates
// built from them use kSmallCount only as a reliability floor.
#include <optional>
#include <vector>

namespace elective::stats {

// Counts from 1 to kSmallCount - 1 are never published. The one privacy threshold of the project.
inline constexpr double kSmallCount = 5;
// Published counts are multiples of this.
inline constexpr double kRoundingBase = 5;

// True for a count that must not be published: 0 < count < kSmallCount.
bool is_small_count(double count);

// The nearest multiple of kRoundingBase, halves up (2.5 -> 5, 7.5 -> 10); negative input is treated as 0.
double round_to_base(double count);

// A count as published: withheld (nullopt) when small, else rounded.
std::optional<double> publish_count(double count);

// Which cells of one margin are withheld: the small ones (primary) and, when exactly one cell is small, the
// next-smallest non-zero cell as well (secondary; the first such cell in order when several tie).
std::vector<bool> withheld_cells(const std::vector<double>& counts);

// A margin as published: cells (nullopt when withheld) and the total (rounded; nullopt when small).
struct PublishedMargin {
  std::vector<std::optional<double>> cells;
  std::optional<double> total;
};
PublishedMargin publish_margin(const std::vector<double>& counts);

// numerator / denominator computed from their published values: nullopt when either is withheld or the
// published denominator is 0.
std::optional<double> publish_share(double numerator, double denominator);
// The same with an already published (rounded) denominator.
std::optional<double> publish_share(double numerator, std::optional<double> published_denominator);

}  // namespace elective::stats
