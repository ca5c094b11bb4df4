#include "stats/standards_overview.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>

#include "core/band_layout.hpp"
#include "core/error.hpp"
#include "data/csv.hpp"
#include "stats/cancer_stats.hpp"
#include "stats/dm01_stats.hpp"
#include "stats/provider_stats.hpp"

namespace elective::stats {
namespace {

// A standard's monthly figures for the area (a share 0-1 or a count), in month order.
using Series = std::map<YearMonth, double>;

struct Definition {
  std::string standard;
  double threshold = 0;
  bool share = true;
  std::optional<YearMonth> deadline;
  std::string source;
  bool estimated = false;
  // What a projection forecasts (StandardRow::list, target without " by ..."; cancer standard).
  std::string list = {};
  std::string target = {};
  std::optional<data::CancerStandard> cancer_standard = {};
};

// Organisation codes are upper case ("rbd" is RBD).
std::string code_of(std::string_view text) {
  std::string out(data::trim(text));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace

bool meets_standard(const StandardRow& row, double value) {
  return row.share ? value >= row.threshold - 1e-9 : value <= row.threshold;
}

namespace {

bool meets(const Definition& d, double value) {
  // Shares: at least the threshold (to the published precision of 1e-9); counts: no more than it.
  return d.share ? value >= d.threshold - 1e-9 : value <= d.threshold;
}

StandardRow summarise(const Definition& d, const Series& series, const Area& area) {
  StandardRow r;
  r.standard = d.standard;
  r.area = area.name;
  r.threshold = d.threshold;
  r.share = d.share;
  r.deadline = d.deadline;
  r.source = d.source;
  r.estimated = d.estimated;
  r.list = d.list;
  r.cancer_standard = d.cancer_standard;
  if (d.deadline && !d.target.empty()) r.target = d.target + " by " + d.deadline->to_string();
  if (series.empty()) return r;
  r.history.assign(series.begin(), series.end());
  const auto& [latest, value] = *series.rbegin();
  r.month = latest;
  r.value = value;
  const auto at_deadline = d.deadline ? series.find(*d.deadline) : series.end();
  r.met = meets(d, at_deadline != series.end() ? at_deadline->second : value);
  if (at_deadline != series.end()) r.met_at_deadline = r.met;
  // The change over the last year: from 12 months before, or the earliest month of that year in the data.
  const auto from = series.lower_bound(latest - 12);
  if (from->first != latest) r.trend = value - from->second;
  return r;
}

// Whether a provider is in the area, by the provider reference (ICB, region) or its code.
class AreaFilter {
 public:
  AreaFilter(const Area& area, const data::ProviderReference* reference) : area_(area), ref_(reference) {}
  // `region_code`: the region the source itself gives the provider (DM01), when it does.
  bool contains(const std::string& provider, const std::optional<std::string>& region_code = {}) const {
    switch (area_.kind) {
      case AreaKind::england:
        return true;
      case AreaKind::provider:
        return provider == area_.code;
      case AreaKind::region:
        if (region_code) return *region_code == area_.code;
        return info(provider) != nullptr && info(provider)->region_code == area_.code;
      case AreaKind::icb:
        return info(provider) != nullptr && info(provider)->icb_code == area_.code;
    }
    return false;
  }

 private:
  const data::ProviderInfo* info(const std::string& code) const { return ref_ ? ref_->find(code) : nullptr; }
  const Area& area_;
  const data::ProviderReference* ref_;
};

void add_rtt_england(const data::NationalSeries& s, const Area& area, std::vector<StandardRow>& out) {
  const std::string source = file_name(s.source());
  auto series = [&](const std::string& column) {
    Series v;
    for (size_t i = 0; i < s.size(); ++i)
      if (const auto x = s.value(column, i)) v[s.months()[i]] = *x;
    return v;
  };
  out.push_back(summarise(
      {"RTT 18 weeks (92%)", 0.92, true, YearMonth(2029, 3), source, false, "rtt", "92% within 18 weeks"},
      series("incomplete_pct_within_18_weeks"), area));
  out.push_back(summarise(
      {"RTT over 52 weeks (none)", 0, false, YearMonth(2025, 3), source, false, "rtt", "0 over 52 weeks"},
      series("incomplete_over_52_weeks"), area));
  out.push_back(summarise(
      {"RTT over 65 weeks (none)", 0, false, YearMonth(2024, 9), source, false, "rtt", "0 over 65 weeks"},
      series("incomplete_over_65_weeks"), area));
  out.push_back(summarise(
      {"RTT over 78 weeks (none)", 0, false, YearMonth(2023, 4), source, false, "rtt", "0 over 78 weeks"},
      series("incomplete_over_78_weeks"), area));
}

// An area's RTT figures from the provider months file: weeks estimated from calendar-month bins.
void add_rtt_area(const data::ProviderMonths& file, const data::ProviderReference* reference,
                  const Area& area, std::vector<StandardRow>& out) {
  ProviderQuery q;
  if (area.kind == AreaKind::provider) q.selection.provider = area.code;
  if (area.kind == AreaKind::icb) q.selection.icb = area.code;
  if (area.kind == AreaKind::region) q.selection.region = area.code;
  q.by = {ProviderBreakdown::month};
  Series within, over52;
  try {
    for (const ProviderStatsRow& r : query_provider_months(file, reference, q)) {
      if (r.summary.pct_within_18_weeks) within[r.month] = *r.summary.pct_within_18_weeks;
      if (r.summary.over_52_weeks) over52[r.month] = *r.summary.over_52_weeks;
    }
  } catch (const InputError&) {
    // The area has no RTT rows in the file (a diagnostics-only provider): its RTT figures are null.
  }
  const std::string source = file_name(file.source());
  out.push_back(summarise(
      {"RTT 18 weeks (92%)", 0.92, true, YearMonth(2029, 3), source, true, "rtt", "92% within 18 weeks"},
      within, area));
  out.push_back(summarise(
      {"RTT over 52 weeks (none)", 0, false, YearMonth(2025, 3), source, true, "rtt", "0 over 52 weeks"},
      over52, area));
  // Over 65 and 78 weeks lie inside the open "12+ months" bin: the file cannot give them.
  out.push_back(
      summarise({"RTT over 65 weeks (none)", 0, false, YearMonth(2024, 9), source, true}, {}, area));
  out.push_back(
      summarise({"RTT over 78 weeks (none)", 0, false, YearMonth(2023, 4), source, true}, {}, area));
}

void add_dm01(const data::Dm01List& list, const AreaFilter& filter, const Area& area,
              std::vector<StandardRow>& out) {
  std::map<YearMonth, std::array<double, data::kDm01Bands>> bands;
  for (const Dm01StatsRow& r :
       dm01_query(list, {}, {Dm01Breakdown::provider, Dm01Breakdown::region, Dm01Breakdown::month})) {
    if (!filter.contains(r.provider.value_or(""), r.region)) continue;
    auto& b = bands.try_emplace(r.month).first->second;
    for (size_t k = 0; k < b.size(); ++k) b[k] += r.bands[k];
  }
  Series within;
  for (const auto& [month, b] : bands)
    if (const auto share = summarise_list(dm01_list(), b).share_within_standard) within[month] = *share;
  const std::string source = file_name(list.source());
  out.push_back(summarise({"Diagnostics 6 weeks (95%)", 0.95, true, YearMonth(2025, 3), source, false, "dm01",
                           "95% within 6 weeks"},
                          within, area));
  out.push_back(
      summarise({"Diagnostics 6 weeks (99%)", dm01_list().standard_share, true, std::nullopt, source, false},
                within, area));
}

void add_cancer(const data::CwtProvider& extract, const AreaFilter& filter, const Area& area,
                std::vector<StandardRow>& out) {
  struct Sums {
    double total = 0, within = 0;
  };
  std::map<data::CancerStandard, std::map<YearMonth, Sums>> sums;
  for (const CwtStatsRow& r :
       cwt_query(extract, {}, {CwtBreakdown::standard, CwtBreakdown::provider, CwtBreakdown::month})) {
    if (!filter.contains(r.provider.value_or(""))) continue;
    Sums& s = sums[r.standard][r.month];
    s.total += r.total;
    s.within += r.within_standard;
  }
  const std::string source = file_name(extract.source());
  for (const data::CancerStandard standard : data::kCancerStandards) {
    Series performance;
    for (const auto& [month, s] : sums[standard])
      if (s.total > 0) performance[month] = s.within / s.total;
    const CancerStandardInfo& info = cancer_standard_info(standard);
    const std::string name =
        fmt::format("Cancer {}-day{}", info.days, standard == data::CancerStandard::fds28 ? " FDS" : "");
    // The operational standard, unless a dated ambition has the same threshold (FDS 75% by March 2024).
    const bool standing = std::none_of(info.ambitions.begin(), info.ambitions.end(),
                                       [&](const CancerAmbition& a) { return a.share == info.threshold; });
    if (standing)
      out.push_back(summarise({fmt::format("{} ({:.0f}%)", name, info.threshold * 100), info.threshold, true,
                               std::nullopt, source, false},
                              performance, area));
    for (const CancerAmbition& a : info.ambitions)
      out.push_back(summarise({fmt::format("{} ({:.0f}%{})", name, a.share * 100, standing ? " interim" : ""),
                               a.share, true, a.by, source, false, "cancer",
                               fmt::format("{:.0f}% within {} days", a.share * 100, info.days), standard},
                              performance, area));
  }
}

}  // namespace

Area resolve_area(const data::ProviderReference* reference, const std::optional<std::string>& provider,
                  const std::optional<std::string>& icb, const std::optional<std::string>& region) {
  const int given = int{provider.has_value()} + int{icb.has_value()} + int{region.has_value()};
  if (given > 1) throw InputError("--provider, --icb, --region: give at most one area");
  Area a;
  a.name = "England";
  if (given == 0) return a;
  auto need_reference = [&](const char* option) {
    if (reference == nullptr)
      throw InputError(fmt::format("{}: needs the provider reference (providers.csv)", option));
  };
  if (provider) {
    a.kind = AreaKind::provider;
    a.code = code_of(*provider);
    const data::ProviderInfo* info = reference ? reference->find(a.code) : nullptr;
    a.name = info ? fmt::format("provider {} {}", a.code, info->name) : "provider " + a.code;
    return a;
  }
  if (icb) {
    need_reference("--icb");
    a.kind = AreaKind::icb;
    a.code = code_of(*icb);
    for (const data::ProviderInfo& p : reference->providers())
      if (p.icb_code == a.code) {
        a.name = fmt::format("ICB {} {}", a.code, p.icb_name);
        return a;
      }
    throw InputError(
        fmt::format("--icb: '{}' is not an ICB code of {} (e.g. QR1)", *icb, reference->source()));
  }
  need_reference("--region");
  a.kind = AreaKind::region;
  const std::string wanted = data::to_lower(data::trim(*region));
  for (const data::ProviderInfo& p : reference->providers()) {
    if (p.region_code.empty()) continue;
    if (data::to_lower(p.region_code) == wanted || data::to_lower(p.region_name) == wanted) {
      a.code = p.region_code;
      a.name = fmt::format("region {} {}", p.region_code, p.region_name);
      return a;
    }
  }
  throw InputError(
      fmt::format("--region: '{}' is not a region code or name of {} (e.g. Y62 or \"North West\")", *region,
                  reference->source()));
}

std::vector<StandardRow> standards_overview(const StandardsSources& sources, const Area& area) {
  std::vector<StandardRow> out;
  const AreaFilter filter(area, sources.providers);
  if (area.kind == AreaKind::england && sources.rtt_national) {
    add_rtt_england(*sources.rtt_national, area, out);
  } else if (sources.rtt_provider_months) {
    add_rtt_area(*sources.rtt_provider_months, sources.providers, area, out);
  }
  if (sources.dm01) add_dm01(*sources.dm01, filter, area, out);
  if (sources.cancer) add_cancer(*sources.cancer, filter, area, out);
  return out;
}

Table standards_table(const std::vector<StandardRow>& rows, bool for_text) {
  Table t;
  // Shares and counts share the value and threshold columns; the text table writes each in its own form.
  const CellKind number = for_text ? CellKind::text : CellKind::number;
  t.columns = {{"standard", "Standard", CellKind::text},
               {"area", "Area", CellKind::text},
               {"month", "Month", CellKind::text},
               {"value", "Value", number, 6},
               {"threshold", "Threshold", number, 6},
               {"deadline", "Deadline", CellKind::text},
               {"met", "Met", CellKind::flag},
               {"trend", for_text ? "Change in a year" : "Trend", number, 6},
               {"source", "Source", CellKind::text},
               {"estimated", "Estimated", CellKind::flag},
               {"projected", "Projected", number, 6},
               {"projected_month", "Projected at", CellKind::text},
               {"met_at_deadline", "Met at deadline", CellKind::flag}};
  auto month = [](const std::optional<YearMonth>& m) { return m ? Cell{m->to_string()} : Cell{}; };
  for (const StandardRow& r : rows) {
    auto shown = [&](std::optional<double> v, bool change) -> Cell {
      if (!v) return for_text ? Cell{std::string("-")} : Cell{};
      if (!for_text) return *v;
      if (r.share) return change ? fmt::format("{:+.1f} pts", *v * 100) : fmt::format("{:.1f}%", *v * 100);
      // Counts with thousands separators, as in every other table for people.
      if (!change) return format_count(*v);
      return (*v < 0 ? "-" : "+") + format_count(std::abs(*v));
    };
    t.add_row({r.standard, r.area, month(r.month), shown(r.value, false), shown(r.threshold, false),
               month(r.deadline), r.met ? Cell{std::int64_t{*r.met}} : Cell{}, shown(r.trend, true), r.source,
               std::int64_t{r.estimated}, shown(r.projected, false), month(r.projected_month),
               r.met_at_deadline ? Cell{std::int64_t{*r.met_at_deadline}} : Cell{}});
  }
  // For people the area is in the heading (one area a run): the column would repeat it on every row.
  if (for_text) {
    t.columns.erase(t.columns.begin() + 1);
    for (auto& row : t.rows) row.erase(row.begin() + 1);
  }
  return t;
}

}  // namespace elective::stats
