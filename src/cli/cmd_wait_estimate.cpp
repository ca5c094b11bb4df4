// `elective wait-estimate EXTRACT.csv… --tfc CODE [--provider CODE] [--commissioner CODE] [--month YYYY-MM]`:
// "how long will I wait?" for one treatment function, by provider, from RTT Full CSV extracts
// (stats/wait_estimate.hpp). `--format json` prints exactly the body of GET /api/wait-estimate for the same
// extract, without the server's "dataset" id.
//
// Given the provider months file (rtt_provider_months_waited.csv.gz) instead, every provider of England gets
// the same backward-looking keys (estimated from month bins) and a forward-looking wait from its own forecast
// (plan/forward_wait.hpp): `--scenario` (default: providers-current-trends' drivers on that file), `--near`
// (a postcode district, a provider code or lat,lon) and `--within-km` for the nearby providers with shorter
// waits. JSON as GET /api/wait-estimate?source=providers.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/table.hpp"
#include "data/data_source.hpp"
#include "data/input_file.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"
#include "data/rtt_extract.hpp"
#include "plan/forward_wait.hpp"
#include "plan/scenario.hpp"
#include "stats/wait_estimate.hpp"

namespace elective::cli {
namespace {

struct WaitEstimateOptions {
  std::vector<std::string> files;
  std::string tfc;
  std::optional<std::string> provider, commissioner, month;
  // The provider months file only.
  std::optional<std::string> scenario, near, providers_file;
  double within_km = 80;
  OutputOptions output;  // --format, --out
};

// The forward-looking table: one row per provider with the forward keys beside the backward ones.
Table forward_table(const nlohmann::json& estimate) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& p : estimate.at("providers")) {
    nlohmann::json r = p;
    const nlohmann::json& f = p.at("forward");
    r["forward_median_weeks"] = f.is_null() ? nlohmann::json() : f.at("median_weeks");
    r["forward_median_censored"] = !f.is_null() && f.at("median_censored").get<bool>();
    r["forward_p90_weeks"] = f.is_null() ? nlohmann::json() : f.at("p90_weeks");
    r["forward_p90_censored"] = !f.is_null() && f.at("p90_censored").get<bool>();
    r["forward_median_low"] = f.is_null() ? nlohmann::json() : f.at("uncertainty").at("median_weeks_low");
    r["forward_median_high"] = f.is_null() ? nlohmann::json() : f.at("uncertainty").at("median_weeks_high");
    std::string flags;
    for (const auto& x : p.at("flags")) flags += (flags.empty() ? "" : ";") + x.get<std::string>();
    r["flags"] = flags;
    rows.push_back(std::move(r));
  }
  return table_from_json_rows(rows, {{"provider", "Provider", CellKind::text, 0},
                                     {"provider_name", "Name", CellKind::text, 0},
                                     {"forward_median_weeks", "Fwd median", CellKind::weeks, 1},
                                     {"forward_median_censored", "Fwd median >", CellKind::flag, 0},
                                     {"forward_median_low", "Low", CellKind::weeks, 1},
                                     {"forward_median_high", "High", CellKind::weeks, 1},
                                     {"forward_p90_weeks", "Fwd 9 in 10", CellKind::weeks, 1},
                                     {"forward_p90_censored", "Fwd 9 in 10 >", CellKind::flag, 0},
                                     {"median_weeks", "Past median", CellKind::weeks, 1},
                                     {"p90_weeks", "Past 9 in 10", CellKind::weeks, 1},
                                     {"waiting_list", "Waiting", CellKind::count, 0},
                                     {"flags", "Flags", CellKind::text, 0}});
}

Table nearby_table(const nlohmann::json& estimate) {
  return table_from_json_rows(estimate.at("nearby"),
                              {{"provider", "Provider", CellKind::text, 0},
                               {"provider_name", "Name", CellKind::text, 0},
                               {"distance_km", "km", CellKind::number, 1},
                               {"forward_median_weeks", "Fwd median", CellKind::weeks, 1},
                               {"forward_p90_weeks", "Fwd 9 in 10", CellKind::weeks, 1}});
}

