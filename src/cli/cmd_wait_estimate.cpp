// `elective wait-estimate EXTRACT.csv… --tfc CODE [--provider CODE] [--commissioner CODE] [--month YYYY-MM]`:
// "how long will I wait?" for one treatment function, by provider, from RTT Full CSV extracts
// (stats/wait_estimate.hpp). `--format json` prints exactly the body of GET /api/wait-estimate for the same
// extract, without the server's "dataset" id.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/table.hpp"
#include "data/rtt_extract.hpp"
#include "stats/wait_estimate.hpp"

namespace elective::cli {
namespace {

struct WaitEstimateOptions {
  std::vector<std::string> files;
  std::string tfc;
  std::optional<std::string> provider, commissioner, month;
  OutputOptions output;  // --format, --out
};

Table providers_table(const nlohmann::json& estimate) {
  return table_from_json_rows(estimate.at("providers"),
                              {{"provider", "Provider", CellKind::text, 0},
                               {"provider_name", "Name", CellKind::text, 0},
                               {"suppressed", "Suppressed", CellKind::flag, 0},
                               {"completed_pathways", "Clock stops", CellKind::count, 0},
                               {"median_weeks", "Median weeks", CellKind::weeks, 2},
                               {"p90_weeks", "90th pct weeks", CellKind::weeks, 2},
                               {"p90_censored", "90th pct censored", CellKind::flag, 0},
                               {"waiting_list", "Waiting", CellKind::count, 0},
                               {"waiting_median_weeks", "Waiting median", CellKind::weeks, 2},
                               {"waiting_p90_weeks", "Waiting 90th pct", CellKind::weeks, 2},
                               {"queue_weeks", "Queue weeks", CellKind::weeks, 2}});
}

std::string text_report(const nlohmann::json& j) {
  std::string s = fmt::format("Estimated waits for {} ({}) in {}", j.at("tfc_name").get<std::string>(),
                              j.at("tfc").get<std::string>(), j.at("month").get<std::string>());
  if (j.at("commissioner").is_string())
    s += fmt::format(", patients of commissioner {}", j.at("commissioner").get<std::string>());
  s += fmt::format("\n{}\n\n", j.at("method").get<std::string>());
  return s + render_text(providers_table(j));
}

void run(const WaitEstimateOptions& o) {
  const Format format = o.output.format();
  stats::WaitEstimateQuery query;
  query.tfc = o.tfc;
  query.provider = o.provider;
  query.commissioner = o.commissioner;
  if (o.month) {
    query.month = YearMonth::parse(*o.month);
    if (!query.month)
      throw InputError(fmt::format("--month: expected a month as YYYY-MM, got '{}'", *o.month));
  }
  const data::RttExtract extract = data::RttExtract::load(o.files);
  const nlohmann::json j = stats::wait_estimate_json(stats::estimate_waits(extract, query));
  switch (format) {
    case Format::json:
      o.output.write(json_text(j));
      break;
    case Format::csv:
      o.output.write(render_csv(providers_table(j)));
      break;
    case Format::table:
      o.output.write(text_report(j));
      break;
  }
}

const CommandRegistration registration("wait-estimate", [](CLI::App& app) {
  auto options = std::make_shared<WaitEstimateOptions>();
  auto* cmd = app.add_subcommand(
      "wait-estimate",
      "How long will I wait? One treatment function's waits by provider (as GET /api/wait-estimate)");
  cmd->add_option("files", options->files, "RTT Full CSV extract(s)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--tfc", options->tfc, "treatment function code, e.g. 110 or C_110 (C_999: all)")
      ->required();
  cmd->add_option("--provider", options->provider, "one provider, e.g. RBD (default: every provider)");
  cmd->add_option("--commissioner", options->commissioner, "patients of one sub-ICB commissioner, e.g. 11J");
  cmd->add_option("--month", options->month, "YYYY-MM (default: the latest month in the extract)");
  options->output.add_to(*cmd);
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
