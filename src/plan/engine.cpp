#include "plan/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "data/input_file.hpp"
#include "data/national_series.hpp"
#include "data/rtt_extract.hpp"
#include "flow/reconstruct.hpp"
#include "plan/dm01_start.hpp"
#include "plan/group_forecast.hpp"

namespace elective::plan {

namespace {

// A histogram with any open top band as 105 bands: the open top band's count stays in its band (it cannot be
// split without more information).
WaitHistogram to_105(const std::vector<double>& counts) {
  WaitHistogram h(kCurrentTopBand);
  for (size_t k = 0; k < counts.size() && k < h.counts.size(); ++k) h.counts[k] = counts[k];
  for (size_t k = h.counts.size(); k < counts.size(); ++k) h.counts.back() += counts[k];
  return h;
}

// The last month of the national series with a list, referrals and completed pathways.
YearMonth latest_national(const Scenario& s, const std::vector<flow::NationalMonth>& months) {
  for (auto it = months.rbegin(); it != months.rend(); ++it)
    if (it->headline.total > 0 && it->referrals && it->completed) return it->month;
  s.fail("start.data",
         "the national series has no month with list size, new RTT periods and completed pathways");
}

// The dynamics of a scenario: the 18-week tail responds to its size only when the scenario pursues an
// 18-week target (docs/forecast.md "Dynamics").
flow::DynamicsOptions scenario_dynamics(const Scenario& s) {
  flow::DynamicsOptions d;
  d.eighteen_week_target = std::any_of(s.targets.begin(), s.targets.end(), [](const TargetSpec& t) {
    return t.target.kind == TargetKind::share_within && t.target.weeks == 18;
  });
  return d;
}

flow::Calibration national_calibration(const Scenario& s, const data::NationalSeries& series,
                                       std::optional<YearMonth> month, bool fall_back_to_latest) {
  const auto months = flow::national_months(series);
  YearMonth at = month.value_or(latest_national(s, months));
  const bool present = std::any_of(months.begin(), months.end(), [&](const flow::NationalMonth& m) {
    return m.month == at && m.headline.total > 0 && m.referrals && m.completed;
  });
  if (!present) {
    if (!fall_back_to_latest)
      s.fail("start.month",
             fmt::format("{} is not in {} with list size, new RTT periods and completed pathways "
                         "(available: 2015-10 to {})",
                         at.to_string(), s.start.data.name, latest_national(s, months).to_string()));
    at = latest_national(s, months);
  }
  try {
    return flow::calibrate_national(months, at, s.calibration.window_months, {}, scenario_dynamics(s));
  } catch (const InputError& e) {
    s.fail("start.month", e.what());
  }
}

// Groups of weekly bands whose treatment hazards are fitted separately from a full histogram.
const std::vector<int> kProviderGroups = {0, 4, 8, 13, 18, 26, 39, 52, 78};

std::vector<double> group_sums(const WaitHistogram& h, const std::vector<int>& starts) {
  std::vector<double> out(starts.size(), 0.0);
  for (size_t k = 0; k < h.counts.size(); ++k) {
    size_t g = 0;
    for (size_t i = 0; i < starts.size(); ++i)
      if (static_cast<int>(k) >= starts[i]) g = i;
    out[g] += h.counts[k];
  }
  return out;
}

flow::Calibration extract_calibration(const Scenario& s, const data::RttExtract& extract) {
  const StartSpec& st = s.start;
  data::RowFilter filter;
  filter.provider = st.provider;
  if (st.tfc) filter.tfc = data::normalise_tfc(*st.tfc);
  const auto months = extract.months();
  if (months.empty()) s.fail("start.data", "the extract has no rows");
  const YearMonth at = st.month.value_or(months.back());
  if (std::find(months.begin(), months.end(), at) == months.end())
    s.fail("start.month", fmt::format("{} is not in {} (it has {} to {})", at.to_string(), st.data.name,
                                      months.front().to_string(), months.back().to_string()));
  // Consecutive months ending at the start month, at most window + 1.
  std::vector<flow::ObservedMonth> observed;
  for (int back = std::min(s.calibration.window_months, 60); back >= 0; --back) {
    const YearMonth m = at - back;
    if (std::find(months.begin(), months.end(), m) == months.end()) {
      observed.clear();
      continue;
    }
    data::RowFilter f = filter;
    f.month = m;
    flow::ObservedMonth o;
    o.month = m;
    o.list = to_105(extract.histogram(data::RttPart::incomplete, f).counts);
    const WaitHistogram completed = to_105(extract.completed_histogram(f).counts);
    o.completed = completed.total();
    o.completed_by_group = group_sums(completed, kProviderGroups);
    o.referrals = extract.new_periods(f);
    observed.push_back(std::move(o));
  }
  if (observed.back().list.total() <= 0)
    s.fail(
        st.provider ? "start.provider" : "start.data",
        fmt::format("no incomplete pathways in {} for provider {} and treatment function {} in {}",
                    st.data.name, st.provider.value_or("(all)"), st.tfc.value_or("(all)"), at.to_string()));
  // One month cannot give the other-removal share: take it from the scenario or the national series.
  double other = st.other_removals_per_month_share.value_or(-1);
  flow::Seasonality ref_season = flow::flat_seasonality(), cap_season = flow::flat_seasonality();
  try {
    if (!st.national) throw InputError("no national time series");
    const auto series = s.data->open(*st.national, {data::InputKind::national, {}});
    const auto national = national_calibration(s, *series->national, at, true);
    if (other < 0) other = national.fit.other_rate;
    ref_season = national.referral_seasonality;
    cap_season = national.capacity_seasonality;
  } catch (const Error&) {
    if (other < 0)
      s.fail("start.other_removals_share_per_month",
             "needed for a one-month extract when the national series is not available");
  }
  const std::string source = fmt::format("RTT Full CSV extract {} (provider {}, treatment function {})",
                                         st.data.name, st.provider.value_or("all"), st.tfc.value_or("all"));
  flow::Calibration cal = flow::calibrate_histograms(observed, kProviderGroups, other, source);
  if (observed.size() >= 2 && st.other_removals_per_month_share) {
    cal.fit.other_rate = *st.other_removals_per_month_share;
    cal.fit.rates.other_share = cal.fit.other_rate;
  }
  if (observed.size() == 1) cal.fit.rates.other_share = other;
  cal.referral_seasonality = ref_season;
  cal.capacity_seasonality = cap_season;
  return cal;
}

// Published months up to `at` as outcomes (for the charts' history line).
std::vector<report::MonthOutcome> national_history(const data::NationalSeries& series, YearMonth at,
                                                   int months) {
  std::vector<report::MonthOutcome> out;
  for (const flow::NationalMonth& m : flow::national_months(series)) {
    if (m.month > at || at - m.month > months || m.headline.total <= 0) continue;
    try {
      const WaitHistogram h = flow::reconstruct_histogram(m.headline);
      report::MonthOutcome o =
          report::make_month_outcome(m.month, h, m.referrals.value_or(0), m.completed.value_or(0), 0);
      o.pct_within_18_weeks = m.pct_within_18_weeks ? m.pct_within_18_weeks : o.pct_within_18_weeks;
      out.push_back(o);
    } catch (const InputError&) {
      // A month whose published figures contradict each other is left out of the chart.
    }
  }
  return out;
}

// measure(target, list) read off the month's outcome of that list (make_month_outcome: a 105-band RTT list)
// where the outcome holds the very sums measure takes (the list in band order, the bands within 18 weeks, the
// bands from a threshold up), so the value is the same to the bit without summing the list again for every
// target; nullopt (outer) for any other target, which is measured from the list.
std::optional<std::optional<double>> measure_from_month(const Target& t, const MonthOutcome& m) {
  const double total = m.list_size;  // the summary's sum of every band, as measure's total
  auto over = [&]() -> const std::optional<double>* {
    switch (t.weeks) {
      case 18:
        return &m.over_18_weeks;
      case 52:
        return &m.over_52_weeks;
      case 65:
        return &m.over_65_weeks;
      case 78:
        return &m.over_78_weeks;
      case 104:
        return &m.over_104_weeks;
      default:
        return nullptr;
    }
  };
  switch (t.kind) {
    case TargetKind::share_within:
      if (t.weeks != kWeeksStandard) return std::nullopt;
      if (total <= 0) return std::optional<double>(1.0);
      if (!m.pct_within_18_weeks) return std::nullopt;
      return m.pct_within_18_weeks;  // within / total, the same operands
    case TargetKind::count_over: {
      const std::optional<double>* o = over();
      if (o == nullptr || !*o) return std::nullopt;
      return *o;
    }
    case TargetKind::share_over: {
      const std::optional<double>* o = over();
      if (o == nullptr || !*o) return std::nullopt;
      if (total <= 0) return std::optional<double>(0.0);
      return std::optional<double>(**o / total);
    }
    case TargetKind::list_below:
      return std::optional<double>(total);
  }
  return std::nullopt;
}

}  // namespace

Baseline prepare_baseline(const Scenario& s) {
  Baseline b;
  const StartSpec& st = s.start;
  b.policy = s.policy;
  const auto dataset = s.data->open(st.data);
  if ((st.icb || st.region) && !(st.kind == StartKind::data_file && dataset->provider_months))
    s.fail(
        st.icb ? "start.icb" : "start.region",
        "an ICB or region selects providers of the provider months file (rtt_provider_months_waited.csv.gz); "
        "start.data is not that file");
  if (st.test && !(st.kind == StartKind::data_file && dataset->dm01))
    s.fail("start.test", "a diagnostic test selects rows of the DM01 file; start.data is not that file");
  if ((st.standard || st.cancer_type) && !(dataset->cwt_provider || dataset->cwt_national))
    s.fail(st.standard ? "start.standard" : "start.cancer_type",
           "a cancer standard selects rows of a cancer waiting times file; start.data is not one");
  if (st.kind == StartKind::data_file) {
    if (dataset->cwt_provider || dataset->cwt_national) {
      s.fail("start.data", fmt::format("{} is cancer waiting times, which count completed pathways, not a "
                                       "waiting list: only `elective forecast` and `elective solve` take it",
                                       st.data.name));
    } else if (dataset->national) {
      b.calibration = national_calibration(s, *dataset->national, st.month, false);
      b.history = national_history(*dataset->national, b.calibration.month, 36);
      b.description =
          fmt::format("national time series {} at {} (histogram rebuilt from the flows and headline figures)",
                      st.data.name, b.calibration.month.to_string());
    } else if (dataset->rtt) {
      b.calibration = extract_calibration(s, *dataset->rtt);
      b.description = b.calibration.source + " at " + b.calibration.month.to_string();
    } else if (dataset->dm01) {
      check_dm01_targets(s);
      b.calibration = dm01_calibration(s, *dataset->dm01);
      b.list = &dm01_list();
      b.description = b.calibration.source + " at " + b.calibration.month.to_string() +
                      " (referrals inferred from the list change and waiting-list tests)";
    } else if (dataset->provider_months) {
      b = provider_months_baseline(s, *dataset->provider_months);  // England, or start.provider/tfc
    } else {
      s.fail(
          st.data.key.rfind("dataset:", 0) == 0 ? "start.dataset" : "start.data",
          fmt::format("{} is {}, not the national time series, an RTT Full CSV extract, the provider months "
                      "file or the DM01 diagnostics file",
                      st.data.name, data::input_format(dataset->kind).label));
    }
  } else {
    if (!dataset->national)
      s.fail("start.data",
             "with a histogram or headline start, data must be the national time series (it gives the band "
             "rates and seasonality)");
    b.calibration = national_calibration(s, *dataset->national, st.month, true);
    if (st.kind == StartKind::histogram) {
      b.calibration.list = to_105(st.histogram);
      b.calibration.reconstruction.reset();
      b.description = "histogram given in the scenario";
    } else {
      flow::HeadlineFigures f;
      f.total = *st.list_size;
      if (st.pct_within_18_weeks) f.within_18_weeks = *st.pct_within_18_weeks * f.total;
      f.over_52_weeks = st.over_52_weeks;
      try {
        b.calibration.list = flow::reconstruct_histogram(f);
      } catch (const InputError& e) {
        s.fail("start.list_size", e.what());
      }
      b.calibration.reconstruction = flow::reconstruction_error(f, b.calibration.list);
      b.description = "headline figures given in the scenario (histogram reconstructed)";
    }
    b.calibration.month = *st.month;
  }
  if (st.referrals_per_week) b.calibration.referrals_per_month = *st.referrals_per_week * kWeeksPerMonth;
  if (st.capacity_per_week) b.calibration.capacity_per_month = *st.capacity_per_week * kWeeksPerMonth;
  if (st.other_removals_per_month_share) {
    b.calibration.fit.other_rate = *st.other_removals_per_month_share;
    b.calibration.fit.rates.other_share = *st.other_removals_per_month_share;
  }
  b.start = b.calibration.month;
  if (s.capacity.has_levers()) {
    // The levers act on RTT clock stops (the elasticity and productivity are measured on them).
    if (b.list != &rtt_list())
      s.fail(s.capacity.workforce ? "capacity.workforce" : "capacity.beds",
             "the workforce and beds levers apply to RTT starts (clock stops), not to this list");
    const auto data = read_lever_data(s);
    b.levers = lever_context(s, *data, start_scope(s));
    b.description += "; " + lever_description(s, *b.levers, national_figures(*data));
  }
  b.until = s.horizon_months ? b.start + *s.horizon_months : s.until;
  if (b.until <= b.start)
    s.fail(s.horizon_months ? "horizon.months" : "horizon.until",
           fmt::format("{} must be after the start month {}", b.until.to_string(), b.start.to_string()));
  return b;
}

LeverScope start_scope(const Scenario& s) {
  if (s.start.provider) return {LeverScope::Kind::provider, *s.start.provider};
  if (s.start.icb) return {LeverScope::Kind::icb, *s.start.icb};
  if (s.start.region) return {LeverScope::Kind::region, *s.start.region};
  return {};
}

Draw midpoint_draw(const Scenario& s) {
  Draw d;
  d.referral_growth = s.referrals.growth_per_year.mid();
  d.hidden_demand_total = s.referrals.hidden_demand.total.mid();
  d.capacity_growth = s.capacity.growth_per_year.mid();
  d.extra_per_week = s.capacity.extra_per_week.amount.mid();
  d.pathways_per_unit = s.capacity.extra_per_week.pathways_per_unit.mid();
  d.independent_per_week = s.capacity.independent_sector.per_week.mid();
  d.independent_overlap = s.capacity.independent_sector.staff_overlap.mid();
  d.other_rate_factor = s.removals.other_rate_factor.mid();
  d.validation_share = s.validation.share_removed.mid();
  for (const Shock& sh : s.shocks) d.shock_loss.push_back(sh.capacity_loss.mid());
  if (s.removals.total_growth_per_year) d.total_removal_growth = s.removals.total_growth_per_year->mid();
  d.levers = midpoint_lever_draw(s);
  return d;
}

Draw random_draw(const Scenario& s, pcg64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  // Always draw every input in the same order, so that a sample's values do not depend on which are ranges.
  Draw d;
  d.referral_growth = s.referrals.growth_per_year.at(u(rng));
  d.hidden_demand_total = s.referrals.hidden_demand.total.at(u(rng));
  d.capacity_growth = s.capacity.growth_per_year.at(u(rng));
  d.extra_per_week = s.capacity.extra_per_week.amount.at(u(rng));
  d.pathways_per_unit = s.capacity.extra_per_week.pathways_per_unit.at(u(rng));
  d.independent_per_week = s.capacity.independent_sector.per_week.at(u(rng));
  d.independent_overlap = s.capacity.independent_sector.staff_overlap.at(u(rng));
  d.other_rate_factor = s.removals.other_rate_factor.at(u(rng));
  d.validation_share = s.validation.share_removed.at(u(rng));
  for (const Shock& sh : s.shocks) d.shock_loss.push_back(sh.capacity_loss.at(u(rng)));
  const double total_u = u(rng);
  if (s.removals.total_growth_per_year)
    d.total_removal_growth = s.removals.total_growth_per_year->at(total_u);
  d.levers = random_lever_draw(s, rng);  // its own stream: rng is not advanced
  return d;
}

DriverCalendar driver_calendar(const Scenario& s, const Baseline& b, YearMonth until) {
  const flow::Calibration& cal = b.calibration;
  // National starts carry the driver forecast (flow/drivers.hpp): a month's shape is its effective (working)
  // days times the residual calendar factor, relative to the average month after the start. Other starts use
  // the calendar-month factors.
  const flow::DriverFit* fit = cal.drivers ? &*cal.drivers : nullptr;
  const double ref_mean = fit ? fit->mean_shape(fit->referral_fit) : 1.0;
  const double cap_mean = fit ? fit->mean_shape(fit->clock_stop_fit) : 1.0;
  DriverCalendar c;
  // Total removals (Health Foundation): the 12 months to the start, split between clock stops and other
  // removals as they were then.
  c.total_12m = fit ? fit->total_removals_12m : 12 * (cal.capacity_per_month + cal.other_removals_per_month);
  c.other_part = fit ? (fit->total_removals_12m > 0 ? fit->other_removals_12m / fit->total_removals_12m : 0.0)
                     : (c.total_12m > 0 ? 12 * cal.other_removals_per_month / c.total_12m : 0.0);
  for (YearMonth m = b.start + 1; m <= until; ++m) {
    DriverCalendar::Month cm;
    cm.month = m;
    cm.days = m.days_in_month();
    const auto cal_month = static_cast<size_t>(m.month() - 1);
    const double flat = cm.days / kDaysPerMonth;
    cm.referral_shape = !s.referrals.seasonality ? flat
                        : fit                    ? fit->shape(fit->referral_fit, m) / ref_mean
                                                 : cal.referral_seasonality[cal_month];
    cm.capacity_shape = !s.capacity.seasonality ? flat
                        : fit                   ? fit->shape(fit->clock_stop_fit, m) / cap_mean
                                                : cal.capacity_seasonality[cal_month];
    if (fit && !s.start.other_removals_per_month_share) cm.other_share = fit->other_share_at(m);
    c.months.push_back(cm);
  }
  return c;
}

std::vector<DriverMonth> build_drivers(const Scenario& s, const Baseline& b, const Draw& d, YearMonth until) {
  return build_drivers(s, b, d, driver_calendar(s, b, until));
}

std::vector<DriverMonth> build_drivers(const Scenario& s, const Baseline& b, const Draw& d,
                                       const DriverCalendar& calendar) {
  const flow::Calibration& cal = b.calibration;
  const double total_12m = calendar.total_12m;
  const double other_part = calendar.other_part;
  std::vector<DriverMonth> out;
  out.reserve(calendar.months.size());
  const YearMonth first = b.start + 1;
  const YearMonth extra_from = s.capacity.extra_per_week.from.value_or(first);
  const YearMonth is_from = s.capacity.independent_sector.from.value_or(first);
  const YearMonth hidden_from = s.referrals.hidden_demand.from.value_or(first);
  const int hidden_months = std::max(1, s.referrals.hidden_demand.over_months);
  for (const DriverCalendar::Month& cm : calendar.months) {
    const YearMonth m = cm.month;
    const int i = m - b.start;
    const int days = cm.days;
    const double weeks = days / 7.0;
    const double flat = days / kDaysPerMonth;
    const double ref_shape = cm.referral_shape;
    const double cap_shape = cm.capacity_shape;
    flow::MonthDrivers md;
    md.days = days;
    md.months_ahead = i;
    md.referrals = cal.referrals_per_month * ref_shape * std::pow(1 + d.referral_growth, i / 12.0);
    if (m >= hidden_from && m - hidden_from < hidden_months)
      md.referrals += d.hidden_demand_total / hidden_months;
    double capacity = 0;
    if (d.total_removal_growth) {
      // All removals grow from the 12 months to the start; that total is centred 5.5 months before it, so
      // the first year after the start is (1 + g) times the last.
      const double total =
          total_12m / 12.0 * cap_shape * std::pow(1 + *d.total_removal_growth, (i + 5.5) / 12.0);
      const double other = std::min(total, total * other_part * d.other_rate_factor);
      md.other_volume = other;
      capacity = total - other;
    } else {
      capacity = cal.capacity_per_month * cap_shape * std::pow(1 + d.capacity_growth, i / 12.0);
    }
    if (b.levers) {
      const LeverEffect e = lever_effect(s, *b.levers, d.levers, first, m);
      capacity = capacity * e.factor + e.added * cap_shape;
    }
    const bool extra_on =
        m >= extra_from && (!s.capacity.extra_per_week.until || m <= *s.capacity.extra_per_week.until);
    if (extra_on) capacity += d.extra_per_week * d.pathways_per_unit * weeks;
    if (m >= is_from) capacity += d.independent_per_week * (1 - d.independent_overlap) * weeks;
    for (size_t k = 0; k < s.shocks.size(); ++k)
      if (m >= s.shocks[k].from && m <= s.shocks[k].until) capacity *= 1 - d.shock_loss[k];
    md.capacity = std::max(0.0, capacity);
    md.other_rate_factor = d.other_rate_factor;
    if (d.total_removal_growth) {
      md.other_rate_factor = 1;  // already in the volume
    } else if (s.removals.other_mode == OtherRemovalMode::volume) {
      md.other_volume = std::max(0.0, cal.other_removals_per_month * d.other_rate_factor * flat *
                                          std::pow(1 + d.capacity_growth, i / 12.0));
    } else if (cm.other_share) {
      md.other_share = *cm.other_share;  // the driver forecast's share of the month's inflow
    }
    if (s.validation.at && m == *s.validation.at) md.validation_share = d.validation_share;
    out.push_back({m, md});
  }
  return out;
}

std::vector<Target> scenario_targets(const Scenario& s) {
  std::vector<Target> out;
  for (const TargetSpec& t : s.targets) out.push_back(t.target);
  return out;
}

Projection project(const Baseline& b, const std::vector<DriverMonth>& drivers,
                   const std::vector<Target>& targets, bool with_months, const flow::ErrorPath* error) {
  Projection p;
  flow::BandModel model(b.calibration.fit.rates, b.policy);
  WaitHistogram list = b.calibration.list;
  std::vector<TargetTracker> trackers;
  trackers.reserve(targets.size());
  for (const Target& t : targets) {
    trackers.emplace_back(t);
    trackers.back().observe(b.start, list);
  }
  if (with_months) p.months.reserve(drivers.size());
  WaitHistogram seen = list;
  for (const DriverMonth& dm : drivers) {
    const flow::MonthFlows f = model.step(list.counts, dm.drivers);
    // With a model-error path (Monte Carlo), what is reported is the projection bent by that error; the
    // projection itself carries on unbent.
    const WaitHistogram* out = &list;
    if (error != nullptr) {
      flow::apply_error(list, flow::error_at(*error, dm.month - b.start), seen);
      out = &seen;
    }
    if (with_months) {
      p.months.push_back(make_list_month_outcome(*b.list, dm.month, *out, f.referrals, f.treated, f.other));
      // The targets from the month's own sums where it has them (before the unknown waits are cleared).
      const bool rtt_summary = b.list->name != dm01_list().name && out->top_band() == kCurrentTopBand;
      for (TargetTracker& t : trackers) {
        const auto value = rtt_summary ? measure_from_month(t.target(), p.months.back()) : std::nullopt;
        if (value) {
          t.observe_value(dm.month, *value);
        } else {
          t.observe(dm.month, *out);
        }
      }
      if (b.waits_past_52_unknown) {
        p.months.back().over_65_weeks.reset();
        p.months.back().over_78_weeks.reset();
        p.months.back().over_104_weeks.reset();
      }
    } else {
      for (TargetTracker& t : trackers) t.observe(dm.month, *out);
    }
  }
  for (const TargetTracker& t : trackers) p.targets.push_back(t.outcome());
  return p;
}

WaitHistogram project_list(const Baseline& b, const std::vector<DriverMonth>& drivers, YearMonth until) {
  flow::BandModel model(b.calibration.fit.rates, b.policy);
  WaitHistogram list = b.calibration.list;
  for (const DriverMonth& dm : drivers) {
    if (dm.month > until) break;
    model.step(list.counts, dm.drivers);
  }
  return list;
}

}  // namespace elective::plan
