// `elective forecast SCENARIO.toml`: the calibrated stock-and-flow projection of a scenario
// (docs/forecast.md), as a text headline + table, CSV or JSON, optionally with Monte Carlo uncertainty and an
// HTML report.
#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/table.hpp"
#include "plan/forecast.hpp"
#include "report/forecast_report.hpp"

namespace elective::cli {
namespace {

struct ForecastOptions {
  std::string scenario;
  OutputOptions output;  // --format, --out DIR (the report)
  std::optional<int> samples;
  std::optional<std::uint64_t> seed;
};

void run(const ForecastOptions& o) {
  const Format format = o.output.format();
  const plan::Scenario scenario = plan::load_scenario(o.scenario);
  plan::RunOptions options;
  options.samples = o.samples;
  options.seed = o.seed;
  const plan::ForecastResult result = plan::forecast(scenario, options, Progress{progress_line("forecast")});
  std::string content;
  switch (format) {
    case Format::json:
      content = json_text(result.to_json());
      break;
    case Format::csv:
      content = report::forecast_csv(result);
      break;
    case Format::table:
      content = report::forecast_text(scenario, result);
      break;
  }
  if (!o.output.out().empty()) o.output.write_folder(report::forecast_report_files(scenario, result));
  o.output.write(content);
}

const CommandRegistration registration("forecast", [](CLI::App& app) {
  auto options = std::make_shared<ForecastOptions>();
  auto* cmd = app.add_subcommand(
      "forecast", "Project the waiting list of a scenario (stock-and-flow model by wait band)");
  cmd->add_option("scenario", options->scenario, "scenario file (.toml or .json; see docs/scenarios.md)")
      ->required()
      ->check(CLI::ExistingFile);
  options->output.add_to(*cmd, OutTarget::folder,
                         "also write index.html, months.csv and forecast.json into this folder");
  cmd->add_option("--samples", options->samples,
                  "Monte Carlo samples over the scenario's ranges (0: deterministic)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--seed", options->seed,
                  "seed of the Monte Carlo samples (default: the scenario's, else 1)");
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
