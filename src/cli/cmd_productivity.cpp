// `elective productivity`: clock stops per consultant FTE, per doctor FTE and per general and acute bed,
// trust by trust (or by ICB or region), against the clock stops expected from each trust's consultants and
// specialty mix at national rates (stats/productivity.hpp, docs/statistics.md "Productivity"), from the
// bundled RTT provider months, workforce and beds files or the files given.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/error.hpp"
#include "core/table.hpp"
#include "data/data_source.hpp"
#include "stats/capacity_elasticity.hpp"
#include "stats/productivity.hpp"
#include "stats/productivity_report.hpp"

namespace elective::cli {
namespace {

struct ProductivityOptions {
  std::string month, by = "provider";
  stats::ProductivityFiles files;  // the bundled files unless the options name others
  bool elasticity = false;
  int held_out = 2;
  OutputOptions output;
};

std::shared_ptr<const data::Dataset> open(data::FileDataSource& files, const std::string& name,
                                          std::string_view option, data::InputKind kind) {
  const SourceLocation where{"command line", 0, 0, {}};
  return files.open(files.resolve(name, where, option), {kind, {}});
}

void run(const ProductivityOptions& o) {
  const Format format = o.output.format();
  stats::ProductivityOptions options;
  options.by = stats::parse_productivity_level(o.by);
  if (!o.month.empty()) {
    const auto m = YearMonth::parse(o.month);
    if (!m) throw InputError(fmt::format("--month: expected a month as YYYY-MM, got '{}'", o.month));
    options.month = *m;
  }
  // The same loading and JSON as GET /api/productivity (stats/productivity_report.hpp).
  data::FileDataSource files;
  const auto loaded = stats::load_productivity_sources(
      o.files, options.by, [&files](const std::string& name, std::string_view option, data::InputKind kind) {
        return open(files, name, option, kind);
      });
  const stats::ProductivitySources& sources = loaded.sources;
  if (o.elasticity) {
    if (options.month || options.by != stats::ProductivityLevel::provider)
      throw InputError("--elasticity: uses every shared month of the acute trusts (no --month or --by)");
    if (format == Format::json) {
      o.output.write(stats::elasticity_json(sources, {o.held_out}));
      return;
    }
    const auto fit = stats::capacity_elasticity(sources, {o.held_out});
    const Table table = stats::elasticity_table(fit);
    std::string text = render(table, format);
    if (format == Format::table)
      text = wrap_lines(fmt::format(
                 "Within-trust elasticity of clock stops to consultant FTE ({} acute trusts in every month; "
                 "two-way fixed effects on {} to {}), and the error of each method on the held-out months. "
                 "See docs/statistics.md.\n\n",
                 fit.trusts, fit.training.front().to_string(), fit.training.back().to_string())) +
             text;
    o.output.write(text);
    return;
  }
  if (format == Format::json) {
    o.output.write(stats::productivity_json(sources, options));
    return;
  }
  const auto result = stats::productivity(sources, options);
  const Table table = stats::productivity_table(result, options.by, format == Format::table);
  if (format != Format::table) {
    o.output.write(render(table, format));
    return;
  }
  std::string head = fmt::format(
      "Clock stops (completed RTT pathways) per consultant FTE, doctor FTE and general and acute bed, {}. "
      "Ratio = observed / expected from the trust's consultants and specialty mix at national rates ({} "
      "acute trusts compared; peer median ratio {:.3f}, upper quartile {:.3f}; {} RTT providers without NHS "
      "staff "
      "figures left out). See docs/statistics.md.\n\n",
      result.month.to_string(), result.trusts_compared, result.peer_median_ratio,
      result.peer_upper_quartile_ratio, result.rtt_providers_without_staff);
  o.output.write(wrap_lines(head) + render(table, format));
}

const CommandRegistration registration("productivity", [](CLI::App& app) {
  auto options = std::make_shared<ProductivityOptions>();
  auto* cmd = app.add_subcommand(
      "productivity",
      "Clock stops per consultant FTE, per doctor FTE and per general and acute bed, trust by trust, "
      "observed and expected from the specialty mix at national rates, the trend, and the capacity added "
      "at the peers' median and upper quartile");
  cmd->add_option("--month", options->month,
                  "YYYY-MM (default: the latest month in both the RTT and the workforce file)");
  cmd->add_option("--by", options->by, "provider (default), icb or region");
  cmd->add_option("--rtt", options->files.rtt, "RTT provider months file (default: the bundled one)");
  cmd->add_option("--workforce", options->files.workforce,
                  "workforce FTE by staff group file (default: the bundled one)");
  cmd->add_option("--beds", options->files.beds, "KH03 beds file (default: the bundled one)");
  cmd->add_option(
      "--org-types", options->files.absence,
      "sickness absence file whose org_type picks the acute trusts compared (default: the bundled "
      "one)");
  cmd->add_option("--providers", options->files.providers,
                  "provider reference for --by icb|region (default: the bundled providers.csv)");
  cmd->add_flag("--elasticity", options->elasticity,
                "instead: the within-trust elasticity of clock stops to consultant FTE, checked on held-out "
                "months against naive scaling and persistence");
  cmd->add_option("--held-out", options->held_out, "--elasticity: months held out at the end (default 2)")
      ->check(CLI::PositiveNumber);
  options->output.add_to(*cmd);
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
