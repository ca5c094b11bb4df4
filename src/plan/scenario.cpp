#include "plan/scenario.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <limits>

#include "plan/cancer_forecast.hpp"
#include "plan/table_reader.hpp"

namespace elective::plan {

namespace fs = std::filesystem;

namespace {

// Upper bounds of counts and weekly flows: far above England's list (7.6m) and flows (~400k a week), so only
// typing mistakes and overflowing numbers are refused.
constexpr double kMaxCount = 1e9;
constexpr double kMaxPerWeek = 1e8;

const char* kNationalSeriesFile = "rtt_national_timeseries.csv";
const char* kNationalCancerFile = "cancer_waiting_times_national_monthly.csv";
// The files of the workforce and beds levers (issue 16).
const char* kWorkforceFile = "workforce_fte_provider.csv.gz";
const char* kAbsenceFile = "sickness_absence_provider.csv";
const char* kBedsFile = "beds_kh03_provider.csv";
const char* kProviderMonthsFile = "rtt_provider_months_waited.csv.gz";

void parse_start(const TableReader& root, Scenario& s) {
  const auto t = root.table(
      "start", {"month", "data", "dataset", "provider", "icb", "region", "tfc", "histogram", "list_size",
                "test", "standard", "cancer_type", "pct_within_18_weeks", "over_52_weeks",
                "referrals_per_week", "capacity_per_week", "other_removals_share_per_month"});
  if (!t) root.fail("start", "the scenario needs a [start] table (month and data or figures)");
  StartSpec& st = s.start;
  const auto month_text = t->string("month");
  if (!month_text) t->fail("month", "missing (a month \"YYYY-MM\" or \"latest\")");
  if (*month_text != "latest") {
    st.month = YearMonth::parse(*month_text);
    if (!st.month)
      t->fail("month", fmt::format("expected \"YYYY-MM\" or \"latest\", got \"{}\"", *month_text));
  }
  st.provider = t->string("provider");
  st.icb = t->string("icb");
  st.region = t->string("region");
  if ((st.provider ? 1 : 0) + (st.icb ? 1 : 0) + (st.region ? 1 : 0) > 1)
    t->fail(st.region ? "region" : "icb", "give one of provider, icb and region");
  st.tfc = t->string("tfc");
  st.test = t->string("test");
  st.cancer_type = t->string("cancer_type");
  if (const auto standard = t->string("standard")) {
    st.standard = data::parse_cancer_standard(*standard);
    if (!st.standard)
      t->fail("standard",
              fmt::format("expected \"28-day FDS\", \"31-day\" or \"62-day\", got \"{}\"", *standard));
  }
  st.list_size = t->number("list_size", 0, kMaxCount, "a number of pathways");
  if (st.list_size && *st.list_size <= 0) t->fail("list_size", "must be greater than 0");
  if (st.list_size) st.pct_within_18_weeks = t->number("pct_within_18_weeks", 0, 1, "a fraction");
  st.over_52_weeks = t->number("over_52_weeks", 0, kMaxCount, "a number of pathways");
  if (st.over_52_weeks && st.list_size && *st.over_52_weeks > *st.list_size)
    t->fail("over_52_weeks", "must be from 0 to the list size");
  if (!st.list_size && (t->has("pct_within_18_weeks") || t->has("over_52_weeks")))
    t->fail("list_size", "headline figures (pct_within_18_weeks, over_52_weeks) need start.list_size");
  if (const Node* h = t->get("histogram")) {
    if (!h->is_array()) t->fail("histogram", "expected an array of counts by weekly band (band 0 first)");
    if (h->children.size() < 2 || h->children.size() > static_cast<size_t>(kCurrentTopBand) + 1)
      t->fail("histogram",
              fmt::format("expected 2 to {} band counts, got {}", kCurrentTopBand + 1, h->children.size()));
    st.histogram = *t->numbers("histogram", 0, kMaxCount, "a count");
  }
  st.referrals_per_week = t->number("referrals_per_week", 0, kMaxPerWeek, "a number per week");
  st.capacity_per_week = t->number("capacity_per_week", 0, kMaxPerWeek, "a number per week");
  st.other_removals_per_month_share = t->number("other_removals_share_per_month", 0, 1, "a fraction");
  if (!st.histogram.empty() && st.list_size) t->fail_table("give either histogram or list_size, not both");
  if (!st.histogram.empty()) {
    st.kind = StartKind::histogram;
  } else if (st.list_size) {
    st.kind = StartKind::headline;
  } else {
    st.kind = StartKind::data_file;
  }
  if (st.kind != StartKind::data_file && !st.month)
    t->fail("month", "a histogram or headline start needs an explicit month, not \"latest\"");

  // The files it names, through the scenario's path policy.
  const auto data = t->string("data");
  const auto dataset = t->integer("dataset", 1, std::numeric_limits<std::int64_t>::max());
  if (data && dataset) t->fail("dataset", "give data or dataset, not both");
  if (dataset) {
    st.data = s.data->resolve_dataset(*dataset, s.where("start.dataset"), "start.dataset");
  } else if (data) {
    st.data = s.data->resolve(*data, s.where("start.data"), "start.data");
  } else if (auto national = s.data->find(kNationalSeriesFile)) {
    st.data = *national;
  } else {
    t->fail("data", fmt::format("missing, and the bundled national time series ({}) is not available",
                                kNationalSeriesFile));
  }
  // An extract start takes seasonality (and, from one month, other removals) from the national series.
  st.national = s.data->find(kNationalSeriesFile);
  if (st.standard) st.cancer_national = s.data->find(kNationalCancerFile);
  // An ICB or region start needs the provider reference (who belongs where); found here like the cancer
  // series, so that the server prepares it with the scenario's other files.
  if (st.icb || st.region) st.providers_reference = s.data->find("providers.csv");
}

// The bundled file `name` for a lever section, or an error at `key` when the data folder lacks it.
data::DataRef lever_file(const Scenario& s, const TableReader& t, const char* name) {
  if (auto ref = s.data->find(name)) return *ref;
  t.fail_table(fmt::format("needs the bundled file {}, which is not available", name));
}

// [capacity.workforce] and [capacity.beds] (docs/scenarios.md; turned into clock stops by
// plan/workforce_levers.hpp).
void parse_capacity_levers(const TableReader& capacity, Scenario& s) {
  CapacitySpec& c = s.capacity;
  if (const auto t =
          capacity.table("workforce", {"from", "consultant_fte_growth_per_year", "other_fte_growth_per_year",
                                       "additional_doctor_fte", "additional_consultant_fte", "by",
                                       "absence_change_points", "elasticity", "productivity"})) {
    WorkforceSpec w;
    w.from = t->month("from");
    w.consultant_fte_growth_per_year =
        t->range("consultant_fte_growth_per_year", -0.5, 0.5, "a fraction per year (0.02 = 2%)", 0.0);
    w.other_fte_growth_per_year =
        t->range("other_fte_growth_per_year", -0.5, 0.5, "a fraction per year (0.02 = 2%)", 0.0);
    w.additional_doctor_fte = t->range("additional_doctor_fte", -1e6, 1e6, "a number of FTE", 0.0);
    w.additional_consultant_fte = t->range("additional_consultant_fte", -1e6, 1e6, "a number of FTE", 0.0);
    w.by = t->month("by");
    if (w.by && w.from && *w.by < *w.from) t->fail("by", "must not be before from");
    w.absence_change_points =
        t->range("absence_change_points", -20, 20, "percentage points (-1 = one point less absence)", 0.0);
    if (t->has("elasticity"))
      w.elasticity = t->range("elasticity", 0, 3, "% clock stops per 1% more medical FTE", 0.0);
    if (const auto p = t->table("productivity", {"to", "by", "share_of_gap"})) {
      ProductivityConvergence pc;
      const Node* to = p->get("to");
      if (to == nullptr) p->fail("to", "missing (\"median\", \"upper_quartile\" or a standardised ratio)");
      if (to->is_number()) {
        pc.to = ProductivityLevelKind::ratio;
        pc.ratio = p->number_or("to", 1, 0.1, 10, "a standardised ratio");
      } else {
        const auto text = p->string("to");
        if (*text == "median") {
          pc.to = ProductivityLevelKind::median;
        } else if (*text == "upper_quartile") {
          pc.to = ProductivityLevelKind::upper_quartile;
        } else {
          p->fail("to",
                  fmt::format("expected \"median\", \"upper_quartile\" or a standardised ratio, got \"{}\"",
                              *text));
        }
      }
      pc.by = p->month("by");
      if (pc.by && w.from && *pc.by < *w.from) p->fail("by", "must not be before capacity.workforce.from");
      pc.share_of_gap = p->range("share_of_gap", 0, 1, "a share of the gap", 1.0);
      w.productivity = pc;
    }
    c.workforce = w;
    c.sources.workforce = lever_file(s, *t, kWorkforceFile);
    c.sources.absence = lever_file(s, *t, kAbsenceFile);
    c.sources.provider_months = lever_file(s, *t, kProviderMonthsFile);
  }
  if (const auto t = capacity.table("beds", {"from", "freed", "elective_share", "clock_stops_per_bed"})) {
    BedsSpec b;
    b.from = t->month("from");
    b.freed = t->range("freed", 0, 1e6, "a number of beds", 0.0);
    b.elective_share = t->range("elective_share", 0, 1, "a share of the freed beds", 1.0);
    if (t->has("clock_stops_per_bed"))
      b.clock_stops_per_bed = t->range("clock_stops_per_bed", 0, 1000, "clock stops a bed a month", 0.0);
    c.beds = b;
    c.sources.beds = lever_file(s, *t, kBedsFile);
    if (!c.sources.workforce) c.sources.workforce = lever_file(s, *t, kWorkforceFile);
  }
  if (c.has_levers() && (s.start.icb || s.start.region)) c.sources.providers = s.data->find("providers.csv");
}

void parse_sections(const TableReader& root, Scenario& s) {
  if (const auto t = root.table("scenario", {"name", "description"})) {
    if (auto v = t->string("name")) s.name = *v;
    if (auto v = t->string("description")) s.description = *v;
  }
  parse_start(root, s);

  const auto hz = root.table("horizon", {"until", "months"});
  if (!hz) root.fail("horizon", "the scenario needs a [horizon] table with until = \"YYYY-MM\"");
  const auto until = hz->month("until");
  const auto months = hz->integer("months", 1, 600);
  if (until && months) hz->fail_table("give until or months, not both");
  if (!until && !months) hz->fail("until", "missing (a month \"YYYY-MM\")");
  if (until) {
    s.until = *until;
    if (s.start.month && *until <= *s.start.month)
      hz->fail("until", fmt::format("must be after start.month {}", s.start.month->to_string()));
    if (s.start.month && *until - *s.start.month > 600) hz->fail("until", "more than 50 years ahead");
  } else {
    // Resolved against the start month once it is known (for "latest", when the data are read).
    s.horizon_months = static_cast<int>(*months);
    if (s.start.month) s.until = *s.start.month + s.horizon_months.value();
  }

  if (const auto t = root.table("referrals", {"growth_per_year", "seasonality", "hidden_demand"})) {
    s.referrals.growth_per_year =
        t->range("growth_per_year", -0.5, 0.5, "a fraction per year (0.015 = 1.5%)", 0.0);
    if (auto b = t->boolean("seasonality")) s.referrals.seasonality = *b;
    if (const auto h = t->table("hidden_demand", {"total", "over_months", "from"})) {
      s.referrals.hidden_demand.total = h->range("total", 0, 1e8, "a number of extra referrals", 0.0);
      if (auto m = h->integer("over_months", 1, 240))
        s.referrals.hidden_demand.over_months = static_cast<int>(*m);
      s.referrals.hidden_demand.from = h->month("from");
    }
  }

  bool capacity_growth_given = false;
  if (const auto t = root.table("capacity", {"growth_per_year", "seasonality", "extra_per_week",
                                             "independent_sector", "workforce", "beds"})) {
    capacity_growth_given = t->has("growth_per_year");
    s.capacity.growth_per_year =
        t->range("growth_per_year", -0.5, 0.5, "a fraction per year (0.024 = 2.4%)", 0.0);
    if (auto b = t->boolean("seasonality")) s.capacity.seasonality = *b;
    if (const auto e = t->table("extra_per_week", {"amount", "from", "until", "pathways_per_unit"})) {
      auto& x = s.capacity.extra_per_week;
      x.amount = e->range("amount", -1e7, 1e7, "a number per week", 0.0);
      x.from = e->month("from");
      x.until = e->month("until");
      x.pathways_per_unit = e->range("pathways_per_unit", 0, 10, "clock stops per unit", 1.0);
      if (x.from && x.until && *x.until < *x.from) e->fail("until", "must not be before from");
    }
    if (const auto e = t->table("independent_sector", {"per_week", "staff_overlap", "from"})) {
      auto& is = s.capacity.independent_sector;
      is.per_week = e->range("per_week", 0, 1e7, "a number per week", 0.0);
      is.staff_overlap = e->range("staff_overlap", 0, 1, "a share", 0.0);
      is.from = e->month("from");
    }
    parse_capacity_levers(*t, s);
  }

  if (const auto t = root.table("removals", {"other_rate_factor", "other_mode", "total_growth_per_year"})) {
    s.removals.other_rate_factor = t->range("other_rate_factor", 0, 10, "a multiplier", 1.0);
    if (auto mode = t->choice("other_mode", kOtherRemovalModeNames)) s.removals.other_mode = *mode;
    if (t->has("total_growth_per_year")) {
      s.removals.total_growth_per_year =
          t->range("total_growth_per_year", -0.5, 0.5, "a fraction per year (0.02 = 2%)", 0.0);
      // All removals grow at this rate: capacity growth and other-removal volumes would say it twice.
      if (capacity_growth_given)
        t->fail("total_growth_per_year",
                "cannot be combined with capacity.growth_per_year (it sets the growth of all removals)");
      if (t->has("other_mode"))
        t->fail("total_growth_per_year",
                "cannot be combined with removals.other_mode (it sets the other removals as a share of all "
                "removals)");
    }
  }

  for (const TableReader& t :
       root.tables("shock", {"from", "until", "capacity_loss", "name"}, "expected [[shock]] tables")) {
    Shock sh;
    const auto from = t.month("from");
    if (!from) t.fail("from", "missing");
    sh.from = *from;
    sh.until = t.month("until").value_or(*from);
    if (sh.until < sh.from) t.fail("until", "must not be before from");
    sh.capacity_loss = t.range("capacity_loss", 0, 1, "a share of capacity", 0.0);
    if (auto v = t.string("name")) sh.name = *v;
    s.shocks.push_back(sh);
  }

  if (const auto t = root.table("validation", {"at", "share_removed"})) {
    s.validation.at = t->month("at");
    s.validation.share_removed = t->range("share_removed", 0, 1, "a share of the list", 0.0);
    if (!s.validation.at && s.validation.share_removed.high > 0)
      t->fail("at", "missing (the month of the validation)");
  }

  if (const auto t = root.table("policy", {"removal_rule", "urgent_share", "long_wait_threshold_weeks"})) {
    if (auto v = t->string("removal_rule")) {
      const auto rule = parse_policy(*v, Engine::forecast);
      if (!rule)
        t->fail("removal_rule", fmt::format("expected {}, got \"{}\"", policy_names(Engine::forecast), *v));
      s.policy.rule = *rule;
    }
    s.policy.urgent_share = t->number_or("urgent_share", s.policy.urgent_share, 0, 1, "a share");
    if (auto w = t->integer("long_wait_threshold_weeks", 1, kCurrentTopBand))
      s.policy.long_wait_threshold_weeks = static_cast<int>(*w);
  }

  if (const auto t = root.table("calibration", {"window_months"})) {
    if (auto w = t->integer("window_months", 2, 60)) s.calibration.window_months = static_cast<int>(*w);
  }

  if (const auto t = root.table("uncertainty", {"samples", "seed"})) {
    if (auto v = t->integer("samples", 0, 1000000)) s.uncertainty.samples = static_cast<int>(*v);
    if (auto v = t->integer("seed", 0, std::numeric_limits<std::int64_t>::max()))
      s.uncertainty.seed = static_cast<std::uint64_t>(*v);
  }

  for (const TableReader& t :
       root.tables("target", {"text"}, "expected [[target]] tables with text = \"...\"")) {
    const auto text = t.string("text");
    if (!text) t.fail("text", "missing");
    TargetSpec spec;
    spec.where = s.where(t.key_path("text"));
    try {
      // A cancer start's targets are in days, on its standard ("75% within 62 days by 2026-03").
      spec.target = s.start.standard ? parse_cancer_target(*text, *s.start.standard) : parse_target(*text);
    } catch (const InputError& e) {
      t.fail("text", e.what());
    }
    s.targets.push_back(std::move(spec));
  }

  // [simulation] is the simulation's (sim::parse_sim_config reads it from the same document); here it need
  // only be a table.
  if (const Node* n = root.get("simulation"); n != nullptr && !n->is_table())
    root.fail("simulation", "expected a table, got " + n->describe());
}

}  // namespace

bool Scenario::has_uncertainty() const {
  bool any = referrals.growth_per_year.uncertain() || referrals.hidden_demand.total.uncertain() ||
             capacity.growth_per_year.uncertain() || capacity.extra_per_week.amount.uncertain() ||
             capacity.extra_per_week.pathways_per_unit.uncertain() ||
             capacity.independent_sector.per_week.uncertain() ||
             capacity.independent_sector.staff_overlap.uncertain() ||
             removals.other_rate_factor.uncertain() || validation.share_removed.uncertain() ||
             (removals.total_growth_per_year && removals.total_growth_per_year->uncertain());
  if (const auto& w = capacity.workforce) {
    any = any || w->consultant_fte_growth_per_year.uncertain() || w->other_fte_growth_per_year.uncertain() ||
          w->additional_doctor_fte.uncertain() || w->additional_consultant_fte.uncertain() ||
          w->absence_change_points.uncertain() || (w->elasticity && w->elasticity->uncertain()) ||
          (w->productivity && w->productivity->share_of_gap.uncertain());
  }
  if (const auto& b = capacity.beds)
    any = any || b->freed.uncertain() || b->elective_share.uncertain() ||
          (b->clock_stops_per_bed && b->clock_stops_per_bed->uncertain());
  for (const Shock& s : shocks) any = any || s.capacity_loss.uncertain();
  return any;
}

SourceLocation Scenario::where(std::string_view key) const {
  if (!document) return SourceLocation{source_name, 0, 0, {}};
  return document->where(key);
}

const Node* Scenario::section(std::string_view key) const {
  return document ? document->root.find(key) : nullptr;
}

void Scenario::fail(std::string_view key, std::string_view what) const {
  const SourceLocation at = where(key);
  fail_at(at.file, Position{at.line, at.column}, key, what);
}

Scenario parse_scenario(std::string_view text, ScenarioSyntax syntax, const std::string& source_name,
                        std::shared_ptr<data::DataSource> data, const DocumentLimits& limits) {
  Scenario s;
  s.source_name = source_name;
  s.name = fs::path(source_name).stem().string();
  s.data = std::move(data);
  s.document = std::make_shared<const Document>(parse_document(text, syntax, source_name, limits));
  const TableReader root(s.document->root, "", s.document->file,
                         {"scenario", "start", "horizon", "referrals", "capacity", "removals", "shock",
                          "validation", "policy", "calibration", "uncertainty", "target", "simulation"});
  parse_sections(root, s);
  return s;
}

Scenario parse_scenario(std::string_view text, ScenarioSyntax syntax, const std::string& source_name,
                        const std::string& base_dir) {
  Scenario s = parse_scenario(text, syntax, source_name, std::make_shared<data::FileDataSource>(base_dir));
  s.base_dir = base_dir;
  return s;
}

Scenario load_scenario(const std::string& path) {
  const DocumentLimits limits;
  const std::string text = data::read_bounded(path, limits.max_bytes);
  const fs::path p(path);
  const ScenarioSyntax syntax = p.extension() == ".json" ? ScenarioSyntax::json : ScenarioSyntax::toml;
  return parse_scenario(text, syntax, path, p.parent_path().string());
}

}  // namespace elective::plan
