#include "plan/group_forecast.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "data/csv.hpp"
#include "data/data_source.hpp"

namespace elective::plan {

namespace {

constexpr const char* kProvidersFile = "providers.csv";

const char* breakdown_name(stats::ProviderBreakdown b) {
  switch (b) {
    case stats::ProviderBreakdown::provider:
      return "provider";
    case stats::ProviderBreakdown::icb:
      return "icb";
    case stats::ProviderBreakdown::region:
      return "region";
    case stats::ProviderBreakdown::specialty:
      return "specialty";
    case stats::ProviderBreakdown::month:
      return "month";
  }
  return "";
}

// The observed months of the calibration window as outcomes (the history drawn before the projection).
std::vector<MonthOutcome> group_history(const flow::GroupSeries& g, std::size_t first, std::size_t origin) {
  std::vector<MonthOutcome> out;
  for (std::size_t i = first; i <= origin; ++i) {
    const flow::ObservedMonth& m = g.months[i];
    out.push_back(make_month_outcome(m.month, m.list, m.referrals, m.completed, 0));
  }
  return out;
}

// Month bins end at "12 months or more": waits past 52 weeks are one open band, so over 65, 78 and 104 weeks
// are not known.
void drop_unknown_tails(std::vector<MonthOutcome>& months) {
  for (MonthOutcome& m : months) {
    m.over_65_weeks.reset();
    m.over_78_weeks.reset();
    m.over_104_weeks.reset();
  }
}

Baseline group_baseline(const Scenario& s, flow::Calibration calibration, const flow::GroupSeries& g,
                        std::size_t origin) {
  Baseline b;
  b.policy = s.policy;
  b.start = calibration.month;
  b.description = calibration.source + " at " + calibration.month.to_string();
  b.history = group_history(g, origin - static_cast<std::size_t>(calibration.window_months), origin);
  drop_unknown_tails(b.history);
  b.waits_past_52_unknown = true;
  b.calibration = std::move(calibration);
  return b;
}

struct Loaded {
  const data::ProviderMonths* file = nullptr;
  std::shared_ptr<const data::Dataset> dataset, reference;
  std::size_t origin = 0;
};

Loaded load(const Scenario& s, bool with_reference) {
  Loaded l;
  l.dataset = s.data->open(s.start.data);
  if (!l.dataset->provider_months)
    s.fail(
        s.start.data.key.rfind("dataset:", 0) == 0 ? "start.dataset" : "start.data",
        fmt::format("--by needs the provider months file (rtt_provider_months_waited.csv.gz) as start.data; "
                    "{} is {}",
                    s.start.data.name, data::input_format(l.dataset->kind).label));
  l.file = l.dataset->provider_months.get();
  const std::vector<YearMonth>& months = l.file->months();
  l.origin = months.size() - 1;
  if (s.start.month) {
    const auto i = flow::month_index(months, *s.start.month);
    if (!i)
      s.fail("start.month",
             fmt::format("{} is not in {} (it has {} to {})", s.start.month->to_string(), s.start.data.name,
                         months.front().to_string(), months.back().to_string()));
    l.origin = *i;
  }
  if (with_reference) {
    const auto found =
        s.start.providers_reference ? s.start.providers_reference : s.data->find(kProvidersFile);
    if (!found)
      s.fail("start.data",
             fmt::format("an ICB or region (--by icb|region, start.icb, start.region) needs the "
                         "provider reference {} beside the scenario or in the bundled data",
                         kProvidersFile));
    l.reference = s.data->open(*found, {data::InputKind::providers, {}});
  }
  return l;
}

YearMonth horizon_of(const Scenario& s, YearMonth start) {
  const YearMonth until = s.horizon_months ? start + *s.horizon_months : s.until;
  if (until <= start)
    s.fail(s.horizon_months ? "horizon.months" : "horizon.until",
           fmt::format("{} must be after the start month {}", until.to_string(), start.to_string()));
  return until;
}

nlohmann::json optional_text(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

// The group's identity: the levels it is grouped by, its specialty and whether it was calibrated.
nlohmann::json identity_json(const GroupRun& g) {
  const flow::GroupSeries& s = g.series;
  nlohmann::json j;
  if (s.provider) {
    j["provider"] = *s.provider;
    j["provider_name"] = optional_text(s.provider_name);
  }
  if (s.icb) {
    j["icb"] = *s.icb;
    j["icb_name"] = optional_text(s.icb_name);
  }
  if (s.region) {
    j["region"] = *s.region;
    j["region_name"] = optional_text(s.region_name);
  }
  j["specialty"] = s.specialty;
  j["tfc"] = s.tfc;
  j["estimated"] = true;
  j["flags"] = g.flags();
  if (g.baseline) {
    const flow::Calibration& c = g.baseline->calibration;
    j["calibration"] = {{"months", c.window_months + 1},
                        {"referrals_per_week", c.referrals_per_month / kWeeksPerMonth},
                        {"capacity_per_week", c.capacity_per_month / kWeeksPerMonth},
                        {"other_removals_per_week", c.other_removals_per_month / kWeeksPerMonth},
                        {"inflow_beyond_referrals_per_week", g.added_inflow_per_month / kWeeksPerMonth},
                        {"in_sample_list_mape", c.in_sample.list_mape}};
  } else {
    j["calibration"] = nullptr;
  }
  return j;
}

nlohmann::json prepared_json(const PreparedGroups& p) {
  nlohmann::json j;
  j["by"] = nlohmann::json::array();
  for (const auto b : p.by) j["by"].push_back(breakdown_name(b));
  j["start"] = p.start.to_string();
  j["until"] = p.until.to_string();
  j["estimated"] = true;
  j["left_out"] = p.left_out;
  return j;
}

// Identity columns of the tables: the levels grouped by, then the specialty.
void add_identity_columns(Table& t, const PreparedGroups& p, bool for_text) {
  auto has = [&](stats::ProviderBreakdown b) { return std::find(p.by.begin(), p.by.end(), b) != p.by.end(); };
  if (has(stats::ProviderBreakdown::provider)) {
    t.columns.push_back({"provider", "Provider", CellKind::text});
    t.columns.push_back({"provider_name", "Provider name", CellKind::text});
  }
  if (has(stats::ProviderBreakdown::icb)) {
    t.columns.push_back({"icb", "ICB", CellKind::text});
    if (!for_text) t.columns.push_back({"icb_name", "ICB name", CellKind::text});
  }
  if (has(stats::ProviderBreakdown::region)) {
    t.columns.push_back({"region", "Region", CellKind::text});
    t.columns.push_back({"region_name", "Region name", CellKind::text});
  }
  t.columns.push_back({"specialty", "Specialty", CellKind::text});
}

// A merged group's key lists every code (Oxford's has 25); the text table shows the first few.
std::string short_key(const std::string& key) {
  constexpr std::size_t kMax = 24;
  if (key.size() <= kMax) return key;
  const std::size_t cut = key.rfind('+', kMax);
  return key.substr(0, cut == std::string::npos ? kMax : cut) + "+...";
}

void add_identity_cells(std::vector<Cell>& row, const Table& t, const flow::GroupSeries& s, bool for_text) {
  for (const Column& c : t.columns) {
    const std::optional<std::string>* v = c.key == "provider"        ? &s.provider
                                          : c.key == "provider_name" ? &s.provider_name
                                          : c.key == "icb"           ? &s.icb
                                          : c.key == "icb_name"      ? &s.icb_name
                                          : c.key == "region"        ? &s.region
                                          : c.key == "region_name"   ? &s.region_name
                                                                     : nullptr;
    if (v != nullptr) {
      row.push_back(!*v ? Cell{} : for_text && c.key == "provider" ? Cell{short_key(**v)} : Cell{**v});
    } else if (c.key == "specialty") {
      row.emplace_back(s.specialty);
    }
  }
}

std::string joined(const std::vector<std::string>& flags) {
  std::string out;
  for (const auto& f : flags) out += (out.empty() ? "" : ";") + f;
  return out;
}

Cell optional_cell(const std::optional<double>& v) {
  return v ? Cell{*v} : Cell{};
}

}  // namespace

std::vector<stats::ProviderBreakdown> parse_group_by(const std::string& text) {
  std::string_view rest(text);
  bool any = false;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view name = rest.substr(0, comma);
    if (name != "provider" && name != "specialty" && name != "icb" && name != "region")
      throw InputError(fmt::format(
          "--by: expected a comma list of provider, specialty, icb and region (e.g. provider,specialty); got "
          "'{}'",
          text));
    any = true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (!any) throw InputError("--by: expected provider, specialty, icb or region");
  return stats::parse_provider_breakdowns({text});
}

std::vector<std::string> GroupRun::flags() const {
  std::vector<std::string> out = series.flags();
  if (!baseline) out.emplace_back(flow::kFlagShortHistory);
  if (added_inflow_per_month > 0) out.emplace_back(flow::kFlagTransfersIn);
  return out;
}

namespace {

// The scope of a group for the capacity levers.
LeverScope group_scope(const flow::GroupSeries& g) {
  if (g.provider) return {LeverScope::Kind::provider, *g.provider};
  if (g.icb) return {LeverScope::Kind::icb, *g.icb};
  if (g.region) return {LeverScope::Kind::region, *g.region};
  return {};
}

}  // namespace

PreparedGroups prepare_groups(const Scenario& s, const std::vector<stats::ProviderBreakdown>& by,
                              const std::optional<std::string>& only_tfc) {
  const Loaded l = load(s, stats::needs_reference(by));
  PreparedGroups p;
  p.by = by;
  p.start = l.file->months()[l.origin];
  p.until = horizon_of(s, p.start);
  // The capacity levers: England's figures read once, each group's scope from them.
  std::shared_ptr<const LeverData> lever_data;
  if (s.capacity.has_levers()) {
    if (std::find(by.begin(), by.end(), stats::ProviderBreakdown::specialty) != by.end())
      s.fail(
          s.capacity.workforce ? "capacity.workforce" : "capacity.beds",
          "the workforce and beds levers are for groups of whole providers, ICBs or regions (--by provider, "
          "icb or region), not by specialty");
    lever_data = read_lever_data(s);
  }
  for (flow::GroupSeries& series :
       flow::provider_group_series(*l.file, l.reference ? l.reference->providers.get() : nullptr, by)) {
    if (only_tfc && series.tfc != *only_tfc) continue;
    if (series.months[l.origin].list.total() <= 0) {
      p.left_out.push_back(series.label());
      continue;
    }
    GroupRun g;
    g.start = p.start;
    g.until = p.until;
    g.held = series.months[l.origin].list;
    if (auto cal = flow::calibrate_group(series, l.origin, s.calibration.window_months)) {
      g.added_inflow_per_month = cal->added_inflow_per_month;
      g.baseline = group_baseline(s, std::move(cal->calibration), series, l.origin);
    }
    if (g.baseline) g.baseline->until = p.until;
    if (g.baseline && lever_data) g.baseline->levers = lever_context(s, *lever_data, group_scope(series));
    g.series = std::move(series);
    p.groups.push_back(std::move(g));
  }
  return p;
}

Projection project_group(const Scenario& s, const GroupRun& g, bool with_months) {
  const std::vector<Target> targets = scenario_targets(s);
  Projection p;
  if (g.baseline) {
    p = project(*g.baseline, build_drivers(s, *g.baseline, midpoint_draw(s), g.until), targets, with_months);
  } else {
    // Persistence: the latest list held, no flows.
    std::vector<TargetTracker> trackers(targets.begin(), targets.end());
    for (TargetTracker& t : trackers) t.observe(g.start, g.held);
    for (YearMonth m = g.start + 1; m <= g.until; ++m) {
      if (with_months) p.months.push_back(make_month_outcome(m, g.held, 0, 0, 0));
      for (TargetTracker& t : trackers) t.observe(m, g.held);
    }
    for (const TargetTracker& t : trackers) p.targets.push_back(t.outcome());
    drop_unknown_tails(p.months);  // (a calibrated baseline's projection has them null already)
  }
  return p;
}

GroupForecastResult forecast_groups(const Scenario& s, const std::vector<stats::ProviderBreakdown>& by,
                                    const Progress& progress) {
  GroupForecastResult r;
  r.prepared = prepare_groups(s, by);
  r.groups.reserve(r.prepared.groups.size());
  for (const GroupRun& g : r.prepared.groups) {
    if ((r.groups.size() & 63) == 0) {
      progress.throw_if_cancelled();
      progress.update(static_cast<double>(r.groups.size()) / static_cast<double>(r.prepared.groups.size()));
    }
    r.groups.push_back({&g, project_group(s, g)});
  }
  progress.update(1.0);
  return r;
}

nlohmann::json GroupForecastResult::to_json() const {
  nlohmann::json j = prepared_json(prepared);
  j["groups"] = nlohmann::json::array();
  for (const GroupForecast& g : groups) {
    nlohmann::json o = identity_json(*g.run);
    const nlohmann::json outcomes = outcomes_json(g.projection.months, g.projection.targets);
    o["history"] =
        g.run->baseline ? months_results({g.run->baseline->history}, false).json() : nlohmann::json::array();
    o["months"] = outcomes["months"];
    o["targets"] = outcomes["targets"];
    j["groups"].push_back(std::move(o));
  }
  return j;
}

Table GroupForecastResult::league_table(bool for_text) const {
  Table t;
  t.columns.push_back({"rank", "Rank", CellKind::count});
  add_identity_columns(t, prepared, for_text);
  const std::string start = prepared.start.to_string(), until = prepared.until.to_string();
  t.columns.push_back({"list_size_start", "List " + start, CellKind::count});
  t.columns.push_back({"pct_within_18_weeks_start", "% <18 wks " + start, CellKind::fraction, 3});
  t.columns.push_back({"list_size_end", "List " + until, CellKind::count});
  t.columns.push_back({"pct_within_18_weeks_end", "% <18 wks " + until, CellKind::fraction, 3});
  t.columns.push_back({"list_change", "Change", CellKind::fraction, 3});
  const std::vector<TargetOutcome>* first_targets =
      groups.empty() ? nullptr : &groups.front().projection.targets;
  const std::size_t n_targets = first_targets ? first_targets->size() : 0;
  for (std::size_t i = 0; i < n_targets; ++i)
    t.columns.push_back({fmt::format("target_{}_met", i + 1), (*first_targets)[i].text, CellKind::flag});
  t.columns.push_back({"estimated", "Estimated", CellKind::flag});
  t.columns.push_back({"flags", "Flags", CellKind::text});

  // Ranked by % within 18 weeks at the horizon (best first), then by name.
  struct Ranked {
    const GroupForecast* g;
    double end_pct;
  };
  std::vector<Ranked> ranked;
  for (const GroupForecast& g : groups) {
    const auto& months = g.projection.months;
    ranked.push_back({&g, months.empty() ? -1.0 : months.back().pct_within_18_weeks.value_or(-1.0)});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.end_pct != b.end_pct) return a.end_pct > b.end_pct;
    return a.g->run->series.label() < b.g->run->series.label();
  });
  std::int64_t rank = 0;
  for (const Ranked& r : ranked) {
    const GroupRun& run = *r.g->run;
    const MonthOutcome start_month = make_month_outcome(run.start, run.held, 0, 0, 0);
    std::vector<Cell> row{++rank};
    add_identity_cells(row, t, run.series, for_text);
    row.emplace_back(std::llround(start_month.list_size));
    row.push_back(optional_cell(start_month.pct_within_18_weeks));
    const auto& months = r.g->projection.months;
    if (months.empty()) {
      row.insert(row.end(), 3, Cell{});
    } else {
      row.emplace_back(std::llround(months.back().list_size));
      row.push_back(optional_cell(months.back().pct_within_18_weeks));
      row.push_back(start_month.list_size > 0 ? Cell{months.back().list_size / start_month.list_size - 1}
                                              : Cell{});
    }
    for (std::size_t i = 0; i < n_targets; ++i)
      row.emplace_back(static_cast<std::int64_t>(
          i < r.g->projection.targets.size() && r.g->projection.targets[i].met ? 1 : 0));
    row.emplace_back(std::int64_t{1});
    row.emplace_back(joined(run.flags()));
    t.add_row(std::move(row));
  }
  return t;
}

