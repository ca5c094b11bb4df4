#pragma once
// Capacity from what it is made of (issue 16; docs/forecast.md "Capacity from its drivers"): the scenario's
// [capacity.workforce] and [capacity.beds] levers turned into clock stops a month.
//
//   medical FTE  M' = C (1+g_c)^(k/12) + add_c·s_c·phase  +  O (1+g_o)^(k/12) + add_d·s_d·phase
//   attendance   a  = (1 - r - Δ/100) / (1 - r)
//   capacity'       = capacity × (M'·a / (C + O))^β                       (β: the elasticity)
//                   + Σ_{trusts below L} (L - ratio)·expected·share_of_gap·phase_p × shape   (productivity)
//                   + freed·s_b·elective_share·clock_stops_per_bed × shape                     (beds)
//
// C and O are the scope's consultants and other doctors (HCHS doctors less consultants) in the workforce
// file's latest month, r its sickness absence rate over the absence file (days lost over days available),
// k the months since `from`, phase the linear ramp from `from` to `by`, s_c, s_d and s_b the scope's share of
// England's consultants, doctors and general and acute beds (FTE and beds amounts are England's). The scope
// is England, or the provider, ICB or region of the start or of a --by group. β defaults to the within-trust
// estimate ± its standard error (stats/capacity_elasticity.hpp); L is the peers' median or upper quartile of
// the standardised ratio, or a ratio (stats/productivity.hpp).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pcg_random.hpp>

#include "core/calendar.hpp"
#include "plan/scenario.hpp"

namespace elective::plan {

// Which organisations a baseline covers.
struct LeverScope {
  enum class Kind { england, provider, icb, region };
  Kind kind = Kind::england;
  std::string code;  // provider key ("RBD", "merged:A+B"), ICB or region code
  std::string label() const;
};

// A compared trust of the productivity comparison (its latest month).
struct ProductivityTrust {
  std::string key;
  double ratio = 0;     // standardised ratio: observed over expected clock stops
  double expected = 0;  // clock stops a month expected from its consultants and specialty mix
};

// The figures of one scope the levers need.
struct LeverContext {
  LeverScope scope;
  YearMonth workforce_month;
  double consultants = 0, other_doctors = 0;      // FTE of the scope
  double consultant_share = 1, doctor_share = 1;  // of England's
  double absence_rate = 0;                        // days lost over days available, the absence file's months
  double available_fte = 0;  // FTE available (days available ÷ days in month), its last month
  double beds_share = 1;     // of England's general and acute beds available
  double elasticity = 0, elasticity_se = 0;  // the data's estimate (β and its standard error)
  double clock_stops_per_bed = 0;            // the data's default (England's)
  std::vector<ProductivityTrust> trusts;     // compared trusts in the scope
  double peer_median = 1, peer_upper_quartile = 1;
  // The capacity added a month when the scope's trusts below `level` reach it.
  double productivity_added(double level) const;
};

// The England-wide figures, read once per run (the workforce, absence, beds, provider months and national
// files of the scenario's CapacitySources).
struct LeverData;
std::shared_ptr<const LeverData> read_lever_data(const Scenario& scenario);
// A scope's figures; throws a scenario error (naming start.provider etc.) when it has no doctors.
std::shared_ptr<const LeverContext> lever_context(const Scenario& scenario, const LeverData& data,
                                                  const LeverScope& scope);
// England's figures of a few quantities, for the docs' rules of thumb.
struct LeverNationalFigures {
  YearMonth workforce_month, absence_month;
  double total_fte = 0, doctors = 0, consultants = 0;
  double absence_available_fte = 0;  // FTE days available ÷ days, the absence file's last month
  double absence_rate = 0;
};
LeverNationalFigures national_figures(const LeverData& data);
// One sentence for the forecast's description: the scope's figures the levers start from, and England's
// rule of thumb (one point of absence in FTE).
std::string lever_description(const LeverContext& context, const LeverNationalFigures& england);

// One draw of the levers' uncertain inputs (the elasticity and clock stops per bed: a value given by the
// scenario, else a quantile of the data's default).
struct LeverDraw {
  double consultant_growth = 0, other_growth = 0, additional_doctors = 0, additional_consultants = 0;
  double absence_points = 0, share_of_gap = 1;
  std::optional<double> elasticity;  // given by the scenario
  double elasticity_u = 0.5;         // else this quantile of β ± its standard error
  double beds_freed = 0, elective_share = 1;
  std::optional<double> clock_stops_per_bed;
};
LeverDraw midpoint_lever_draw(const Scenario& scenario);
// Draws from its own stream, so that the scenario's other draws (and the model-error pick that follows
// them) are the same with or without the levers.
LeverDraw random_lever_draw(const Scenario& scenario, const pcg64& rng);

// The effect in month m: capacity × factor + added × the month's capacity shape.
struct LeverEffect {
  double factor = 1;
  double added = 0;
};
LeverEffect lever_effect(const Scenario& scenario, const LeverContext& context, const LeverDraw& draw,
                         YearMonth first, YearMonth month);

}  // namespace elective::plan
