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
#include "plan/cancer_forecast.hpp"
#include "plan/dm01_groups.hpp"
#include "plan/forecast.hpp"
#include "plan/group_forecast.hpp"
#include "report/forecast_report.hpp"

namespace elective::cli {
namespace {

struct ForecastOptions {
  std::string scenario;
  OutputOptions output;  // --format, --out DIR (the report)
  std::optional<int> samples;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> by;  // every group of a provider months start (plan/group_forecast.hpp)
  int threads = 0;                // samples and --by groups on this many threads; 0: one per core
};

// --by names the groups of the provider months file (provider, specialty, icb, region) or of the DM01 file
// (provider, test, region); which applies is known once the scenario is read.
void check_by(const std::string& by) {
  try {
    plan::parse_group_by(by);
  } catch (const InputError& rtt) {
    try {
      plan::parse_dm01_group_by(by);
    } catch (const InputError&) {
      throw InputError(std::string(rtt.what()) + "; with the DM01 file: provider, test, region");
    }
  }
}

// --by: every group's forecast, as JSON or the league table (CSV, text); --out DIR gets both.
void run_groups(const ForecastOptions& o, const plan::Scenario& scenario, Format format) {
  if (o.samples.value_or(0) > 0) throw InputError("--samples: not with --by (each group is deterministic)");
  const plan::GroupForecastResult result = plan::forecast_groups(
      scenario, plan::parse_group_by(*o.by), Progress{progress_line("forecast")}, o.threads);
  const std::string json = json_text(result.to_json());
  o.output.write_folder({{"groups.json", json}, {"league.csv", render_csv(result.league_table(false))}});
  switch (format) {
    case Format::json:
      o.output.write(json);
      break;
    case Format::csv:
      o.output.write(render_csv(result.league_table(false)));
      break;
    case Format::table:
      o.output.write(fmt::format("{} groups of {} by {}, {} to {}; weeks estimated from calendar-month bins; "
                                 "ranked by % within 18 weeks at {}\n\n",
                                 result.groups.size(), scenario.start.data.name, *o.by,
                                 result.prepared.start.to_string(), result.prepared.until.to_string(),
                                 result.prepared.until.to_string()) +
                     render_text(result.league_table(true)));
      break;
  }
}

// --by with a DM01 start: every provider, test or region (plan/dm01_groups.hpp).
void run_dm01_groups(const ForecastOptions& o, const plan::Scenario& scenario, Format format) {
  if (o.samples.value_or(0) > 0) throw InputError("--samples: not with --by (each group is deterministic)");
  const plan::Dm01GroupForecastResult result = plan::forecast_dm01_groups(
      scenario, plan::parse_dm01_group_by(*o.by), Progress{progress_line("forecast")});
  const std::string json = json_text(result.to_json());
  o.output.write_folder({{"groups.json", json}, {"league.csv", render_csv(result.league_table(false))}});
  switch (format) {
    case Format::json:
      o.output.write(json);
      break;
    case Format::csv:
      o.output.write(render_csv(result.league_table(false)));
      break;
    case Format::table:
      o.output.write(
          wrap_lines(fmt::format("{} groups of {} by {}, {} to {}; ranked by % within 6 weeks at {}. "
                                 "{}",
                                 result.projections.size(), scenario.start.data.name, *o.by,
                                 result.prepared.start.to_string(), result.prepared.until.to_string(),
                                 result.prepared.until.to_string(), result.sums_line())) +
          "\n\n" + render_text(result.league_table(true)));
      break;
  }
}

// A cancer waiting times start (plan/cancer_forecast.hpp): no waiting-list model, its own months.
void run_cancer(const ForecastOptions& o, const plan::Scenario& scenario, const plan::RunOptions& options,
                Format format) {
  const plan::CancerForecastResult result =
      plan::cancer_forecast(scenario, options, Progress{progress_line("forecast")});
  const std::string json = json_text(result.to_json());
  const std::string csv = render_csv(result.months_results().table());
  o.output.write_folder({{"forecast.json", json}, {"months.csv", csv}});
  switch (format) {
    case Format::json:
      o.output.write(json);
      break;
    case Format::csv:
      o.output.write(csv);
      break;
    case Format::table:
      o.output.write(result.text());
      break;
  }
}

void run(const ForecastOptions& o) {
  const Format format = o.output.format();
  if (o.by) check_by(*o.by);  // a bad --by is reported before the scenario is read
  const plan::Scenario scenario = plan::load_scenario(o.scenario);
  plan::RunOptions options;
  options.samples = o.samples;
  options.seed = o.seed;
  options.threads = o.threads;
  if (plan::is_cancer_start(scenario)) {
    if (o.by) throw InputError("--by: not with a cancer waiting times start (name start.provider instead)");
    return run_cancer(o, scenario, options, format);
  }
  if (o.by && plan::is_dm01_start(scenario)) return run_dm01_groups(o, scenario, format);
  if (o.by) return run_groups(o, scenario, format);
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
  cmd->add_option(
         "--threads", options->threads,
         "worker threads for the samples and the --by groups (default 0: one per core; results do not "
         "depend on it)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--by", options->by,
                  "with the provider months file as start.data: every group's forecast, a comma list of "
                  "provider, specialty, icb, region (e.g. provider,specialty); with the DM01 file: provider, "
                  "test, region; "
                  "--out DIR then gets groups.json and league.csv");
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
