// `elective synth-list SCENARIO.toml`: writes the synthetic patient-level starting list of a scenario as a
// ptl.csv (docs/simulation.md "Synthetic lists"), deterministic by seed, so users can see and edit it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "cli/command_registry.hpp"
#include "data/atomic_file.hpp"
#include "plan/scenario.hpp"
#include "sim/synth_list.hpp"

namespace elective::cli {
namespace {

struct SynthListOptions {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::string out;
};

const CommandRegistration registration("synth-list", [](CLI::App& app) {
  auto options = std::make_shared<SynthListOptions>();
  auto* cmd = app.add_subcommand("synth-list",
                                 "Write the SYNTHETIC patient-level starting list of a scenario as "
                                 "ptl.csv (docs/simulation.md)");
  cmd->add_option("scenario", options->scenario, "scenario file (.toml or .json)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--seed", options->seed, "random seed (default: [simulation] seed, else the scenario's)");
  cmd->add_option("--out", options->out, "output CSV file (default: standard output)");
  cmd->callback([options] {
    const plan::Scenario scenario = plan::load_scenario(options->scenario);
    const sim::SimModel model = sim::prepare_synthetic_model(scenario, options->seed);
    emit(sim::synthetic_list_csv(model), options->out);
  });
});

}  // namespace
}  // namespace elective::cli
