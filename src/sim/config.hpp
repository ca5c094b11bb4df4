#pragma once
// The [simulation] section of a scenario (docs/simulation.md): everything patient-level. The shared keys
// ([start], [horizon], [referrals], [capacity], [[shock]], [validation], [policy], [[target]]) are parsed by
// src/plan into plan::Scenario; this file validates [simulation] from the same document, with the same reader
// (plan/table_reader.hpp) and message format, and resolves the files it names through the scenario's
// DataSource (the one path policy).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "data/data_source.hpp"
#include "data/patient_list.hpp"
#include "plan/document.hpp"
#include "plan/scenario.hpp"
#include "sim/model.hpp"

namespace elective::sim {

// Attribute mixes (shares; normalised when used). Defaults are documented in docs/simulation.md.
struct AttributeMix {
  std::array<double, data::kPriorityCount> priority{};
  std::array<double, data::kEthnicGroupCount> ethnicity{};
  std::array<double, data::kAgeBandCount> age{};
  bool has_priority = false, has_ethnicity = false, has_age = false;
};

struct PopulationConfig {
  std::optional<data::DataRef> patients;  // a ptl.csv (resolved by the scenario's DataSource)
  bool skip_invalid = false;
  // The real provider x specialty lists (docs/simulation.md "Real provider lists"): `from` names the provider
  // months file, `providers` (as a file name) the provider reference for regions and locations.
  std::optional<data::DataRef> lists_from;
  std::optional<data::DataRef> provider_reference;
  int flow_months = 3;                // referrals and clock stops: the mean of the latest reported months
  double tail_mean_weeks = 5.0;       // m12_plus: mean wait past the bin's first day (exponential)
  int providers = 1;                  // synthetic providers when [[simulation.provider]] is absent
  int regions = 7;                    // synthetic providers are spread over this many regions
  double provider_size_cv = 0.5;      // spread of synthetic provider sizes (lognormal)
  double provider_pressure_cv = 0.1;  // spread of capacity relative to demand between synthetic providers
  std::vector<std::pair<std::string, double>> tfc_mix;  // report row -> share
  std::optional<data::DataRef> tfc_mix_from;            // RTT Full CSV whose Part_2 rows give the mix
  std::array<double, 10> imd_decile{};
  std::array<double, data::kSexCount> sex{};
  AttributeMix mix;                                 // overall
  std::array<AttributeMix, 6> mix_by_imd_quintile;  // overrides for quintile 1..5 (index 0 unused)
};

struct ProviderConfig {
  std::string code;
  std::string region;
  std::optional<double> lat, lon;
  double size = 1.0;  // relative size (share of referrals, capacity and list) when flows are not given
  std::optional<double> referrals_per_week, capacity_per_week;
  std::vector<std::pair<std::string, double>> tfc_mix;
};

struct HubConfig {
  std::string key;  // "simulation.hub[i]", for messages
  std::string provider;
  std::string tfc;
  double per_week = 0;
  std::optional<Date> from, until;
};

struct StrikeConfig {
  Date from{}, until{};  // inclusive
  double capacity_loss = 0;
};

struct SimConfig {
  std::string source;  // scenario file, for messages
  std::optional<PolicyKind> policy;
  std::optional<int> replications;
  std::optional<int> threads;
  std::optional<std::uint64_t> seed;
  PolicyParams policy_params;
  bool long_wait_threshold_set = false;
  int wait_estimate_weeks = 13;
  double urgent_reserve_share = 0;
  std::optional<double> calibrated_share;
  double christmas_factor = 1.0;  // capacity in weeks overlapping 24 Dec - 1 Jan
  double bank_holiday_factor =
      1.0;  // capacity in a week with an English bank holiday (per holiday: 1 - (1-f))
  std::vector<StrikeConfig> strikes;
  std::vector<HubConfig> hubs;
  PopulationConfig population;
  std::vector<ProviderConfig> providers;
  // Removals other than treatment.
  std::vector<std::pair<double, double>> renege_shape{{0, 1.0}};  // (from wait week, relative hazard)
  bool renege_shape_calibrated = false;  // shape = "calibrated": the aggregate model's band pattern
  std::optional<std::vector<std::pair<double, double>>> renege_weekly_rate;  // absolute weekly hazards
  std::array<double, 6> renege_imd_multiplier{1, 1, 1, 1, 1, 1};
  std::array<double, data::kAgeBandCount> renege_age_multiplier{1, 1, 1, 1, 1, 1};
  std::vector<int> validation_at_weeks;
  int validation_every_weeks_after = 0;
  double validation_removal_share = 0;
  MutualAid mutual_aid;
};

// Validates the scenario's [simulation] section (absent: all defaults). Throws InputError
// "file:line:column: simulation.key: what was expected".
SimConfig parse_sim_config(const plan::Scenario& scenario);
// The same for a document's [simulation] section, resolving the files it names with `data`.
SimConfig parse_sim_config(const plan::Document& document, const data::DataSource& data);

}  // namespace elective::sim
