#include "sim/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "plan/table_reader.hpp"

namespace elective::sim {

namespace {

using plan::TableReader;

// Shares are normalised when used; they may be counts too. Bounded so that no sum overflows.
constexpr double kMaxShare = 1e9;

// scope -> same region? ("distance": any region within travel_km, which it requires).
inline constexpr std::array<EnumName<bool>, 3> kScopeNames{
    {{true, "region"}, {false, "distance"}, {false, "anywhere"}}};

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

void check_positive_sum(const TableReader& r, std::string_view key,
                        const std::vector<std::pair<std::string, double>>& v) {
  double s = 0;
  for (const auto& [k, x] : v) s += x;
  if (s <= 0) r.fail(key, "the shares must not all be zero");
}

void read_mix(const TableReader& r, AttributeMix& mix) {
  if (auto v = r.named_numbers("priority_mix", 0, kMaxShare, priority_names())) {
    check_positive_sum(r, "priority_mix", *v);
    fill_named(mix.priority, *v, priority_names());
    mix.has_priority = true;
  }
  if (auto v = r.named_numbers("ethnicity_mix", 0, kMaxShare, ethnic_names())) {
    check_positive_sum(r, "ethnicity_mix", *v);
    fill_named(mix.ethnicity, *v, ethnic_names());
    mix.has_ethnicity = true;
  }
  if (auto v = r.named_numbers("age_mix", 0, kMaxShare, age_names())) {
    check_positive_sum(r, "age_mix", *v);
    fill_named(mix.age, *v, age_names());
    mix.has_age = true;
  }
}

Date required_date(const TableReader& r, std::string_view key) {
  const auto d = r.date(key);
  if (!d) r.fail(key, "missing (expected a date YYYY-MM-DD)");
  return *d;
}

std::vector<std::pair<double, double>> read_steps(const TableReader& r, std::string_view key,
                                                  double max_value) {
  auto v = *r.pairs(key, "expected an array of [wait_weeks, value] pairs, e.g. [[0, 0.002], [52, 0.004]]");
  if (v.empty()) r.fail(key, "expected at least one [wait_weeks, value] pair");
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i].first < 0 || v[i].first > 5200 || (i > 0 && v[i].first <= v[i - 1].first))
      r.fail(key, "wait weeks must start at 0 or more and increase (up to 5200)");
    if (v[i].second < 0 || v[i].second > max_value)
      r.fail(key, fmt::format("value {} is out of range (expected 0 to {})", v[i].second, max_value));
  }
  if (v.front().first != 0) r.fail(key, "the first pair must start at wait week 0");
  return v;
}

std::array<double, 6> read_quintiles(const TableReader& r, std::string_view key, double max,
                                     std::array<double, 6> fallback) {
  auto v = r.numbers(key, 0, max);
  if (!v) return fallback;
  if (v->size() != 5) r.fail(key, "expected 5 numbers, for IMD quintiles 1 (most deprived) to 5");
  std::array<double, 6> out = fallback;
  for (size_t i = 0; i < 5; ++i) out[i + 1] = (*v)[i];
  return out;
}

std::array<double, data::kAgeBandCount> read_ages(const TableReader& r, std::string_view key, double max,
                                                  std::array<double, data::kAgeBandCount> fallback) {
  auto v = r.named_numbers(key, 0, max, age_names());
  if (!v) return fallback;
  auto out = fallback;
  const auto names = age_names();
  for (const auto& [k, x] : *v)
    out[static_cast<size_t>(std::find(names.begin(), names.end(), k) - names.begin())] = x;
  return out;
}

// A file the section names, through the scenario's path policy.
std::optional<data::DataRef> read_file_ref(const TableReader& r, const plan::Document& doc,
                                           const data::DataSource& source, std::string_view key) {
  const auto name = r.string(key);
  if (!name) return std::nullopt;
  return source.resolve(*name, doc.where(r.key_path(key)), r.key_path(key));
}

