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
#include "plan/standards_projection.hpp"
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
  plan::add_standard_projections(rows, area, std::make_shared<data::FileDataSource>());
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
