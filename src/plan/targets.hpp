#pragma once
// Targets such as "92% within 18 weeks by 2029-03", "0 over 65 weeks by 2024-09", "< 1% over 52 weeks by
// 2026-03" and "list below 6500000 by 2027-03": parsed once, measured on a month-end waiting-list histogram,
// and tracked month by month (TargetTracker) so long projections need not keep every histogram.
#include <optional>
#include <string>
#include <string_view>

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
  int weeks = 18;
  YearMonth deadline;
};

// Throws InputError (message says which forms are accepted) when the text is not a target.
Target parse_target(std::string_view text);
// The measured value: a fraction for share kinds, a count otherwise. An empty list meets every share target
// (1 within, 0 over). nullopt only when the histogram's open top band hides the count (e.g. over 65 in 52+
// data).
std::optional<double> measure(const Target& target, const WaitHistogram& list);
bool satisfied(const Target& target, double value);
// Signed distance to the threshold, positive when the target is met with room to spare.
double margin(const Target& target, double value);

class TargetTracker {
 public:
  explicit TargetTracker(Target target) : target_(std::move(target)) {}
  void observe(YearMonth month, const WaitHistogram& list);
  TargetOutcome outcome() const;
  const Target& target() const { return target_; }

 private:
  Target target_;
  std::optional<YearMonth> first_met_;
  std::optional<double> at_deadline_;
  bool deadline_seen_ = false;
};

}  // namespace elective::plan