GroupSolveResult solve_groups(const Scenario& s, const std::vector<stats::ProviderBreakdown>& by,
                              const RunOptions& options, const Progress& progress,
                              const std::optional<std::string>& only_tfc) {
  GroupSolveResult r;
  r.prepared = prepare_groups(s, by, only_tfc);
  for (const GroupRun& g : r.prepared.groups) {
    if (!g.baseline) continue;  // a held list has no capacity to solve for
    if ((r.groups.size() & 15) == 0) {
      progress.throw_if_cancelled();
      progress.update(static_cast<double>(r.groups.size()) / static_cast<double>(r.prepared.groups.size()));
    }
    r.groups.push_back({&g, solve_baseline(s, *g.baseline, options, progress)});
  }
  progress.update(1.0);
  return r;
}

nlohmann::json GroupSolveResult::to_json() const {
  nlohmann::json j = prepared_json(prepared);
  j["groups"] = nlohmann::json::array();
  for (const GroupRun& g : prepared.groups)
    if (!g.baseline) j["not_solved"].push_back(g.series.label() + ": " + flow::kFlagShortHistory);
  if (!j.contains("not_solved")) j["not_solved"] = nlohmann::json::array();
  for (const GroupSolve& g : groups) {
    nlohmann::json o = identity_json(*g.run);
    o.update(g.result.to_json());
    j["groups"].push_back(std::move(o));
  }
  return j;
}

