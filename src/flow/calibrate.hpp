#pragma once
// Calibration of the band model from data (docs/forecast.md "Calibration").
//
// From consecutive months of observed waiting lists (month-end band histograms), completed pathways (in total
// and by groups of bands) and new RTT periods, for each month t after the first:
//   F_t       = age(list_{t-1}) + referrals_t spread over the month       (the band model's inflow)
//   F_{s,t}   = sum over the bands k of group s of F_{k,t}
//   N_{s,t}   = F_{s,t} - C_{s,t} - I_{s,t}          (other removals of group s: the residual, floored at 0)
//   r_{s,t}   = N_{s,t} / F_{s,t}                    (monthly other-removal share of group s)
//   h_{s,t}   = C_{s,t} / (F_{s,t} (1 - r_{s,t}))    (treatment hazard of group s)
// where C is completed pathways and I the month-end list, as NHSRtt's calibrate_capacity_renege_params does
// by month-waited bin; the rates are the means over t. With full histograms (provider extracts) groups can be
// as fine as the data support; the national series gives three groups (0-17, 18-51, 52+ weeks) from its
// completed pathways within 18 and over 52 weeks and its (reconstructed) list.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/band_layout.hpp"
#include "core/calendar.hpp"
#include "core/wait_bands.hpp"
#include "data/national_series.hpp"
#include "flow/band_model.hpp"
#include "flow/drivers.hpp"
#include "flow/reconstruct.hpp"

