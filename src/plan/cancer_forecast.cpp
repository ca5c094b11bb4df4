#include "plan/cancer_forecast.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>

#include <pcg_random.hpp>

#include "core/error.hpp"
#include "core/parallel_for.hpp"
#include "flow/naive.hpp"
#include "stats/cancer_stats.hpp"

namespace elective::plan {

namespace {

// The back-test's longest horizon: seasonal naive repeats last year's changes, so it cannot go further, and
// no method is scored beyond it.
constexpr int kMaxHorizon = 12;

constexpr flow::NaiveMethod kMethods[] = {flow::NaiveMethod::persistence, flow::NaiveMethod::seasonal_naive,
                                          flow::NaiveMethod::trend};

std::string_view short_name(data::CancerStandard s) {
  switch (s) {
    case data::CancerStandard::fds28:
      return "28-day FDS standard";
    case data::CancerStandard::d31:
      return "31-day standard";
    case data::CancerStandard::d62:
      return "62-day standard";
  }
  return "cancer standard";
}

// Sections of a scenario that describe a waiting list's flows: a cancer start has none to act on.
constexpr const char* kListSections[] = {"referrals",  "capacity", "removals",   "shock",
                                         "validation", "policy",   "calibration"};

void check_cancer_scenario(const Scenario& s) {
  const StartSpec& st = s.start;
  if (!st.standard)
    s.fail("start.standard",
           "missing: a cancer waiting times start names its standard (\"28-day FDS\", \"31-day\" or "
           "\"62-day\")");
  for (const char* section : kListSections)
    if (s.section(section) != nullptr)
      s.fail(section,
             "does not apply to a cancer waiting times start (CWT counts completed pathways, not a "
             "waiting list; docs/forecast.md)");
  if (st.tfc) s.fail("start.tfc", "a treatment function is for RTT data, not cancer waiting times");
  if (st.test) s.fail("start.test", "a diagnostic test is for the DM01 file, not cancer waiting times");
  if (st.kind != StartKind::data_file)
    s.fail("start",
           "a cancer waiting times start takes its figures from start.data (no histogram or headline)");
  if (st.referrals_per_week || st.capacity_per_week || st.other_removals_per_month_share)
    s.fail("start", "weekly flows do not apply to a cancer waiting times start");
}

std::string selection_name(const StartSpec& st) {
  std::string out = st.provider ? "provider " + *st.provider : "England";
  if (st.cancer_type) out += ", cancer type " + *st.cancer_type;
  return out;
}

std::vector<flow::CancerSeriesPoint> from_rows(const std::vector<stats::CwtStatsRow>& rows) {
  std::vector<flow::CancerSeriesPoint> out;
  for (const auto& r : rows)
    if (r.total > 0) out.push_back({r.month, r.total, r.within_standard, true});
  return out;
}

// Type-7 quantile of a sorted sample.
double quantile_sorted(const std::vector<double>& sorted, double u) {
  if (sorted.empty()) return 0;
  const double pos = u * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Errors for horizons 1..n: a horizon the method has no scored pair at borrows the nearest shorter horizon's
// errors (else the nearest longer); sorted.
std::vector<std::vector<double>> filled_sorted(std::vector<std::vector<double>> errors) {
  for (auto& e : errors) std::sort(e.begin(), e.end());
  const std::vector<std::vector<double>> own = errors;
  for (size_t h = 0; h < errors.size(); ++h) {
    if (!errors[h].empty()) continue;
    for (size_t d = 1; d < own.size() && errors[h].empty(); ++d) {
      if (h >= d && !own[h - d].empty())
        errors[h] = own[h - d];
      else if (h + d < own.size() && !own[h + d].empty())
        errors[h] = own[h + d];
    }
  }
  return errors;
}

// Both signs of every error, sorted: the bands keep the sizes of the back-test's errors but not their
// direction. Over so few origins the direction is one period's (the 62-day trend under-forecast every
// 12-month pair of the 2022-2024 recovery), and would move the median off the method's own forecast.
std::vector<std::vector<double>> symmetric(const std::vector<std::vector<double>>& errors) {
  std::vector<std::vector<double>> out = errors;
  for (auto& e : out) {
    const size_t n = e.size();
    for (size_t i = 0; i < n; ++i) e.push_back(-e[i]);
    std::sort(e.begin(), e.end());
  }
  return out;
}

double mean_of(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
}

// The method with the lowest mean back-test error over the horizons scored, among those that can forecast
// every month from the start; persistence when none was scored.
flow::NaiveMethod choose(const std::vector<flow::CancerBacktestRow>& rows,
                         const std::vector<flow::Headline>& history, int horizon, bool share) {
  flow::NaiveMethod best = flow::NaiveMethod::persistence;
  double best_error = std::numeric_limits<double>::infinity();
  for (flow::NaiveMethod m : kMethods) {
    const auto f = flow::naive_forecast(m, history, horizon);
    const bool complete = std::all_of(f.begin(), f.end(), [&](const flow::Headline& x) {
      return share ? x.pct_within_18.has_value() : x.list > 0;
    });
    if (!complete) continue;
    double sum = 0;
    int n = 0;
    for (const auto& r : rows)
      if (r.method == flow::to_string(m)) {
        sum += r.error;
        ++n;
      }
    if (n > 0 && sum / n < best_error - 1e-12) {
      best_error = sum / n;
      best = m;
    }
  }
  return best;
}

std::vector<TargetOutcome> track(const std::vector<Target>& targets, const std::vector<CancerMonth>& months) {
  std::vector<TargetOutcome> out;
  for (const Target& t : targets) {
    TargetOutcome o;
    o.text = t.text;
    for (const CancerMonth& m : months) {
      if (!o.first_met_month && satisfied(t, m.performance)) o.first_met_month = m.month;
      if (m.month == t.deadline) {
        o.value_at_deadline = m.performance;
        o.gap_at_deadline = margin(t, m.performance);
        o.met = satisfied(t, m.performance);
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

ResultColumn column(const char* key, const char* title, CellKind kind, int decimals, bool uncertain) {
  ResultColumn c;
  c.key = key;
  c.title = title;
  c.kind = kind;
  c.decimals = decimals;
  c.uncertain = uncertain;
  return c;
}

std::vector<ResultColumn> month_columns(bool uncertain) {
  return {column("month", "Month", CellKind::text, 0, false),
          column("total", "Completed pathways", CellKind::count, 0, uncertain),
          column("within_standard", "Within standard", CellKind::count, 0, uncertain),
          column("performance", "Performance", CellKind::fraction, 4, uncertain)};
}

}  // namespace

const ListDefinition& cancer_standard_list(data::CancerStandard standard) {
  static const ListDefinition lists[] = {
      {"cancer", "28-day FDS standard", BandLayout::from_edges(WaitUnit::days, {0, 28}), 28, 0.75},
      {"cancer", "31-day standard", BandLayout::from_edges(WaitUnit::days, {0, 31}), 31, 0.96},
      {"cancer", "62-day standard", BandLayout::from_edges(WaitUnit::days, {0, 62}), 62, 0.85}};
  return lists[static_cast<size_t>(standard)];
}

Target parse_cancer_target(std::string_view text, data::CancerStandard standard) {
  const ListDefinition& list = cancer_standard_list(standard);
  // The RTT forms' wording would mislead here: one form, on the standard's own days.
  const std::string expected =
      fmt::format("target '{}': a target on the {} is \"X% within {} days by YYYY-MM\"", text,
                  short_name(standard), list.standard);
  Target t;
  try {
    t = parse_target(text, list);
  } catch (const InputError&) {
    throw InputError(expected);
  }
  if (t.kind != TargetKind::share_within || t.weeks != list.standard) throw InputError(expected);
  return t;
}

bool is_cancer_start(const Scenario& s) {
  if (s.start.kind != StartKind::data_file || s.start.data.empty()) return false;
  const auto dataset = s.data->open(s.start.data);
  return dataset->cwt_provider != nullptr || dataset->cwt_national != nullptr;
}

CancerStartData cancer_start_data(const Scenario& s) {
  check_cancer_scenario(s);
  const StartSpec& st = s.start;
  CancerStartData d;
  d.standard = *st.standard;
  d.selection = selection_name(st);
  const auto dataset = s.data->open(st.data);
  d.source = st.data.name;
  if (dataset->cwt_national) {
    if (st.provider)
      s.fail("start.provider",
             "the national cancer series has England only; name a provider "
             "with the provider extract (cancer_cwt_provider.csv.gz)");
    if (st.cancer_type) s.fail("start.cancer_type", "the national cancer series has no cancer types");
    d.series = flow::england_cancer_series(*dataset->cwt_national, nullptr, d.standard);
  } else if (!st.provider && !st.cancer_type) {
    // England: the national series where it has the standard, then the extract's sums (as the back-test).
    data::CwtNational empty;
    const data::CwtNational* national = &empty;
    std::shared_ptr<const data::Dataset> national_set;
    if (const auto& ref = st.cancer_national) {
      national_set = s.data->open(*ref, {data::InputKind::cwt_national, {}});
      national = national_set->cwt_national.get();
      d.source += " and " + ref->name;
    }
    d.series = flow::england_cancer_series(*national, dataset->cwt_provider.get(), d.standard);
  } else {
    stats::CwtSelection sel;
    sel.standard = d.standard;
    sel.provider = st.provider;
    sel.cancer_type = st.cancer_type;
    try {
      d.series = from_rows(stats::cwt_query(*dataset->cwt_provider, sel, {stats::CwtBreakdown::month}));
    } catch (const InputError& e) {
      s.fail(st.cancer_type ? "start.cancer_type" : "start.provider", e.what());
    }
  }
  if (d.series.empty())
    s.fail("start.standard", fmt::format("{} has no {} figures for {}", st.data.name,
                                         data::cancer_standard_name(d.standard), d.selection));
  d.start = st.month.value_or(d.series.back().month);
  const auto end = std::find_if(d.series.begin(), d.series.end(),
                                [&](const flow::CancerSeriesPoint& p) { return p.month == d.start; });
  if (end == d.series.end())
    s.fail("start.month",
           fmt::format("{} has no {} figure for {} in {} (it has {} to {})", st.data.name,
                       data::cancer_standard_name(d.standard), d.selection, d.start.to_string(),
                       d.series.front().month.to_string(), d.series.back().month.to_string()));
  d.series.erase(end + 1, d.series.end());  // out of sample: nothing after the start is used
  d.until = s.horizon_months ? d.start + *s.horizon_months : s.until;
  const char* horizon_key = s.horizon_months ? "horizon.months" : "horizon.until";
  if (d.until <= d.start)
    s.fail(horizon_key,
           fmt::format("{} must be after the start month {}", d.until.to_string(), d.start.to_string()));
  if (d.until - d.start > kMaxHorizon)
    s.fail(horizon_key, fmt::format("{} is more than {} months after the start {}: a cancer forecast goes no "
                                    "further than its back-test",
                                    d.until.to_string(), kMaxHorizon, d.start.to_string()));
  return d;
}

CancerForecastResult cancer_forecast(const Scenario& s, const RunOptions& options, const Progress& progress) {
  CancerForecastResult r;
  r.data = cancer_start_data(s);
  r.samples = options.samples.value_or(s.uncertainty.samples);
  r.seed = options.seed.value_or(s.uncertainty.seed);
  if (r.samples < 0) throw InputError(fmt::format("--samples: expected 0 or more, got {}", r.samples));
  for (const TargetSpec& t : s.targets) r.targets.push_back(t.target);
  const int horizon = r.data.until - r.data.start;
  std::vector<int> horizons;
  for (int h = 1; h <= horizon; ++h) horizons.push_back(h);
  const std::string name = std::string(data::cancer_standard_name(r.data.standard));
  const auto perf_rows = flow::backtest_cancer_performance(r.data.series, name + " performance", horizons);
  const auto total_rows = flow::backtest_cancer_totals(r.data.series, name + " completed pathways", horizons);
  r.backtest = perf_rows;
  r.backtest.insert(r.backtest.end(), total_rows.begin(), total_rows.end());
  const auto history = flow::cancer_headlines(r.data.series);
  const flow::NaiveMethod perf_method = choose(perf_rows, history, horizon, true);
  const flow::NaiveMethod total_method = choose(total_rows, history, horizon, false);
  r.performance_method = std::string(flow::to_string(perf_method));
  r.total_method = std::string(flow::to_string(total_method));
  r.performance_errors = filled_sorted(flow::cancer_signed_errors(r.data.series, true, perf_method, horizon));
  r.total_errors = filled_sorted(flow::cancer_signed_errors(r.data.series, false, total_method, horizon));

  const auto perf = flow::naive_forecast(perf_method, history, horizon);
  const auto totals = flow::naive_forecast(total_method, history, horizon);
  for (int h = 1; h <= horizon; ++h) {
    CancerMonth m;
    m.month = r.data.start + h;
    m.total = totals[static_cast<size_t>(h - 1)].list;
    m.performance = std::clamp(perf[static_cast<size_t>(h - 1)].pct_within_18.value_or(0.0), 0.0, 1.0);
    r.central.push_back(m);
  }
  if (r.samples == 0) {
    r.targets_by_replication.push_back(track(r.targets, r.central));
    return r;
  }
  const auto perf_bands = symmetric(r.performance_errors), total_bands = symmetric(r.total_errors);
  const auto n = static_cast<size_t>(r.samples);
  r.sample_months.resize(n);
  r.targets_by_replication.resize(n);
  // Sample i draws only from pcg64(seed, i) and writes only slot i: the same slots for any thread count.
  parallel_for(
      n, options.threads.value_or(0),
      [&](size_t i) {
        pcg64 rng(r.seed, static_cast<std::uint64_t>(i));
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        const double u = unit(rng), v = unit(rng);
        std::vector<CancerMonth> path = r.central;
        for (size_t k = 0; k < path.size(); ++k) {
          path[k].performance = std::clamp(path[k].performance + quantile_sorted(perf_bands[k], u), 0.0, 1.0);
          path[k].total *= std::exp(quantile_sorted(total_bands[k], v));
        }
        r.targets_by_replication[i] = track(r.targets, path);
        r.sample_months[i] = std::move(path);
      },
      progress);
  return r;
}

ResultTable CancerForecastResult::months_results() const {
  ResultTable t;
  t.multi = uncertain();
  t.central_title_suffix = " P50";
  t.columns = month_columns(true);
  for (size_t i = 0; i < central.size(); ++i) {
    Samples total, within, performance;
    if (uncertain()) {
      for (const auto& path : sample_months) {
        total.push_back(path[i].total);
        within.push_back(path[i].within_standard());
        performance.push_back(path[i].performance);
      }
    } else {
      total.push_back(central[i].total);
      within.push_back(central[i].within_standard());
      performance.push_back(central[i].performance);
    }
    t.add_row({central[i].month.to_string(), std::move(total), std::move(within), std::move(performance)});
  }
  return t;
}

ResultTable CancerForecastResult::history_results() const {
  ResultTable t;
  t.columns = month_columns(false);
  for (const auto& p : data.series) t.add_row({p.month.to_string(), p.total, p.within, p.within / p.total});
  return t;
}

nlohmann::json CancerForecastResult::to_json() const {
  nlohmann::json errors = nlohmann::json::array();
  const auto bands = symmetric(performance_errors);
  for (size_t k = 0; k < performance_errors.size(); ++k) {
    const auto& e = performance_errors[k];
    // pairs and mean (the bias, actual - forecast) of the method's own errors; p10/p90 of the band used.
    errors.push_back({{"horizon", k + 1},
                      {"pairs", e.size()},
                      {"mean", mean_of(e)},
                      {"p10", bands[k].empty() ? 0.0 : quantile_sorted(bands[k], 0.1)},
                      {"p90", bands[k].empty() ? 0.0 : quantile_sorted(bands[k], 0.9)}});
  }
  return {{"list", "cancer"},
          {"standard", data::cancer_standard_name(data.standard)},
          {"selection", data.selection},
          {"source", data.source},
          {"start", data.start.to_string()},
          {"until", data.until.to_string()},
          {"method", {{"performance", performance_method}, {"total", total_method}}},
          {"performance_errors", errors},
          {"history", history_results().json()},
          {"months", months_results().json()},
          {"targets", targets_results(targets_by_replication, uncertain()).json()}};
}

std::string CancerForecastResult::text() const {
  std::string out = wrap_lines(fmt::format(
      "Cancer waiting times forecast: {}, {}, from {} to {} (source {}). CWT counts pathways completed in "
      "the month, not a waiting list. Method: {} for performance, {} for completed pathways (lowest "
      "back-test "
      "error on this selection's months to {}){}.",
      data::cancer_standard_name(data.standard), data.selection, data.start.to_string(),
      data.until.to_string(), data.source, performance_method, total_method, data.start.to_string(),
      uncertain() ? fmt::format("; P50 of {} samples of the back-test's own errors", samples) : ""));
  out += "\n\n" + render_text(central_columns(months_results().table()));
  if (!targets.empty())
    out += "\n" + render_text(central_columns(targets_results(targets_by_replication, uncertain()).table()));
  return out;
}

CancerSolveResult cancer_solve(const Scenario& s, const RunOptions& options) {
  if (options.lever && *options.lever != "growth" && *options.lever != "seen_within_standard")
    throw InputError(
        fmt::format("--lever: a cancer start solves for the patients seen within the standard "
                    "(seen_within_standard), not {}",
                    *options.lever));
  std::optional<Target> target;
  if (options.target) {
    if (!s.start.standard)
      s.fail("start.standard",
             "missing: a cancer waiting times start names its standard (\"28-day FDS\", "
             "\"31-day\" or \"62-day\")");
    try {
      target = parse_cancer_target(*options.target, *s.start.standard);
    } catch (const InputError& e) {
      throw InputError(std::string("--target: ") + e.what());
    }
  } else if (!s.targets.empty()) {
    target = s.targets.front().target;
  }
  RunOptions deterministic;
  deterministic.samples = 0;
  const CancerForecastResult f = cancer_forecast(s, deterministic);
  if (!target) throw InputError("--target: missing, and the scenario has no [[target]]");
  const auto at = std::find_if(f.central.begin(), f.central.end(),
                               [&](const CancerMonth& m) { return m.month == target->deadline; });
  if (at == f.central.end())
    throw InputError(fmt::format("target '{}': its deadline {} is not in the forecast ({} to {})",
                                 target->text, target->deadline.to_string(), (f.data.start + 1).to_string(),
                                 f.data.until.to_string()));
  CancerSolveResult r;
  r.target = target->text;
  r.threshold = target->threshold;
  r.deadline = target->deadline;
  r.standard = std::string(data::cancer_standard_name(f.data.standard));
  r.selection = f.data.selection;
  r.method = f.performance_method;
  r.at_deadline = *at;
  // Breaches turned into pathways within the standard: the month's total is unchanged (the same patients,
  // seen sooner), so performance rises by value / total.
  r.value = std::max(0.0, r.threshold * at->total - at->within_standard());
  r.share_of_total = at->total > 0 ? r.value / at->total : 0;
  return r;
}

nlohmann::json CancerSolveResult::to_json() const {
  return {{"target", target},
          {"lever", "seen_within_standard"},
          {"value", value},
          {"unit", "patients a month"},
          {"converged", true},
          {"share_of_total", share_of_total},
          {"standard", standard},
          {"selection", selection},
          {"method", method},
          {"deadline", deadline.to_string()},
          {"forecast_at_deadline",
           {{"month", at_deadline.month.to_string()},
            {"total", at_deadline.total},
            {"within_standard", at_deadline.within_standard()},
            {"performance", at_deadline.performance}}}};
}

Table CancerSolveResult::table(bool for_text) const {
  Table t;
  t.columns = {{"target", "Target", CellKind::text, 0},
               {"deadline", "Deadline", CellKind::text, 0},
               {"total", "Completed pathways", CellKind::count, 0},
               {"performance", "Forecast", CellKind::fraction, for_text ? 1 : 4},
               {"value", "Extra within standard", CellKind::count, 0},
               {"share_of_total", "Share of total", CellKind::fraction, for_text ? 1 : 4}};
  t.add_row({target, deadline.to_string(), at_deadline.total, at_deadline.performance, std::round(value),
             share_of_total});
  return t;
}

std::string CancerSolveResult::text() const {
  const std::string answer =
      value <= 0 ? fmt::format("the forecast already meets it ({} in {}): no extra patients are needed.",
                               format_percent(at_deadline.performance), deadline.to_string())
                 : fmt::format(
                       "{} more patients in {} seen within the standard - {} of the month's {} "
                       "forecast completed pathways - would lift performance from {} to {}.",
                       format_count(std::round(value)), deadline.to_string(), format_percent(share_of_total),
                       format_count(at_deadline.total), format_percent(at_deadline.performance),
                       format_percent(threshold));
  return wrap_lines(
             fmt::format("{} ({}, {}; {} forecast): {}", target, standard, selection, method, answer)) +
         "\n";
}

}  // namespace elective::plan
