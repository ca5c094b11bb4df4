#pragma once
// One replication of the patient-level simulation: weekly steps over a SimModel.
//
// Each step, in order: a validation sprint if one falls in the step; new referrals (Poisson per queue, clock
// starts spread over the week's days, attributes drawn from the referral mix); removals other than treatment
// that fall due; treatments (the queue's capacity for the week, urgent reserve first, then the policy's
// order); mutual-aid offers every few weeks; and at a month's last step a month-end snapshot of the list.
//
// Random streams: every queue (provider x treatment function) draws from its own pcg64 stream and mutual aid
// from one of its own, so the queues of a week run on several threads with the same results for any count.
//
// Removals other than treatment are drawn once per pathway when it joins the list (the wait week in which it
// would leave, from the wait-dependent hazard of its group); the pathway then silently leaves at that step
// unless it has been treated or moved first. This is statistically the same as drawing each week and needs
// one random number per pathway instead of one per pathway-week.
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/progress.hpp"
#include "core/wait_bands.hpp"
#include "plan/outcomes.hpp"
#include "sim/model.hpp"

namespace elective::sim {

// Group dimensions of the outputs.
enum class Dimension : std::uint8_t { priority, imd_quintile, ethnicity, age_band, sex, provider };
inline constexpr int kDimensionCount = 6;
std::string_view dimension_name(Dimension d);

struct PriorityOutcome {
  double treated = 0;
  double treated_after_due = 0;  // treated with a wait longer than the priority's window
  double waiting_at_end = 0;
  double waiting_past_due_at_end = 0;
};

struct MutualAidOutcome {
  double offered = 0;
  double moved = 0;
  std::array<double, 6> offered_by_imd_quintile{};
  std::array<double, 6> moved_by_imd_quintile{};
  std::array<double, data::kAgeBandCount> offered_by_age_band{};
  std::array<double, data::kAgeBandCount> moved_by_age_band{};
  // Pathways moved out of and into each provider (index = SimModel::providers); moved out = moved in summed.
  std::vector<double> moved_out_by_provider, moved_in_by_provider;
};

struct QueueOutcome {
  double list_size = 0;           // at the end
  double capacity_per_week = 0;   // in the last step
  double referrals_per_week = 0;  // mean over the last wait_estimate_weeks steps
  WaitHistogram treated_recent;   // waits of pathways treated in the last wait_estimate_weeks steps
};

struct ReplicationResult {
  std::vector<plan::MonthOutcome> months;
  std::vector<WaitHistogram> month_lists;  // month-end waiting list, one per month (for targets)
  // Waiting list at the end, and waits of pathways treated in the last 52 weeks, by dimension and group.
  std::array<std::vector<WaitHistogram>, kDimensionCount> list_by_group;
  std::array<std::vector<WaitHistogram>, kDimensionCount> treated_by_group;
  std::array<PriorityOutcome, data::kPriorityCount> priority;
  MutualAidOutcome mutual_aid;
  std::vector<QueueOutcome> queues;
  double referrals_total = 0, treated_total = 0, other_removals_total = 0;
};

// Number of groups of a dimension in a model (providers vary; the others are fixed).
int group_count(const SimModel& model, Dimension d);

// Runs one replication. (seed, replication) select the pcg64 streams - one per queue and one for mutual aid
// - so results depend only on (seed, replication), never on `threads`, the number of threads the queues of
// each week are shared over. `progress_step` (may be empty) is called after every step. `without_mutual_aid`
// runs the same replication with the model's mutual aid switched off (the comparison of mutual_aid.compare).
ReplicationResult run_replication(const SimModel& model, std::uint64_t seed, std::uint64_t replication,
                                  const std::function<void()>& progress_step = {},
                                  const Progress* cancel = nullptr, const WeeklyDrivers* drivers = nullptr,
                                  bool without_mutual_aid = false, int threads = 1);

}  // namespace elective::sim