void read_population(const TableReader& pr, const plan::Document& doc, const data::DataSource& source,
                     PopulationConfig& pop) {
  pop.patients = read_file_ref(pr, doc, source, "patients");
  pop.skip_invalid = pr.boolean("skip_invalid").value_or(false);
  pop.lists_from = read_file_ref(pr, doc, source, "from");
  // `providers`: a number of synthetic providers, or (with `from`) the provider reference file.
  if (const plan::Node* node = pr.get("providers"); node != nullptr && node->is_string()) {
    if (!pop.lists_from)
      pr.fail("providers", "a provider reference file needs `from` (the provider months file) as well");
    pop.provider_reference = read_file_ref(pr, doc, source, "providers");
  } else {
    if (pop.lists_from && node != nullptr)
      pr.fail("providers",
              "with `from` the providers are the file's own: expected the provider reference file name, e.g. "
              "\"providers.csv\"");
    pop.providers = static_cast<int>(pr.integer("providers", 1, 5000).value_or(1));
  }
  pop.flow_months = static_cast<int>(pr.integer("flow_months", 1, 24).value_or(3));
  pop.tail_mean_weeks = pr.number_or("tail_mean_weeks", 5.0, 0.1, 260, "a number of weeks");
  if (pop.lists_from && pop.patients)
    pr.fail("from", "give either `patients` (a patient list) or `from` (the provider months file), not both");
  pop.regions = static_cast<int>(pr.integer("regions", 1, 100).value_or(7));
  pop.provider_size_cv = pr.number_or("provider_size_cv", 0.5, 0, 5);
  pop.provider_pressure_cv = pr.number_or("provider_pressure_cv", 0.1, 0, 1);
  if (auto v = pr.named_numbers("tfc_mix", 0, kMaxShare, {})) {
    check_positive_sum(pr, "tfc_mix", *v);
    pop.tfc_mix = *v;
  }
  pop.tfc_mix_from = read_file_ref(pr, doc, source, "tfc_mix_from");
  if (auto v = pr.numbers("imd_decile_mix", 0, kMaxShare)) {
    if (v->size() != 10) pr.fail("imd_decile_mix", "expected 10 shares, deciles 1 (most deprived) to 10");
    std::copy(v->begin(), v->end(), pop.imd_decile.begin());
  }
  if (auto v = pr.named_numbers("sex_mix", 0, kMaxShare, {"male", "female", "indeterminate", "unknown"}))
    fill_named(pop.sex, *v, {"male", "female", "indeterminate", "unknown"});
  read_mix(pr, pop.mix);
  for (const TableReader& gr :
       pr.tables("group", {"imd_quintile", "priority_mix", "ethnicity_mix", "age_mix"})) {
    auto q = gr.integer("imd_quintile", 1, 5);
    if (!q) gr.fail("imd_quintile", "missing (expected the IMD quintile 1-5 these mixes apply to)");
    read_mix(gr, pop.mix_by_imd_quintile[static_cast<size_t>(*q)]);
  }
}

}  // namespace

