#pragma once
// The stock-and-flow model by weekly wait band (docs/forecast.md). State: the month-end waiting list as
// counts in the 105 weekly bands NHS England publishes (band 104 = "104+ weeks", open), or in the weekly
// bands of any other list (DM01: 14 bands, band 13 = "13+ weeks"). One step is one
// calendar month of D days:
//   1. ageing: every band moves on D/7 weeks; a band is uniform within its week, so it splits between two
//      destination bands in proportion (the open top band keeps everything that reaches it);
//   2. referrals: the month's new clock starts arrive evenly over its D days, so at month end they fill bands
//      0 .. D/7 evenly;
//   3. other removals (reneges, validation, unreported removals): a band-specific monthly share of each band;
//   4. treatment (clock stops): the month's capacity, shared across bands by the removal rule, never more
//   than
//      a band holds; capacity beyond the whole list is unused;
//   5. one-off validation: a share of every band removed (counted as other removals).
// Patients are conserved exactly: list_after = list_before + referrals - treated - other.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/policies.hpp"
#include "core/wait_bands.hpp"

namespace elective::flow {

inline constexpr int kBands = kCurrentTopBand + 1;  // 105 weekly bands, the last open

// How total treatment capacity is shared across bands (docs/forecast.md "Removal rules"): the policies of the
// registry (core/policies.hpp) that name the forecast engine.
//   calibrated        in proportion to band-specific treatment weights fitted to data (NHSRtt method)
//   in_turn           a priority share by the calibrated pattern, the rest strictly oldest clock start first
//   long_waits_first  a priority share by the calibrated pattern, the rest to bands >= threshold oldest
//                     first, any remainder by the calibrated pattern
using RemovalRule = PolicyKind;

struct AllocationPolicy {
  RemovalRule rule = RemovalRule::calibrated;
  double urgent_share = 0.5;  // in_turn / long_waits_first: capacity kept for the calibrated pattern
  int long_wait_threshold_weeks = 52;
};

// Band-specific rates of the model.
struct BandRates {
  // Relative propensity of a waiting patient in band k to be treated this month (any positive scale).
  std::vector<double> treat_weight = std::vector<double>(kBands, 1.0);
  // Share of band k removed for reasons other than treatment each month (0-1).
  std::vector<double> other_rate = std::vector<double>(kBands, 0.0);
  // When >= 0: the month's other removals total other_share x (list + referrals), shared across bands in
  // proportion to other_rate[k] x band k (never more than a band holds). The national data pin the total well
  // (the residual of the published flows) but the band pattern only roughly, so calibration uses this form.
  double other_share = -1;
  // State-dependent hazards (docs/forecast.md "Dynamics"): for each tail (waits of at least `from_band`
  // weeks) the treatment weights of its bands are multiplied by (s / reference_share)^-elasticity, where s is
  // the tail's share of the month's waiting patients. A roughly fixed effort aimed at a tail is spread over
  // more patients as the tail grows and fewer as it shrinks.
  struct Tail {
    int from_band = 18;
    double reference_share = 0;  // the tail's share over the calibration window
    double elasticity = 0;
  };
  std::vector<Tail> tails;
  // Time-varying hazards: band k's weight is multiplied by exp(treat_trend[k] x sum_{j=1..h} damping^j) in
  // the h-th month of a projection (empty: constant).
  std::vector<double> treat_trend;
  double trend_damping = 0.9;
};

// What drives one month.
struct MonthDrivers {
  int days = 30;                   // days in the month
  double referrals = 0;            // new clock starts in the month
  double capacity = 0;             // treatments (clock stops) available in the month
  double other_rate_factor = 1.0;  // multiplier on BandRates::other_rate
  double validation_share = 0;     // one-off: share of the month-end list removed
  // When >= 0: the month's other removals are this many pathways (shared across bands by the calibrated
  // pattern, never more than a band holds) instead of a share of the list.
  double other_volume = -1;
  // When >= 0: the month's other-removal share of its inflow (list + referrals), replacing
  // BandRates::other_share (the driver forecast lets it drift).
  double other_share = -1;
  int months_ahead = 0;  // h: the month's position in the projection (for time-varying hazards)
};

struct MonthFlows {
  double referrals = 0;
  double treated = 0;
  double other = 0;
};

// Scratch space of allocate_proportional, kept between calls so that a call allocates nothing.
struct AllocationScratch {
  std::vector<std::uint32_t> band;
  std::vector<double> demand, room;
};

// Reusable workspace so that a step allocates nothing (a projection is run 10,000 times in Monte Carlo).
// The model runs on any list of weekly bands whose last band is open (core/band_layout.hpp: RTT's 105 bands
// to "104+", DM01's 14 to "13+"): its band count is the size of the rates' vectors, which the calibration
// sizes from the observed lists.
class BandModel {
 public:
  BandModel(BandRates rates, AllocationPolicy policy);

  // Advances `list` (size band_count()) by one month in place.
  MonthFlows step(std::vector<double>& list, const MonthDrivers& month);

  const BandRates& rates() const { return rates_; }
  const AllocationPolicy& policy() const { return policy_; }
  size_t band_count() const { return bands_; }
  // The last step by band, for following a cohort through a projection (plan/forward_wait.hpp): the list
  // aged with the month's referrals, what was left of it after other removals, and what was treated of that.
  const std::vector<double>& last_arrived() const { return inflow_; }
  const std::vector<double>& last_available() const { return avail_; }
  const std::vector<double>& last_treated() const { return treated_; }

 private:
  BandRates rates_;
  AllocationPolicy policy_;
  size_t bands_;
  std::vector<double> inflow_, avail_, treated_, weight_;
  AllocationScratch scratch_;
  // The per-thread cache of trend-adjusted weights this model last checked its rates against
  // (band_model.cpp).
  const void* trend_cache_ = nullptr;
  std::uint64_t trend_generation_ = 0;
  const std::vector<double>& trend_weights(int months_ahead);
  // The treatment weights of this month (state-dependent when rates_.tails is not empty).
  const std::vector<double>& month_weights(int months_ahead);
};

// Ageing and arrival, exposed for calibration: `out` = list aged by `days` plus `referrals` spread over the
// month's bands (out has the list's size: any weekly layout, the last band open).
void age_and_admit(const std::vector<double>& list, int days, double referrals, std::vector<double>& out);

// Shares `capacity` across bands in proportion to weight[k]*avail[k], never giving a band more than avail[k]
// - already[k]; adds to `already`. Returns what was allocated (less than capacity only when every band is
// empty).
double allocate_proportional(double capacity, const std::vector<double>& weight,
                             const std::vector<double>& avail, std::vector<double>& already);
// The same with the caller's scratch space (the call above keeps one per thread).
double allocate_proportional(double capacity, const std::vector<double>& weight,
                             const std::vector<double>& avail, std::vector<double>& already,
                             AllocationScratch& scratch);

}  // namespace elective::flow
