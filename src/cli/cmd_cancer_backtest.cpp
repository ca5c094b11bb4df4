// `elective cancer-backtest`: rolling-origin back-test of naive forecasts of cancer waiting times performance
// (England, by standard) and of urgent suspected cancer referrals 2009-2019 (flow/cancer_backtest.hpp,
// docs/backtest.md). The data support only naive methods; the table says how far ahead they can be trusted.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/command_registry.hpp"
#include "core/error.hpp"
#include "core/table.hpp"
#include "data/cancer_cwt.hpp"
#include "data/csv.hpp"
#include "flow/cancer_backtest.hpp"

namespace elective::cli {
namespace {

struct CancerBacktestOptions {
  std::string national = "data/cancer_waiting_times_national_monthly.csv";
  std::string extract = "data/cancer_cwt_provider.csv.gz";
  bool no_extract = false;
  std::vector<int> horizons = {1, 3, 6, 12};
  std::string format = "table";
  std::string out;
};

void require_file(const std::string& path, const char* option) {
  if (!std::filesystem::is_regular_file(path))
    throw InputError(fmt::format("{}: {}: no such file (run from the repository root, or pass {} FILE)",
                                 option, path, option));
}

void run(const CancerBacktestOptions& o) {
  const Format format = parse_format(o.format);
  require_file(o.national, "--national");
  const auto national = data::CwtNational::parse(data::read_input_file(o.national), o.national);
  std::optional<data::CwtProvider> extract;
  if (!o.no_extract) {
    require_file(o.extract, "--extract");
    extract = data::CwtProvider::parse(data::read_input_file(o.extract), o.extract);
  }
  for (int h : o.horizons)
    if (h < 1 || h > 12) throw InputError(fmt::format("--horizons: expected months from 1 to 12, got {}", h));
  std::vector<flow::CancerBacktestRow> rows;
  for (auto standard : data::kCancerStandards) {
    const auto series = flow::england_cancer_series(national, extract ? &*extract : nullptr, standard);
    const auto r = flow::backtest_cancer_performance(
        series, fmt::format("{} performance", data::cancer_standard_name(standard)), o.horizons);
    rows.insert(rows.end(), r.begin(), r.end());
  }
  const auto referrals =
      flow::backtest_cancer_referrals(national, YearMonth(2009, 10), YearMonth(2019, 12), o.horizons);
  rows.insert(rows.end(), referrals.begin(), referrals.end());

  Table t;
  t.columns = {{"series", "Series", CellKind::text},
               {"months_ahead", "Months ahead", CellKind::count},
               {"method", "Method", CellKind::text},
               {"pairs", "Pairs", CellKind::count},
               {"mean_absolute_error", "MAE", CellKind::number, 2},
               {"unit", "Unit", CellKind::text},
               {"first_origin", "First origin", CellKind::text},
               {"last_origin", "Last origin", CellKind::text}};
  for (const auto& r : rows)
    t.add_row({r.series, static_cast<std::int64_t>(r.horizon), r.method, static_cast<std::int64_t>(r.pairs),
               r.error, r.unit, r.first_origin.to_string(), r.last_origin.to_string()});
  std::string output = render(t, format);
  if (format == Format::table)
    output =
        "Rolling-origin back-test, England (national series; later months from the provider extract).\n"
        "Performance errors in percentage points; referral errors in percent. Each method is scored on the\n"
        "same (origin, months ahead) pairs.\n\n" +
        output;
  emit(output, o.out);
}

const CommandRegistration registration("cancer-backtest", [](CLI::App& app) {
  auto options = std::make_shared<CancerBacktestOptions>();
  auto* cmd =
      app.add_subcommand("cancer-backtest",
                         "Back-test naive forecasts of cancer waiting times performance and referrals "
                         "(rolling origins, national series and provider extract)");
  cmd->add_option("--national", options->national, "national cancer waiting times series CSV")
      ->capture_default_str();
  cmd->add_option("--extract", options->extract,
                  "cancer waiting times provider extract (adds months after 2023)")
      ->capture_default_str();
  cmd->add_flag("--no-extract", options->no_extract, "use the national series only");
  cmd->add_option("--horizons", options->horizons, "months ahead to score (default 1 3 6 12)");
  cmd->add_option("--format", options->format, "table (default), csv or json");
  cmd->add_option("--out", options->out, "write the output to this file instead of stdout");
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
