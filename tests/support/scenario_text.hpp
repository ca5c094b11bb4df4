#pragma once
// Scenario texts for unit tests: a TOML text parsed as a scenario file of the source tree (so that `data =
// "data/..."` finds the bundled files); input_error_of (support/input_error.hpp) for the one-line error.
#include <string>

#include "plan/scenario.hpp"
#include "support/input_error.hpp"

namespace elective::test {

inline const std::string kSourceDir = ELECTIVE_SOURCE_DIR;

// The smallest scenario that runs: the national time series from July 2024 to July 2029 (6 lines).
inline const std::string kMinimalScenario = R"([start]
month = "2024-07"
data = "data/rtt_national_timeseries.csv"
[horizon]
until = "2029-07"
)";

inline plan::Scenario parse_toml_scenario(const std::string& text, const std::string& file = "test.toml") {
  return plan::parse_scenario(text, plan::ScenarioSyntax::toml, file, kSourceDir);
}

}  // namespace elective::test
