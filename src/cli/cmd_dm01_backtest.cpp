// `elective dm01-backtest`: rolling-origin back-test of the diagnostics (DM01) forecast against persistence
// on the bundled DM01 file (plan/dm01_backtest.hpp, docs/backtest.md "Diagnostics (DM01)").
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/error.hpp"
#include "core/table.hpp"
#include "data/data_source.hpp"
#include "plan/dm01_backtest.hpp"

namespace elective::cli {
namespace {

struct Dm01BacktestOptions {
  std::string data = "diagnostics_dm01_provider.csv";
  std::vector<int> horizons = {1, 2, 3};
  double min_provider_list = 1000;
  OutputOptions output;  // --format table|csv|json, --out
};

void run(const Dm01BacktestOptions& o) {
  const Format format = o.output.format();
  data::FileDataSource source;
  SourceLocation where;
  where.file = "--data";
  const auto dataset = source.open(source.resolve(o.data, where, "--data"), {data::InputKind::dm01, {}});
  const auto rows = plan::backtest_dm01(*dataset->dm01, o.horizons, o.min_provider_list);
  Table t;
  t.columns = {{"scope", "Scope", CellKind::text},
               {"months_ahead", "Months ahead", CellKind::count},
               {"method", "Method", CellKind::text},
               {"pairs", "Pairs", CellKind::count},
               {"pct_within_6_weeks_mae", "MAE % within 6 wks (points)", CellKind::number, 2},
               {"list_size_mape", "MAPE list size (%)", CellKind::number, 2},
               {"first_origin", "First origin", CellKind::text},
               {"last_origin", "Last origin", CellKind::text}};
  for (const auto& r : rows)
    t.add_row({r.scope, static_cast<std::int64_t>(r.horizon), r.method, static_cast<std::int64_t>(r.pairs),
               r.pct_mae_points, r.list_mape, r.first_origin.to_string(), r.last_origin.to_string()});
  std::string output = render(t, format);
  if (format == Format::table)
    output =
        "Rolling-origin back-test of the DM01 forecast (calibrated on each selection's months to the "
        "origin,\n"
        "flat referrals and tests) against persistence, on the same (selection, origin) pairs.\n\n" +
        output;
  o.output.write(output);
}

const CommandRegistration registration("dm01-backtest", [](CLI::App& app) {
  auto options = std::make_shared<Dm01BacktestOptions>();
  auto* cmd = app.add_subcommand(
      "dm01-backtest",
      "Back-test the diagnostics (DM01) forecast against persistence (rolling origins on the DM01 file)");
  cmd->add_option("--data", options->data, "the DM01 diagnostics file")->capture_default_str();
  cmd->add_option("--horizons", options->horizons, "months ahead to score (default 1 2 3)");
  cmd->add_option("--min-provider-list", options->min_provider_list,
                  "providers scored when their list at the origin is at least this (default 1000)");
  options->output.add_to(*cmd);
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
