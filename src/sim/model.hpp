#pragma once
// The fully resolved input of the patient-level simulation. Everything the engine needs is here, in plain
// numbers per week and per queue (one queue = one provider x treatment function); the scenario file, the
// patient list and the calibration are turned into a SimModel once (build_model.hpp) and the engine never
// sees TOML or CSV. A SimModel is immutable while replications run, so threads share it.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/policies.hpp"
#include "data/patient_list.hpp"
#include "sim/alias_table.hpp"
#include "sim/profile.hpp"

namespace elective::sim {

// Weights of the `weighted` policy: score = wait_weeks * wait + priority * urgency(P-code, 0..1)
// + deprivation * (5 - IMD quintile) / 4 + under_18 * [age < 18]; every term is in "weeks of wait".
struct PolicyWeights {
  double wait = 1.0;
  double priority = 20.0;
  double deprivation = 4.0;
  double under_18 = 4.0;
};

struct PolicyParams {
  PolicyKind kind =
      PolicyKind::in_turn;  // a policy of the registry (core/policies.hpp) the simulation implements
  int long_wait_threshold_weeks = 52;  // long_waits_first
  double equity_weight = 0.3;          // equity: the wait of IMD quintile q counts (1 + w (3 - q) / 2) times
  PolicyWeights weights;
  // Clinically appropriate window (days) per priority code P1a..P6, none: the due date is clock start +
  // window.
  std::array<int, data::kPriorityCount> due_days{1, 3, 28, 91, 365, 365, 365, 126};
};

// Wait-dependent removal other than treatment (reneging, validation, unreported removals): the probability of
// leaving during wait week k is hazard[k] (the last value holds for all longer waits), times a multiplier by
// IMD quintile (index 0 = unknown) and by age band.
struct RemovalHazard {
  std::vector<double> weekly;  // by wait week
  std::array<double, 6> imd_quintile_multiplier{1, 1, 1, 1, 1, 1};
  std::array<double, data::kAgeBandCount> age_band_multiplier{1, 1, 1, 1, 1, 1};
};

struct MutualAid {
  bool enabled = false;
  bool compare = false;      // also run the same seed without mutual aid, and report the difference
  int threshold_weeks = 52;  // patients waiting at least this long are offered a move
  int every_weeks = 4;       // how often offers are made
  // Destinations in the same region (scope "region"), else anywhere (scope "distance" or "anywhere"); always
  // within travel_km when it is given (a provider without a location is then never in reach).
  bool same_region = true;
  std::optional<double> travel_km;
  double min_advantage_weeks = 4;  // the destination's expected wait must be shorter by at least this
  double max_share_of_capacity =
      0.1;  // moves into a queue per offer round, as a share of its weekly capacity
  double acceptance = 0.5;
  std::array<double, 6> acceptance_by_imd_quintile{-1, -1, -1, -1, -1, -1};  // -1 = use `acceptance`
  std::array<double, data::kAgeBandCount> acceptance_by_age_band{-1, -1, -1, -1, -1, -1};
};

struct ProviderInfo {
  std::string code;  // an ODS code, or "merged:CODE1+CODE2+..." for a merged row of the provider months file
  std::string region;
  std::optional<double> lat, lon;
};

// What the real provider lists add about a provider (docs/simulation.md "Real provider lists").
struct ProviderDetail {
  std::string label;                      // the trust's name, or "merged group of N providers"
  std::vector<std::string> merged_codes;  // the codes a merged row holds (empty: one provider)
  std::string located_at;                 // the code whose location is used
  std::vector<std::string> flags;         // merged_provider_group, undercounted_specialty, unreported_months
  bool merged() const { return !merged_codes.empty(); }
};

struct QueueInfo {
  std::uint16_t provider = 0;
  std::uint16_t tfc = 0;
  double referrals_per_week = 0;  // baseline demand at the start
  double capacity_per_week = 0;   // baseline clock stops for treatment at the start (NHS core)
  double extra_per_week = 0;      // ring-fenced additions for the whole horizon (treatments per week)
};

// A surgical hub: extra ring-fenced treatments per week for one queue in steps first_step..last_step.
struct HubInfo {
  std::uint32_t queue = 0;
  double per_week = 0;
  int first_step = 0;
  int last_step = 0;
};

// A one-off validation sprint: in step `step`, each live pathway that has waited at least min_wait_weeks
// leaves with probability share.
struct ValidationSprint {
  int step = 0;
  double share = 0;
  int min_wait_weeks = 0;
};

struct InitialPatient {
  std::uint32_t queue;
  std::int32_t clock_start;  // day number
  Profile profile;
};

// What changes week by week, and what a replication of an uncertain scenario draws afresh.
struct WeeklyDrivers {
  // National multipliers on each queue's baseline (size = weeks): growth, seasonality, shocks, holidays.
  std::vector<double> referral_factor;
  std::vector<double> capacity_factor;
  // Extra national referrals per week (hidden demand returning), spread over queues by referral share.
  std::vector<double> extra_referrals;
  // Extra national treatments per week (independent sector net of staff overlap, extra activity), spread
  // over queues by capacity share.
  std::vector<double> independent_sector;
  RemovalHazard removal;
  std::vector<ValidationSprint> validation;
};

struct SimModel {
  std::string name;
  bool synthetic_population = true;
  std::string population_source;  // words for the output ("synthetic from ...", "patient list ...")
  Date start{};                   // the snapshot: step w covers days [start + 7w + 1, start + 7w + 7]
  int weeks = 0;
  std::vector<std::string> tfcs;
  std::vector<ProviderInfo> providers;
  std::vector<ProviderDetail> provider_details;  // empty, or one per provider (real provider lists)
  std::vector<QueueInfo> queues;
  std::vector<InitialPatient> initial;  // the waiting list at the start, any order

