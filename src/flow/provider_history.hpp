#pragma once
// The monthly history of every group of the provider months file (data/provider_months.hpp) - a provider, a
// provider x specialty, an ICB or a region, or England as the sum of the file - as the observed months the
// band model is calibrated on (flow/calibrate.hpp), so that each group is calibrated on its own history.
//
// - Groups and their figures are those of `elective stats` on the file (stats/provider_stats.hpp, one query
//   per type): merged rows stay a "merged:..." group, never a trust; an ICB or region gets a merged group
//   only when all its codes share it.
// - Month-end lists and completed pathways in weekly bands are estimated from the month bins
//   (stats/month_bin_estimate.hpp): bands 0-51 and an open 52+ band, held in band 52 of a 105-band list.
//   Figures in weeks are therefore estimates, and over 65/78/104 weeks are not known.
// - The months a group is calibrated on are the consecutive months ending at the origin with a list (a
//   provider that has not reported, or not yet reported, has none); a group with fewer than
//   kMinCalibrationMonths of them is not calibrated (short history).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"
#include "flow/calibrate.hpp"
#include "stats/provider_stats.hpp"

namespace elective::flow {

// Band groups whose treatment hazards and other-removal shares are fitted separately on month-bin lists:
// the weekly estimate ends in an open 52+ band, so there is no group beyond it.
const std::vector<int>& month_bin_hazard_groups();

// Months (the origin included) a group needs to be calibrated: two monthly transitions.
inline constexpr std::size_t kMinCalibrationMonths = 3;

// Caveats of the source touching a group (the names `elective stats` uses for the same caveats).
inline constexpr const char* kFlagMerged = "merged_provider_group";
inline constexpr const char* kFlagUndercounted = "undercounted_specialty";
inline constexpr const char* kFlagUnreported = "unreported_months";
inline constexpr const char* kFlagShortHistory = "short_history";
inline constexpr const char* kFlagTransfersIn = "inflow_beyond_referrals";

struct GroupSeries {
  // What the group is (only the levels it is grouped by are set; specialty is "Total" unless by specialty).
  std::optional<std::string> provider, provider_name, icb, icb_name, region, region_name;
  std::string tfc = "C_999";
  std::string specialty = "Total";
  std::vector<ObservedMonth> months;  // one per month of the file, ascending (empty list: none reported)
  bool merged = false;                // holds a merged row (several providers under one name)
  bool undercounted = false;          // completed pathways by specialty undercount in some month
  bool unreported = false;            // a member provider-month is possibly not reported (a zero list)

  // The group's name for messages and sorting ("RBD / Total", "QSL / Trauma and Orthopaedic").
  std::string label() const;
  // The data caveats as flag names, in a fixed order (short history is the caller's).
  std::vector<std::string> flags() const;
  // Index of the first of the consecutive months ending at `last` with a list (== last + 1 when month `last`
  // has none).
  std::size_t first_listed(std::size_t last) const;
};

// Every group of `by` (provider, icb, region, specialty; month is not allowed; empty = England, the file's
// sum), in key order. `reference` is needed for icb and region.
std::vector<GroupSeries> provider_group_series(const data::ProviderMonths& file,
                                               const data::ProviderReference* reference,
                                               const std::vector<stats::ProviderBreakdown>& by);

// Index of `month` in the file's months (the series' months), or nullopt.
std::optional<std::size_t> month_index(const std::vector<YearMonth>& months, YearMonth month);

// The group calibrated on at most window + 1 listed months ending at month index `origin`; nullopt when it
// has fewer than kMinCalibrationMonths (short history). Seasonality is flat: nine months cannot give it.
//
// Many providers (independent-sector ones above all) complete more pathways than they start while their list
// holds: they treat patients transferred from other providers, whose clocks started elsewhere and are not
// their new RTT periods. The residual other removals (list before + new periods - completed - list after)
// are then negative over the window. Floored at zero, as the band model must, that inflow would be lost and
// the list would empty within months; instead the window's mean net inflow is added to every month's new
// periods (`added_inflow_per_month`, flagged inflow_beyond_referrals) and other removals are zero. Transfers
// between providers net out in England's total.
struct GroupCalibration {
  Calibration calibration;
  double added_inflow_per_month = 0;
};
std::optional<GroupCalibration> calibrate_group(const GroupSeries& group, std::size_t origin, int window);

}  // namespace elective::flow
