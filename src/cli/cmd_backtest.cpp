// `elective backtest`: the rolling-origin forecast test of the stock-and-flow model against persistence,
// seasonal naive and a 12-month linear trend on the national series (docs/backtest.md). Unconditional by
// default (the model is driven by its own driver forecast, as a scenario is); `--given-actual-flows` gives
// the conditional test, labelled so in every output.
#include <fmt/format.h>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/backtest_providers.hpp"
#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/parallel_for.hpp"
#include "core/policies.hpp"
#include "core/table.hpp"
#include "data/data_source.hpp"
#include "data/national_series.hpp"
#include "flow/rolling_backtest.hpp"

namespace elective::cli {
namespace {

struct BacktestOptions {
  std::string data;  // default: the national series, or the provider months file with --by
  std::vector<std::string> at;
  std::string from, to;
  int every = 3;
  int months = 12;
  int window = 12;
  int threads = 0;  // 0: one per core
  bool given_actual_flows = false;
  bool actual_other_removals = false;
  bool detail = false;
  std::string rule = "calibrated";
  std::optional<std::string> by;  // the provider-level back-test (cli/backtest_providers.hpp)
  int first_origin = 6;
  OutputOptions output;  // --format, --out
};

YearMonth parse_month(const std::string& text, const char* option) {
  const auto m = YearMonth::parse(text);
  if (!m) throw InputError(fmt::format("{}: expected a month YYYY-MM, got '{}'", option, text));
  return *m;
}

nlohmann::json optional_json(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json headline_json(const flow::Headline& h) {
  return {{"list_size", h.list},
          {"pct_within_18_weeks", optional_json(h.pct_within_18)},
          {"over_52_weeks", optional_json(h.over_52)},
          {"median_weeks", optional_json(h.median_weeks)},
          {"p92_weeks", optional_json(h.p92_weeks)}};
}

nlohmann::json summary_json(const std::vector<flow::SummaryRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const flow::SummaryRow& r : rows)
    out.push_back({{"method", r.method},
                   {"horizon", r.horizon},
                   {"n_origins", r.n_origins},
                   {"list_mape", optional_json(r.list_mape)},
                   {"pct_within_18_weeks_mae", optional_json(r.pct_within_18_weeks_mae)},
                   {"over_52_weeks_mape", optional_json(r.over_52_weeks_mape)},
                   {"median_weeks_mae", optional_json(r.median_weeks_mae)},
                   {"p92_weeks_mae", optional_json(r.p92_weeks_mae)},
                   {"interval_coverage", optional_json(r.interval_coverage)}});
  return out;
}

nlohmann::json by_origin_json(const std::vector<flow::ScoredForecast>& forecasts) {
  nlohmann::json out = nlohmann::json::array();
  for (const flow::ScoredForecast& f : forecasts) {
    nlohmann::json interval = nullptr;
    if (f.list_interval || f.pct_interval) {
      interval = nlohmann::json::object();
      interval["list_size"] =
          f.list_interval ? nlohmann::json{{"p10", f.list_interval->p10}, {"p90", f.list_interval->p90}}
                          : nlohmann::json();
      interval["pct_within_18_weeks"] =
          f.pct_interval ? nlohmann::json{{"p10", f.pct_interval->p10}, {"p90", f.pct_interval->p90}}
                         : nlohmann::json();
    }
    out.push_back({{"origin", f.origin.to_string()},
                   {"method", f.method},
                   {"horizon", f.horizon},
                   {"month", f.forecast.month.to_string()},
                   {"scored", f.scored},
                   {"forecast", headline_json(f.forecast)},
                   {"actual", f.actual ? headline_json(*f.actual) : nlohmann::json()},
                   {"interval", interval}});
  }
  return out;
}

std::vector<Column> summary_columns(bool with_block) {
  std::vector<Column> c;
  if (with_block) c.push_back({"block", "Origins", CellKind::text, 0});
  for (Column col :
       std::vector<Column>{{"method", "Method", CellKind::text, 0},
                           {"horizon", "Months ahead", CellKind::count, 0},
                           {"n_origins", "Origins", CellKind::count, 0},
                           {"list_mape", "List MAPE", CellKind::fraction, 4},
                           {"pct_within_18_weeks_mae", "% within 18 MAE (pts)", CellKind::number, 2},
                           {"over_52_weeks_mape", "Over-52 MAPE", CellKind::fraction, 3},
                           {"median_weeks_mae", "Median MAE (wks)", CellKind::number, 2},
                           {"p92_weeks_mae", "P92 MAE (wks)", CellKind::number, 2},
                           {"interval_coverage", "P10-P90 coverage", CellKind::fraction, 0}})
    c.push_back(col);
  return c;
}

void add_summary_rows(Table& t, const std::vector<flow::SummaryRow>& rows, const std::string& block,
                      const std::function<bool(int)>& keep_horizon) {
  for (const flow::SummaryRow& r : rows) {
    if (!keep_horizon(r.horizon) || r.n_origins == 0) continue;
    std::vector<Cell> row;
    if (!block.empty()) row.emplace_back(block);
    row.emplace_back(r.method);
    row.emplace_back(static_cast<std::int64_t>(r.horizon));
    row.emplace_back(static_cast<std::int64_t>(r.n_origins));
    // % within 18 weeks is shown in points (its column is a number, not a fraction).
    const std::optional<double> pct_points =
        r.pct_within_18_weeks_mae ? std::optional<double>(*r.pct_within_18_weeks_mae * 100) : std::nullopt;
    const std::array<std::optional<double>, 6> values = {r.list_mape,          pct_points,
                                                         r.over_52_weeks_mape, r.median_weeks_mae,
                                                         r.p92_weeks_mae,      r.interval_coverage};
    for (const std::optional<double>& v : values) {
      if (v) {
        row.emplace_back(*v);
      } else {
        row.emplace_back();
      }
    }
    t.add_row(std::move(row));
  }
}

Table detail_table(const std::vector<flow::ScoredForecast>& forecasts) {
  Table t;
  t.columns = {{"origin", "Origin", CellKind::text, 0},
               {"method", "Method", CellKind::text, 0},
               {"horizon", "Months ahead", CellKind::count, 0},
               {"month", "Month", CellKind::text, 0},
               {"scored", "Scored", CellKind::flag, 0},
               {"list_size", "List", CellKind::count, 0},
               {"actual_list_size", "Actual list", CellKind::count, 0},
               {"list_size_p10", "List P10", CellKind::count, 0},
               {"list_size_p90", "List P90", CellKind::count, 0},
               {"pct_within_18_weeks", "Within 18", CellKind::fraction, 4},
               {"actual_pct_within_18_weeks", "Actual within 18", CellKind::fraction, 4},
               {"pct_within_18_weeks_p10", "Within 18 P10", CellKind::fraction, 4},
               {"pct_within_18_weeks_p90", "Within 18 P90", CellKind::fraction, 4},
               {"over_52_weeks", "Over 52", CellKind::count, 0},
               {"actual_over_52_weeks", "Actual over 52", CellKind::count, 0}};
  auto cell = [](const std::optional<double>& v) { return v ? Cell(*v) : Cell(); };
  for (const flow::ScoredForecast& f : forecasts) {
    std::vector<Cell> row;
    row.emplace_back(f.origin.to_string());
    row.emplace_back(f.method);
    row.emplace_back(static_cast<std::int64_t>(f.horizon));
    row.emplace_back(f.forecast.month.to_string());
    row.emplace_back(static_cast<std::int64_t>(f.scored ? 1 : 0));
    row.emplace_back(f.forecast.list);
    row.push_back(f.actual ? Cell(f.actual->list) : Cell());
    row.push_back(f.list_interval ? Cell(f.list_interval->p10) : Cell());
    row.push_back(f.list_interval ? Cell(f.list_interval->p90) : Cell());
    row.push_back(cell(f.forecast.pct_within_18));
    row.push_back(f.actual ? cell(f.actual->pct_within_18) : Cell());
    row.push_back(f.pct_interval ? Cell(f.pct_interval->p10) : Cell());
    row.push_back(f.pct_interval ? Cell(f.pct_interval->p90) : Cell());
    row.push_back(cell(f.forecast.over_52));
    row.push_back(f.actual ? cell(f.actual->over_52) : Cell());
    t.add_row(std::move(row));
  }
  return t;
}

void run(const BacktestOptions& o) {
  const Format format = o.output.format();
  if (o.by) {
    o.output.write(run_provider_backtest({o.data.empty() ? "data/rtt_provider_months_waited.csv.gz" : o.data,
                                          *o.by, o.window, o.first_origin, o.threads},
                                         format));
    return;
  }
  const std::string data = o.data.empty() ? "data/rtt_national_timeseries.csv" : o.data;
  if (o.actual_other_removals && !o.given_actual_flows)
    throw InputError("--actual-other-removals: only with --given-actual-flows");
  data::FileDataSource files;
  const auto ref = files.resolve(data, SourceLocation{"command line", 0, 0, {}}, "--data");
  const auto months = flow::national_months(*files.open(ref, {data::InputKind::national, {}})->national);
  flow::RollingOptions r;
  r.horizon = o.months;
  r.every = o.every;
  r.threads = worker_threads(o.threads);
  r.model.window = o.window;
  r.model.given_actual_flows = o.given_actual_flows;
  r.model.actual_other_removals = o.actual_other_removals;
  const auto rule = parse_policy(o.rule, Engine::forecast);
  if (!rule)
    throw InputError(fmt::format("--rule: expected {}; got '{}'", policy_names(Engine::forecast), o.rule));
  r.model.policy.rule = *rule;
  for (const std::string& a : o.at) r.at.push_back(parse_month(a, "--at"));
  if (!o.from.empty()) r.from = parse_month(o.from, "--from");
  if (!o.to.empty()) r.to = parse_month(o.to, "--to");
  const flow::RollingResult result = flow::rolling_backtest(months, r);

  std::string content;
  if (format == Format::json) {
    nlohmann::json j;
    j["origins"] = nlohmann::json::array();
    for (YearMonth t : result.origins) j["origins"].push_back(t.to_string());
    j["summary"] = summary_json(result.summary);
    j["by_origin"] = by_origin_json(result.forecasts);
    content = json_text(j);
  } else if (o.detail) {
    const Table t = detail_table(result.forecasts);
    content = format == Format::csv ? render_csv(t) : render_text(t);
  } else if (format == Format::csv) {
    Table t;
    t.columns = summary_columns(false);
    add_summary_rows(t, result.summary, "", [](int) { return true; });
    content = render_csv(t);
  } else {
    // Text: all origins, then the pre-2020 and post-2022 blocks when the origins span both.
    const auto methods = flow::backtest_methods(result.conditional);
    const bool pre = result.origins.front() < YearMonth(2020, 3);
    const bool post = result.origins.back() > YearMonth(2022, 3);
    auto keep = [&](int h) { return h == 1 || h == 3 || h == 6 || h == 12 || h == o.months; };
    Table t;
    t.columns = summary_columns(true);
    add_summary_rows(t, result.summary, "all", keep);
    if (pre && post) {
      add_summary_rows(t,
                       flow::summarise(result.forecasts, methods, o.months,
                                       [](YearMonth m) { return m < YearMonth(2020, 3); }),
                       "pre-2020", keep);
      add_summary_rows(t,
                       flow::summarise(result.forecasts, methods, o.months,
                                       [](YearMonth m) { return m > YearMonth(2022, 3); }),
                       "post-2022", keep);
    }
    content = fmt::format(
        "{} back-test on {}: {} origins {} to {}, {}-month calibration window. Errors are means over the "
        "first N months after each origin; months touching March 2020 - March 2022 are not scored.\n{}\n",
        result.conditional
            ? (o.actual_other_removals
                   ? "CONDITIONAL (driven by the actual referrals, clock stops and other removals; not a "
                     "forecast)"
                   : "CONDITIONAL (driven by the actual referrals and clock stops; not a forecast)")
            : "Unconditional (the model driven by its own driver forecast)",
        data, result.origins.size(), result.origins.front().to_string(), result.origins.back().to_string(),
        o.window, result.conditional ? "Method model_given_actual_flows is the conditional model." : "");
    content += render_text(t);
  }
  o.output.write(content);
}

const CommandRegistration registration("backtest", [](CLI::App& app) {
  auto options = std::make_shared<BacktestOptions>();
  auto* cmd = app.add_subcommand(
      "backtest", "Rolling-origin forecast test of the model against naive methods on the national series");
  cmd->add_option(
      "--data", options->data,
      "national time series CSV (default: data/rtt_national_timeseries.csv; with --by the provider "
      "months file, default data/rtt_provider_months_waited.csv.gz)");
  cmd->add_option(
      "--by", options->by,
      "provider-level back-test on the provider months file by a comma list of provider, specialty, "
      "icb, region (rolling origins inside its months, model vs persistence)");
  cmd->add_option("--first-origin", options->first_origin,
                  "with --by: months of the file up to the first origin (default 6)");
  cmd->add_option("--at", options->at,
                  "origin month(s) T, YYYY-MM (repeatable; default: every --every months)");
  cmd->add_option("--from", options->from, "first origin of the grid, YYYY-MM");
  cmd->add_option("--to", options->to, "last origin of the grid, YYYY-MM");
  cmd->add_option("--every", options->every, "months between origins (default 3)")->check(CLI::Range(1, 12));
  cmd->add_option("--months", options->months, "months projected after each origin (default 12)")
      ->check(CLI::Range(1, 120));
  cmd->add_option("--window", options->window, "calibration window in months (default 12)")
      ->check(CLI::Range(2, 60));
  cmd->add_option(
         "--threads", options->threads,
         "origins (with --by: groups) run on this many threads (default 0: one per core; results are "
         "identical for any count)")
      ->check(CLI::Range(0, 1024));
  cmd->add_flag("--given-actual-flows", options->given_actual_flows,
                "conditional test: drive the model with the actual referrals and clock stops");
  cmd->add_flag("--actual-other-removals", options->actual_other_removals,
                "with --given-actual-flows: also the actual other removals (the list size is then the "
                "published one)");
  cmd->add_option("--rule", options->rule,
                  "removal rule (default calibrated): " + policy_help(Engine::forecast));
  cmd->add_flag("--detail", options->detail, "every origin, method and month instead of the summary");
  options->output.add_to(*cmd);
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
