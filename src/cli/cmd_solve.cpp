// `elective solve SCENARIO.toml --target "92% within 18 weeks by 2029-03" [--lever ...]`: the value of one
// capacity lever that just meets a target (docs/forecast.md "Solving"). Prints JSON.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "cli/command_registry.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "plan/levers.hpp"
#include "plan/solve.hpp"

namespace elective::cli {
namespace {

struct SolveOptions {
  std::string scenario;
  std::optional<std::string> target;
  std::string lever = "growth";
  std::string out;
};

void run(const SolveOptions& o) {
  const plan::Scenario scenario = plan::load_scenario(o.scenario);
  plan::RunOptions options;
  options.target = o.target;
  options.lever = o.lever;
  const plan::SolveResult result = plan::solve(scenario, options, Progress{});
  emit(json_text(result.to_json()), o.out);
}

const CommandRegistration registration("solve", [](CLI::App& app) {
  auto options = std::make_shared<SolveOptions>();
  auto* cmd = app.add_subcommand("solve", "Find the capacity lever value that meets a target (prints JSON)");
  cmd->add_option("scenario", options->scenario, "scenario file (.toml or .json)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--target", options->target,
                  "e.g. \"92% within 18 weeks by 2029-03\" (default: the scenario's first [[target]])");
  cmd->add_option("--lever", options->lever, "what to solve for (default growth): " + plan::lever_help());
  cmd->add_option("--out", options->out, "write the JSON to this file instead of stdout");
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
