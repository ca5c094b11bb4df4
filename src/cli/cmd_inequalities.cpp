// `elective inequalities PTL.csv [--by imd_quintile|ethnic_group|age_band|sex] [--provider CODE] [--tfc
// CODE]`: waits by group of a patient-level list, under the disclosure rule (stats/inequalities.hpp).
// `--format json` prints exactly the body of GET /api/inequalities for the same list, without the server's
// "dataset" id.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/table.hpp"
#include "data/patient_list.hpp"
#include "stats/inequalities.hpp"

namespace elective::cli {
namespace {

struct InequalitiesOptions {
  std::string file;
  std::string by = "imd_quintile";
  std::optional<std::string> provider, tfc;
  OutputOptions output;  // --format, --out
};

Table groups_table(const nlohmann::json& breakdown) {
  return table_from_json_rows(breakdown.at("groups"),
                              {{"group", "Group", CellKind::text, 0},
                               {"reference", "Reference", CellKind::flag, 0},
                               {"suppressed", "Suppressed", CellKind::flag, 0},
                               {"count", "Pathways", CellKind::count, 0},
                               {"share_of_list", "Share of list", CellKind::fraction, 3},
                               {"pct_within_18_weeks", "Within 18 weeks", CellKind::fraction, 3},
                               {"median_weeks", "Median weeks", CellKind::weeks, 2},
                               {"p92_weeks", "92nd pct weeks", CellKind::weeks, 2},
                               {"pct_over_52_weeks", "Over 52 weeks", CellKind::fraction, 3},
                               {"median_ratio_to_reference", "Median / reference", CellKind::number, 2}});
}

std::string text_report(const nlohmann::json& j) {
  auto text_or = [](const nlohmann::json& v, const char* none) {
    return v.is_string() ? v.get<std::string>() : std::string(none);
  };
  std::string s =
      fmt::format("Waits by {} on the patient-level list of {} (provider: {}, treatment function: {})\n",
                  j.at("by").get<std::string>(), j.at("snapshot_date").get<std::string>(),
                  text_or(j.at("provider"), "all"), text_or(j.at("tfc"), "all"));
  s += fmt::format(
      "Pathways: {}   Reference group: {}\n",
      j.at("total").is_number() ? format_count(j.at("total").get<double>()) : std::string("withheld"),
      j.at("reference_group").get<std::string>());
  if (j.at("selection_withheld").get<bool>())
    s += "The selection is withheld whole: it, or what it leaves out of a wider selection, is too small.\n";
  s += fmt::format("Disclosure control: {}\n\n", j.at("disclosure").get<std::string>());
  return s + render_text(groups_table(j));
}

void run(const InequalitiesOptions& o) {
  const Format format = o.output.format();
  const auto dimension = stats::parse_equity_dimension(o.by);
  if (!dimension)
    throw InputError(
        fmt::format("--by: expected imd_quintile, ethnic_group, age_band or sex; got '{}'", o.by));
  const data::PatientList list = data::load_patient_list(o.file);
  const nlohmann::json j = stats::equity_breakdown(list, *dimension, stats::EquityFilter{o.provider, o.tfc});
  switch (format) {
    case Format::json:
      o.output.write(json_text(j));
      break;
    case Format::csv:
      o.output.write(render_csv(groups_table(j)));
      break;
    case Format::table:
      o.output.write(text_report(j));
      break;
  }
}

const CommandRegistration registration("inequalities", [](CLI::App& app) {
  auto options = std::make_shared<InequalitiesOptions>();
  auto* cmd = app.add_subcommand("inequalities",
                                 "Waits by deprivation, ethnic group, age band or sex on a patient-level "
                                 "list (as GET /api/inequalities)");
  cmd->add_option("file", options->file, "patient-level list (ptl.csv; docs/simulation.md)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--by", options->by, "imd_quintile (default), ethnic_group, age_band or sex");
  cmd->add_option("--provider", options->provider, "one provider's pathways, e.g. RBD");
  cmd->add_option("--tfc", options->tfc, "one treatment function, e.g. 110 or C_110");
  options->output.add_to(*cmd);
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
