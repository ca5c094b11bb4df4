// `elective standards`: every waiting-time standard side by side for England, a region, an ICB or a provider
// (issue 12): RTT 18 weeks and the 52/65/78-week waits, diagnostics within 6 weeks, cancer 28/31/62 days -
// latest value, month, threshold, deadline, met or not, change over the last year - from the bundled files
// (stats/standards_overview.hpp).
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/json_text.hpp"
#include "core/table.hpp"
#include "data/data_source.hpp"
#include "plan/forecast_api.hpp"
#include "plan/scenario.hpp"
#include "stats/standards_overview.hpp"

namespace elective::cli {
namespace {

struct StandardsOptions {
  std::optional<std::string> provider, icb, region;
  OutputOptions output;  // --format table|csv|json|xlsx, --out
};

// A bundled file, parsed once by the data source; nullptr when it is not there (its standards are left out).
std::shared_ptr<const data::Dataset> bundled(data::FileDataSource& source, const char* name,
                                             data::InputKind kind) {
  const auto ref = source.find(name);
  if (!ref) return nullptr;
  return source.open(*ref, {kind, {}});
}

// A forecast scenario for a row's projection: the list's bundled file from its latest month to the deadline,
// the row's standard as the one target (England; DM01 and cancer also a provider). nullopt when none applies.
std::optional<std::string> projection_scenario(const stats::StandardRow& r, const stats::Area& area) {
  if (!r.deadline || !r.month || !(*r.month < *r.deadline) || r.target.empty()) return std::nullopt;
  const bool england = area.kind == stats::AreaKind::england;
  const std::string provider =
      area.kind == stats::AreaKind::provider ? fmt::format("provider = \"{}\"\n", area.code) : "";
  std::string start;
  if (r.list == "rtt" && england) {
    start = "data = \"rtt_national_timeseries.csv\"\n";
  } else if (r.list == "dm01" && (england || !provider.empty())) {
    start = "data = \"diagnostics_dm01_provider.csv\"\n" + provider;
  } else if (r.list == "cancer" && r.cancer_standard && (england || !provider.empty())) {
    start = fmt::format("data = \"cancer_cwt_provider.csv.gz\"\nstandard = \"{}\"\n{}",
                        data::cancer_standard_name(*r.cancer_standard), provider);
  } else {
    return std::nullopt;
  }
  return fmt::format("[start]\nmonth = \"{}\"\n{}[horizon]\nuntil = \"{}\"\n[[target]]\ntext = \"{}\"\n",
                     r.month->to_string(), start, r.deadline->to_string(), r.target);
}

// Fills each row's projection at its deadline from the forecast of its list (docs/statistics.md "All the
// standards"): RTT from the national series (the calibrated model, current trends), DM01 from its own start,
// cancer from the cancer forecast (no further than 12 months). A forecast the data cannot make (a provider
// not in a file, a deadline beyond the cancer back-test) leaves the projection null.
void add_projections(std::vector<stats::StandardRow>& rows, const stats::Area& area) {
  const auto source = std::make_shared<data::FileDataSource>();
  for (stats::StandardRow& r : rows) {
    const auto text = projection_scenario(r, area);
    if (!text) continue;
    try {
      const plan::Scenario scenario =
          plan::parse_scenario(*text, plan::ScenarioSyntax::toml, "standards projection", source);
      const nlohmann::json f = plan::run_forecast(scenario, {}, Progress{});
      const nlohmann::json& value = f.at("targets").at(0).at("value_at_deadline");
      if (!value.is_number()) continue;
      r.projected = value.get<double>();
      r.projected_month = r.deadline;
      if (!r.met_at_deadline) r.met_at_deadline = stats::meets_standard(r, *r.projected);
    } catch (const Error&) {
      // Left null: the row still shows the published figures.
    }
  }
}

void run(const StandardsOptions& o) {
  const Format format = o.output.format();
  data::FileDataSource source;
  const auto providers = bundled(source, "providers.csv", data::InputKind::providers);
  const data::ProviderReference* reference = providers ? providers->providers.get() : nullptr;
  const stats::Area area = stats::resolve_area(reference, o.provider, o.icb, o.region);
  std::shared_ptr<const data::Dataset> rtt;
  if (area.kind == stats::AreaKind::england)
    rtt = bundled(source, "rtt_national_timeseries.csv", data::InputKind::national);
  else
    rtt = bundled(source, "rtt_provider_months_waited.csv.gz", data::InputKind::provider_months);
  const auto dm01 = bundled(source, "diagnostics_dm01_provider.csv", data::InputKind::dm01);
  const auto cancer = bundled(source, "cancer_cwt_provider.csv.gz", data::InputKind::cwt_provider);
  stats::StandardsSources sources;
  sources.providers = reference;
  if (rtt) {
    sources.rtt_national = rtt->national.get();
    sources.rtt_provider_months = rtt->provider_months.get();
  }
  sources.dm01 = dm01 ? dm01->dm01.get() : nullptr;
  sources.cancer = cancer ? cancer->cwt_provider.get() : nullptr;
  auto rows = stats::standards_overview(sources, area);
  add_projections(rows, area);
  if (format == Format::json) {
    o.output.write(
        json_text(nlohmann::json{{"standards", to_json_rows(stats::standards_table(rows, false))}}));
    return;
  }
  const Table table = stats::standards_table(rows, format == Format::table);
  std::string text = render(table, format);
  if (format == Format::table)
    text = wrap_lines("Waiting-time standards, " + area.name +
                      ": latest month of each source; met is judged at the deadline month when the data "
                      "have it; projected is the forecast at a deadline after the data "
                      "(docs/statistics.md).") +
           "\n\n" + text;
  o.output.write(text);
}

const CommandRegistration registration("standards", [](CLI::App& app) {
  auto options = std::make_shared<StandardsOptions>();
  auto* cmd = app.add_subcommand(
      "standards",
      "Every waiting-time standard side by side (RTT 18 weeks and long waits, diagnostics 6 weeks, cancer "
      "28/31/62 days): latest value, threshold, deadline, met, change in a year");
  cmd->add_option("--provider", options->provider, "a provider's organisation code (e.g. RBD)");
  cmd->add_option("--icb", options->icb, "an ICB code (e.g. QR1)");
  cmd->add_option("--region", options->region, "an NHS region, by code or name (e.g. Y62 or \"North West\")");
  options->output.add_to(*cmd);
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