std::string providers_csv_for(const WaitEstimateOptions& o) {
  namespace fs = std::filesystem;
  if (o.providers_file) return *o.providers_file;
  std::vector<fs::path> candidates{fs::path(o.files.front()).parent_path() / "providers.csv"};
  for (const auto& dir : data::bundled_data_dirs()) candidates.push_back(fs::path(dir) / "providers.csv");
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(c, ec)) return c.string();
  }
  return {};
}

void run_forward(const WaitEstimateOptions& o, Format format) {
  if (o.files.size() > 1)
    throw InputError(
        fmt::format("{}: the provider months file must be the only file given", o.files.front()));
  if (o.commissioner || o.month)
    throw InputError(fmt::format(
        "--commissioner and --month do not apply to the provider months file {} (it is by provider; the "
        "scenario's start.month sets the month)",
        o.files.front()));
  const plan::Scenario scenario =
      o.scenario ? plan::load_scenario(*o.scenario)
                 : plan::parse_scenario(plan::current_trends_scenario_text(o.files.front()),
                                        plan::ScenarioSyntax::toml, "providers-current-trends", ".");
  std::optional<data::ProviderReference> reference;
  if (const std::string path = providers_csv_for(o); !path.empty()) {
    reference = data::ProviderReference::load(path);
  } else if (o.near) {
    throw InputError("--near needs the provider reference: give --providers providers.csv");
  }
  plan::ForwardWaitQuery query;
  query.tfc = o.tfc;
  query.provider = o.provider;
  query.near = o.near;
  query.within_km = o.within_km;
  const nlohmann::json j = plan::forward_wait_estimate(scenario, reference ? &*reference : nullptr, query);
  switch (format) {
    case Format::json:
      o.output.write(json_text(j));
      break;
    case Format::csv:
      o.output.write(render_csv(forward_table(j)));
      break;
    case Format::table: {
      std::string s = fmt::format("Waits for {} ({}), {}: treatment started within\n{}\n{}\n\n",
                                  j.at("tfc_name").get<std::string>(), j.at("tfc").get<std::string>(),
                                  j.at("month").get<std::string>(), j.at("forward_method").get<std::string>(),
                                  j.at("method").get<std::string>());
      s += render_text(forward_table(j));
      if (j.at("nearby").is_array()) {
        s += fmt::format("\nNearby providers (within {:.0f} km of {}{}), nearest first:\n", o.within_km,
                         j.at("near").at("text").get<std::string>(),
                         j.at("near").at("shorter_than").is_null() ? "" : ", with a shorter forward median");
        s += render_text(nearby_table(j));
      }
      o.output.write(s);
      break;
    }
  }
}

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

std::string first_line_of(const std::string& path) {
  const std::string text = data::read_input_file(path);
  return text.substr(0, text.find('\n'));
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
  if (data::looks_like_provider_months(first_line_of(o.files.front()))) return run_forward(o, format);
  if (o.scenario || o.near || o.providers_file)
    throw InputError("--scenario, --near and --providers apply to the provider months file only");
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
      "How long will I wait? One treatment function's waits by provider (as GET /api/wait-estimate); with "
      "the provider months file, also looking forward from each provider's forecast");
  cmd->add_option("files", options->files, "RTT Full CSV extract(s), or the provider months file")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option(
         "--tfc", options->tfc,
         "treatment function code, e.g. 110 or C_110 (C_999: all); a specialty name for the provider "
         "months file")
      ->required();
  cmd->add_option("--provider", options->provider, "one provider, e.g. RBD (default: every provider)");
  cmd->add_option("--commissioner", options->commissioner, "patients of one sub-ICB commissioner, e.g. 11J");
  cmd->add_option("--month", options->month, "YYYY-MM (default: the latest month in the extract)");
  cmd->add_option("--scenario", options->scenario,
                  "provider months file: the scenario of the forecasts (default: providers-current-trends' "
                  "drivers, five years)");
  cmd->add_option(
      "--near", options->near,
      "provider months file: nearby providers with shorter waits, from a postcode district (DT1), "
      "a provider code or lat,lon");
  cmd->add_option("--within-km", options->within_km, "provider months file: the nearby radius (default 80)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--providers", options->providers_file,
                  "provider months file: providers.csv (default: beside the file or bundled)")
      ->check(CLI::ExistingFile);
  options->output.add_to(*cmd);
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
