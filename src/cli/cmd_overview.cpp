// `elective overview`: the state of the waiting list for people: England's latest month and its last 12
// months from the national time series, and the provider table of an RTT Full CSV extract.
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
#include "data/national_series.hpp"
#include "data/rtt_extract.hpp"
#include "report/rtt_overview.hpp"

namespace elective::cli {
namespace {

constexpr const char* kDefaultNational = "data/rtt_national_timeseries.csv";
constexpr const char* kDefaultExtract = "data/rtt_full_2024-11_RBD.csv";

struct OverviewOptions {
  std::string national = kDefaultNational;
  std::vector<std::string> extracts = {kDefaultExtract};
  bool no_national = false;
  bool no_extract = false;
  int months = 12;
  OutputOptions output;  // --format table|json, --out
};

void require_file(const std::string& path, const char* option) {
  if (!std::filesystem::is_regular_file(path)) {
    throw InputError(fmt::format("{}: {}: no such file (run from the repository root, or pass {} FILE)",
                                 option, path, option));
  }
}

void run(const OverviewOptions& o) {
  const Format format = o.output.format();  // no csv: several tables (`elective stats` gives each as CSV)
  std::optional<data::NationalSeries> national;
  if (!o.no_national) {
    require_file(o.national, "--national");
    national = data::NationalSeries::load(o.national);
  }
  std::optional<data::RttExtract> extract;
  if (!o.no_extract) {
    for (const auto& path : o.extracts) require_file(path, "--extract");
    extract = data::RttExtract::load(o.extracts);
  }
  const auto overview =
      report::build_overview(national ? &*national : nullptr, extract ? &*extract : nullptr, o.months);
  o.output.write(format == Format::json ? json_text(report::overview_json(overview))
                                        : report::overview_text(overview));
}

const CommandRegistration registration("overview", [](CLI::App& app) {
  auto options = std::make_shared<OverviewOptions>();
  auto* cmd =
      app.add_subcommand("overview",
                         "The state of the waiting list: England's latest month and trend, and the provider "
                         "table of an RTT Full CSV extract");
  cmd->add_option("--national", options->national, "national time series CSV")->capture_default_str();
  cmd->add_option("--extract", options->extracts, "RTT Full CSV extract(s)")->capture_default_str();
  cmd->add_flag("--no-national", options->no_national, "leave out the national section");
  cmd->add_flag("--no-extract", options->no_extract, "leave out the provider section");
  cmd->add_option("--months", options->months, "months of trend (default 12)")->check(CLI::Range(1, 240));
  options->output.add_to(*cmd, OutTarget::file, "write the report to this file instead of stdout");
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
