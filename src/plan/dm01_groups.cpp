#include "plan/dm01_groups.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "core/error.hpp"
#include "plan/dm01_start.hpp"

namespace elective::plan {

namespace {

const char* breakdown_name(stats::Dm01Breakdown b) {
  switch (b) {
    case stats::Dm01Breakdown::provider:
      return "provider";
    case stats::Dm01Breakdown::region:
      return "region";
    case stats::Dm01Breakdown::test:
      return "test";
    case stats::Dm01Breakdown::month:
      return "month";
  }
  return "provider";
}

bool has(const std::vector<stats::Dm01Breakdown>& by, stats::Dm01Breakdown b) {
  return std::find(by.begin(), by.end(), b) != by.end();
}

nlohmann::json optional_json(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

Cell optional_cell(const std::optional<double>& v) {
  return v ? Cell{*v} : Cell{};
}

nlohmann::json identity_json(const Dm01Group& g, const std::vector<stats::Dm01Breakdown>& by) {
  nlohmann::json j;
  if (has(by, stats::Dm01Breakdown::provider)) {
    j["provider"] = optional_json(g.provider);
    j["provider_name"] = optional_json(g.provider_name);
  }
  if (has(by, stats::Dm01Breakdown::region)) {
    j["region"] = optional_json(g.region);
    j["region_name"] = optional_json(g.region_name);
  }
  j["test"] = g.test.value_or("ALL");
  j["test_id"] = g.test_id ? nlohmann::json(*g.test_id) : nlohmann::json();
  const flow::Calibration& c = g.baseline.calibration;
  j["calibration"] = {{"months", c.window_months + 1},
                      {"referrals_per_week", c.referrals_per_month / kWeeksPerMonth},
                      {"capacity_per_week", c.capacity_per_month / kWeeksPerMonth},
                      {"in_sample_list_mape", c.in_sample.list_mape},
                      {"in_sample_pct_within_6_weeks_mae", c.in_sample.pct_within_18_mae}};
  return j;
}

nlohmann::json prepared_json(const Dm01Groups& p) {
  nlohmann::json j;
  j["list"] = "dm01";
  j["by"] = nlohmann::json::array();
  for (const auto b : p.by) j["by"].push_back(breakdown_name(b));
  j["start"] = p.start.to_string();
  j["until"] = p.until.to_string();
  j["left_out"] = p.left_out;
  return j;
}

void add_identity_columns(Table& t, const std::vector<stats::Dm01Breakdown>& by, bool for_text) {
  if (has(by, stats::Dm01Breakdown::provider)) {
    t.columns.push_back({"provider", "Provider", CellKind::text});
    if (!for_text) t.columns.push_back({"provider_name", "Provider name", CellKind::text});
  }
  if (has(by, stats::Dm01Breakdown::region)) {
    t.columns.push_back({"region", "Region", CellKind::text});
    if (!for_text) t.columns.push_back({"region_name", "Region name", CellKind::text});
  }
  t.columns.push_back({"test", "Test", CellKind::text});
}

void add_identity_cells(std::vector<Cell>& row, const Dm01Group& g,
                        const std::vector<stats::Dm01Breakdown>& by, bool for_text) {
  auto cell = [](const std::optional<std::string>& v) { return v ? Cell{*v} : Cell{}; };
  if (has(by, stats::Dm01Breakdown::provider)) {
    row.push_back(cell(g.provider));
    if (!for_text) row.push_back(cell(g.provider_name));
  }
  if (has(by, stats::Dm01Breakdown::region)) {
    row.push_back(cell(g.region));
    if (!for_text) row.push_back(cell(g.region_name));
  }
  row.emplace_back(g.test.value_or("ALL"));
}

YearMonth horizon_of(const Scenario& s, YearMonth start) {
  const YearMonth until = s.horizon_months ? start + *s.horizon_months : s.until;
  if (until <= start)
    s.fail(s.horizon_months ? "horizon.months" : "horizon.until",
           fmt::format("{} must be after the start month {}", until.to_string(), start.to_string()));
  return until;
}

}  // namespace

bool is_dm01_start(const Scenario& s) {
  if (s.start.kind != StartKind::data_file || s.start.data.empty()) return false;
  return s.data->open(s.start.data)->dm01 != nullptr;
}

std::vector<stats::Dm01Breakdown> parse_dm01_group_by(const std::string& text) {
  std::vector<stats::Dm01Breakdown> by;
  std::string_view rest(text);
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view name = rest.substr(0, comma);
    stats::Dm01Breakdown b = stats::Dm01Breakdown::provider;
    if (name == "provider") {
      b = stats::Dm01Breakdown::provider;
    } else if (name == "test") {
      b = stats::Dm01Breakdown::test;
    } else if (name == "region") {
      b = stats::Dm01Breakdown::region;
    } else {
      throw InputError(fmt::format(
          "--by: expected a comma list of provider, test and region for a DM01 start (e.g. provider,test); "
          "got '{}'",
          text));
    }
    if (!has(by, b)) by.push_back(b);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return by;
}

std::string Dm01Group::label() const {
  std::string out;
  if (provider) out = "provider " + *provider;
  if (region) out += (out.empty() ? "" : ", ") + std::string("region ") + *region;
  out += (out.empty() ? "" : ", ") + std::string("test ") + test.value_or("ALL");
  return out;
}

Dm01Groups prepare_dm01_groups(const Scenario& s, const std::vector<stats::Dm01Breakdown>& by) {
  const auto dataset = s.data->open(s.start.data);
  if (!dataset->dm01) s.fail("start.data", "--by provider|test|region of a DM01 start needs the DM01 file");
  if (s.start.provider || s.start.test)
    s.fail(s.start.provider ? "start.provider" : "start.test",
           "--by runs every group: leave start.provider and start.test out");
  std::vector<stats::Dm01Breakdown> query_by = by;
  query_by.push_back(stats::Dm01Breakdown::month);
  // One query for every group and month (rows in key order: provider, region, test, month).
  std::vector<stats::Dm01StatsRow> rows = stats::dm01_query(*dataset->dm01, {}, query_by);
  std::vector<YearMonth> months;
  for (const auto& r : rows) months.push_back(r.month);
  std::sort(months.begin(), months.end());
  Dm01Groups p;
  p.by = by;
  p.start = s.start.month.value_or(months.back());
  if (!std::binary_search(months.begin(), months.end(), p.start))
    s.fail("start.month",
           fmt::format("{} is not in {} (it has {} to {})", p.start.to_string(), s.start.data.name,
                       months.front().to_string(), months.back().to_string()));
  p.until = horizon_of(s, p.start);
  using Key = std::tuple<std::string, std::string, int>;
  std::map<Key, std::vector<stats::Dm01StatsRow>> by_group;
  for (auto& r : rows)
    by_group[{r.provider.value_or(""), r.region.value_or(""), r.test_id.value_or(0)}].push_back(std::move(r));
  for (auto& [key, group_rows] : by_group) {
    Dm01Group g;
    const stats::Dm01StatsRow& first = group_rows.front();
    g.provider = first.provider;
    g.provider_name = first.provider_name;
    g.region = first.region;
    g.region_name = first.region_name;
    g.test = first.test;
    g.test_id = first.test_id;
    std::sort(group_rows.begin(), group_rows.end(),
              [](const stats::Dm01StatsRow& a, const stats::Dm01StatsRow& b) { return a.month < b.month; });
    const auto window = dm01_window(dm01_months_from_rows(group_rows), p.start, s.calibration.window_months);
    if (window.size() < 2) {
      p.left_out.push_back(g.label() + ": fewer than two consecutive months to " + p.start.to_string());
      continue;
    }
    if (window.back().list.total() <= 0) {
      p.left_out.push_back(g.label() + ": nobody waiting in " + p.start.to_string());
      continue;
    }
    Baseline& b = g.baseline;
    b.calibration = dm01_calibrate_observed(window, "DM01 diagnostics " + g.label());
    b.list = &dm01_list();
    b.policy = s.policy;
    b.start = b.calibration.month;
    b.until = p.until;
    b.description = b.calibration.source;
    p.groups.push_back(std::move(g));
  }
  return p;
}

Dm01GroupForecastResult forecast_dm01_groups(const Scenario& s, const std::vector<stats::Dm01Breakdown>& by,
                                             const Progress& progress) {
  Dm01GroupForecastResult r;
  r.prepared = prepare_dm01_groups(s, by);
  const std::vector<Target> targets = scenario_targets(s);
  for (const Dm01Group& g : r.prepared.groups) {
    if ((r.projections.size() & 63) == 0) {
      progress.throw_if_cancelled();
      progress.update(static_cast<double>(r.projections.size()) /
                      static_cast<double>(r.prepared.groups.size()));
    }
    r.projections.push_back(
        project(g.baseline, build_drivers(s, g.baseline, midpoint_draw(s), g.baseline.until), targets));
  }
  // England's own forecast (the scenario as it stands: all providers, all tests), for the sums.
  Scenario england = s;
  Baseline b = prepare_baseline(england);
  b.until = r.prepared.until;
  r.england = project(b, build_drivers(england, b, midpoint_draw(england), b.until), targets);
  progress.update(1.0);
  return r;
}

std::string Dm01GroupForecastResult::sums_line() const {
  double sum = 0;
  for (const Projection& p : projections)
    if (!p.months.empty()) sum += p.months.back().list_size;
  const double england_list = england.months.empty() ? 0 : england.months.back().list_size;
  return fmt::format(
      "The {} groups' lists sum to {} at {}; England's own forecast is {} ({:+.1f}%: each group is "
      "calibrated "
      "alone).",
      projections.size(), format_count(sum), prepared.until.to_string(), format_count(england_list),
      england_list > 0 ? (sum / england_list - 1) * 100 : 0.0);
}

nlohmann::json Dm01GroupForecastResult::to_json() const {
  nlohmann::json j = prepared_json(prepared);
  j["groups"] = nlohmann::json::array();
  double sum = 0;
  for (size_t i = 0; i < projections.size(); ++i) {
    nlohmann::json o = identity_json(prepared.groups[i], prepared.by);
    const nlohmann::json outcomes = outcomes_json(projections[i].months, projections[i].targets);
    o["months"] = outcomes["months"];
    o["targets"] = outcomes["targets"];
    if (!projections[i].months.empty()) sum += projections[i].months.back().list_size;
    j["groups"].push_back(std::move(o));
  }
  const double england_list = england.months.empty() ? 0 : england.months.back().list_size;
  j["england"] = {{"list_size_at_horizon", england_list},
                  {"sum_of_groups_list_size_at_horizon", sum},
                  {"difference", sum - england_list}};
  return j;
}

Table Dm01GroupForecastResult::league_table(bool for_text) const {
  Table t;
  t.columns.push_back({"rank", "Rank", CellKind::count});
  add_identity_columns(t, prepared.by, for_text);
  const std::string start = prepared.start.to_string(), until = prepared.until.to_string();
  t.columns.push_back({"list_size_start", "List " + start, CellKind::count});
  t.columns.push_back({"pct_within_6_weeks_start", "% <6 wks " + start, CellKind::fraction, 3});
  t.columns.push_back({"list_size_end", "List " + until, CellKind::count});
  t.columns.push_back({"pct_within_6_weeks_end", "% <6 wks " + until, CellKind::fraction, 3});
  t.columns.push_back({"list_change", "Change", CellKind::fraction, 3});
  const size_t n_targets = projections.empty() ? 0 : projections.front().targets.size();
  for (size_t i = 0; i < n_targets; ++i)
    t.columns.push_back({fmt::format("target_{}_met", i + 1),
                         for_text ? fmt::format("Target {}", i + 1) : projections.front().targets[i].text,
                         CellKind::flag});
  std::vector<size_t> order(projections.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto end_pct = [&](size_t i) {
    const auto& m = projections[i].months;
    return m.empty() ? -1.0 : m.back().pct_within_6_weeks.value_or(-1.0);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (end_pct(a) != end_pct(b)) return end_pct(a) > end_pct(b);
    return prepared.groups[a].label() < prepared.groups[b].label();
  });
  std::int64_t rank = 0;
  for (size_t i : order) {
    const Dm01Group& g = prepared.groups[i];
    const WaitHistogram& held = g.baseline.calibration.list;
    const ListSummary at_start = summarise_list(dm01_list(), held.counts);
    std::vector<Cell> row{++rank};
    add_identity_cells(row, g, prepared.by, for_text);
    row.emplace_back(std::llround(at_start.total));
    row.push_back(optional_cell(at_start.share_within_standard));
    const auto& months = projections[i].months;
    if (months.empty()) {
      row.insert(row.end(), 3, Cell{});
    } else {
      row.emplace_back(std::llround(months.back().list_size));
      row.push_back(optional_cell(months.back().pct_within_6_weeks));
      row.push_back(at_start.total > 0 ? Cell{months.back().list_size / at_start.total - 1} : Cell{});
    }
    for (size_t k = 0; k < n_targets; ++k)
      row.emplace_back(static_cast<std::int64_t>(projections[i].targets[k].met ? 1 : 0));
    t.add_row(std::move(row));
  }
  return t;
}

Dm01GroupSolveResult solve_dm01_groups(const Scenario& s, const std::vector<stats::Dm01Breakdown>& by,
                                       const RunOptions& options, const Progress& progress) {
  Dm01GroupSolveResult r;
  r.prepared = prepare_dm01_groups(s, by);
  for (const Dm01Group& g : r.prepared.groups) {
    if ((r.results.size() & 15) == 0) {
      progress.throw_if_cancelled();
      progress.update(static_cast<double>(r.results.size()) / static_cast<double>(r.prepared.groups.size()));
    }
    r.results.push_back(solve_baseline(s, g.baseline, options, progress));
  }
  progress.update(1.0);
  return r;
}

nlohmann::json Dm01GroupSolveResult::to_json() const {
  nlohmann::json j = prepared_json(prepared);
  j["groups"] = nlohmann::json::array();
  for (size_t i = 0; i < results.size(); ++i) {
    nlohmann::json o = identity_json(prepared.groups[i], prepared.by);
    o.update(results[i].to_json());
    j["groups"].push_back(std::move(o));
  }
  return j;
}

Table Dm01GroupSolveResult::table(bool for_text) const {
  Table t;
  add_identity_columns(t, prepared.by, for_text);
  t.columns.push_back({"list_size_start", "List " + prepared.start.to_string(), CellKind::count});
  t.columns.push_back({"baseline_capacity_per_week", "Tests/wk", CellKind::number, 0});
  t.columns.push_back({"lever", "Lever", CellKind::text});
  t.columns.push_back({"value", "Value", CellKind::number, 4});
  t.columns.push_back({"unit", "Unit", CellKind::text});
  t.columns.push_back({"converged", "Met", CellKind::flag});
  t.columns.push_back({"list_size_at_deadline", "List at deadline", CellKind::count});
  if (!for_text) t.columns.push_back({"target", "Target", CellKind::text});
  for (size_t i = 0; i < results.size(); ++i) {
    const Dm01Group& g = prepared.groups[i];
    const SolveResult& res = results[i];
    std::vector<Cell> row;
    add_identity_cells(row, g, prepared.by, for_text);
    row.emplace_back(std::llround(g.baseline.calibration.list.total()));
    row.emplace_back(res.baseline_capacity_per_week);
    row.emplace_back(res.lever);
    row.push_back(optional_cell(res.value));
    row.emplace_back(res.unit);
    row.emplace_back(static_cast<std::int64_t>(res.converged ? 1 : 0));
    row.push_back(res.at_deadline ? Cell{std::llround(res.at_deadline->list_size)} : Cell{});
    if (!for_text) row.emplace_back(res.target);
    t.add_row(std::move(row));
  }
  return t;
}

}  // namespace elective::plan
