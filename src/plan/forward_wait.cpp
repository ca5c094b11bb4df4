#include "plan/forward_wait.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>

#include "core/error.hpp"
#include "data/provider_months.hpp"
#include "flow/band_model.hpp"
#include "plan/group_forecast.hpp"
#include "stats/disclosure.hpp"
#include "stats/provider_stats.hpp"
#include "stats/wait_summary.hpp"

namespace elective::plan {
namespace {

// The treated share of band k in the last step. An empty band has no share of its own (a small provider's
// list has gaps, and an emptying list has empty old bands, that the cohort can age into): it gets the share
// the proportional allocation would give it, from the nearest non-empty band j that was not emptied (the
// shares of such bands are proportional to their weights): share_j x weight_k / weight_j, at most 1. When
// every non-empty band was emptied, capacity exceeded the list and the patient is treated (1). `weights` are
// the month's treatment weights without the state-dependent tails (which provider calibrations do not fit).
double treated_share(const std::vector<double>& available, const std::vector<double>& treated,
                     const std::vector<double>& weights, std::size_t k) {
  constexpr double kEmpty = 1e-9;
  auto share = [&](std::size_t i) { return std::clamp(treated[i] / available[i], 0.0, 1.0); };
  if (available[k] > kEmpty) return share(k);
  auto open = [&](std::size_t i) { return available[i] > kEmpty && treated[i] < available[i] * (1 - 1e-12); };
  for (std::size_t d = 1; d < available.size(); ++d) {
    for (const bool below : {true, false}) {
      if (below ? k < d : k + d >= available.size()) continue;
      const std::size_t j = below ? k - d : k + d;
      if (!open(j)) continue;
      if (weights[j] <= 0) return share(j);
      return std::clamp(share(j) * weights[k] / weights[j], 0.0, 1.0);
    }
  }
  return 1.0;
}

// The month's treatment weights of the band model (flow::BandModel::month_weights) without tails.
void month_weights(const flow::BandRates& rates, int months_ahead, std::vector<double>& out) {
  out = rates.treat_weight;
  if (rates.treat_trend.empty() || months_ahead <= 0) return;
  double d = 0, f = 1;
  for (int j = 1; j <= months_ahead; ++j) {
    f *= rates.trend_damping;
    d += f;
  }
  for (std::size_t k = 0; k < out.size() && k < rates.treat_trend.size(); ++k)
    out[k] *= std::exp(rates.treat_trend[k] * d);
}

// The wait by which a share q of the cohort was treated: linear between month ends; censored at the horizon.
void quantile(const std::vector<double>& weeks, const std::vector<double>& treated, double q,
              std::optional<double>& out, bool& censored) {
  double prev_weeks = 0, prev_share = 0;
  for (std::size_t i = 0; i < treated.size(); ++i) {
    if (treated[i] >= q) {
      const double rise = treated[i] - prev_share;
      const double f = rise > 0 ? (q - prev_share) / rise : 1.0;
      out = prev_weeks + f * (weeks[i] - prev_weeks);
      censored = false;
      return;
    }
    prev_weeks = weeks[i];
    prev_share = treated[i];
  }
  out = prev_weeks;
  censored = true;
}

nlohmann::json optional_json(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// The outward code of a postcode ("DT1 2JY" -> "DT1"); the whole text when it has no space.
std::string outward(const std::string& postcode) {
  return upper(postcode.substr(0, postcode.find(' ')));
}

std::string area_of(const std::string& district) {
  std::string area;
  for (char c : district) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    area += c;
  }
  return area;
}

struct CohortRun {
  const GroupRun* run = nullptr;
  CohortWait wait;
};

// The forward wait of every calibrated group of the specialty, calibrated at `scenario`'s start month.
std::map<std::string, CohortRun> cohort_waits(const Scenario& scenario, const std::string& tfc,
                                              PreparedGroups& prepared) {
  // All specialties (Total) are the groups by provider alone; one specialty, by provider and specialty.
  const bool total = tfc == data::specialty_groups()[data::kTotalSpecialty].code;
  prepared =
      total ? prepare_groups(scenario, {stats::ProviderBreakdown::provider})
            : prepare_groups(scenario,
                             {stats::ProviderBreakdown::provider, stats::ProviderBreakdown::specialty}, tfc);
  std::map<std::string, CohortRun> out;
  const Draw draw = midpoint_draw(scenario);
  for (const GroupRun& g : prepared.groups) {
    if (!g.series.provider) continue;
    CohortRun r;
    r.run = &g;
    if (g.baseline) r.wait = follow_cohort(*g.baseline, build_drivers(scenario, *g.baseline, draw, g.until));
    out.emplace(*g.series.provider, std::move(r));
  }
  return out;
}

nlohmann::json forward_json(const CohortRun& now, const std::vector<const CohortRun*>& earlier) {
  if (!now.run->baseline || !now.wait.median_weeks) return nullptr;
  const CohortWait& w = now.wait;
  nlohmann::json j = {{"median_weeks", *w.median_weeks},      {"p90_weeks", *w.p90_weeks},
                      {"median_censored", w.median_censored}, {"p90_censored", w.p90_censored},
                      {"horizon_weeks", w.horizon_weeks},     {"method", "cohort"}};
  // The range over the calibrations at this origin and the one and two months before.
  double mlo = *w.median_weeks, mhi = mlo, plo = *w.p90_weeks, phi = plo;
  int origins = 1;
  for (const CohortRun* e : earlier) {
    if (e == nullptr || !e->wait.median_weeks) continue;
    ++origins;
    mlo = std::min(mlo, *e->wait.median_weeks);
    mhi = std::max(mhi, *e->wait.median_weeks);
    plo = std::min(plo, *e->wait.p90_weeks);
    phi = std::max(phi, *e->wait.p90_weeks);
  }
  j["uncertainty"] = {{"median_weeks_low", mlo}, {"median_weeks_high", mhi}, {"p90_weeks_low", plo},
                      {"p90_weeks_high", phi},   {"origins", origins},       {"basis", "calibration_range"}};
  return j;
}

}  // namespace

CohortWait follow_cohort(const Baseline& baseline, const std::vector<DriverMonth>& drivers) {
  CohortWait out;
  flow::BandModel model(baseline.calibration.fit.rates, baseline.policy);
  std::vector<double> list = baseline.calibration.list.counts;
  std::vector<double> cohort(list.size(), 0.0), aged(list.size(), 0.0), weights;
  cohort[0] = 1.0;  // referred at the start of the first month: a wait under one week at its start
  double waiting = 1.0;
  double weeks = 0;
  std::vector<double> month_end_weeks;
  for (const DriverMonth& dm : drivers) {
    model.step(list, dm.drivers);
    flow::age_and_admit(cohort, dm.drivers.days, 0.0, aged);
    const std::vector<double>& available = model.last_available();
    const std::vector<double>& treated = model.last_treated();
    month_weights(model.rates(), dm.drivers.months_ahead, weights);
    double hazard = 0;
    for (std::size_t k = 0; k < aged.size(); ++k) {
      if (aged[k] <= 0) continue;
      const double share = treated_share(available, treated, weights, k);
      hazard += aged[k] * share;
      aged[k] *= 1 - share;
    }
    const double left = 1 - hazard;
    for (std::size_t k = 0; k < aged.size(); ++k) cohort[k] = left > 0 ? aged[k] / left : 0;
    waiting *= std::max(0.0, left);
    weeks += dm.drivers.days / 7.0;
    month_end_weeks.push_back(weeks);
    out.treated_by_month.push_back(1 - waiting);
  }
  out.horizon_weeks = weeks;
  if (drivers.empty()) return out;
  quantile(month_end_weeks, out.treated_by_month, 0.5, out.median_weeks, out.median_censored);
  quantile(month_end_weeks, out.treated_by_month, 0.9, out.p90_weeks, out.p90_censored);
  return out;
}

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthKm = 6371.0;
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

Place resolve_place(const std::string& text, const data::ProviderReference& reference,
                    const std::string& what) {
  Place p;
  p.text = text;
  if (const auto comma = text.find(','); comma != std::string::npos) {
    const auto lat = parse_number(std::string_view(text).substr(0, comma));
    const auto lon = parse_number(std::string_view(text).substr(comma + 1));
    if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180)
      throw InputError(
          fmt::format("{}: expected latitude,longitude in degrees (e.g. 50.71,-2.44), got '{}'", what, text));
    p.lat = *lat;
    p.lon = *lon;
    p.how = "coordinates";
    return p;
  }
  const std::string key = upper(text);
  if (const data::ProviderInfo* info = reference.find(key); info && info->lat && info->lon) {
    p.lat = *info->lat;
    p.lon = *info->lon;
    p.how = "provider";
    return p;
  }
  const std::string district = outward(key);
  for (const bool whole_area : {false, true}) {
    const std::string want = whole_area ? area_of(district) : district;
    if (want.empty()) continue;
    double lat = 0, lon = 0;
    int n = 0;
    for (const data::ProviderInfo& info : reference.providers()) {
      if (!info.lat || !info.lon || info.postcode.empty()) continue;
      const std::string d = outward(info.postcode);
      if (whole_area ? area_of(d) != want : d != want) continue;
      lat += *info.lat;
      lon += *info.lon;
      ++n;
    }
    if (n > 0) {
      p.lat = lat / n;
      p.lon = lon / n;
      p.how = whole_area ? "postcode_area" : "postcode_district";
      return p;
    }
  }
  throw InputError(fmt::format(
      "{}: '{}' is not latitude,longitude, a provider code with a location, or a postcode district or area "
      "with a provider in {}",
      what, text, reference.source()));
}

