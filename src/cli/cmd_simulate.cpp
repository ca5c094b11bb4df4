// `elective simulate SCENARIO.toml`: the patient-level simulation of a scenario (docs/simulation.md): who
// waits under a prioritisation policy, with inequality gaps, mutual aid and quoted waits.
#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/policies.hpp"
#include "core/table.hpp"
#include "plan/dm01_groups.hpp"
#include "plan/scenario.hpp"
#include "sim/simulate_api.hpp"

namespace elective::cli {
namespace {

struct SimulateOptions {
  std::string scenario;
  std::optional<int> replications, threads;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> policy;
  std::string patients;
  bool skip_invalid = false;
  OutputOptions output;  // --format, --out DIR (every table)
  std::string table = "months";
};

// Every table says where its population came from, so that a synthetic result is never mistaken for a real
// one.
Table labelled(Table table, bool synthetic) {
  table.columns.insert(table.columns.begin(), Column{"population", "Population", CellKind::text, 0});
  for (auto& row : table.rows) row.insert(row.begin(), std::string(synthetic ? "synthetic" : "patient_list"));
  return table;
}

const Table& pick(const sim::SimulationOutput& out, const std::string& name) {
  if (name == "months") return out.months;
  if (name == "groups") return out.groups;
  if (name == "gaps") return out.gaps;
  if (name == "priority") return out.priority;
  if (name == "wait_estimates") return out.wait_estimates;
  if (name == "replications") return out.replications;
  if (name == "mutual_aid") return out.mutual_aid;
  throw InputError(
      fmt::format("--table: unknown table '{}' (expected months, groups, gaps, priority, wait_estimates, "
                  "replications or mutual_aid)",
                  name));
}

std::string text_report(const sim::SimulationOutput& out, const std::string& table) {
  const auto& j = out.json;
  std::string s = fmt::format("Scenario: {}\nPolicy: {}   Replications: {}   Seed: {}\nPopulation: {}\n",
                              j.value("scenario", ""), j.value("policy", ""), j.value("replications", 1),
                              j.value("seed", std::uint64_t{0}), j.value("population", ""));
  if (out.synthetic)
    s += "NOTE: SYNTHETIC population - results describe a modelled list, not real patients.\n";
  if (j.value("replications", 1) > 1)
    s += "Figures are the P50 across replications; --format csv or json adds P10 and P90.\n";
  s += "\n";
  auto text = [](const Table& t) { return render_text(central_columns(t)); };
  if (table != "months") return s + text(pick(out, table));
  s += text(out.months);
  if (!out.gaps.rows.empty()) s += "\nInequality gaps (waiting list at the end)\n" + text(out.gaps);
  if (!out.priority.rows.empty()) s += "\nPriority patients and their due dates\n" + text(out.priority);
  const auto& ma = j.at("mutual_aid");
  if (ma.value("enabled", false)) {
    // Plain numbers for one replication, the P50 for several.
    auto p50 = [](const nlohmann::json& v) -> double {
      if (v.is_object()) return v.value("p50", 0.0);
      return v.is_number() ? v.get<double>() : 0.0;
    };
    s += fmt::format("\nMutual aid (waits of {}+ weeks): {} offered a move, {} moved ({})\n",
                     ma.value("threshold_weeks", 0), format_count(p50(ma.at("offered"))),
                     format_count(p50(ma.at("moved"))),
                     ma.at("acceptance_rate").is_null()
                         ? std::string("no offers")
                         : format_percent(p50(ma.at("acceptance_rate"))) + " accepted");
    if (ma.value("compared_without_aid", false)) {
      const auto& n = ma.at("national");
      s += fmt::format(
          "England over 52 weeks at the end: {} with mutual aid, {} without (--table mutual_aid: "
          "by provider)\n",
          format_count(p50(n.at("at_end").at("over_52_weeks"))),
          format_count(p50(n.at("at_end_without_aid").at("over_52_weeks"))));
    }
  }
  return s;
}

void run(const SimulateOptions& o) {
  const Format format = o.output.format();
  (void)pick(sim::SimulationOutput{}, o.table);  // validate --table before the (long) run
  const plan::Scenario scenario = plan::load_scenario(o.scenario);
  // The simulation's patients, outcomes and policies are those of the RTT list (18 weeks): a DM01 start
  // would be simulated as RTT pathways and reported at 18 weeks, so it is refused (docs/simulation.md).
  if (plan::is_dm01_start(scenario))
    scenario.fail("start.data",
                  fmt::format("{} is the DM01 diagnostics list; the patient-level simulation models "
                              "the RTT list only: use `elective forecast` or `elective solve`",
                              scenario.start.data.name));
  sim::SimRunOptions options;
  options.replications = o.replications;
  options.threads = o.threads;
  options.seed = o.seed;
  options.policy = o.policy;
  if (!o.patients.empty())
    options.patient_list =
        scenario.data->resolve(o.patients, SourceLocation{"command line", 0, 0, {}}, "--patients");
  if (o.skip_invalid) options.skip_invalid = true;
  const sim::SimulationOutput out = sim::simulate(scenario, options, Progress{progress_line("simulate")});

  std::string content;
  switch (format) {
    case Format::json:
      content = json_text(out.json);
      break;
    case Format::csv:
      content = render_csv(labelled(pick(out, o.table), out.synthetic));
      break;
    case Format::table:
      content = text_report(out, o.table);
      break;
  }
  if (!out.skipped_rows_report.empty()) {
    std::fprintf(stderr, "simulate: patient list problems (rows skipped where rejected):\n%s",
                 out.skipped_rows_report.c_str());
  }
  if (!o.output.out().empty()) {
    std::vector<std::pair<std::string, std::string>> files{
        {"simulation.json", json_text(out.json)},
        {"months.csv", render_csv(labelled(out.months, out.synthetic))},
        {"groups.csv", render_csv(labelled(out.groups, out.synthetic))},
        {"gaps.csv", render_csv(labelled(out.gaps, out.synthetic))},
        {"priority_breaches.csv", render_csv(labelled(out.priority, out.synthetic))},
        {"wait_estimates.csv", render_csv(labelled(out.wait_estimates, out.synthetic))},
        {"replications.csv", render_csv(labelled(out.replications, out.synthetic))}};
    if (!out.mutual_aid.rows.empty())
      files.emplace_back("mutual_aid.csv", render_csv(labelled(out.mutual_aid, out.synthetic)));
    if (!out.skipped_rows_report.empty()) files.emplace_back("skipped_rows.txt", out.skipped_rows_report);
    o.output.write_folder(std::move(files));  // all files or none
  }
  o.output.write(content);
}

const CommandRegistration registration("simulate", [](CLI::App& app) {
  auto options = std::make_shared<SimulateOptions>();
  auto* cmd = app.add_subcommand("simulate",
                                 "Patient-level simulation of prioritisation policies, inequalities and "
                                 "mutual aid (docs/simulation.md)");
  cmd->add_option("scenario", options->scenario,
                  "scenario file (.toml or .json; [simulation] section optional)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--replications", options->replications,
                  "replications (default: [simulation] replications, else 1)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--threads", options->threads,
                  "worker threads (default: all cores; results do not depend on it)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--seed", options->seed, "random seed (default: [simulation] seed, else the scenario's)");
  cmd->add_option("--policy", options->policy,
                  "prioritisation policy, overriding the scenario's: " + policy_help(Engine::simulation));
  cmd->add_option("--patients", options->patients,
                  "patient-level list (ptl.csv) to start from instead of a synthetic one")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--skip-invalid", options->skip_invalid,
                "drop rejected patient-list rows (reported on stderr and in --out) instead of failing");
  cmd->add_option(
      "--table", options->table,
      "table for text/CSV output: months (default), groups, gaps, priority, wait_estimates, replications, "
      "mutual_aid (per provider)");
  options->output.add_to(*cmd, OutTarget::folder,
                         "also write simulation.json and every table as CSV into this folder");
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
