// `elective solve SCENARIO.toml --target "92% within 18 weeks by 2029-03" [--lever ...]`: the value of one
// capacity lever that just meets a target (docs/forecast.md "Solving"). For people (the default table
// format): the answer rounded, with the baseline and the change it implies; `--format json` is the contract
// shared with the server (plan::SolveResult::to_json), `--format csv` one row.
#include <memory>
#include <optional>
#include <string>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "plan/cancer_forecast.hpp"
#include "plan/dm01_groups.hpp"
#include "plan/group_forecast.hpp"
#include "plan/levers.hpp"
#include "plan/solve.hpp"
#include "report/solve_report.hpp"

namespace elective::cli {
namespace {

struct SolveOptions {
  std::string scenario;
  std::optional<std::string> target;
  std::string lever = "growth";
  OutputOptions output;           // --format, --out
  std::optional<std::string> by;  // every group of a provider months start (plan/group_forecast.hpp)
};

// --by names the groups of the provider months file or of the DM01 file (plan/dm01_groups.hpp).
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

// Every solve result (groups, DM01 groups, a cancer standard) is written the same way: its JSON, its table as
// CSV, or `text()` for people.
template <typename Result, typename Text>
void write_result(const OutputOptions& output, Format format, const Result& result, Text text) {
  switch (format) {
    case Format::json:
      output.write(json_text(result.to_json()));
      break;
    case Format::csv:
      output.write(render_csv(result.table(false)));
      break;
    case Format::table:
      output.write(text());
      break;
  }
}

void run_groups(const SolveOptions& o, const plan::Scenario& scenario, const plan::RunOptions& options,
                Format format) {
  const plan::GroupSolveResult result =
      plan::solve_groups(scenario, plan::parse_group_by(*o.by), options, Progress{});
  write_result(o.output, format, result, [&] { return render_text(result.table(true)); });
}

void run(const SolveOptions& o) {
  const Format format = o.output.format();
  if (o.by) check_by(*o.by);  // a bad --by is reported before the scenario is read
  const plan::Scenario scenario = plan::load_scenario(o.scenario);
  plan::RunOptions options;
  options.target = o.target;
  options.lever = o.lever;
  if (plan::is_cancer_start(scenario)) {
    if (o.by) throw InputError("--by: not with a cancer waiting times start (name start.provider instead)");
    const plan::CancerSolveResult result = plan::cancer_solve(scenario, options);
    write_result(o.output, format, result, [&] { return result.text(); });
    return;
  }
  if (o.by && plan::is_dm01_start(scenario)) {
    const plan::Dm01GroupSolveResult result =
        plan::solve_dm01_groups(scenario, plan::parse_dm01_group_by(*o.by), options, Progress{});
    write_result(o.output, format, result, [&] { return render_text(result.table(true)); });
    return;
  }
  if (o.by) return run_groups(o, scenario, options, format);
  const plan::SolveResult result = plan::solve(scenario, options, Progress{progress_line("solve")});
  switch (format) {
    case Format::json:
      o.output.write(json_text(result.to_json()));
      break;
    case Format::csv:
      o.output.write(render_csv(report::solve_table(scenario, result)));
      break;
    case Format::table:
      o.output.write(report::solve_text(scenario, result));
      break;
  }
}

const CommandRegistration registration("solve", [](CLI::App& app) {
  auto options = std::make_shared<SolveOptions>();
  auto* cmd = app.add_subcommand("solve", "Find the capacity lever value that meets a target");
  cmd->add_option("scenario", options->scenario, "scenario file (.toml or .json)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--target", options->target,
                  "e.g. \"92% within 18 weeks by 2029-03\" (default: the scenario's first [[target]])");
  cmd->add_option("--lever", options->lever, "what to solve for (default growth): " + plan::lever_help());
  options->output.add_to(*cmd);
  cmd->add_option("--by", options->by,
                  "with the provider months file as start.data: solve for every group, a comma list of "
                  "provider, specialty, icb, region; with the DM01 file: provider, test, region");
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