SimConfig parse_sim_config(const plan::Document& doc, const data::DataSource& source) {
  SimConfig c;
  c.source = doc.file;
  const plan::Node* simulation = doc.root.find("simulation");
  if (simulation == nullptr) return c;
  const TableReader r(
      *simulation, "simulation", doc.file,
      {"policy", "replications", "threads", "seed", "long_wait_threshold_weeks", "equity_weight",
       "calibrated_share", "wait_estimate_weeks", "due_days", "weights", "capacity", "strike", "hub",
       "population", "provider", "reneging", "validation", "mutual_aid"});

  if (auto p = r.string("policy")) {
    c.policy = parse_policy(*p, Engine::simulation);
    if (!c.policy)
      r.fail("policy",
             fmt::format("unknown policy '{}' (expected {})", *p, policy_names(Engine::simulation)));
  }
  if (auto v = r.integer("replications", 1, 100000)) c.replications = static_cast<int>(*v);
  if (auto v = r.integer("threads", 0, 1024)) c.threads = static_cast<int>(*v);
  if (auto v = r.integer("seed", 0, std::numeric_limits<std::int64_t>::max()))
    c.seed = static_cast<std::uint64_t>(*v);
  if (auto v = r.integer("long_wait_threshold_weeks", 1, 520)) {
    c.policy_params.long_wait_threshold_weeks = static_cast<int>(*v);
    c.long_wait_threshold_set = true;
  }
  c.policy_params.equity_weight = r.number_or("equity_weight", 0.3, 0, 2);
  c.calibrated_share = r.number("calibrated_share", 0, 1, "a share");
  c.wait_estimate_weeks = static_cast<int>(r.integer("wait_estimate_weeks", 1, 104).value_or(13));
  if (auto v = r.named_numbers("due_days", 0, 3650, priority_names())) {
    const auto names = priority_names();
    for (const auto& [k, x] : *v)
      c.policy_params
          .due_days[static_cast<size_t>(std::find(names.begin(), names.end(), k) - names.begin())] =
          static_cast<int>(x);
  }
  if (const auto w = r.table("weights", {"wait", "priority", "deprivation", "under_18"})) {
    c.policy_params.weights.wait = w->number_or("wait", 1.0, 0, 1000);
    c.policy_params.weights.priority = w->number_or("priority", 20.0, 0, 10000);
    c.policy_params.weights.deprivation = w->number_or("deprivation", 4.0, 0, 10000);
    c.policy_params.weights.under_18 = w->number_or("under_18", 4.0, 0, 10000);
  }

  if (const auto t =
          r.table("capacity", {"urgent_reserve_share", "christmas_factor", "bank_holiday_factor"})) {
    c.urgent_reserve_share = t->number_or("urgent_reserve_share", 0.0, 0, 0.9, "a share");
    c.christmas_factor = t->number_or("christmas_factor", 1.0, 0, 1, "a factor");
    c.bank_holiday_factor = t->number_or("bank_holiday_factor", 1.0, 0, 1, "a factor");
  }
  for (const TableReader& sr : r.tables("strike", {"from", "until", "capacity_loss"})) {
    StrikeConfig s;
    s.from = required_date(sr, "from");
    s.until = required_date(sr, "until");
    if (s.until < s.from) sr.fail("until", "must not be before `from`");
    const auto loss = sr.number("capacity_loss", 0, 1, "a share");
    if (!loss) sr.fail("capacity_loss", "missing (expected the share of capacity lost, 0 to 1)");
    s.capacity_loss = *loss;
    c.strikes.push_back(s);
  }
  for (const TableReader& hr : r.tables("hub", {"provider", "tfc", "per_week", "from", "until"})) {
    HubConfig h;
    h.key = hr.path();
    auto p = hr.string("provider");
    auto f = hr.string("tfc");
    auto w = hr.number("per_week", 0, 1e7, "a number per week");
    if (!p) hr.fail("provider", "missing (expected the provider code of the hub)");
    if (!f) hr.fail("tfc", "missing (expected a treatment function report row such as C_110)");
    if (!w) hr.fail("per_week", "missing (expected extra treatments per week)");
    h.provider = *p;
    h.tfc = *f;
    h.per_week = *w;
    h.from = hr.date("from");
    h.until = hr.date("until");
    c.hubs.push_back(h);
  }

  if (const auto pr = r.table(
          "population", {"patients", "from", "flow_months", "tail_mean_weeks", "skip_invalid", "providers",
                         "regions", "provider_size_cv", "provider_pressure_cv", "tfc_mix", "tfc_mix_from",
                         "imd_decile_mix", "sex_mix", "priority_mix", "ethnicity_mix", "age_mix", "group"}))
    read_population(*pr, doc, source, c.population);

  for (const TableReader& pr : r.tables("provider", {"code", "region", "lat", "lon", "size",
                                                     "referrals_per_week", "capacity_per_week", "tfc_mix"})) {
    ProviderConfig p;
    auto code = pr.string("code");
    if (!code || code->size() < 3 || code->size() > 5)
      pr.fail("code", "expected a provider ODS code (3-5 characters)");
    p.code = *code;
    p.region = pr.string("region").value_or("");
    p.lat = pr.number("lat", -90, 90, "a latitude");
    p.lon = pr.number("lon", -180, 180, "a longitude");
    p.size = pr.number_or("size", 1.0, 0, kMaxShare);
    p.referrals_per_week = pr.number("referrals_per_week", 0, 1e8, "a number per week");
    p.capacity_per_week = pr.number("capacity_per_week", 0, 1e8, "a number per week");
    if (auto v = pr.named_numbers("tfc_mix", 0, kMaxShare, {})) {
      check_positive_sum(pr, "tfc_mix", *v);
      p.tfc_mix = *v;
    }
    for (const auto& other : c.providers)
      if (other.code == p.code) pr.fail("code", fmt::format("provider '{}' is listed twice", p.code));
    c.providers.push_back(std::move(p));
  }

  if (const auto rr =
          r.table("reneging", {"shape", "weekly_rate", "imd_quintile_multiplier", "age_band_multiplier"})) {
    if (const plan::Node* shape = rr->get("shape")) {
      if (shape->is_string()) {
        if (shape->text != "calibrated")
          rr->fail("shape", "expected \"calibrated\" or [[wait_weeks, relative], ...]");
        c.renege_shape_calibrated = true;
      } else {
        c.renege_shape = read_steps(*rr, "shape", 1000);
      }
    }
    if (rr->has("weekly_rate")) c.renege_weekly_rate = read_steps(*rr, "weekly_rate", 1);
    c.renege_imd_multiplier = read_quintiles(*rr, "imd_quintile_multiplier", 100, c.renege_imd_multiplier);
    c.renege_age_multiplier = read_ages(*rr, "age_band_multiplier", 100, c.renege_age_multiplier);
  }
  if (const auto vr = r.table("validation", {"at_weeks", "every_weeks_after", "removal_share"})) {
    if (auto v = vr->numbers("at_weeks", 1, 520, "a wait in weeks")) {
      for (double w : *v) c.validation_at_weeks.push_back(static_cast<int>(w));
      std::sort(c.validation_at_weeks.begin(), c.validation_at_weeks.end());
    }
    c.validation_every_weeks_after = static_cast<int>(vr->integer("every_weeks_after", 0, 520).value_or(0));
    c.validation_removal_share = vr->number_or("removal_share", 0.0, 0, 1, "a share");
  }
  if (const auto mr =
          r.table("mutual_aid", {"enabled", "compare", "threshold_weeks", "every_weeks", "scope", "travel_km",
                                 "min_advantage_weeks", "max_share_of_capacity", "acceptance",
                                 "acceptance_by_imd_quintile", "acceptance_by_age_band"})) {
    auto& ma = c.mutual_aid;
    ma.enabled = mr->boolean("enabled").value_or(true);
    ma.threshold_weeks = static_cast<int>(mr->integer("threshold_weeks", 1, 520).value_or(52));
    ma.every_weeks = static_cast<int>(mr->integer("every_weeks", 1, 52).value_or(4));
    if (auto same_region = mr->choice("scope", kScopeNames)) ma.same_region = *same_region;
    ma.travel_km = mr->number("travel_km", 0, 2000, "a distance in km");
    if (mr->string("scope").value_or("") == "distance" && !ma.travel_km)
      mr->fail("scope", "\"distance\" needs travel_km (the great-circle distance in km)");
    ma.compare = mr->boolean("compare").value_or(false);
    ma.min_advantage_weeks = mr->number_or("min_advantage_weeks", 4, 0, 520, "a number of weeks");
    ma.max_share_of_capacity = mr->number_or("max_share_of_capacity", 0.1, 0, 10, "a share");
    ma.acceptance = mr->number_or("acceptance", 0.5, 0, 1, "a share");
    ma.acceptance_by_imd_quintile =
        read_quintiles(*mr, "acceptance_by_imd_quintile", 1, ma.acceptance_by_imd_quintile);
    ma.acceptance_by_age_band = read_ages(*mr, "acceptance_by_age_band", 1, ma.acceptance_by_age_band);
  }
  return c;
}

SimConfig parse_sim_config(const plan::Scenario& scenario) {
  if (!scenario.document || !scenario.data) {
    SimConfig c;
    c.source = scenario.source_name;
    return c;
  }
  return parse_sim_config(*scenario.document, *scenario.data);
}

}  // namespace elective::sim
