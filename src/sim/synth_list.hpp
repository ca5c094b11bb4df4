#pragma once
// `elective synth-list`: the synthetic starting list a scenario would simulate, written as a ptl.csv
// (domain.md 5.2) that users can inspect, edit and feed back with `simulate --patients`. Identifiers are
// labelled SYNTHETIC so that the file can never be mistaken for real patient data.
#include <cstdint>
#include <optional>
#include <string>

#include "plan/scenario.hpp"
#include "sim/model.hpp"

namespace elective::sim {

// The model a scenario would simulate (synthesised list, no patient file).
SimModel prepare_synthetic_model(const plan::Scenario& scenario, std::optional<std::uint64_t> seed);

// The model's starting list as ptl.csv text.
std::string synthetic_list_csv(const SimModel& model);

}  // namespace elective::sim
