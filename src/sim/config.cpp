#include "sim/config.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/toml_reader.hpp"

namespace elective::sim {

namespace {

constexpr double kHuge = 1e300;

std::vector<std::string> priority_names() {
  std::vector<std::string> out;
  for (int p = 0; p < data::kPriorityCount; ++p)
    out.emplace_back(data::priority_name(static_cast<data::Priority>(p)));
  return out;
}
std::vector<std::string> ethnic_names() {
  std::vector<std::string> out;
  for (int g = 0; g < data::kEthnicGroupCount; ++g)
    out.emplace_back(data::ethnic_group_name(static_cast<data::EthnicGroup>(g)));
  return out;
}
std::vector<std::string> age_names() {
  std::vector<std::string> out;
  for (int a = 0; a < data::kAgeBandCount; ++a)
    out.emplace_back(data::age_band_name(static_cast<data::AgeBand>(a)));
  return out;
}

template <size_t N>
void fill_named(std::array<double, N>& out, const std::vector<std::pair<std::string, double>>& values,
                const std::vector<std::string>& names) {
  out.fill(0.0);
  for (const auto& [k, v] : values) {
    const auto it = std::find(names.begin(), names.end(), k);
    out[static_cast<size_t>(it - names.begin())] = v;
  }
}

void check_positive_sum(TomlReader& r, const std::string& key,
                        const std::vector<std::pair<std::string, double>>& v) {
  double s = 0;
  for (const auto& [k, x] : v) s += x;
  if (s <= 0) r.fail(key, "the shares must not all be zero");
}

void read_mix(TomlReader& r, AttributeMix& mix) {
  if (auto v = r.named_numbers("priority_mix", 0, kHuge, priority_names())) {
    check_positive_sum(r, "priority_mix", *v);
    fill_named(mix.priority, *v, priority_names());
    mix.has_priority = true;
  }
  if (auto v = r.named_numbers("ethnicity_mix", 0, kHuge, ethnic_names())) {
    check_positive_sum(r, "ethnicity_mix", *v);
    fill_named(mix.ethnicity, *v, ethnic_names());
    mix.has_ethnicity = true;
  }
  if (auto v = r.named_numbers("age_mix", 0, kHuge, age_names())) {
    check_positive_sum(r, "age_mix", *v);
    fill_named(mix.age, *v, age_names());
    mix.has_age = true;
  }
}

Date read_date(TomlReader& r, const std::string& key, bool required) {
  auto s = r.string(key);
  if (!s) {
    if (required) r.fail(key, "missing (expected a date YYYY-MM-DD)");
    return Date{};
  }
  auto d = parse_iso_date(*s);
  if (!d) r.fail(key, fmt::format("'{}' is not a date (expected YYYY-MM-DD)", *s));
  return *d;
}

std::vector<std::pair<double, double>> read_steps(TomlReader& r, const std::string& key, double max_value) {
  auto v = *r.pairs(key);
  if (v.empty()) r.fail(key, "expected at least one [wait_weeks, value] pair");
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i].first < 0 || (i > 0 && v[i].first <= v[i - 1].first)) {
      r.fail(key, "wait weeks must start at 0 or more and increase");
    }
    if (v[i].second < 0 || v[i].second > max_value) {
      r.fail(key, fmt::format("value {} is out of range (expected 0 to {})", v[i].second, max_value));
    }
  }
  if (v.front().first != 0) r.fail(key, "the first pair must start at wait week 0");
  return v;
}

std::array<double, 6> read_quintiles(TomlReader& r, const std::string& key, double max,
                                     std::array<double, 6> fallback) {
  auto v = r.numbers(key, 0, max);
  if (!v) return fallback;
  if (v->size() != 5) r.fail(key, "expected 5 numbers, for IMD quintiles 1 (most deprived) to 5");
  std::array<double, 6> out = fallback;
  for (size_t i = 0; i < 5; ++i) out[i + 1] = (*v)[i];
  return out;
}

std::array<double, data::kAgeBandCount> read_ages(TomlReader& r, const std::string& key, double max,
                                                  std::array<double, data::kAgeBandCount> fallback) {
  auto v = r.named_numbers(key, 0, max, age_names());
  if (!v) return fallback;
  auto out = fallback;
  const auto names = age_names();
  for (const auto& [k, x] : *v)
    out[static_cast<size_t>(std::find(names.begin(), names.end(), k) - names.begin())] = x;
  return out;
}

}  // namespace