Table GroupSolveResult::table(bool for_text) const {
  Table t;
  add_identity_columns(t, prepared, for_text);
  t.columns.push_back({"list_size_start", "List " + prepared.start.to_string(), CellKind::count});
  t.columns.push_back({"baseline_capacity_per_week", "Capacity/wk", CellKind::number, 0});
  t.columns.push_back({"lever", "Lever", CellKind::text});
  t.columns.push_back({"value", "Value", CellKind::number, 4});
  t.columns.push_back({"unit", "Unit", CellKind::text});
  t.columns.push_back({"converged", "Met", CellKind::flag});
  t.columns.push_back({"list_size_at_deadline", "List at deadline", CellKind::count});
  t.columns.push_back({"target", "Target", CellKind::text});
  t.columns.push_back({"estimated", "Estimated", CellKind::flag});
  t.columns.push_back({"flags", "Flags", CellKind::text});
  for (const GroupSolve& g : groups) {
    std::vector<Cell> row;
    add_identity_cells(row, t, g.run->series, for_text);
    row.emplace_back(std::llround(g.run->held.total()));
    row.emplace_back(g.result.baseline_capacity_per_week);
    row.emplace_back(g.result.lever);
    row.push_back(optional_cell(g.result.value));
    row.emplace_back(g.result.unit);
    row.emplace_back(static_cast<std::int64_t>(g.result.converged ? 1 : 0));
    row.push_back(g.result.at_deadline ? Cell{std::llround(g.result.at_deadline->list_size)} : Cell{});
    row.emplace_back(g.result.target);
    row.emplace_back(std::int64_t{1});
    row.emplace_back(joined(g.run->flags()));
    t.add_row(std::move(row));
  }
  return t;
}

