#pragma once
// A forecast that starts from the diagnostics waiting list (DM01, data/diagnostics_dm01_provider.csv; issue
// 12): `start.data` names the DM01 file, optionally `start.provider` (an organisation code; default England,
// the sum of every provider) and `start.test` (a test ID 1-15, its published name or ALL; default ALL).
//
// The same band model as RTT (flow/band_model.hpp) runs on the DM01 list's own layout (core/band_layout.hpp:
// weekly bands w00 ... w12 and the open 13+). DM01 publishes the month-end list and the tests done, not the
// referrals, so the inflow is inferred (docs/forecast.md "Diagnostics (DM01) starts"):
//   referrals_t        = list_t - list_{t-1} + waiting-list tests_t   (floored at 0)
//   removals_treated_t = waiting-list tests_t (activity_waiting_list; planned and unscheduled tests are not
//                        on the waiting list), or, when more, the patients the month-end bands show left the
//                        list (some providers report no waiting-list tests while their lists turn over)
// so the inferred referrals are net of the list's other removals, which DM01 does not publish: the fitted
// other-removal share is 0 except in a month whose floor bites. The treatment hazard of each weekly band is
// fitted from how each band's patients left the list between consecutive month-ends (flow::fit_rates with one
// group of known removals and a subgroup per band), on the provider x test's own months.
#include "data/dm01.hpp"
#include "flow/calibrate.hpp"
#include "plan/scenario.hpp"
#include "stats/dm01_stats.hpp"

namespace elective::plan {

// Calibrates a DM01 start (the selection and start month of s.start; at most s.calibration.window_months
// transitions ending at the start). Scenario errors name their key (start.provider, start.test, start.month).
flow::Calibration dm01_calibration(const Scenario& s, const data::Dm01List& list);

// The observed months of a selection (month-end lists in the DM01 layout, inferred referrals and the
// waiting-list tests), ascending; the first month's referrals are unknown (0). For the back-test and tests.
std::vector<flow::ObservedMonth> dm01_observed_months(const data::Dm01List& list,
                                                      const std::optional<std::string>& provider,
                                                      const std::optional<std::string>& test);

// The same from the month rows of one selection (stats::dm01_query with a month breakdown, in month order).
std::vector<flow::ObservedMonth> dm01_months_from_rows(const std::vector<stats::Dm01StatsRow>& rows);

// The calibration window: consecutive months ending at `at`, at most `window_months` transitions; empty when
// `at` is not among the months.
std::vector<flow::ObservedMonth> dm01_window(const std::vector<flow::ObservedMonth>& months, YearMonth at,
                                             int window_months);

// Calibrates on the observed months given (at least two); `source` names the selection.
flow::Calibration dm01_calibrate_observed(const std::vector<flow::ObservedMonth>& months,
                                          const std::string& source);

// A target of a DM01 scenario re-read on the DM01 list: its threshold must be a band edge of weekly bands to
// 13+ ("95% within 6 weeks", "< 1% over 6 weeks", "0 over 13 weeks"); "over 18 weeks" is refused.
void check_dm01_targets(const Scenario& s);

}  // namespace elective::plan
