// `elective backtest [--data FILE] [--at YYYY-MM ...] [--months 12]`: calibrate on the national series up to
// each month T, project T+1..T+months with the actual referrals and completed pathways, and report the error
// in list size and % within 18 weeks against what was published (docs/backtest.md).
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "cli/command_registry.hpp"
#include "core/error.hpp"
#include "core/policies.hpp"
#include "core/table.hpp"
#include "data/data_source.hpp"
#include "flow/backtest.hpp"

namespace elective::cli {
namespace {

struct BacktestOptions {
  std::string data = "data/rtt_national_timeseries.csv";
  std::vector<std::string> at;
  int months = 12;
  int window = 12;
  std::string format = "table";
  bool detail = false;
  std::string rule = "calibrated";
  std::string out;
};

const std::vector<std::string> kDefaultAt = {"2016-09", "2017-06", "2018-06", "2019-03",
                                             "2022-06", "2023-06", "2024-06"};

void run(const BacktestOptions& o) {
  const Format format = parse_format(o.format);
  flow::AllocationPolicy policy;
  const auto rule = parse_policy(o.rule, Engine::forecast);
  if (!rule)
    throw InputError(fmt::format("--rule: expected {}; got '{}'", policy_names(Engine::forecast), o.rule));
  policy.rule = *rule;
  data::FileDataSource files;
  const auto ref = files.resolve(o.data, SourceLocation{"command line", 0, 0, {}}, "--data");
  const auto months = flow::national_months(*files.open(ref, {data::InputKind::national, {}})->national);
  Table summary;
  summary.columns = {{"at", "Calibrated to", CellKind::text, 0},
                     {"months", "Months", CellKind::count, 0},
                     {"list_mape", "List MAPE", CellKind::fraction, 4},
                     {"list_error_at_end", "List error at end", CellKind::fraction, 4},
                     {"pct_within_18_mae", "% within 18 MAE (pts)", CellKind::number, 2},
                     {"pct_within_18_error_at_end", "% within 18 error at end (pts)", CellKind::number, 2},
                     {"naive_list_mape", "Naive list MAPE", CellKind::fraction, 4},
                     {"naive_pct_within_18_mae", "Naive % within 18 MAE (pts)", CellKind::number, 2},
                     {"in_sample_list_mape", "In-sample list MAPE", CellKind::fraction, 4},
                     {"in_sample_pct_within_18_mae", "In-sample % within 18 MAE (pts)", CellKind::number, 2}};
  Table detail;
  detail.columns = {{"at", "Calibrated to", CellKind::text, 0},
                    {"month", "Month", CellKind::text, 0},
                    {"actual_list", "Actual list", CellKind::count, 0},
                    {"model_list", "Model list", CellKind::count, 0},
                    {"actual_pct_within_18_weeks", "Actual within 18", CellKind::fraction, 4},
                    {"model_pct_within_18_weeks", "Model within 18", CellKind::fraction, 4}};
  for (const std::string& at_text : o.at.empty() ? kDefaultAt : o.at) {
    const auto at = YearMonth::parse(at_text);
    if (!at) throw InputError(fmt::format("--at: expected a month YYYY-MM, got '{}'", at_text));
    const flow::BacktestResult r = flow::backtest_national(months, *at, o.months, o.window, policy);
    const flow::Calibration cal = flow::calibrate_national(months, *at, o.window);
    std::vector<Cell> srow;
    srow.emplace_back(at->to_string());
    srow.emplace_back(static_cast<std::int64_t>(r.points.size()));
    for (double v : {r.list_mape, r.list_error_at_end, r.pct_within_18_mae * 100,
                     r.pct_within_18_error_at_end * 100, r.naive_list_mape, r.naive_pct_within_18_mae * 100,
                     cal.in_sample.list_mape, cal.in_sample.pct_within_18_mae * 100})
      srow.emplace_back(v);
    summary.add_row(std::move(srow));
    for (const auto& p : r.points) {
      std::vector<Cell> row;
      row.emplace_back(at->to_string());
      row.emplace_back(p.month.to_string());
      row.emplace_back(p.actual_list);
      row.emplace_back(p.model_list);
      // Missing values stay empty cells (a default-constructed Cell is monostate).
      row.emplace_back();
      row.emplace_back();
      if (p.actual_pct_within_18) row[4] = *p.actual_pct_within_18;
      if (p.model_pct_within_18) row[5] = *p.model_pct_within_18;
      detail.add_row(std::move(row));
    }
  }
  std::string content;
  const Table& table = o.detail ? detail : summary;
  if (format == Format::json) {
    nlohmann::json j;
    j["backtests"] = to_json_rows(summary);
    j["months"] = to_json_rows(detail);
    content = j.dump(2) + "\n";
  } else if (format == Format::csv) {
    content = render_csv(table);
  } else {
    content =
        fmt::format(
            "Back-test of the stock-and-flow model on {} ({}-month calibration window, {}-month horizon, "
            "driven by actual referrals and completed pathways; naive = figures held at month T)\n",
            o.data, o.window, o.months) +
        render_text(table);
  }
  emit(content, o.out);
}

const CommandRegistration registration("backtest", [](CLI::App& app) {
  auto options = std::make_shared<BacktestOptions>();
  auto* cmd =
      app.add_subcommand("backtest", "Back-test the forecast model against the published national series");
  cmd->add_option("--data", options->data,
                  "national time series CSV (default: data/rtt_national_timeseries.csv)");
  cmd->add_option("--at", options->at,
                  "calibration month(s) T, YYYY-MM (repeatable; default: seven months 2016-2024)");
  cmd->add_option("--months", options->months, "months projected after T (default 12)")
      ->check(CLI::Range(1, 120));
  cmd->add_option("--window", options->window, "calibration window in months (default 12)")
      ->check(CLI::Range(2, 60));
  cmd->add_option("--rule", options->rule,
                  "removal rule (default calibrated): " + policy_help(Engine::forecast));
  cmd->add_flag("--detail", options->detail, "list every projected month instead of the summary");
  cmd->add_option("--format", options->format, "table (default), csv or json");
  cmd->add_option("--out", options->out, "write the output to this file instead of stdout");
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
