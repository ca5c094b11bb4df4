#include "report/forecast_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "core/band_layout.hpp"
#include "core/calendar.hpp"
#include "core/json_text.hpp"
#include "core/result_table.hpp"
#include "core/table.hpp"
#include "stats/wait_summary.hpp"

namespace elective::report {

namespace {

double stats_within(const WaitHistogram& h) {
  const double total = h.total();
  return total > 0 ? stats::count_within_weeks(h, kWeeksStandard) / total : 0;
}

std::string pct(const std::optional<double>& v) {
  return v ? format_percent(*v, 1) : "-";
}
std::string count(const std::optional<double>& v) {
  return v ? format_count(*v) : "-";
}

std::string target_value(const plan::Target& t, double v) {
  switch (t.kind) {
    case plan::TargetKind::share_within:
    case plan::TargetKind::share_over:
      return format_percent(v, 1);
    default:
      return format_count(v);
  }
}

std::string target_gap(const plan::Target& t, double gap) {
  switch (t.kind) {
    case plan::TargetKind::share_within:
    case plan::TargetKind::share_over:
      return fmt::format("{:+.1f} points", gap * 100);
    default:
      return fmt::format("{}{}", gap >= 0 ? "+" : "-", format_count(std::fabs(gap)));
  }
}

std::vector<std::string> calibration_notes(const plan::ForecastResult& r) {
  const flow::Calibration& c = r.baseline.calibration;
  std::vector<std::string> notes;
  const ListDefinition& list = *r.baseline.list;
  const bool rtt = list.name == rtt_list().name;
  if (rtt) {
    notes.push_back(fmt::format(
        "Start: {} - list {}, {} within 18 weeks.", r.baseline.description, format_count(c.list.total()),
        pct(c.list.total() > 0 ? std::optional(stats_within(c.list)) : std::nullopt)));
  } else {  // another list (DM01): its own standard
    notes.push_back(fmt::format("Start: {} - list {}, {} within {} {}.", r.baseline.description,
                                format_count(c.list.total()),
                                pct(summarise_list(list, c.list.counts).share_within_standard), list.standard,
                                wait_unit_name(list.bands.unit())));
  }
  const std::string window =
      c.window_months > 0
          ? fmt::format("{} months to {}", c.window_months, c.month.to_string())
          : fmt::format("the single month {}: treatment hazards as completed / (list + completed)",
                        c.month.to_string());
  notes.push_back(
      fmt::format("Calibration ({}): referrals {} a week, {} {} a week at the start, other "
                  "removals {:.2f}% of the list a month.",
                  window, format_count(c.referrals_per_month / kWeeksPerMonth),
                  rtt ? "completed pathways" : "tests from the waiting list",
                  format_count(c.capacity_per_month / kWeeksPerMonth),
                  (c.drivers ? c.drivers->other_share_at(c.month + 1) : c.fit.other_rate) * 100));
  // The in-sample fit is RTT's: a DM01 start's referrals are inferred so that the list is reproduced exactly,
  // and its share is tested by the back-test (docs/backtest.md "Diagnostics (DM01)").
  if (c.in_sample.months > 0 && rtt)
    notes.push_back(fmt::format(
        "Fit (model re-run over the window with actual flows): list size error {:.2f}% mean, "
        "{:.2f}% max; % within 18 weeks error {:.2f} points mean.",
        c.in_sample.list_mape * 100, c.in_sample.list_max_ape * 100, c.in_sample.pct_within_18_mae * 100));
  if (c.reconstruction)
    notes.push_back(
        fmt::format("Start histogram rebuilt from the published figures: counts reproduced within {:.1f}, "
                    "median {:+.2f} weeks, P92 {:+.2f} weeks.",
                    c.reconstruction->max_count_error, c.reconstruction->median_error_weeks,
                    c.reconstruction->p92_error_weeks));
  return notes;
}

std::string model_error_note(const plan::ForecastResult& r) {
  if (r.error_paths.empty())
    return "Intervals: the scenario's ranges only (no back-test errors were available for the model's own "
           "error).";
  return fmt::format(
      "Intervals include the model's own forecast error: each sample takes the 12-month error path of one of "
      "{} back-test origins published by the start (beyond 12 months that error grows with the horizon).",
      r.error_paths.size());
}

}  // namespace

std::string forecast_text(const plan::Scenario& scenario, const plan::ForecastResult& r) {
  std::string out;
  out += fmt::format("Scenario: {}{}\n", scenario.name,
                     scenario.description.empty() ? "" : " - " + scenario.description);
  out +=
      fmt::format("Projection {} to {}, removal rule {}{}\n", (r.baseline.start + 1).to_string(),
                  r.baseline.until.to_string(), policy_name(scenario.policy.rule),
                  r.uncertain() ? fmt::format(", {} Monte Carlo samples (seed {})", r.samples, r.seed) : "");
  for (const auto& n : calibration_notes(r)) out += "  " + n + "\n";
  if (r.uncertain()) out += "  " + model_error_note(r) + "\n";
  const auto targets = plan::scenario_targets(scenario);
  if (!targets.empty()) {
    out += "\nTargets:\n";
    for (size_t i = 0; i < targets.size(); ++i) {
      const auto& t = r.central.targets[i];
      std::string line = fmt::format("  {}: ", t.text);
      if (!t.value_at_deadline) {
        line += "deadline outside the projection";
      } else {
        line += fmt::format("{} at {} ({}, gap {})", t.met ? "MET" : "NOT MET",
                            targets[i].deadline.to_string(), target_value(targets[i], *t.value_at_deadline),
                            target_gap(targets[i], *t.gap_at_deadline));
      }
      line += t.first_met_month ? fmt::format("; first met {}", t.first_met_month->to_string())
                                : "; not met by " + r.baseline.until.to_string();
      if (r.uncertain()) {
        size_t met = 0;
        for (const auto& rep : r.sample_targets) met += rep[i].met ? 1 : 0;
        line += fmt::format("; probability met {:.0f}%",
                            100.0 * static_cast<double>(met) / static_cast<double>(r.samples));
      }
      out += line + "\n";
    }
  }
  // Key months: every March (the NHS year end) and the last month.
  out += "\nKey months";
  out += r.uncertain() ? " (central projection; P10-P90 in brackets):\n" : ":\n";
  const bool dm01 = r.baseline.list->name == dm01_list().name;
  Table key;
  if (dm01)  // the diagnostics list: its 6-week standard and 13+ band
    key.columns = {{"month", "Month", CellKind::text, 0},
                   {"list_size", "List size", CellKind::text, 0},
                   {"pct_within_6_weeks", "Within 6 wks", CellKind::text, 0},
                   {"over_6_weeks", "Over 6 wks", CellKind::text, 0},
                   {"over_13_weeks", "Over 13 wks", CellKind::text, 0},
                   {"median_weeks", "Median wks", CellKind::text, 0}};
  else
    key.columns = {{"month", "Month", CellKind::text, 0},
                   {"list_size", "List size", CellKind::text, 0},
                   {"pct_within_18_weeks", "Within 18 wks", CellKind::text, 0},
                   {"over_52_weeks", "Over 52 wks", CellKind::text, 0},
                   {"over_65_weeks", "Over 65 wks", CellKind::text, 0},
                   {"p92_weeks", "P92 wks", CellKind::text, 0}};
  for (size_t i = 0; i < r.central.months.size(); ++i) {
    const auto& m = r.central.months[i];
    if (m.month.month() != 3 && i + 1 != r.central.months.size()) continue;
    std::string list = format_count(m.list_size);
    const auto share = [dm01](const plan::MonthOutcome& mo) {
      return dm01 ? mo.pct_within_6_weeks : mo.pct_within_18_weeks;
    };
    std::string within = pct(share(m));
    if (r.uncertain()) {
      std::vector<double> ls, ws;
      for (const auto& rep : r.sample_months) {
        ls.push_back(rep[i].list_size);
        if (share(rep[i])) ws.push_back(*share(rep[i]));
      }
      list += fmt::format(" ({}-{})", format_count(*sample_percentile(ls, 0.1)),
                          format_count(*sample_percentile(ls, 0.9)));
      if (!ws.empty())
        within += fmt::format(" ({}-{})", format_percent(*sample_percentile(ws, 0.1)),
                              format_percent(*sample_percentile(ws, 0.9)));
    }
    if (dm01)
      key.add_row({m.month.to_string(), list, within, count(m.over_6_weeks), count(m.over_13_weeks),
                   m.median_weeks ? fmt::format("{:.1f}", *m.median_weeks) : std::string("-")});
    else
      key.add_row({m.month.to_string(), list, within, count(m.over_52_weeks), count(m.over_65_weeks),
                   m.p92_weeks ? fmt::format("{:.1f}", *m.p92_weeks) : std::string("-")});
  }
  out += render_text(key);
  out += "\nMonthly projection:\n";
  out += render_text(plan::months_table(r.central.months));
  return out;
}

std::string forecast_csv(const plan::ForecastResult& r) {
  return render_csv(r.uncertain() ? plan::months_table(r.sample_months)
                                  : plan::months_table(r.central.months));
}

HtmlReportInput forecast_html_input(const plan::Scenario& scenario, const plan::ForecastResult& r) {
  HtmlReportInput in;
  in.title = fmt::format("Forecast: {}", scenario.name);
  in.subtitle = scenario.description.empty() ? r.baseline.description : scenario.description;
  in.notes = calibration_notes(r);
  if (r.uncertain()) {
    in.notes.push_back(
        fmt::format("Shaded bands: P10-P90 of {} Monte Carlo samples (seed {}).", r.samples, r.seed));
    in.notes.push_back(model_error_note(r));
  }
  in.months = r.central.months;
  in.history = r.baseline.history;
  in.replications = r.sample_months;
  in.targets = r.central.targets;
  if (r.uncertain()) {
    const nlohmann::json j = r.to_json();
    for (size_t i = 0; i < in.targets.size(); ++i)
      in.targets[i].probability_met = j["targets"][i]["probability_met"].get<double>();
  }
  for (const auto& spec : scenario.targets) {
    const plan::Target& t = spec.target;
    if (t.kind == plan::TargetKind::share_within && t.weeks == 18)
      in.target_lines.push_back({t.text, t.threshold, t.deadline.to_string(), true});
    if (t.kind == plan::TargetKind::list_below)
      in.target_lines.push_back({t.text, t.threshold, t.deadline.to_string(), false});
  }
  return in;
}

std::vector<std::pair<std::string, std::string>> forecast_report_files(const plan::Scenario& scenario,
                                                                       const plan::ForecastResult& result) {
  return {{"forecast.json", json_text(result.to_json())},
          {"months.csv", forecast_csv(result)},
          {"index.html", render_html_report(forecast_html_input(scenario, result))}};
}

}  // namespace elective::report
