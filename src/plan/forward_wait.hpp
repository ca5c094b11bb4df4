#pragma once
// "How long will I wait, looking forward?" (issue 11, item 7; docs/forecast.md "Forward-looking waits"): for
// a patient referred at the start of the month after the latest data, the time until treatment starts at each
// provider of one specialty, from that provider x specialty's own calibrated forecast
// (plan/group_forecast.hpp)
// - beside the backward-looking figures of the same month (the waits of the patients whose clock stopped, and
// of the list), which is what My Planned Care shows.
//
// Method (follow_cohort): one patient's wait is followed through the group's projection. Each month the band
// model (flow/band_model.hpp) ages the list and shares the month's capacity across the bands; the patient
// sits in the bands the cohort has aged into and is treated with the share of those bands treated that month
// (the patients of one band are exchangeable). Other removals (validation, treatment elsewhere) are left out:
// the figure is the wait of a patient who stays on the list until treated. The cumulative share treated by
// each month end, linear within a month, gives the median and the 9-in-10 wait ("treatment started within");
// a share not reached by the horizon is reported as "more than" the horizon (censored).
//
// Uncertainty (calibration_range): the same figure from the group calibrated one and two months earlier (each
// projected from its own origin), the spread of the answer as the data move month to month. The provider
// back-test (docs/backtest.md "Provider level") states the list error of these forecasts.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/provider_reference.hpp"
#include "plan/engine.hpp"
#include "plan/scenario.hpp"

namespace elective::plan {

struct CohortWait {
  std::optional<double> median_weeks, p90_weeks;  // nullopt only when there is no projection at all
  bool median_censored = false;                   // not reached by the horizon: "more than median_weeks"
  bool p90_censored = false;
  double horizon_weeks = 0;
  // Share of the cohort treated by the end of each projected month (cumulative; index 0 = first month).
  std::vector<double> treated_by_month;
};

// Follows one patient referred at the start of drivers.front().month through the projection of `baseline`.
CohortWait follow_cohort(const Baseline& baseline, const std::vector<DriverMonth>& drivers);

// A place to measure distances from: "lat,lon", a provider code of the reference, or a postcode district or
// area ("DT1", "DT") placed at the mean location of the reference's providers whose postcode is in it.
struct Place {
  double lat = 0, lon = 0;
  std::string text;  // as given
  std::string how;   // "coordinates", "provider", "postcode_district", "postcode_area"
};
// InputError naming `what` (the option or parameter) when the text is none of those.
Place resolve_place(const std::string& text, const data::ProviderReference& reference,
                    const std::string& what);

// Great-circle distance in km (haversine, mean Earth radius 6,371 km).
double great_circle_km(double lat1, double lon1, double lat2, double lon2);

struct ForwardWaitQuery {
  std::string tfc = "C_999";            // a specialty code or name of the provider months file
  std::optional<std::string> provider;  // one provider (code or merged:... key): its row and its nearby list
  std::optional<std::string> near;      // Place text for the nearby list
  double within_km = 80;                // nearby radius
  std::size_t nearby_limit = 10;
};

// The wait estimate of every provider of the scenario's provider months start (start.data) for one specialty:
// the keys of stats::wait_estimate_json (backward-looking, estimated from month bins) and per provider
// "forward", plus "nearby" (null without a place). `reference` (providers.csv) gives names and locations; it
// may be null (no nearby list then). InputError for an unknown specialty, provider or place.
nlohmann::json forward_wait_estimate(const Scenario& scenario, const data::ProviderReference* reference,
                                     const ForwardWaitQuery& query);

// The scenario the forward waits use when none is given: providers-current-trends.toml's drivers (referrals
// +1.5% a year, removals +2.3% a year, five years) on `months_file`.
std::string current_trends_scenario_text(const std::string& months_file);

}  // namespace elective::plan