namespace elective::flow {

struct ObservedMonth {
  YearMonth month;
  WaitHistogram list;  // month-end incomplete pathways (105 bands)
  double referrals = 0;
  double completed = 0;  // all completed pathways (admitted + non-admitted), used as capacity
  // Completed pathways by band group (groups start at CalibrationInput::group_starts); may be empty for the
  // first month.
  std::vector<double> completed_by_group;
};

struct RateFit {
  BandRates rates;
  double other_rate = 0;                 // mean monthly other-removal share of the whole inflow
  std::vector<double> group_hazard;      // mean monthly treatment hazard per group (treat_weight values)
  std::vector<double> group_other_rate;  // mean monthly other-removal share per group (other_rate values)
  std::vector<double> group_trend;       // log change of the group's relative hazard per month (0: none)
  std::vector<int> subgroup_starts;      // the band groups of group_hazard / group_other_rate
  int months_used = 0;
};

// group_starts: first band of each group whose completed pathways are known, ascending from 0 (e.g. {0, 18,
// 52}). subgroup_starts (optional, a refinement of the groups, e.g. {0, 18, 52, 65, 78, 104}): finer band
// groups whose rates are fitted separately; a group's completed pathways are shared over its subgroups in
// proportion to each subgroup's total removals (F - I), which the month-end lists give. This is what lets the
// national model see that waits over 65 and 78 weeks were cleared much faster than waits of 52-64 weeks.
// Options of fit_rates (DynamicsOptions explains each).
struct RateFitOptions {
  std::vector<BandRates::Tail> tails;  // state-dependent tails; their reference shares are filled in
  double half_life_months = 0;         // > 0: months further back count less (weight halves every half-life)
  bool hazard_trend = false;           // fit time-varying hazards for subgroups from trend_from_band
  int trend_from_band = 0;
  double trend_damping = 0.8;
  double trend_cap = 0.05;
};
RateFit fit_rates(const std::vector<ObservedMonth>& months, const std::vector<int>& group_starts,
                  std::vector<int> subgroup_starts = {}, RateFitOptions options = {});

// Calendar-month factors (index 0 = January) with mean 1: value in that month / centred 12-month mean.
using Seasonality = std::array<double, 12>;
Seasonality flat_seasonality();

struct FitError {
  int months = 0;
  double list_mape = 0;  // mean |model - actual| / actual of the list size
  double list_max_ape = 0;
  double pct_within_18_mae = 0;  // mean |model - actual| of % within 18 weeks (fraction 0-1)
  double pct_within_18_max_ae = 0;
};

// Choices of the dynamics (how the national lists are rebuilt and how clock stops spread over waits), made on
// the rolling back-test (docs/backtest.md "What each choice is worth").
struct DynamicsOptions {
  // Month-end lists assimilated from the flows and the headline figures (flow/assimilate.hpp) rather than
  // interpolated between the published points.
  bool assimilate = true;
  // Completed pathways are published by their wait at the clock stop; a stop within 18 weeks during the month
  // would have been up to D/7 weeks older at month end. Their groups are therefore matched to month-end waits
  // under 20 weeks, 20-53 weeks and 54 weeks or more (18 and 52 plus half a month).
  bool stop_time_groups = true;
  // Months further back count less in the pooled rates: a month's weight halves every half_life_months.
  double half_life_months = 4;
  // Time-varying hazards: the hazard of each subgroup of waits of at least trend_from_band weeks, relative to
  // the month's overall hazard, follows its log-linear trend over the window (moved to the last month, then
  // extended with the given per-month damping; slopes capped at +-trend_cap a month). This is how the
  // long-wait milestones show in the data: trusts cleared the longest waits ever faster.
  bool long_wait_trend = true;
  int trend_from_band = 52;
  double trend_damping = 0.8;
  double trend_cap = 0.05;
  // While an 18-week target is being pursued, the treatment weights of waits of 18 weeks or more scale with
  // (share of the list over 18 weeks / its calibration-window share)^-elasticity: a roughly fixed effort to
  // treat patients before or soon after 18 weeks is spread over more patients as that tail grows, and over
  // fewer as it shrinks (what turned 92% in 2016 into 84% by 2019 as the list grew).
  double eighteen_week_elasticity = 0.5;
  bool eighteen_week_target = true;  // whether an 18-week target is pursued (callers decide; see engine)
};

// A calibrated starting point for projections.
struct Calibration {
  std::string source;
  YearMonth month;  // the start month (end of the calibration window)
  int window_months = 12;
  WaitHistogram list;  // month-end list at `month`
  RateFit fit;
  double referrals_per_month = 0;       // mean over the window
  double capacity_per_month = 0;        // mean completed pathways over the window
  double other_removals_per_month = 0;  // mean other removals (the residual) over the window
  Seasonality referral_seasonality = flat_seasonality();
  Seasonality capacity_seasonality = flat_seasonality();
  std::optional<ReconstructionError> reconstruction;  // when the start list was reconstructed
  FitError in_sample;                                 // the model re-run over the window with actual flows
  std::optional<DriverFit> drivers;                   // the driver forecast (national starts)
};

// National monthly figures read from the RTT Overview Timeseries.
struct NationalMonth {
  YearMonth month;
  HeadlineFigures headline;
  std::optional<double> referrals;  // new RTT periods (from 2015-10)
  std::optional<double> completed;  // admitted + non-admitted pathways
  std::optional<double> completed_within_18, completed_over_52;
  std::optional<double> pct_within_18_weeks;
  // NHS England's "with estimates for missing data" versions (equal to the reported ones when every trust
  // submitted; each falls back to the reported figure when not published). The median and 92nd percentile
  // have no such version: the reported ones are used.
  HeadlineFigures headline_est;
  std::optional<double> pct_within_18_weeks_est;
  std::optional<double> referrals_est, completed_est;
};
std::vector<NationalMonth> national_months(const data::NationalSeries& series);

// Observed months built from the national series (reconstructed lists).
ObservedMonth observed_from_national(const NationalMonth& month);
// The same on the "with estimates for missing trusts" basis (list reconstructed from the estimated headline
// figures, flows from the _est columns): coverage-consistent from month to month.
ObservedMonth observed_with_estimates(const NationalMonth& month);

// Calibrates on the `window` months ending at `at` (needs window + 1 months with referrals and completed
// pathways). Throws InputError naming the month when data are missing.
Calibration calibrate_national(const std::vector<NationalMonth>& months, YearMonth at, int window = 12,
                               const DriverOptions& drivers = {}, const DynamicsOptions& dynamics = {});

// Calibrates from observed months with full histograms (provider extracts). With a single month the treatment
// hazard is estimated as completed / (list + completed) per band group and the other-removal share must be
// given (other_rate_if_single).
Calibration calibrate_histograms(const std::vector<ObservedMonth>& months,
                                 const std::vector<int>& group_starts, double other_rate_if_single,
                                 const std::string& source);

// Seasonal factors of a monthly series (ignoring months in the COVID-19 disruption, 2020-03..2021-06).
Seasonality seasonal_factors(const std::vector<YearMonth>& months,
                             const std::vector<std::optional<double>>& values);

// Runs the model over observed months from the first list with the observed referrals and completed volumes.
// The share error is at `list`'s standard (RTT: 18 weeks; DM01: 6 weeks on its own bands), kept in the
// pct_within_18_* fields whatever the list.
FitError replay_error(const std::vector<ObservedMonth>& months, const BandRates& rates,
                      const std::vector<std::optional<double>>& actual_pct_within_18 = {},
                      const ListDefinition& list = rtt_list());

}  // namespace elective::flow
