#include "sim/build_model.hpp"

#include <fmt/format.h>
#include <pcg_random.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include "core/calendar.hpp"
#include "data/input_formats.hpp"
#include "data/rtt_extract.hpp"
#include "flow/working_days.hpp"
#include "sim/provider_lists.hpp"

namespace elective::sim {

namespace {

// Defaults of the attribute mixes (docs/simulation.md "Population"): approximate, documented assumptions.
constexpr std::array<double, data::kEthnicGroupCount> kDefaultEthnicity{0.81, 0.03, 0.096, 0.042, 0.022, 0.0};
constexpr std::array<double, data::kAgeBandCount> kDefaultAge{0.11, 0.20, 0.36, 0.23, 0.10, 0.0};
constexpr std::array<double, data::kSexCount> kDefaultSex{0.45, 0.55, 0.0, 0.0};

template <size_t N>
std::array<double, N> normalised(const std::array<double, N>& a) {
  double s = 0;
  for (double v : a) s += v;
  std::array<double, N> out{};
  for (size_t i = 0; i < N; ++i) out[i] = s > 0 ? a[i] / s : 0.0;
  return out;
}

// The forecast's policy as the simulation runs it: `calibrated` is clinical priority with every slot
// following the calibrated pattern (see calibrated_share below); the others are the same policy in both
// engines.
PolicyKind policy_from_forecast(PolicyKind forecast) {
  return forecast == PolicyKind::calibrated ? PolicyKind::clinical_priority : forecast;
}

std::int32_t day_number(Date d) {
  return static_cast<std::int32_t>(d.time_since_epoch().count());
}

// Shares by treatment function of a provider's (or all) Part_2 rows in an RTT Full CSV extract.
std::vector<std::pair<std::string, double>> tfc_mix_from_extract(const plan::Scenario& s,
                                                                 const data::DataRef& ref) {
  const data::RttExtract& extract = *s.data->open(ref, {data::InputKind::rtt, {}})->rtt;
  data::RowFilter f;
  f.tfc_rows = data::TfcRows::specialties;
  f.month = extract.latest_month();
  std::vector<std::pair<std::string, double>> out;
  for (const auto& tfc : extract.tfcs()) {
    if (tfc == data::kAllSpecialtiesTfc) continue;
    f.tfc = tfc;
    const double n = extract.histogram(data::RttPart::incomplete, f).total();
    if (n > 0) out.emplace_back(tfc, n);
  }
  if (out.empty()) s.fail("simulation.population.tfc_mix_from", "no Part_2 treatment-function rows");
  return out;
}

// Per-treatment-function start lists and flows of an RTT Full CSV extract (the trust-level case).
struct TfcStart {
  std::string tfc;
  WaitHistogram list;
  double referrals = 0, completed = 0;
};
std::vector<TfcStart> tfc_starts_from_extract(const plan::Scenario& s, const data::RttExtract& extract,
                                              YearMonth month) {
  std::vector<TfcStart> out;
  data::RowFilter f;
  f.provider = s.start.provider;
  f.month = month;
  f.tfc_rows = data::TfcRows::specialties;
  for (const auto& tfc : extract.tfcs()) {
    if (tfc == data::kAllSpecialtiesTfc) continue;
    f.tfc = tfc;
    TfcStart t;
    t.tfc = tfc;
    t.list = fold_to_top_band(extract.histogram(data::RttPart::incomplete, f), kCurrentTopBand);
    if (t.list.top_band() != kCurrentTopBand) {
      WaitHistogram h(kCurrentTopBand);
      for (int k = 0; k <= t.list.top_band(); ++k)
        h.counts[static_cast<size_t>(k)] = t.list.counts[static_cast<size_t>(k)];
      t.list = h;
    }
    t.completed = extract.completed_histogram(f).total();
    t.referrals = extract.new_periods(f);
    if (t.list.total() > 0 || t.referrals > 0) out.push_back(std::move(t));
  }
  return out;
}

std::int32_t draw_wait_in_band(int band, pcg64& rng) {
  std::uniform_int_distribution<int> u0(0, 7), uk(1, 7), top(0, 182);
  if (band <= 0) return u0(rng);
  if (band >= kCurrentTopBand) return 729 + top(rng);  // 104+ weeks: spread over 104-130 weeks (assumption)
  return 7 * band + uk(rng);
}

// The real provider x specialty lists (sim/provider_lists.hpp): providers, queues, the start list and each
// queue's share of referrals and clock stops. Attributes are drawn from the referral mix (they are not in the
// file).
void build_real_lists(SimModel& m, const plan::Scenario& s, const SimConfig& c, const plan::Baseline& b,
                      pcg64& rng, std::uint64_t seed, std::vector<double>& referral_weight,
                      std::vector<double>& capacity_weight) {
  const PopulationConfig& pop = c.population;
  const auto months = s.data->open(*pop.lists_from, {data::InputKind::provider_months, {}});
  const data::ProviderMonths& file = *months->provider_months;
  std::shared_ptr<const data::Dataset> reference;
  if (pop.provider_reference)
    reference = s.data->open(*pop.provider_reference, {data::InputKind::providers, {}});
  const YearMonth month = b.start;
  if (std::find(file.months().begin(), file.months().end(), month) == file.months().end())
    s.fail("simulation.population.from",
           fmt::format("the start month {} is not in {} (it has {} to {}); set start.month",
                       month.to_string(), pop.lists_from->name, file.months().front().to_string(),
                       file.months().back().to_string()));
  const RealLists lists =
      real_lists(file, reference ? reference->providers.get() : nullptr, month, pop.flow_months);
  m.synthetic_population = true;  // the counts are real; the pathways and their attributes are modelled
  for (const RealProvider& p : lists.providers) {
    ProviderInfo info;
    info.code = p.key;
    info.region = p.region;
    info.lat = p.lat;
    info.lon = p.lon;
    m.providers.push_back(std::move(info));
    ProviderDetail detail;
    detail.label = p.label;
    if (p.merged) detail.merged_codes = p.codes;
    detail.located_at = p.located_at;
    if (p.merged) detail.flags.emplace_back("merged_provider_group");
    if (p.undercounted_completed) detail.flags.emplace_back("undercounted_specialty");
    if (p.unreported_months) detail.flags.emplace_back("unreported_months");
    m.provider_details.push_back(std::move(detail));
  }
  std::map<std::uint16_t, std::uint16_t> tfc_of;  // specialty -> index into m.tfcs, in the file's order
  for (const RealQueue& rq : lists.queues) tfc_of.emplace(rq.specialty, 0);
  for (auto& [specialty, id] : tfc_of) {
    id = static_cast<std::uint16_t>(m.tfcs.size());
    m.tfcs.emplace_back(data::specialty_groups()[specialty].code);
  }
  const std::int32_t day0 = day_number(m.start);
  const double tail_days = pop.tail_mean_weeks * 7.0;
  const auto& rates = b.calibration.fit.rates;
  const double other_monthly =
      std::clamp(rates.other_share >= 0 ? rates.other_share : b.calibration.fit.other_rate, 0.0, 0.99);
  std::vector<std::int32_t> waits;
  for (size_t qi = 0; qi < lists.queues.size(); ++qi) {
    const RealQueue& rq = lists.queues[qi];
    m.queues.push_back(QueueInfo{static_cast<std::uint16_t>(rq.provider), tfc_of.at(rq.specialty), 0, 0, 0});
    // Inflow = clock stops + list growth + other removals; the last at the calibrated national rate on the
    // list and the month's inflow (as the aggregate model removes them), so that a queue's list keeps its
    // trend once every queue's flows are scaled to the national totals.
    const double listed =
        static_cast<double>(std::accumulate(rq.pathways.begin(), rq.pathways.end(), std::int64_t{0}));
    referral_weight.push_back(rq.inflow_per_month + other_monthly * (listed + rq.inflow_per_month));
    capacity_weight.push_back(rq.completed_per_month);
    for (int j = 0; j < data::kMonthBins; ++j) {
      waits.clear();
      place_in_bin(month, j, rq.pathways[static_cast<size_t>(j)], tail_days, waits);
      for (const std::int32_t w : waits)
        m.initial.push_back(
            {static_cast<std::uint32_t>(qi), day0 - w, static_cast<Profile>(m.referral_mix.sample(rng()))});
    }
  }
  if (lists.flow_months.empty() || lists.queues.empty())
    s.fail("simulation.population.from",
           fmt::format("no provider lists in {} up to {}", pop.lists_from->name, month.to_string()));
  m.population_source = fmt::format(
      "SYNTHETIC pathways from the REAL provider x specialty lists of {} ({}; flows {} to {}): {} pathways "
      "at "
      "{} providers ({} merged groups) x {} specialties; waits within month bins estimated, attributes "
      "synthetic (seed {})",
      pop.lists_from->name, month.to_string(), lists.flow_months.front().to_string(),
      lists.flow_months.back().to_string(), m.initial.size(), m.providers.size(),
      std::count_if(m.provider_details.begin(), m.provider_details.end(),
                    [](const ProviderDetail& p) { return p.merged(); }),
      m.tfcs.size(), seed);
}

}  // namespace

std::vector<double> joint_profile_weights(const PopulationConfig& pop) {
  std::array<double, 10> dec = pop.imd_decile;
  if (std::all_of(dec.begin(), dec.end(), [](double v) { return v == 0; })) dec.fill(0.1);
  dec = normalised(dec);
  auto sex = pop.sex;
  if (std::all_of(sex.begin(), sex.end(), [](double v) { return v == 0; })) sex = kDefaultSex;
  sex = normalised(sex);
  std::vector<double> w(kProfileCount, 0.0);
  for (int q = 1; q <= 5; ++q) {
    const AttributeMix& g = pop.mix_by_imd_quintile[static_cast<size_t>(q)];
    std::array<double, data::kPriorityCount> pri{};
    pri[static_cast<size_t>(data::Priority::none)] = 1.0;
    if (pop.mix.has_priority) pri = pop.mix.priority;
    if (g.has_priority) pri = g.priority;
    auto eth = pop.mix.has_ethnicity ? pop.mix.ethnicity : kDefaultEthnicity;
    if (g.has_ethnicity) eth = g.ethnicity;
    auto age = pop.mix.has_age ? pop.mix.age : kDefaultAge;
    if (g.has_age) age = g.age;
    pri = normalised(pri);
    eth = normalised(eth);
    age = normalised(age);
    for (int d = 2 * q - 1; d <= 2 * q; ++d) {
      for (int p = 0; p < data::kPriorityCount; ++p)
        for (int e = 0; e < data::kEthnicGroupCount; ++e)
          for (int a = 0; a < data::kAgeBandCount; ++a)
            for (int x = 0; x < data::kSexCount; ++x) {
              const double v = dec[static_cast<size_t>(d - 1)] * pri[static_cast<size_t>(p)] *
                               eth[static_cast<size_t>(e)] * age[static_cast<size_t>(a)] *
                               sex[static_cast<size_t>(x)];
              if (v > 0) {
                w[pack_profile(static_cast<data::Priority>(p), d, static_cast<data::EthnicGroup>(e),
                               static_cast<data::AgeBand>(a), static_cast<data::Sex>(x))] = v;
              }
            }
    }
  }
  return w;
}

SimModel build_model(const plan::Scenario& s, const SimConfig& c, const plan::Baseline& b,
                     const data::PatientList* patients, std::uint64_t seed) {
  SimModel m;
  m.name = s.name;
  pcg64 rng(seed, 0x5EEDu);  // the synthesis stream (replications use streams 0, 1, ...)
  const flow::Calibration& cal = b.calibration;
  m.start = patients ? patients->snapshot : b.start.last_day();
  const Date end = b.until.last_day();
  const char* horizon_key = s.horizon_months ? "horizon.months" : "horizon.until";
  if (end <= m.start)
    s.fail(horizon_key,
           fmt::format("{} must be after the start {}", b.until.to_string(), format_iso_date(m.start)));
  m.weeks =
      static_cast<int>(((end - m.start).count() + 6) / 7);  // the last step contains the horizon's last day
  if (m.weeks < 1) s.fail(horizon_key, "the horizon is under a week");
  m.policy = c.policy_params;
  m.policy.kind = c.policy.value_or(policy_from_forecast(s.policy.rule));
  if (!c.long_wait_threshold_set) m.policy.long_wait_threshold_weeks = s.policy.long_wait_threshold_weeks;
  m.urgent_reserve_share = c.urgent_reserve_share;
  // Without a policy of its own the simulation follows the forecast's [policy]: all capacity by the
  // calibrated pattern for `calibrated`, its urgent_share for in_turn / long_waits_first.
  if (c.calibrated_share) {
    m.calibrated_share = *c.calibrated_share;
  } else if (!c.policy) {
    m.calibrated_share = s.policy.rule == PolicyKind::calibrated ? 1.0 : s.policy.urgent_share;
  }
  m.treat_weight = cal.fit.rates.treat_weight;
  m.mutual_aid = c.mutual_aid;
  m.wait_estimate_weeks = c.wait_estimate_weeks;

  const std::vector<double> joint = joint_profile_weights(c.population);
  m.referral_mix = AliasTable(joint);

  const double national_referrals = cal.referrals_per_month / kWeeksPerMonth;
  const double national_capacity = cal.capacity_per_month / kWeeksPerMonth;
  std::map<std::string, const ProviderConfig*> provider_config;
  for (const auto& p : c.providers) provider_config[p.code] = &p;

  // Queue list sizes (for shares), filled per case below.
  std::vector<double> list_weight, referral_weight, capacity_weight;

  if (patients) {
    m.synthetic_population = false;
    m.population_source = fmt::format("patient list {} (snapshot {}, {} open pathways)", patients->source,
                                      format_iso_date(patients->snapshot), patients->size());
    m.tfcs = patients->tfcs;
    for (const auto& code : patients->providers) {
      ProviderInfo info;
      info.code = code;
      if (auto it = provider_config.find(code); it != provider_config.end()) {
        info.region = it->second->region;
        info.lat = it->second->lat;
        info.lon = it->second->lon;
      }
      m.providers.push_back(info);
    }
    std::map<std::pair<std::uint16_t, std::uint16_t>, std::uint32_t> queue_of;
    for (size_t i = 0; i < patients->size(); ++i) {
      const auto key = std::make_pair(patients->provider[i], patients->tfc[i]);
      auto [it, inserted] = queue_of.emplace(key, 0);
      if (inserted) it->second = 0;
    }
    std::uint32_t next = 0;
    for (auto& [key, id] : queue_of) {
      id = next++;
      m.queues.push_back(QueueInfo{key.first, key.second, 0, 0, 0});
    }
    list_weight.assign(m.queues.size(), 0.0);
    m.initial.reserve(patients->size());
    for (size_t i = 0; i < patients->size(); ++i) {
      const std::uint32_t q = queue_of[{patients->provider[i], patients->tfc[i]}];
      list_weight[q] += 1;
      m.initial.push_back({q, patients->clock_start[i],
                           pack_profile(patients->priority[i], patients->imd_decile[i],
                                        patients->ethnic_group[i], patients->age_band[i], patients->sex[i])});
    }
    referral_weight = list_weight;
    capacity_weight = list_weight;
  } else if (c.population.lists_from) {
    build_real_lists(m, s, c, b, rng, seed, referral_weight, capacity_weight);
  } else {
    m.synthetic_population = true;
    // Providers.
    std::vector<double> size, pressure;
    const double size_sigma =
        std::sqrt(std::log(1 + c.population.provider_size_cv * c.population.provider_size_cv));
    const double press_sigma =
        std::sqrt(std::log(1 + c.population.provider_pressure_cv * c.population.provider_pressure_cv));
    std::normal_distribution<double> normal(0.0, 1.0);
    if (!c.providers.empty()) {
      for (const auto& p : c.providers) {
        ProviderInfo info;
        info.code = p.code;
        info.region = p.region;
        info.lat = p.lat;
        info.lon = p.lon;
        m.providers.push_back(std::move(info));
        size.push_back(p.size);
        pressure.push_back(1.0);
      }
    } else if (c.population.providers == 1 && s.start.provider) {
      ProviderInfo info;
      info.code = *s.start.provider;
      m.providers.push_back(std::move(info));
      size.push_back(1.0);
      pressure.push_back(1.0);
    } else {
      for (int i = 0; i < c.population.providers; ++i) {
        ProviderInfo info;
        info.code = fmt::format("S{:03d}", i + 1);
        info.region = fmt::format("Region {}", i % c.population.regions + 1);
        m.providers.push_back(std::move(info));
        size.push_back(std::exp(size_sigma * normal(rng) - size_sigma * size_sigma / 2));
        pressure.push_back(std::exp(press_sigma * normal(rng) - press_sigma * press_sigma / 2));
      }
    }
    // Treatment functions and per-queue start lists.
    std::vector<std::pair<std::string, double>> mix = c.population.tfc_mix;
    std::vector<TfcStart> tfc_starts;
    const std::shared_ptr<const data::Dataset> start_data =
        s.start.kind == plan::StartKind::data_file ? s.data->open(s.start.data) : nullptr;
    const data::RttExtract* extract_start = start_data ? start_data->rtt.get() : nullptr;
    if (mix.empty() && c.population.tfc_mix_from) mix = tfc_mix_from_extract(s, *c.population.tfc_mix_from);
    if (mix.empty() && extract_start != nullptr && !s.start.tfc && m.providers.size() == 1 &&
        c.providers.empty()) {
      tfc_starts = tfc_starts_from_extract(s, *extract_start, b.start);
      for (const auto& t : tfc_starts) mix.emplace_back(t.tfc, t.list.total());
    }
    if (mix.empty())
      mix.emplace_back(s.start.tfc ? data::normalise_tfc(*s.start.tfc) : std::string("C_999"), 1.0);
    std::map<std::string, std::uint16_t> tfc_id;
    auto tfc_index = [&](const std::string& code) {
      auto [it, inserted] =
          tfc_id.emplace(data::normalise_tfc(code), static_cast<std::uint16_t>(m.tfcs.size()));
      if (inserted) m.tfcs.push_back(it->first);
      return it->second;
    };
    std::vector<WaitHistogram> queue_lists;
    for (size_t p = 0; p < m.providers.size(); ++p) {
      const ProviderConfig* pc = nullptr;
      if (auto it = provider_config.find(m.providers[p].code); it != provider_config.end()) pc = it->second;
      const auto& pmix = pc && !pc->tfc_mix.empty() ? pc->tfc_mix : mix;
      double total = 0;
      for (const auto& [t, v] : pmix) total += v;
      for (const auto& [t, v] : pmix) {
        if (v <= 0) continue;
        const double share = v / total;
        QueueInfo q{static_cast<std::uint16_t>(p), tfc_index(t), 0, 0, 0};
        m.queues.push_back(q);
        list_weight.push_back(size[p] * share * pressure[p]);
        referral_weight.push_back(size[p] * share);
        capacity_weight.push_back(size[p] * share / pressure[p]);
        if (pc && pc->referrals_per_week) referral_weight.back() = -(*pc->referrals_per_week * share);
        if (pc && pc->capacity_per_week) capacity_weight.back() = -(*pc->capacity_per_week * share);
        if (!tfc_starts.empty()) {
          const auto& ts = *std::find_if(tfc_starts.begin(), tfc_starts.end(),
                                         [&](const TfcStart& x) { return x.tfc == t; });
          queue_lists.push_back(ts.list);
          referral_weight.back() = ts.referrals;
          capacity_weight.back() = ts.completed;
        }
      }
    }
    // Start lists: the calibrated start histogram shared by list weight (or the extract's own per-TFC lists),
    // realised as whole pathways by randomised rounding.
    double lw_total = 0;
    for (double v : list_weight) lw_total += v;
    WaitHistogram start_list = cal.list;
    double extract_total = 0;
    for (const auto& h : queue_lists) extract_total += h.total();
    for (size_t q = 0; q < m.queues.size(); ++q) {
      for (int k = 0; k <= kCurrentTopBand; ++k) {
        double expected = 0;
        if (!queue_lists.empty()) {
          // Scale each treatment function's own list to the calibrated total.
          expected = extract_total > 0
                         ? queue_lists[q].counts[static_cast<size_t>(k)] * start_list.total() / extract_total
                         : 0;
        } else if (k < static_cast<int>(start_list.counts.size()) && lw_total > 0) {
          expected = start_list.counts[static_cast<size_t>(k)] * list_weight[q] / lw_total;
        }
        if (expected <= 0) continue;
        auto n = static_cast<std::int64_t>(std::floor(expected));
        if (std::uniform_real_distribution<double>(0, 1)(rng) < expected - static_cast<double>(n)) ++n;
        for (std::int64_t i = 0; i < n; ++i) {
          const std::int32_t wait = draw_wait_in_band(k, rng);
          m.initial.push_back({static_cast<std::uint32_t>(q), day_number(m.start) - wait,
                               static_cast<Profile>(m.referral_mix.sample(rng()))});
        }
      }
    }
    m.population_source =
        fmt::format("SYNTHETIC list of {} pathways from {}: {} providers x {} treatment functions (seed {})",
                    m.initial.size(), b.description, m.providers.size(), m.tfcs.size(), seed);
  }

  // Baseline flows per queue: shares of the national (scenario) totals, or a provider's own figures (negative
  // weights above carry absolute per-week values).
  auto distribute = [&](const std::vector<double>& weight, double total, auto setter) {
    double absolute = 0, relative = 0;
    for (double w : weight) (w < 0 ? absolute : relative) += std::abs(w);
    const double rest = std::max(0.0, total - absolute);
    for (size_t q = 0; q < m.queues.size(); ++q) {
      const double w = weight[q];
      setter(m.queues[q], w < 0 ? -w : (relative > 0 ? rest * w / relative : 0.0));
    }
  };
  distribute(referral_weight, national_referrals, [](QueueInfo& q, double v) { q.referrals_per_week = v; });
  distribute(capacity_weight, national_capacity, [](QueueInfo& q, double v) { q.capacity_per_week = v; });

  const auto weeks_total = static_cast<int>(((end - m.start).count() + 6) / 7);
  auto step_of = [&](Date d) {
    return static_cast<int>(std::floor(static_cast<double>((d - m.start).count() - 1) / 7.0));
  };
  for (const auto& h : c.hubs) {
    bool found = false;
    for (size_t q = 0; q < m.queues.size(); ++q) {
      if (m.providers[m.queues[q].provider].code == h.provider &&
          m.tfcs[m.queues[q].tfc] == data::normalise_tfc(h.tfc)) {
        const int first = h.from ? std::max(0, step_of(*h.from)) : 0;
        const int last = h.until ? std::min(weeks_total - 1, step_of(*h.until)) : weeks_total - 1;
        if (first <= last) m.hubs.push_back({static_cast<std::uint32_t>(q), h.per_week, first, last});
        found = true;
      }
    }
    if (!found)
      s.fail(h.key, fmt::format("no queue for provider {} and treatment function {}", h.provider, h.tfc));
  }
  sort_start_list(m.initial);
  m.finalise_calendar();
  m.drivers = build_drivers(m, s, c, b, plan::midpoint_draw(s));
  return m;
}

WeeklyDrivers build_drivers(const SimModel& m, const plan::Scenario& s, const SimConfig& c,
                            const plan::Baseline& b, const plan::Draw& draw) {
  WeeklyDrivers d;
  const auto months = plan::build_drivers(s, b, draw, b.until);
  double base_ref = 0, base_cap = 0;
  for (const auto& q : m.queues) {
    base_ref += q.referrals_per_week;
    base_cap += q.capacity_per_week;
  }
  const auto W = static_cast<size_t>(m.weeks);
  d.referral_factor.assign(W, 0.0);
  d.capacity_factor.assign(W, 0.0);
  d.extra_referrals.assign(W, 0.0);
  d.independent_sector.assign(W, 0.0);
  std::vector<Date> holidays;
  if (c.bank_holiday_factor < 1) {
    const int y0 = static_cast<int>(std::chrono::year_month_day{m.start}.year());
    for (int y = y0; y <= y0 + m.weeks / 52 + 1; ++y) {
      auto h = flow::english_bank_holidays(y);  // the forecast's calendar: one set of holidays
      holidays.insert(holidays.end(), h.begin(), h.end());
    }
  }
  for (size_t w = 0; w < W; ++w) {
    const YearMonth month = m.step_month[w];
    const plan::DriverMonth* dm = nullptr;
    for (const auto& x : months) {
      if (x.month == month) dm = &x;
    }
    if (!dm) dm = month < months.front().month ? &months.front() : &months.back();
    const double per_week = 7.0 / dm->drivers.days;
    double ref = dm->drivers.referrals * per_week;
    double cap = dm->drivers.capacity * per_week;
    // Calendar: Christmas, bank holidays and strikes in this step's days.
    const Date first = m.start + std::chrono::days{7 * static_cast<int>(w) + 1};
    const Date last = first + std::chrono::days{6};
    double factor = 1.0;
    if (c.christmas_factor < 1) {
      for (Date day = first; day <= last; day += std::chrono::days{1}) {
        const std::chrono::year_month_day ymd{day};
        const unsigned mo = static_cast<unsigned>(ymd.month()), dd = static_cast<unsigned>(ymd.day());
        if ((mo == 12 && dd >= 24) || (mo == 1 && dd == 1)) {
          factor *= c.christmas_factor;
          break;
        }
      }
    }
    for (const Date h : holidays) {
      if (h >= first && h <= last) factor *= c.bank_holiday_factor;
    }
    for (const auto& st : c.strikes) {
      const Date a = std::max(first, st.from), z = std::min(last, st.until);
      if (z >= a) factor *= 1 - st.capacity_loss * static_cast<double>((z - a).count() + 1) / 7.0;
    }
    cap *= factor;
    d.referral_factor[w] = base_ref > 0 ? ref / base_ref : 0.0;
    d.capacity_factor[w] = base_cap > 0 ? cap / base_cap : 0.0;
    if (base_ref <= 0) d.extra_referrals[w] = ref;
    if (base_cap <= 0) d.independent_sector[w] = cap;
  }
  // One-off validation (plan [validation]): at the first step of its month, every pathway may be removed.
  for (const auto& x : months) {
    if (x.drivers.validation_share <= 0) continue;
    for (size_t w = 0; w < W; ++w) {
      if (m.step_month[w] == x.month) {
        d.validation.push_back({static_cast<int>(w), x.drivers.validation_share, 0});
        break;
      }
    }
  }
  // Removals other than treatment: weekly hazard by wait week.
  RemovalHazard& rh = d.removal;
  const double max_key =
      c.renege_weekly_rate ? c.renege_weekly_rate->back().first : c.renege_shape.back().first;
  size_t len = static_cast<size_t>(max_key) + 1;
  if (!c.validation_at_weeks.empty())
    len = std::max(len, static_cast<size_t>(c.validation_at_weeks.back()) + 1);
  if (c.validation_every_weeks_after > 0) len = std::max<size_t>(len, 521);
  auto step_value = [](const std::vector<std::pair<double, double>>& steps, double week) {
    double v = steps.front().second;
    for (const auto& [from, value] : steps) {
      if (week >= from) v = value;
    }
    return v;
  };
  rh.weekly.assign(len, 0.0);
  rh.imd_quintile_multiplier = c.renege_imd_multiplier;
  rh.age_band_multiplier = c.renege_age_multiplier;
  if (c.renege_weekly_rate) {
    for (size_t k = 0; k < len; ++k)
      rh.weekly[k] = step_value(*c.renege_weekly_rate, static_cast<double>(k)) * draw.other_rate_factor;
  } else {
    const auto& rates = b.calibration.fit.rates;
    const double monthly = std::clamp(
        (rates.other_share >= 0 ? rates.other_share : b.calibration.fit.other_rate) * draw.other_rate_factor,
        0.0, 0.99);
    // The aggregate model removes monthly x (list + the month's referrals) each month; the weekly hazard on
    // the list is set to remove the same number at the start.
    const double start_list = b.calibration.list.total();
    const double exposure =
        start_list > 0 ? (start_list + b.calibration.referrals_per_month) / start_list : 1.0;
    const double level = std::min(0.99, monthly * exposure / kWeeksPerMonth);
    // Normalise the shape over the start list so that the list as a whole keeps the calibrated rate, and the
    // group multipliers over the population mix.
    // shape = "calibrated": the aggregate model's band pattern of other removals (per pathway here).
    const std::vector<double>& band_rate = rates.other_rate;
    const bool calibrated_shape = c.renege_shape_calibrated && std::any_of(band_rate.begin(), band_rate.end(),
                                                                           [](double v) { return v > 0; });
    auto shape = [&](double week) {
      if (!calibrated_shape) return step_value(c.renege_shape, week);
      return band_rate[std::min(band_rate.size() - 1, static_cast<size_t>(week))];
    };
    if (calibrated_shape) len = std::max(len, band_rate.size());
    rh.weekly.assign(len, 0.0);
    const WaitHistogram& list = b.calibration.list;
    double num = 0, den = 0;
    for (int k = 0; k < list.top_band() + 1; ++k) {
      num += list.counts[static_cast<size_t>(k)] * shape(k);
      den += list.counts[static_cast<size_t>(k)];
    }
    const double shape_mean = den > 0 && num > 0 ? num / den : 1.0;
    const auto joint = joint_profile_weights(c.population);
    double gm = 0, gw = 0;
    for (int v = 0; v < kProfileCount; ++v) {
      if (joint[static_cast<size_t>(v)] <= 0) continue;
      const ProfileFields& f = fields_of(static_cast<Profile>(v));
      gm += joint[static_cast<size_t>(v)] * rh.imd_quintile_multiplier[f.imd_quintile] *
            rh.age_band_multiplier[static_cast<size_t>(f.age_band)];
      gw += joint[static_cast<size_t>(v)];
    }
    const double group_mean = gw > 0 && gm > 0 ? gm / gw : 1.0;
    for (size_t k = 0; k < len; ++k) {
      rh.weekly[k] = level * shape(static_cast<double>(k)) / shape_mean / group_mean;
    }
  }
  if (c.validation_removal_share > 0) {
    const double tail = rh.weekly.back();
    std::vector<int> at = c.validation_at_weeks;
    if (c.validation_every_weeks_after > 0) {
      const int from = at.empty() ? 0 : at.back();
      for (int w = from + c.validation_every_weeks_after; w < static_cast<int>(len);
           w += c.validation_every_weeks_after)
        at.push_back(w);
    }
    for (int w : at) {
      auto& h = rh.weekly[static_cast<size_t>(w)];
      h = 1 - (1 - h) * (1 - c.validation_removal_share);
    }
    // The last value holds for all longer waits: keep it free of a validation point.
    if (c.validation_every_weeks_after > 0) rh.weekly.push_back(tail);
  }
  return d;
}

}  // namespace elective::sim