  WeeklyDrivers drivers;              // the midpoint (deterministic) drivers; replications may pass their own
  double urgent_reserve_share = 0.0;  // share of each queue's weekly capacity reserved for P1a/P1b patients
  std::vector<HubInfo> hubs;
  // Share of each week's (non-reserved) slots given by the calibrated pattern of clock stops rather than by
  // the policy: a pathway is picked with probability proportional to treat_weight[band of its wait] (the
  // aggregate model's fitted treatment hazard by band, docs/forecast.md). Real clock stops include many quick
  // non-admitted discharges whatever the list's order; 0 = the policy alone.
  double calibrated_share = 0.0;
  std::vector<double> treat_weight;  // by wait band (105)
  AliasTable referral_mix;           // joint attribute profile of new referrals (index = Profile)
  MutualAid mutual_aid;
  PolicyParams policy;
  int wait_estimate_weeks = 13;  // treated waits over the final weeks quoted as expected waits

  // The month of each step's first day, and whether the step contains that month's last day (it then closes
  // the month: the month-end snapshot is taken at the end of that step, at most 6 days after the month's
  // end).
  std::vector<YearMonth> step_month;
  std::vector<bool> month_end;
  std::vector<bool> snapshot_step;  // the step whose end is nearest a month's last day
  void finalise_calendar();
};

// Sorts a start list by queue, then clock start, keeping the order of ties: the order of std::stable_sort by
// (queue, clock start), by counting sorts on the clock start and then the queue (when the clock starts span
// no more days than about 4 per pathway; else a counting sort on the queue and a sort of each queue's part).
void sort_start_list(std::vector<InitialPatient>& list);

// What a replication needs to know of the start list before placing it, from one pass over it: a national
// list is 90 MB, so every pass costs tens of milliseconds, and a replication made four.
struct StartListShape {
  bool sorted = true;  // already in sort_start_list's order (queue, then clock start)
  // Queues + 1 entries: queue q's pathways are [first[q], first[q + 1]) in that order.
  std::vector<size_t> first;
  std::int32_t longest_wait_weeks = 0;  // on the list at the start (0 for an empty list)
};
StartListShape start_list_shape(const SimModel& m);

}  // namespace elective::sim
