#pragma once
// Disclosure control: the project's one rule for every public figure built from patient-level data
// (docs/security.md "Disclosure control"). No published figure - alone, or added to and subtracted from the
// others a caller can obtain (the groups of a breakdown and its total, the breakdowns of one selection, a
// selection and the same selection narrowed by a filter) - may reveal a count of 1 to 4 pathways:
//
//  1. Rounding: every published count is rounded to the nearest multiple of 5 (5-7 -> 5, 8-12 -> 10; 0 is 0).
//     A total and its parts are rounded independently, so "total minus parts" and "a selection minus a
//     narrower one" leave an uncertainty of several pathways instead of an exact remainder.
//  2. Primary suppression: a count of 1-4 is withheld (null), with every figure of its group.
//  3. Secondary suppression: in a margin (the groups that partition one total) with withheld groups, the
//     next-smallest groups are withheld too until the withheld ones hold 5 or more together, and the empty
//     groups of that margin are withheld with them - so the total minus the shown groups is never a small
//     count, and a withheld group may hold none (knowing each holds at least one cannot pin them down).
//  4. Shares and percentages are computed from the published (rounded) counts, never from exact ones, and a
//     share whose numerator would be withheld is withheld.
//  5. Selections (applied by the callers that filter, e.g. stats/inequalities.cpp): a selection of fewer than
//     kMinSelection (10) pathways, or one that leaves 1-9 pathways of a wider selection a caller could also
//     ask for outside it, is withheld whole; and the rows of a breakdown do not depend on the data (every
//     group of the dimension).
//
// Published RTT statistics (NHS England's aggregates) are public already and are not rounded; wait estimates
// built from them use kSmallCount only as a reliability floor. Figures from modelled (synthetic) populations
// describe no real patient and are published as computed.
#include <optional>
#include <vector>

namespace elective::stats {

// Counts from 1 to kSmallCount - 1 are never published. The one privacy threshold of the project.
inline constexpr double kSmallCount = 5;
// Published counts are multiples of this.
inline constexpr double kRoundingBase = 5;
// A filtered selection is published only when it holds at least this many pathways and leaves 0 or at least
// this many of every wider selection a caller could also ask for outside it (query-set-size control; twice
// kSmallCount, so that it holds even for a caller who knows the list's exact size, which its upload reports).
inline constexpr double kMinSelection = 2 * kSmallCount;

// True for a count that must not be published: 0 < count < kSmallCount.
bool is_small_count(double count);

// The nearest multiple of kRoundingBase, halves up (2.5 -> 5, 7.5 -> 10); negative input is treated as 0.
double round_to_base(double count);

// A count as published: withheld (nullopt) when small, else rounded.
std::optional<double> publish_count(double count);

// Which cells of one margin are withheld: the small ones (primary); when there are any, the smallest non-zero
// others until the withheld cells hold kSmallCount or more (secondary; the first in order when several tie)
// and the empty ones.
std::vector<bool> withheld_cells(const std::vector<double>& counts);

// A margin as published: cells (nullopt when withheld) and the total (rounded; nullopt when small).
struct PublishedMargin {
  std::vector<std::optional<double>> cells;
  std::optional<double> total;
};
PublishedMargin publish_margin(const std::vector<double>& counts);

// The selection rule: `selected` pathways out of wider selections of the given sizes (e.g. the whole list
// when the selection is one provider's) may be published.
bool publishable_selection(double selected, const std::vector<double>& wider_sizes);

// numerator / denominator computed from their published values: nullopt when either is withheld or the
// published denominator is 0.
std::optional<double> publish_share(double numerator, double denominator);
// The same with an already published (rounded) denominator.
std::optional<double> publish_share(double numerator, std::optional<double> published_denominator);

}  // namespace elective::stats