std::string current_trends_scenario_text(const std::string& months_file) {
  // A basic string of TOML: backslashes and quotes escaped.
  std::string quoted;
  for (char c : months_file) {
    if (c == '\\' || c == '"') quoted += '\\';
    quoted += c;
  }
  return fmt::format(
      "[scenario]\nname = \"providers-current-trends\"\n"
      "[start]\nmonth = \"latest\"\ndata = \"{}\"\n"
      "[horizon]\nmonths = 60\n"
      "[referrals]\ngrowth_per_year = 0.015\n"
      "[removals]\ntotal_growth_per_year = 0.023\n",
      quoted);
}

nlohmann::json forward_wait_estimate(const Scenario& scenario, const data::ProviderReference* reference,
                                     const ForwardWaitQuery& query) {
  const auto specialty = data::find_specialty(query.tfc);
  if (!specialty)
    throw InputError(fmt::format(
        "--tfc: '{}' is not one of the provider months file's specialties (a name such as 'Trauma and "
        "Orthopaedic', or a code such as C_110)",
        query.tfc));
  const data::SpecialtyGroup& sg = data::specialty_groups()[*specialty];
  const std::string tfc(sg.code);

  // Calibrated at the start month and at the two months before it (the uncertainty range).
  PreparedGroups prepared;
  const std::map<std::string, CohortRun> now = cohort_waits(scenario, tfc, prepared);
  const std::vector<YearMonth>& months = scenario.data->open(scenario.start.data)->provider_months->months();
  std::vector<PreparedGroups> earlier_prepared(2);
  std::vector<std::map<std::string, CohortRun>> earlier;
  for (int back = 1; back <= 2; ++back) {
    const auto i = flow::month_index(months, prepared.start);
    if (!i || *i < static_cast<std::size_t>(back)) break;
    Scenario s = scenario;
    s.start.month = months[*i - static_cast<std::size_t>(back)];
    s.horizon_months = prepared.until - prepared.start;
    earlier.push_back(cohort_waits(s, tfc, earlier_prepared[static_cast<std::size_t>(back - 1)]));
  }

  // Backward-looking figures of the start month, estimated from month bins.
  const auto dataset = scenario.data->open(scenario.start.data);
  const data::ProviderMonths& file = *dataset->provider_months;
  std::map<std::string, stats::ProviderStatsRow> completed, incomplete;
  for (const auto type : {data::MonthsType::completed, data::MonthsType::incomplete}) {
    stats::ProviderQuery q;
    q.selection.type = type;
    q.selection.specialty = tfc;
    q.selection.month = prepared.start;
    q.by = {stats::ProviderBreakdown::provider};
    for (stats::ProviderStatsRow& r : stats::query_provider_months(file, nullptr, q))
      if (r.provider)
        (type == data::MonthsType::completed ? completed : incomplete)[*r.provider] = std::move(r);
  }

  if (query.provider && !now.contains(*query.provider)) {
    const auto g = file.group_holding(*query.provider);
    throw InputError(
        g ? fmt::format("--provider: {} reports within the merged group {} (several providers' combined "
                        "figures); ask for that group",
                        *query.provider, file.groups()[*g].key)
          : fmt::format("--provider: {} has no {} list in {} at {}", *query.provider, sg.name,
                        scenario.start.data.name, prepared.start.to_string()));
  }

  const double weeks_in_month = prepared.start.days_in_month() / 7.0;
  nlohmann::json providers = nlohmann::json::array();
  std::vector<nlohmann::json> rows;
  for (const auto& [key, run] : now) {
    if (query.provider && key != *query.provider && !query.near) continue;
    const flow::GroupSeries& s = run.run->series;
    const auto group = file.find_group(key);
    const data::ProviderGroup* pg = group ? &file.groups()[*group] : nullptr;
    nlohmann::json j;
    j["provider"] = key;
    j["provider_name"] = pg ? stats::provider_group_label(*pg) : s.provider_name.value_or(key);
    j["merged"] = s.merged;
    if (pg && pg->merged()) j["members"] = pg->codes;
    // Backward-looking: the clock stops of the start month.
    const auto c = completed.find(key);
    const double completed_count = c == completed.end() ? 0 : c->second.weekly.total();
    j["suppressed"] = completed_count < stats::kSmallCount;
    j["completed_pathways"] = nullptr;
    j["median_weeks"] = nullptr;
    j["p90_weeks"] = nullptr;
    j["p90_censored"] = false;
    j["queue_weeks"] = nullptr;
    const auto l = incomplete.find(key);
    const double waiting = l == incomplete.end() ? 0 : l->second.weekly.total();
    if (completed_count >= stats::kSmallCount) {
      j["completed_pathways"] = completed_count;
      const auto median = stats::band_percentile(c->second.weekly, 0.5);
      const auto p90 = stats::band_percentile(c->second.weekly, 0.9);
      j["median_weeks"] = optional_json(median.weeks);
      j["p90_weeks"] = optional_json(p90.weeks);
      j["p90_censored"] = p90.censored;
      if (waiting >= stats::kSmallCount) j["queue_weeks"] = waiting / (completed_count / weeks_in_month);
    }
    j["waiting_list"] = nullptr;
    j["waiting_median_weeks"] = nullptr;
    j["waiting_p90_weeks"] = nullptr;
    if (waiting >= stats::kSmallCount) {
      j["waiting_list"] = waiting;
      j["waiting_median_weeks"] = optional_json(stats::band_percentile(l->second.weekly, 0.5).weeks);
      j["waiting_p90_weeks"] = optional_json(stats::band_percentile(l->second.weekly, 0.9).weeks);
    }
    std::vector<const CohortRun*> before;
    for (const auto& e : earlier) {
      const auto it = e.find(key);
      before.push_back(it == e.end() ? nullptr : &it->second);
    }
    j["forward"] = forward_json(run, before);
    j["flags"] = run.run->flags();
    j["lat"] = nullptr;
    j["lon"] = nullptr;
    if (reference && pg && !pg->merged())
      if (const data::ProviderInfo* info = reference->find(pg->codes.front());
          info && info->lat && info->lon) {
        j["lat"] = *info->lat;
        j["lon"] = *info->lon;
      }
    rows.push_back(std::move(j));
  }
  // Shortest forward median first; no forward figure last.
  auto forward_median = [](const nlohmann::json& j) {
    return j["forward"].is_null() ? std::numeric_limits<double>::infinity()
                                  : j["forward"]["median_weeks"].get<double>();
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const nlohmann::json& a, const nlohmann::json& b) {
    return forward_median(a) < forward_median(b);
  });

  nlohmann::json nearby = nullptr, near = nullptr;
  if (query.near) {
    if (!reference) throw InputError("--near needs the provider reference providers.csv");
    const Place place = resolve_place(*query.near, *reference, "--near");
    near = {{"text", place.text}, {"how", place.how}, {"lat", place.lat}, {"lon", place.lon}};
    std::optional<double> than;  // the chosen provider's forward median
    if (query.provider)
      for (const auto& r : rows)
        if (r["provider"] == *query.provider && !r["forward"].is_null())
          than = r["forward"]["median_weeks"].get<double>();
    std::vector<nlohmann::json> found;
    for (const auto& r : rows) {
      if (r["lat"].is_null() || r["forward"].is_null()) continue;  // merged groups have no one location
      if (query.provider && r["provider"] == *query.provider) continue;
      const double median = r["forward"]["median_weeks"].get<double>();
      if (than && median >= *than) continue;
      const double km = great_circle_km(place.lat, place.lon, r["lat"].get<double>(), r["lon"].get<double>());
      if (km > query.within_km) continue;
      found.push_back({{"provider", r["provider"]},
                       {"provider_name", r["provider_name"]},
                       {"distance_km", km},
                       {"forward_median_weeks", median},
                       {"forward_p90_weeks", r["forward"]["p90_weeks"]},
                       {"forward_p90_censored", r["forward"]["p90_censored"]},
                       {"median_weeks", r["median_weeks"]},
                       {"flags", r["flags"]}});
    }
    std::stable_sort(found.begin(), found.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
      return a["distance_km"].get<double>() < b["distance_km"].get<double>();
    });
    if (found.size() > query.nearby_limit) found.resize(query.nearby_limit);
    nearby = found;
    near["within_km"] = query.within_km;
    near["shorter_than"] = optional_json(than);
  }
  if (query.provider) {
    std::erase_if(rows, [&](const nlohmann::json& r) { return r["provider"] != *query.provider; });
  }
  for (auto& r : rows) providers.push_back(std::move(r));

  return {
      {"tfc", tfc},
      {"tfc_name", std::string(sg.name)},
      {"commissioner", nullptr},
      {"month", prepared.start.to_string()},
      {"source", scenario.start.data.name},
      {"estimated", true},
      {"method",
       "Backward-looking (what My Planned Care shows): completed pathways (clock stops) in the month - half "
       "of "
       "the patients whose treatment started had waited less than median_weeks, 9 in 10 less than p90_weeks "
       "- "
       "with weeks estimated from calendar-month bins (p90_censored: in the open 52+ week band). waiting_* "
       "describe the waiting list; queue_weeks = waiting list / clock stops per week. Fewer than 5 completed "
       "pathways: suppressed."},
      {"forward_method",
       fmt::format(
           "Forward-looking: a patient referred at the start of {} is followed through the provider x "
           "specialty's own calibrated forecast ({}: referrals and removals as the scenario states, to {}); "
           "each month they are treated with the share of their wait band the projection treats. forward."
           "median_weeks: half of such patients start treatment within it; p90_weeks: 9 in 10. Other "
           "removals "
           "are left out (the wait of a patient who stays until treated). *_censored: not reached by the "
           "horizon (more than). uncertainty: the lowest and highest of the figure calibrated at {} and the "
           "one and two months before. Groups with under three months of history have no forward figure "
           "(short_history).",
           (prepared.start + 1).to_string(), scenario.name, prepared.until.to_string(),
           prepared.start.to_string())},
      {"scenario", scenario.name},
      {"until", prepared.until.to_string()},
      {"near", near},
      {"nearby", nearby},
      {"providers", providers}};
}

}  // namespace elective::plan
