#pragma once
// Steady-state waiting-list formulas of Fong et al. (2022), "Understanding Waiting Lists Pressures", with the
// same definitions and defaults as the NHS-R Community's NHSRwaitinglist package (calc_queue_load,
// calc_target_mean_wait, calc_target_queue_size, calc_target_capacity, calc_relief_capacity,
// calc_waiting_list_pressure). One unit system throughout: weeks, and rates per week (the R package mixes
// days and weeks in wl_stats; we do not).
#include <optional>

namespace elective::queueing {

inline constexpr double kDefaultFactor = 4.0;         // target mean wait = target wait / 4 (~1.8% miss)
inline constexpr double kDefaultTimeToTarget = 26.0;  // weeks to bring the queue to its target size
inline constexpr double kDefaultCv = 1.0;             // coefficient of variation of arrival/removal gaps

// rho = demand / capacity. rho >= 1: the list grows without limit; rho < 1: share of time the list is
// non-empty.
double queue_load(double demand, double capacity);

// W* = T / factor (weeks).
double target_mean_wait(double target_wait, double factor = kDefaultFactor);

// Q* = demand * T / factor (Little's law applied to the target mean wait).
double target_queue_size(double demand, double target_wait, double factor = kDefaultFactor);

// mu* = demand + ((cv_demand^2 + cv_capacity^2) / 2) * (factor / T). The package's docstring omits the /2;
// its code (which we follow) has it.
double target_capacity(double demand, double target_wait, double factor = kDefaultFactor,
                       double cv_demand = kDefaultCv, double cv_capacity = kDefaultCv);

// mu_rel = demand' + (Q - Q*) / time_to_target, where demand' = demand, or demand / (1 - 2*demand*cv/sqrt(n))
// when n = num_referrals > 0 and 2*demand*cv/sqrt(n) < 1 (a margin for uncertainty in the demand estimate).
double relief_capacity(double demand, double queue_size, double target_queue_size,
                       double time_to_target = kDefaultTimeToTarget, double num_referrals = 0,
                       double cv_demand = 0);

// P = 2 * mean_wait / target_wait. P > 1: the list will probably miss its target; use P to rank lists.
double waiting_list_pressure(double mean_wait, double target_wait);

// Share of patients expected to wait at most T when waits are roughly exponential with mean W: 1 - exp(-T/W).
// This is the assumption behind factor: W = T/4 leaves about 1.8% over T.
double share_within_target(double mean_wait, double target_wait);

// Everything `elective queue` reports for one list.
struct QueueInputs {
  double demand = 0;                 // referrals per week
  double capacity = 0;               // removals per week
  double target_wait = 0;            // weeks
  std::optional<double> queue_size;  // patients waiting now
  std::optional<double> mean_wait;   // weeks; estimated by Little's law (Q / demand) when absent
  double time_to_target = kDefaultTimeToTarget;
  double factor = kDefaultFactor;
  double cv_demand = kDefaultCv;
  double cv_capacity = kDefaultCv;
  double num_referrals = 0;  // referrals behind the demand estimate (0: no adjustment)
};

struct QueueReport {
  double load = 0;
  double target_mean_wait = 0;
  double target_queue_size = 0;
  double target_capacity = 0;
  std::optional<double> relief_capacity;  // needs queue_size
  std::optional<double> pressure;         // needs mean_wait (given, or from Little's law with queue_size)
  std::optional<double> mean_wait;        // the mean wait used for pressure
  bool mean_wait_estimated = false;       // true when mean_wait came from Little's law
  std::optional<double> expected_share_within_target;
  bool load_too_big = false;   // load >= 1
  bool queue_too_big = false;  // queue_size > 2 * target_queue_size: relief capacity is needed
};

// Validates inputs (throws InputError naming the option, e.g. "--demand") and computes the report.
QueueReport analyse_queue(const QueueInputs& inputs);

}  // namespace elective::queueing
