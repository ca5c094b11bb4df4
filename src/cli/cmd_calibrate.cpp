// `elective calibrate`: the calibrated parameters of the stock-and-flow model (docs/forecast.md
// "Calibration"): band-group treatment hazards and other-removal rates, baseline flows, seasonality and the
// fit error, from the national series at a month or from a scenario's start (national series, RTT Full CSV
// extract, histogram).
#include <fmt/format.h>

#include <memory>
#include <string>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/band_layout.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/table.hpp"
#include "data/data_source.hpp"
#include "flow/calibrate.hpp"
#include "plan/engine.hpp"
#include "plan/scenario.hpp"

namespace elective::cli {
namespace {

struct CalibrateOptions {
  std::string data = "data/rtt_national_timeseries.csv";
  std::string at = "latest";
  std::string scenario;
  int window = 12;
  OutputOptions output;  // --format, --out
};

Table groups_table(const flow::Calibration& c) {
  Table t;
  t.columns = {{"from_week", "From week", CellKind::count, 0},
               {"to_week", "To week", CellKind::text, 0},
               {"treatment_hazard", "Treatment hazard /month", CellKind::number, 4},
               {"other_rate", "Other removals /month", CellKind::fraction, 4}};
  const auto& starts = c.fit.subgroup_starts;
  for (size_t j = 0; j < c.fit.group_hazard.size(); ++j) {
    const std::int64_t from = j < starts.size() ? starts[j] : 0;
    const std::string to = j + 1 < starts.size() ? std::to_string(starts[j + 1] - 1) : std::string("open");
    std::vector<Cell> row;
    row.emplace_back(from);
    row.emplace_back(to);
    row.emplace_back(c.fit.group_hazard[j]);
    row.emplace_back(j < c.fit.group_other_rate.size() ? c.fit.group_other_rate[j] : c.fit.other_rate);
    t.add_row(std::move(row));
  }
  return t;
}

void run(const CalibrateOptions& o) {
  const Format format = o.output.format();
  flow::Calibration c;
  // The list calibrated: its standard and words (a DM01 start: tests, 6 weeks; plan/dm01_start.hpp).
  const ListDefinition* list = &rtt_list();
  if (!o.scenario.empty()) {
    const plan::Baseline baseline = plan::prepare_baseline(plan::load_scenario(o.scenario));
    c = baseline.calibration;
    list = baseline.list;
  } else {
    data::FileDataSource files;
    const auto ref = files.resolve(o.data, SourceLocation{"command line", 0, 0, {}}, "--data");
    const auto months = flow::national_months(*files.open(ref, {data::InputKind::national, {}})->national);
    YearMonth at;
    if (o.at == "latest") {
      bool found = false;
      for (auto it = months.rbegin(); it != months.rend() && !found; ++it)
        if (it->headline.total > 0 && it->referrals && it->completed) {
          at = it->month;
          found = true;
        }
      if (!found)
        throw InputError(fmt::format("{}: no month with list, referrals and completed pathways", o.data));
    } else {
      const auto m = YearMonth::parse(o.at);
      if (!m) throw InputError(fmt::format("--at: expected YYYY-MM or latest, got '{}'", o.at));
      at = *m;
    }
    c = flow::calibrate_national(months, at, o.window);
  }
  const bool dm01 = list->name == dm01_list().name;
  // The share-within-standard key of the fit: pct_within_18_weeks_* for RTT, pct_within_6_weeks_* for DM01.
  const std::string share_key = fmt::format("pct_within_{}_weeks", list->standard);
  // Calibrations from one extract month carry no subgroup list: those use the provider groups.
  if (c.fit.subgroup_starts.empty()) c.fit.subgroup_starts = {0, 4, 8, 13, 18, 26, 39, 52, 78};
  const Table groups = groups_table(c);
  std::string content;
  if (format == Format::json) {
    nlohmann::json j;
    j["source"] = c.source;
    j["month"] = c.month.to_string();
    j["window_months"] = c.window_months;
    j["referrals_per_week"] = c.referrals_per_month / kWeeksPerMonth;
    j["capacity_per_week"] = c.capacity_per_month / kWeeksPerMonth;
    j["other_removals_per_week"] = c.other_removals_per_month / kWeeksPerMonth;
    j["other_share_per_month"] = c.fit.other_rate;
    j["groups"] = to_json_rows(groups);
    j["referral_seasonality"] = c.referral_seasonality;
    j["capacity_seasonality"] = c.capacity_seasonality;
    j["fit"] = {{"months", c.in_sample.months},
                {"list_mape", c.in_sample.list_mape},
                {"list_max_ape", c.in_sample.list_max_ape},
                {share_key + "_mae", c.in_sample.pct_within_18_mae},
                {share_key + "_max_ae", c.in_sample.pct_within_18_max_ae}};
    j["reconstruction"] = nullptr;
    if (c.reconstruction)
      j["reconstruction"] = {{"max_count_error", c.reconstruction->max_count_error},
                             {"median_error_weeks", c.reconstruction->median_error_weeks},
                             {"p92_error_weeks", c.reconstruction->p92_error_weeks}};
    content = json_text(j);
  } else if (format == Format::csv) {
    content = render_csv(groups);
  } else {
    content = fmt::format("Calibration of the stock-and-flow model: {} at {} ({} months)\n", c.source,
                          c.month.to_string(), c.window_months);
    content += fmt::format(
        "  {} {} a week, {} {} a week, other removals {} a week ({:.2f}% of the list a month)\n",
        dm01 ? "referrals (inferred)" : "referrals", format_count(c.referrals_per_month / kWeeksPerMonth),
        dm01 ? "waiting-list tests" : "completed pathways",
        format_count(c.capacity_per_month / kWeeksPerMonth),
        format_count(c.other_removals_per_month / kWeeksPerMonth), c.fit.other_rate * 100);
    if (c.in_sample.months > 0)
      content += fmt::format(
          "  fit over the window: list size error {:.2f}% mean ({:.2f}% max), % within {} weeks "
          "{:.2f} points mean ({:.2f} max)\n",
          c.in_sample.list_mape * 100, c.in_sample.list_max_ape * 100, list->standard,
          c.in_sample.pct_within_18_mae * 100, c.in_sample.pct_within_18_max_ae * 100);
    std::string season = "  seasonality (Jan..Dec) referrals:";
    for (double f : c.referral_seasonality) season += fmt::format(" {:.3f}", f);
    season += "\n  seasonality (Jan..Dec) capacity: ";
    for (double f : c.capacity_seasonality) season += fmt::format(" {:.3f}", f);
    content += season + "\n\n" + render_text(groups);
  }
  o.output.write(content);
}

const CommandRegistration registration("calibrate", [](CLI::App& app) {
  auto options = std::make_shared<CalibrateOptions>();
  auto* cmd =
      app.add_subcommand("calibrate", "Show the calibrated parameters of the forecast model and its fit");
  cmd->add_option("--data", options->data,
                  "national time series CSV (default: data/rtt_national_timeseries.csv)");
  cmd->add_option("--at", options->at, "calibration month YYYY-MM or latest (default)");
  cmd->add_option("--window", options->window, "calibration window in months (default 12)")
      ->check(CLI::Range(2, 60));
  cmd->add_option("--scenario", options->scenario, "calibrate a scenario's start instead (any start.data)")
      ->check(CLI::ExistingFile);
  options->output.add_to(*cmd);
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