SimConfig parse_sim_config(const toml::table* simulation, const std::string& source_name) {
  SimConfig c;
  c.source = source_name;
  if (!simulation) return c;
  TomlReader r(*simulation, "simulation", source_name);

  if (auto p = r.string("policy")) {
    c.policy = parse_policy(*p);
    if (!c.policy) {
      r.fail("policy",
             fmt::format("unknown policy '{}' (expected in_turn, clinical_priority, long_waits_first, "
                         "equity or weighted)",
                         *p));
    }
  }
  if (auto v = r.integer("replications", 1, 100000)) c.replications = static_cast<int>(*v);
  if (auto v = r.integer("threads", 0, 1024)) c.threads = static_cast<int>(*v);
  if (auto v = r.integer("seed", 0, INT64_MAX)) c.seed = static_cast<std::uint64_t>(*v);
  if (auto v = r.integer("long_wait_threshold_weeks", 1, 520)) {
    c.policy_params.long_wait_threshold_weeks = static_cast<int>(*v);
    c.long_wait_threshold_set = true;
  }
  c.policy_params.equity_weight = r.number("equity_weight", 0.3, 0, 2);
  c.calibrated_share = r.number("calibrated_share", 0, 1);
  c.wait_estimate_weeks = static_cast<int>(r.integer("wait_estimate_weeks", 1, 104).value_or(13));
  if (auto v = r.named_numbers("due_days", 0, 3650, priority_names())) {
    const auto names = priority_names();
    for (const auto& [k, x] : *v) {
      c.policy_params
          .due_days[static_cast<size_t>(std::find(names.begin(), names.end(), k) - names.begin())] =
          static_cast<int>(x);
    }
  }
  if (const toml::table* w = r.table("weights")) {
    TomlReader wr(*w, "simulation.weights", source_name);
    c.policy_params.weights.wait = wr.number("wait", 1.0, 0, 1000);
    c.policy_params.weights.priority = wr.number("priority", 20.0, 0, 10000);
    c.policy_params.weights.deprivation = wr.number("deprivation", 4.0, 0, 10000);
    c.policy_params.weights.under_18 = wr.number("under_18", 4.0, 0, 10000);
    wr.finish();
  }

  if (const toml::table* t = r.table("capacity")) {
    TomlReader cr(*t, "simulation.capacity", source_name);
    c.urgent_reserve_share = cr.number("urgent_reserve_share", 0.0, 0, 0.9);
    c.christmas_factor = cr.number("christmas_factor", 1.0, 0, 1);
    c.bank_holiday_factor = cr.number("bank_holiday_factor", 1.0, 0, 1);
    cr.finish();
  }
  for (const toml::table* t : r.table_array("strike")) {
    TomlReader sr(*t, "simulation.strike", source_name);
    StrikeConfig s;
    s.from = read_date(sr, "from", true);
    s.until = read_date(sr, "until", true);
    if (s.until < s.from) sr.fail("until", "must not be before `from`");
    s.capacity_loss = *[&] {
      auto v = sr.number("capacity_loss", 0, 1);
      if (!v) sr.fail("capacity_loss", "missing (expected the share of capacity lost, 0 to 1)");
      return v;
    }();
    sr.finish();
    c.strikes.push_back(s);
  }
  for (const toml::table* t : r.table_array("hub")) {
    TomlReader hr(*t, "simulation.hub", source_name);
    HubConfig h;
    auto p = hr.string("provider");
    auto f = hr.string("tfc");
    auto w = hr.number("per_week", 0, 1e7);
    if (!p) hr.fail("provider", "missing (expected the provider code of the hub)");
    if (!f) hr.fail("tfc", "missing (expected a treatment function report row such as C_110)");
    if (!w) hr.fail("per_week", "missing (expected extra treatments per week)");
    h.provider = *p;
    h.tfc = *f;
    h.per_week = *w;
    if (hr.has("from")) h.from = read_date(hr, "from", true);
    if (hr.has("until")) h.until = read_date(hr, "until", true);
    hr.finish();
    c.hubs.push_back(h);
  }

  if (const toml::table* t = r.table("population")) {
    TomlReader pr(*t, "simulation.population", source_name);
    auto& pop = c.population;
    pop.patients = pr.string("patients");
    pop.skip_invalid = pr.boolean("skip_invalid").value_or(false);
    pop.providers = static_cast<int>(pr.integer("providers", 1, 5000).value_or(1));
    pop.regions = static_cast<int>(pr.integer("regions", 1, 100).value_or(7));
    pop.provider_size_cv = pr.number("provider_size_cv", 0.5, 0, 5);
    pop.provider_pressure_cv = pr.number("provider_pressure_cv", 0.1, 0, 1);
    if (auto v = pr.named_numbers("tfc_mix", 0, kHuge, {})) {
      check_positive_sum(pr, "tfc_mix", *v);
      pop.tfc_mix = *v;
    }
    pop.tfc_mix_from = pr.string("tfc_mix_from");
    if (auto v = pr.numbers("imd_decile_mix", 0, kHuge)) {
      if (v->size() != 10) pr.fail("imd_decile_mix", "expected 10 shares, deciles 1 (most deprived) to 10");
      std::copy(v->begin(), v->end(), pop.imd_decile.begin());
    }
    if (auto v = pr.named_numbers("sex_mix", 0, kHuge, {"male", "female", "indeterminate", "unknown"})) {
      fill_named(pop.sex, *v, {"male", "female", "indeterminate", "unknown"});
    }
    read_mix(pr, pop.mix);
    for (const toml::table* g : pr.table_array("group")) {
      TomlReader gr(*g, "simulation.population.group", source_name);
      auto q = gr.integer("imd_quintile", 1, 5);
      if (!q) gr.fail("imd_quintile", "missing (expected the IMD quintile 1-5 these mixes apply to)");
      read_mix(gr, pop.mix_by_imd_quintile[static_cast<size_t>(*q)]);
      gr.finish();
    }
    pr.finish();
  }

  for (const toml::table* t : r.table_array("provider")) {
    TomlReader pr(*t, "simulation.provider", source_name);
    ProviderConfig p;
    auto code = pr.string("code");
    if (!code || code->size() < 3 || code->size() > 5)
      pr.fail("code", "expected a provider ODS code (3-5 characters)");
    p.code = *code;
    p.region = pr.string("region").value_or("");
    p.lat = pr.number("lat", -90, 90);
    p.lon = pr.number("lon", -180, 180);
    p.size = pr.number("size", 1.0, 0, kHuge);
    p.referrals_per_week = pr.number("referrals_per_week", 0, 1e8);
    p.capacity_per_week = pr.number("capacity_per_week", 0, 1e8);
    if (auto v = pr.named_numbers("tfc_mix", 0, kHuge, {})) {
      check_positive_sum(pr, "tfc_mix", *v);
      p.tfc_mix = *v;
    }
    pr.finish();
    for (const auto& other : c.providers) {
      if (other.code == p.code) pr.fail("code", fmt::format("provider '{}' is listed twice", p.code));
    }
    c.providers.push_back(std::move(p));
  }

  if (const toml::table* t = r.table("reneging")) {
    TomlReader rr(*t, "simulation.reneging", source_name);
    if (rr.has("shape")) {
      if (rr.raw().get("shape")->is_string()) {
        if (*rr.string("shape") != "calibrated")
          rr.fail("shape", "expected \"calibrated\" or [[wait_weeks, relative], ...]");
        c.renege_shape_calibrated = true;
      } else {
        c.renege_shape = read_steps(rr, "shape", 1000);
      }
    }
    if (rr.has("weekly_rate")) c.renege_weekly_rate = read_steps(rr, "weekly_rate", 1);
    c.renege_imd_multiplier = read_quintiles(rr, "imd_quintile_multiplier", 100, c.renege_imd_multiplier);
    c.renege_age_multiplier = read_ages(rr, "age_band_multiplier", 100, c.renege_age_multiplier);
    rr.finish();
  }
  if (const toml::table* t = r.table("validation")) {
    TomlReader vr(*t, "simulation.validation", source_name);
    if (auto v = vr.numbers("at_weeks", 1, 520)) {
      for (double w : *v) c.validation_at_weeks.push_back(static_cast<int>(w));
      std::sort(c.validation_at_weeks.begin(), c.validation_at_weeks.end());
    }
    c.validation_every_weeks_after = static_cast<int>(vr.integer("every_weeks_after", 0, 520).value_or(0));
    c.validation_removal_share = vr.number("removal_share", 0.0, 0, 1);
    vr.finish();
  }
  if (const toml::table* t = r.table("mutual_aid")) {
    TomlReader mr(*t, "simulation.mutual_aid", source_name);
    auto& ma = c.mutual_aid;
    ma.enabled = mr.boolean("enabled").value_or(true);
    ma.threshold_weeks = static_cast<int>(mr.integer("threshold_weeks", 1, 520).value_or(52));
    ma.every_weeks = static_cast<int>(mr.integer("every_weeks", 1, 52).value_or(4));
    if (auto s = mr.string("scope")) {
      if (*s != "region" && *s != "anywhere") mr.fail("scope", "expected \"region\" or \"anywhere\"");
      ma.same_region = *s == "region";
    }
    ma.travel_km = mr.number("travel_km", 0, 2000);
    ma.min_advantage_weeks = mr.number("min_advantage_weeks", 4, 0, 520);
    ma.max_share_of_capacity = mr.number("max_share_of_capacity", 0.1, 0, 10);
    ma.acceptance = mr.number("acceptance", 0.5, 0, 1);
    ma.acceptance_by_imd_quintile =
        read_quintiles(mr, "acceptance_by_imd_quintile", 1, ma.acceptance_by_imd_quintile);
    ma.acceptance_by_age_band = read_ages(mr, "acceptance_by_age_band", 1, ma.acceptance_by_age_band);
    mr.finish();
  }
  r.finish();
  return c;
}

}  // namespace elective::sim
