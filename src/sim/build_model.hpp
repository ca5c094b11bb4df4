#pragma once
// Turns a scenario into a SimModel. The shared keys go through src/plan exactly as the aggregate forecast
// reads them (prepare_baseline: the start list, calibrated flows and seasonality; build_drivers: monthly
// referrals and capacity with growth, hidden demand, extra activity, the independent sector and shocks), so
// the two models start from the same place and are driven by the same numbers. The [simulation] section adds
// the patient-level detail: providers and treatment functions, attribute mixes, capacity calendars, reneging,
// mutual aid and the policy.
#include <cstdint>
#include <optional>
#include <string>

#include "data/patient_list.hpp"
#include "plan/engine.hpp"
#include "plan/scenario.hpp"
#include "sim/config.hpp"
#include "sim/model.hpp"

namespace elective::sim {

// The population and queues (the expensive part, built once). `patients` may be null (synthesise the list
// from the start histogram). Synthesis is deterministic by `seed`.
SimModel build_model(const plan::Scenario& scenario, const SimConfig& config, const plan::Baseline& baseline,
                     const data::PatientList* patients, std::uint64_t seed);

// The weekly drivers of one draw of the scenario's uncertain inputs (plan::midpoint_draw for a deterministic
// run, plan::random_draw per replication otherwise).
WeeklyDrivers build_drivers(const SimModel& model, const plan::Scenario& scenario, const SimConfig& config,
                            const plan::Baseline& baseline, const plan::Draw& draw);

// The joint attribute mix of referrals (and of a synthesised list) from the [simulation.population] mixes.
std::vector<double> joint_profile_weights(const PopulationConfig& population);

}  // namespace elective::sim