Baseline provider_months_baseline(const Scenario& s, const data::ProviderMonths& file) {
  std::vector<stats::ProviderBreakdown> by;
  std::optional<std::string> provider_key;
  if (s.start.provider) {
    const auto group = file.find_group(*s.start.provider);
    if (!group) {
      if (const auto holder = file.group_holding(*s.start.provider))
        s.fail("start.provider",
               fmt::format("{} has no rows of its own: its figures are in the merged group {}; give that key",
                           *s.start.provider, file.groups()[*holder].key));
      s.fail("start.provider", fmt::format("'{}' is not in {}", *s.start.provider, s.start.data.name));
    }
    provider_key = file.groups()[*group].key;
    by.push_back(stats::ProviderBreakdown::provider);
  }
  // An ICB or region: its providers' sum, as `--by icb|region` groups them (providers.csv).
  const std::optional<std::string>& area = s.start.icb ? s.start.icb : s.start.region;
  const char* area_key = s.start.icb ? "start.icb" : "start.region";
  if (area) by.push_back(s.start.icb ? stats::ProviderBreakdown::icb : stats::ProviderBreakdown::region);
  std::string tfc = "C_999";
  if (s.start.tfc) {
    const auto specialty = data::find_specialty(*s.start.tfc);
    if (!specialty)
      s.fail("start.tfc", fmt::format("'{}' is not one of the file's specialties (e.g. C_110, Other, Total)",
                                      *s.start.tfc));
    tfc = std::string(data::specialty_groups()[*specialty].code);
    if (*specialty != data::kTotalSpecialty) by.push_back(stats::ProviderBreakdown::specialty);
  }
  const Loaded l = load(s, area.has_value());
  const data::ProviderReference* reference = l.reference ? l.reference->providers.get() : nullptr;
  bool area_found = false;
  for (const flow::GroupSeries& series : flow::provider_group_series(file, reference, by)) {
    if (series.provider != provider_key || series.tfc != tfc) continue;
    if (area) {
      const std::optional<std::string>& code = s.start.icb ? series.icb : series.region;
      if (!code || data::to_lower(*code) != data::to_lower(*area)) continue;
      area_found = true;
    }
    auto cal = flow::calibrate_group(series, l.origin, s.calibration.window_months);
    if (!cal)
      s.fail(area               ? area_key
             : s.start.provider ? "start.provider"
                                : "start.data",
             fmt::format("{} has fewer than {} consecutive months with a list up to {}", series.label(),
                         flow::kMinCalibrationMonths, file.months()[l.origin].to_string()));
    return group_baseline(s, std::move(cal->calibration), series, l.origin);
  }
  if (area && !area_found)
    s.fail(area_key, fmt::format("'{}' is not the code of {} of a provider in {} (e.g. {})", *area,
                                 s.start.icb ? "the ICB" : "the NHS region", kProvidersFile,
                                 s.start.icb ? "QR1" : "Y62"));
  s.fail(s.start.tfc ? "start.tfc" : "start.provider",
         fmt::format("no incomplete pathways in {} for this provider and specialty", s.start.data.name));
}

}  // namespace elective::plan
