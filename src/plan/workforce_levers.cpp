#include "plan/workforce_levers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "core/error.hpp"
#include "data/data_source.hpp"
#include "stats/capacity_elasticity.hpp"
#include "stats/productivity.hpp"

namespace elective::plan {

namespace {

// An organisation of the workforce file in its latest month, with where it sits.
struct Organisation {
  std::string code, icb, region;
  double consultants = 0, doctors = 0;
};

// A trust's general and acute beds in the beds file's latest quarter.
struct TrustBeds {
  std::string code, region;
  double available = 0, occupied = 0;
};

// The sickness absence of an organisation over the absence file's months.
struct OrgAbsence {
  std::string code, icb, region;
  double lost = 0, available = 0;
};

// The codes of a provider key: "RBD", or "merged:A+B" (the provider months file's merged groups).
std::set<std::string> codes_of(const std::string& key) {
  std::set<std::string> out;
  const std::string prefix = "merged:";
  if (key.rfind(prefix, 0) != 0) return {key};
  std::string rest = key.substr(prefix.size());
  std::size_t at = 0;
  while (at <= rest.size()) {
    const std::size_t plus = rest.find('+', at);
    out.insert(rest.substr(at, plus == std::string::npos ? std::string::npos : plus - at));
    if (plus == std::string::npos) break;
    at = plus + 1;
  }
  return out;
}

}  // namespace

struct LeverData {
  YearMonth workforce_month, absence_month;
  std::vector<Organisation> organisations;
  std::vector<OrgAbsence> absence;
  double absence_last_month_available_days = 0;
  std::vector<TrustBeds> beds;
  std::vector<ProductivityTrust> trusts;
  double peer_median = 1, peer_upper_quartile = 1;
  double elasticity = 0, elasticity_se = 0;
  double clock_stops_per_bed = 0;
  double total_fte = 0;
  std::map<std::string, const Organisation*> by_code;

