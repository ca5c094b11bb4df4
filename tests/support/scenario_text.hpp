#pragma once
// Scenario texts for unit tests: a TOML text parsed as a scenario file of the source tree (so that `data =
// "data/..."` finds the bundled files), and the one-line error of something that must not run.
#include <string>

#include "core/error.hpp"
#include "plan/scenario.hpp"

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

// The message of the InputError that run() throws, or "" when it throws none.
template <typename Run>
std::string input_error_of(Run&& run) {
  try {
    run();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace elective::test
