#pragma once
// The policy registry: the one vocabulary for who is treated next, from the scenario file to both engines.
// `[policy] removal_rule` (the aggregate forecast, src/flow) and `[simulation] policy` / `--policy` (the
// patient-level simulation, src/sim) name entries of this table; each entry says which engine implements it.
// CLI help, "expected one of ..." messages, GET /api/policies and the dashboard's choices all read it.
//
// Adding a policy: an enumerator and an entry here, and its implementation in the engine(s) it names
// (src/sim/policy.cpp PolicyKeys for the simulation, src/flow/band_model.cpp BandModel::step for the
// forecast).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/registry.hpp"

namespace elective {

enum class PolicyKind : std::uint8_t {
  calibrated,
  in_turn,
  clinical_priority,
  long_waits_first,
  equity,
  weighted
};

enum class Engine : std::uint8_t {
  forecast,   // the aggregate stock-and-flow model by wait band (elective forecast / solve / backtest)
  simulation  // the patient-level simulation (elective simulate)
};

struct Policy {
  PolicyKind value;
  std::string_view name;    // what users write
  std::string_view label;   // a short title for people (dashboard choices)
  std::string_view help;    // one or two sentences: what it does
  bool forecast = false;    // implemented by the forecast engine ([policy] removal_rule, backtest --rule)
  bool simulation = false;  // implemented by the simulation ([simulation] policy, simulate --policy)
  std::vector<Parameter> parameters;

  bool supports(Engine engine) const { return engine == Engine::forecast ? forecast : simulation; }
};

inline const std::vector<Policy>& policies() {
  static const std::vector<Policy> table = {
      {PolicyKind::calibrated,
       "calibrated",
       "As now (calibrated from recent data)",
       "Capacity is shared across wait bands in proportion to the treatment pattern fitted to recent data "
       "(urgent and short-wait clock stops as they have been). In the simulation, [policy] calibrated with "
       "no "
       "[simulation] policy means clinical_priority with every slot following that pattern.",
       true,
       false,
       {}},
      {PolicyKind::in_turn,
       "in_turn",
       "Treat in turn (longest waits first, after urgent patients)",
       "A share of capacity still follows the calibrated (clinical priority) pattern; the rest treats "
       "patients "
       "strictly in clock-start order. The simulation keeps P1a/P1b patients apart only so that a reserve "
       "can "
       "serve them.",
       true,
       true,
       {{"urgent_share", "[policy] urgent_share",
         "forecast: share of capacity still following the calibrated pattern, 0-1 (default 0.5)"},
        {"calibrated_share", "[simulation] calibrated_share",
         "simulation: share of slots following the calibrated pattern, 0-1 (default [policy] urgent_share "
         "when [simulation] names no policy, else 0)"}}},
      {PolicyKind::clinical_priority,
       "clinical_priority",
       "Clinical priority, then in turn",
       "Earliest due date first: clock start plus the clinically appropriate window of the patient's "
       "priority "
       "code (P1a 1 day ... P4 91 days), then in turn.",
       false,
       true,
       {{"due_days", "[simulation] due_days",
         "days from clock start to the due date, by priority code (P1a = 1, P1b = 3, P2 = 28, P3 = 91, "
         "P4-P6 = 365, none = 126)"}}},
      {PolicyKind::long_waits_first,
       "long_waits_first",
       "Long waits first",
       "Waits at or over the threshold are treated first, longest first; the rest as the calibrated pattern "
       "(forecast) or by clinical priority (simulation).",
       true,
       true,
       {{"long_wait_threshold_weeks", "[policy] / [simulation] long_wait_threshold_weeks",
         "weeks from which a wait counts as long (default 52)"},
        {"urgent_share", "[policy] urgent_share",
         "forecast: share of capacity still following the calibrated pattern, 0-1 (default 0.5)"},
        {"due_days", "[simulation] due_days", "as for clinical_priority"}}},
      {PolicyKind::equity,
       "equity",
       "Equity-weighted (more deprived areas earlier)",
       "As clinical priority, but the wait of a patient from IMD quintile q counts (1 + w (3 - q) / 2) "
       "times, "
       "so that people from more deprived areas are treated earlier.",
       false,
       true,
       {{"equity_weight", "[simulation] equity_weight", "the weight w, 0-2 (default 0.3)"},
        {"due_days", "[simulation] due_days", "as for clinical_priority"}}},
      {PolicyKind::weighted,
       "weighted",
       "Weighted (priority, wait and deprivation)",
       "Highest score first: wait weeks x wait + priority x urgency (P1a 1 ... P4 0.25) + deprivation x "
       "(5 - IMD quintile) / 4 + under_18 x [aged under 18]; every term is in weeks of wait.",
       false,
       true,
       {{"wait", "[simulation.weights] wait", "weight of each week waited (default 1)"},
        {"priority", "[simulation.weights] priority", "weeks of wait an urgency of 1 is worth (default 20)"},
        {"deprivation", "[simulation.weights] deprivation",
         "weeks of wait the most deprived quintile is worth (default 4)"},
        {"under_18", "[simulation.weights] under_18", "weeks of wait being under 18 is worth (default 4)"}}},
  };
  return table;
}

const Policy& policy_info(PolicyKind kind);
std::string_view policy_name(PolicyKind kind);
// The policy named `name` if `engine` implements it.
std::optional<PolicyKind> parse_policy(std::string_view name, Engine engine);
// "calibrated, in_turn or long_waits_first": the names an engine accepts.
std::string policy_names(Engine engine);
// "in_turn (Treat in turn ...), ...": for command-line help.
std::string policy_help(Engine engine);
// GET /api/policies: [{"name", "label", "help", "engines": ["forecast", "simulation"], "parameters": [...]}]
nlohmann::json policies_json();

}  // namespace elective
