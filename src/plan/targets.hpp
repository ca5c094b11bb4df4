#pragma once
// Targets such as "92% within 18 weeks by 2029-03", "0 over 65 weeks by 2024-09", "< 1% over 52 weeks by
// 2026-03" and "list below 6500000 by 2027-03": parsed once, measured on a month-end waiting-list histogram,
// and tracked month by month (TargetTracker) so long projections need not keep every histogram.
#include <optional>
#include <string>
#include <string_view>

#include <span>

#include "core/band_layout.hpp"
#include "core/calendar.hpp"
#include "core/wait_bands.hpp"
#include "plan/outcomes.hpp"

namespace elective::plan {

enum class TargetKind {
  share_within,  // "X% within N weeks": share of the list waiting N weeks or less >= X
  count_over,    // "K over N weeks": count waiting more than N weeks <= K ("0 over" means fewer than 0.5)
  share_over,    // "< X% over N weeks": share waiting more than N weeks < X
  list_below,    // "list below K": list size < K
};

struct Target {
  std::string text;
  TargetKind kind = TargetKind::share_within;
  double threshold = 0;  // fraction for shares, count for counts
  int weeks = 18;        // the threshold, in `unit` (weeks for RTT and DM01; the name predates other units)
  WaitUnit unit = WaitUnit::weeks;
  YearMonth deadline;
};

// Throws InputError (message says which forms are accepted) when the text is not a target. The threshold is
// read in the list's unit and must be one of its band edges: "95% within 6 weeks by 2025-03", "< 1% over 6
// weeks by 2025-03" and "0 over 13 weeks by 2025-03" are targets on dm01_list().
Target parse_target(std::string_view text, const ListDefinition& list = rtt_list());
// The measured value: a fraction for share kinds, a count otherwise. An empty list meets every share target
// (1 within, 0 over). nullopt only when the histogram's open top band hides the count (e.g. over 65 in 52+
// data).
std::optional<double> measure(const Target& target, const WaitHistogram& list);
// The same on any list's counts by band (`layout` the list's bands); nullopt when the threshold is not a band
// edge of the layout.
std::optional<double> measure(const Target& target, const BandLayout& layout, std::span<const double> counts);
bool satisfied(const Target& target, double value);
// Signed distance to the threshold, positive when the target is met with room to spare.
double margin(const Target& target, double value);

class TargetTracker {
 public:
  explicit TargetTracker(Target target) : target_(std::move(target)) {}
  void observe(YearMonth month, const WaitHistogram& list);
  // The same with the month's value of the target already measured (measure(target(), list)).
  void observe_value(YearMonth month, std::optional<double> value);
  TargetOutcome outcome() const;
  const Target& target() const { return target_; }

 private:
  Target target_;
  std::optional<YearMonth> first_met_;
  std::optional<double> at_deadline_;
  bool deadline_seen_ = false;
};

}  // namespace elective::plan