  // Where a provider code sits (from the workforce file), or nullptr.
  const Organisation* place(const std::string& code) const {
    const auto it = by_code.find(code);
    return it == by_code.end() ? nullptr : it->second;
  }
  bool in_scope(const LeverScope& scope, const std::string& code, const std::string& icb,
                const std::string& region) const {
    switch (scope.kind) {
      case LeverScope::Kind::england:
        return true;
      case LeverScope::Kind::provider:
        return codes_of(scope.code).count(code) != 0;
      case LeverScope::Kind::icb:
        return icb == scope.code;
      case LeverScope::Kind::region:
        return region == scope.code;
    }
    return false;
  }
  bool in_scope(const LeverScope& scope, const std::string& code) const {
    const Organisation* o = place(code);
    return in_scope(scope, code, o ? o->icb : "", o ? o->region : "");
  }
};

std::string LeverScope::label() const {
  switch (kind) {
    case Kind::england:
      return "England";
    case Kind::provider:
      return "provider " + code;
    case Kind::icb:
      return "ICB " + code;
    case Kind::region:
      return "region " + code;
  }
  return code;
}

double LeverContext::productivity_added(double level) const {
  double added = 0;
  for (const ProductivityTrust& t : trusts) added += std::max(0.0, level - t.ratio) * t.expected;
  return added;
}

std::shared_ptr<const LeverData> read_lever_data(const Scenario& s) {
  const CapacitySources& src = s.capacity.sources;
  auto d = std::make_shared<LeverData>();
  const auto workforce = s.data->open(*src.workforce, {data::InputKind::workforce_fte, {}});
  const data::WorkforceFte& wf = *workforce->workforce_fte;
  if (wf.months().empty()) s.fail("capacity", fmt::format("{} has no months", src.workforce->name));
  d->workforce_month = wf.months().back();
  for (const data::WorkforceRecord& r : wf.records()) {
    if (r.month != d->workforce_month) continue;
    Organisation o;
    o.code = r.provider_code;
    o.icb = r.icb_code;
    o.region = r.region_code;
    o.consultants = r[data::StaffGroup::consultant];
    o.doctors = r[data::StaffGroup::hchs_doctors];
    d->total_fte += r[data::StaffGroup::total];
    d->organisations.push_back(std::move(o));
  }
  for (const Organisation& o : d->organisations) d->by_code[o.code] = &o;

  if (src.absence) {
    const auto absence = s.data->open(*src.absence, {data::InputKind::sickness_absence, {}});
    const data::SicknessAbsence& sa = *absence->sickness_absence;
    if (!sa.months().empty()) d->absence_month = sa.months().back();
    std::map<std::string, OrgAbsence> by_org;
    for (const data::AbsenceRow& r : sa.rows()) {
      OrgAbsence& a = by_org[r.provider_code];
      a.code = r.provider_code;
      a.icb = r.icb_code;
      a.region = r.region_code;
      a.lost += r.fte_days_lost;
      a.available += r.fte_days_available;
      if (r.month == d->absence_month) d->absence_last_month_available_days += r.fte_days_available;
    }
    for (auto& [code, a] : by_org) d->absence.push_back(std::move(a));
  }

  std::shared_ptr<const data::Dataset> beds;
  if (src.beds) {
    beds = s.data->open(*src.beds, {data::InputKind::beds_kh03, {}});
    const data::BedsKh03& kh = *beds->beds_kh03;
    if (!kh.period_ends().empty()) {
      const YearMonth q = kh.period_ends().back();
      for (const data::BedsRow& r : kh.rows())
        if (r.period_end == q)
          d->beds.push_back({r.provider_code, r.region_code, r.available_in(data::BedSector::general_acute),
                             r.occupied_in(data::BedSector::general_acute)});
    }
    // The default clock stops a month per bed: England's admitted clock stops a month (the national series,
    // its last 12 months) over its general and acute beds occupied.
    double occupied = 0;
    for (const TrustBeds& b : d->beds) occupied += b.occupied;
    if (s.start.national && occupied > 0) {
      const auto national = s.data->open(*s.start.national, {data::InputKind::national, {}});
      const data::NationalSeries& ns = *national->national;
      if (ns.has_column("admitted_pathways")) {
        if (const auto last = ns.latest_row_with("admitted_pathways")) {
          double sum = 0;
          int n = 0;
          for (std::size_t back = 0; back < 12 && back <= *last; ++back)
            if (const auto v = ns.value("admitted_pathways", *last - back)) {
              sum += *v;
              ++n;
            }
          if (n > 0) d->clock_stops_per_bed = sum / n / occupied;
        }
      }
    }
  }

  if (s.capacity.workforce) {
    const auto rtt = s.data->open(*src.provider_months, {data::InputKind::provider_months, {}});
    std::shared_ptr<const data::Dataset> absence;
    if (src.absence) absence = s.data->open(*src.absence, {data::InputKind::sickness_absence, {}});
    stats::ProductivitySources sources;
    sources.rtt = rtt->provider_months.get();
    sources.workforce = &wf;
    sources.beds = beds ? beds->beds_kh03.get() : nullptr;
    sources.org_types = absence ? absence->sickness_absence.get() : nullptr;
    try {
      const stats::ProductivityResult p = stats::productivity(sources, {});
      d->peer_median = p.peer_median_ratio;
      d->peer_upper_quartile = p.peer_upper_quartile_ratio;
      for (const stats::ProductivityRow& r : p.rows)
        if (r.standardised_ratio && r.expected_clock_stops)
          d->trusts.push_back({r.key, *r.standardised_ratio, *r.expected_clock_stops});
      const stats::ElasticityResult e = stats::capacity_elasticity(sources, {});
      d->elasticity = e.beta;
      d->elasticity_se = e.beta_se;
    } catch (const InputError& e) {
      s.fail("capacity.workforce", e.what());
    }
  }
  return d;
}

std::shared_ptr<const LeverContext> lever_context(const Scenario& s, const LeverData& d,
                                                  const LeverScope& scope) {
  auto c = std::make_shared<LeverContext>();
  c->scope = scope;
  c->workforce_month = d.workforce_month;
  double england_consultants = 0, england_doctors = 0;
  for (const Organisation& o : d.organisations) {
    england_consultants += o.consultants;
    england_doctors += o.doctors;
    if (!d.in_scope(scope, o.code, o.icb, o.region)) continue;
    c->consultants += o.consultants;
    c->other_doctors += o.doctors - o.consultants;
  }
  if (s.capacity.workforce && c->consultants + c->other_doctors <= 0) {
    const char* key = scope.kind == LeverScope::Kind::icb      ? "start.icb"
                      : scope.kind == LeverScope::Kind::region ? "start.region"
                                                               : "start.provider";
    s.fail(scope.kind == LeverScope::Kind::england ? "capacity.workforce" : key,
           fmt::format("{} has no doctors in the workforce file's {} (capacity.workforce needs them)",
                       scope.label(), d.workforce_month.to_string()));
  }
  c->consultant_share = england_consultants > 0 ? c->consultants / england_consultants : 0;
  c->doctor_share = england_doctors > 0 ? (c->consultants + c->other_doctors) / england_doctors : 0;

  double lost = 0, available = 0, all_lost = 0, all_available = 0;
  for (const OrgAbsence& a : d.absence) {
    all_lost += a.lost;
    all_available += a.available;
    if (!d.in_scope(scope, a.code, a.icb, a.region)) continue;
    lost += a.lost;
    available += a.available;
  }
  // A scope with no absence rows (an independent provider) takes England's rate.
  c->absence_rate = available > 0 ? lost / available : all_available > 0 ? all_lost / all_available : 0;
  c->available_fte = d.absence_last_month_available_days / std::max(1, d.absence_month.days_in_month());

  double beds = 0, england_beds = 0;
  for (const TrustBeds& b : d.beds) {
    england_beds += b.available;
    if (d.in_scope(scope, b.code)) beds += b.available;
  }
  c->beds_share = england_beds > 0 ? beds / england_beds : 0;
  c->clock_stops_per_bed = d.clock_stops_per_bed;
  c->elasticity = d.elasticity;
  c->elasticity_se = d.elasticity_se;
  c->peer_median = d.peer_median;
  c->peer_upper_quartile = d.peer_upper_quartile;
  for (const ProductivityTrust& t : d.trusts) {
    bool in = false;
    for (const std::string& code : codes_of(t.key)) in = in || d.in_scope(scope, code);
    if (scope.kind == LeverScope::Kind::provider) in = t.key == scope.code || in;
    if (in) c->trusts.push_back(t);
  }
  return c;
}

LeverNationalFigures national_figures(const LeverData& d) {
  LeverNationalFigures f;
  f.workforce_month = d.workforce_month;
  f.absence_month = d.absence_month;
  f.total_fte = d.total_fte;
  for (const Organisation& o : d.organisations) {
    f.doctors += o.doctors;
    f.consultants += o.consultants;
  }
  f.absence_available_fte =
      d.absence_last_month_available_days / std::max(1, d.absence_month.days_in_month());
  double lost = 0, available = 0;
  for (const OrgAbsence& a : d.absence) {
    lost += a.lost;
    available += a.available;
  }
  f.absence_rate = available > 0 ? lost / available : 0;
  return f;
}

std::string lever_description(const LeverContext& c, const LeverNationalFigures& e) {
  std::string out = fmt::format(
      "capacity levers from {}: {:.0f} consultant and {:.0f} other doctor FTE ({}), sickness absence "
      "{:.2f}%, "
      "elasticity {:.2f} (s.e. {:.2f})",
      c.scope.label(), c.consultants, c.other_doctors, c.workforce_month.to_string(), 100 * c.absence_rate,
      c.elasticity, c.elasticity_se);
  if (!c.trusts.empty())
    out += fmt::format(", {} trusts compared (standardised ratio median {:.3f}, upper quartile {:.3f})",
                       c.trusts.size(), c.peer_median, c.peer_upper_quartile);
  if (c.clock_stops_per_bed > 0)
    out += fmt::format(", {:.2f} clock stops a month per bed", c.clock_stops_per_bed);
  out += fmt::format(
      "; in England one point of absence is {:.0f} FTE of all staff in post ({}) or {:.0f} FTE of days "
      "available ({})",
      e.total_fte / 100, e.workforce_month.to_string(), e.absence_available_fte / 100,
      e.absence_month.to_string());
  return out;
}

LeverDraw midpoint_lever_draw(const Scenario& s) {
  LeverDraw d;
  if (const auto& w = s.capacity.workforce) {
    d.consultant_growth = w->consultant_fte_growth_per_year.mid();
    d.other_growth = w->other_fte_growth_per_year.mid();
    d.additional_doctors = w->additional_doctor_fte.mid();
    d.additional_consultants = w->additional_consultant_fte.mid();
    d.absence_points = w->absence_change_points.mid();
    if (w->elasticity) d.elasticity = w->elasticity->mid();
    if (w->productivity) d.share_of_gap = w->productivity->share_of_gap.mid();
  }
  if (const auto& b = s.capacity.beds) {
    d.beds_freed = b->freed.mid();
    d.elective_share = b->elective_share.mid();
    if (b->clock_stops_per_bed) d.clock_stops_per_bed = b->clock_stops_per_bed->mid();
  }
  return d;
}

LeverDraw random_lever_draw(const Scenario& s, const pcg64& rng) {
  LeverDraw d = midpoint_lever_draw(s);
  if (!s.capacity.has_levers()) return d;
  // A stream of its own: the sample's generator, far ahead.
  pcg64 own = rng;
  own.advance(static_cast<pcg64::state_type>(1) << 100);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  // Every input is drawn, in a fixed order, whether or not it is a range.
  const Range none(0.0);
  const WorkforceSpec* w = s.capacity.workforce ? &*s.capacity.workforce : nullptr;
  const BedsSpec* b = s.capacity.beds ? &*s.capacity.beds : nullptr;
  d.consultant_growth = (w ? w->consultant_fte_growth_per_year : none).at(u(own));
  d.other_growth = (w ? w->other_fte_growth_per_year : none).at(u(own));
  d.additional_doctors = (w ? w->additional_doctor_fte : none).at(u(own));
  d.additional_consultants = (w ? w->additional_consultant_fte : none).at(u(own));
  d.absence_points = (w ? w->absence_change_points : none).at(u(own));
  const double e = u(own);
  if (w && w->elasticity) {
    d.elasticity = w->elasticity->at(e);
  } else {
    d.elasticity_u = e;
  }
  const double g = u(own);
  if (w && w->productivity) d.share_of_gap = w->productivity->share_of_gap.at(g);
  d.beds_freed = (b ? b->freed : none).at(u(own));
  d.elective_share = (b ? b->elective_share : Range(1.0)).at(u(own));
  const double p = u(own);
  if (b && b->clock_stops_per_bed) d.clock_stops_per_bed = b->clock_stops_per_bed->at(p);
  return d;
}

namespace {

// The share of a linear ramp reached in month m: 1/(n) in `from`, 1 from `by` on (n = months from..by).
double ramp(YearMonth from, YearMonth by, YearMonth m) {
  if (m < from) return 0;
  if (by <= from) return 1;
  return std::min(1.0, static_cast<double>(m - from + 1) / static_cast<double>(by - from + 1));
}

}  // namespace

LeverEffect lever_effect(const Scenario& s, const LeverContext& c, const LeverDraw& d, YearMonth first,
                         YearMonth m) {
  LeverEffect out;
  if (const auto& w = s.capacity.workforce) {
    const YearMonth from = w->from.value_or(first);
    if (m >= from) {
      const double k = m - from + 1;
      const double phase = ramp(from, w->by.value_or(from), m);
      const double consultants = c.consultants * std::pow(1 + d.consultant_growth, k / 12.0) +
                                 d.additional_consultants * c.consultant_share * phase;
      const double others = c.other_doctors * std::pow(1 + d.other_growth, k / 12.0) +
                            d.additional_doctors * c.doctor_share * phase;
      // Attendance: the share of contracted time at work moves from 1 - r to 1 - r - Δ.
      const double r = c.absence_rate;
      const double at_work = std::clamp(1 - r - d.absence_points / 100, 0.0, 1.0);
      const double attendance = r < 1 ? at_work / (1 - r) : 1.0;
      const double now = c.consultants + c.other_doctors;
      const double beta =
          d.elasticity.value_or(std::max(0.0, c.elasticity + (2 * d.elasticity_u - 1) * c.elasticity_se));
      const double ratio = std::max(0.0, (consultants + others) * attendance) / now;
      out.factor = ratio > 0 ? std::pow(ratio, beta) : 0.0;
      if (const auto& p = w->productivity) {
        const double level = p->to == ProductivityLevelKind::median           ? c.peer_median
                             : p->to == ProductivityLevelKind::upper_quartile ? c.peer_upper_quartile
                                                                              : p->ratio;
        out.added += c.productivity_added(level) * d.share_of_gap * ramp(from, p->by.value_or(from), m);
      }
    }
  }
  if (const auto& b = s.capacity.beds) {
    if (m >= b->from.value_or(first))
      out.added += d.beds_freed * c.beds_share * d.elective_share *
                   d.clock_stops_per_bed.value_or(c.clock_stops_per_bed);
  }
  return out;
}

}  // namespace elective::plan
