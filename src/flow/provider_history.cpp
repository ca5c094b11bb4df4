#include "flow/provider_history.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "core/error.hpp"

namespace elective::flow {

namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string>;

Key key_of(const stats::ProviderStatsRow& r) {
  return {r.provider.value_or(""), r.icb.value_or(""), r.region.value_or(""), r.tfc.value_or("")};
}

// Completed pathways by hazard group of their month-end wait. They are published by their wait at the clock
// stop; a stop during the month would have waited on average half a month (kStopShiftWeeks) longer by month
// end, where the band model's hazards apply (the national calibration's stop_time_groups make the same
// shift, flow/calibrate.hpp).
inline constexpr int kStopShiftWeeks = 2;

std::vector<double> group_sums(const WaitHistogram& h, const std::vector<int>& starts) {
  std::vector<double> out(starts.size(), 0.0);
  size_t g = 0;
  for (size_t k = 0; k < h.counts.size(); ++k) {
    const size_t at = std::min(k + kStopShiftWeeks, h.counts.size() - 1);
    while (g + 1 < starts.size() && static_cast<int>(at) >= starts[g + 1]) ++g;
    out[g] += h.counts[k];
  }
  return out;
}

}  // namespace

const std::vector<int>& month_bin_hazard_groups() {
  static const std::vector<int> groups = {0, 4, 8, 13, 18, 26, 39, 52};
  return groups;
}

std::string GroupSeries::label() const {
  std::string out;
  for (const auto* part : {&provider, &icb, &region})
    if (*part) out += (out.empty() ? "" : " / ") + **part;
  if (out.empty()) out = "England";
  return out + " / " + specialty;
}

std::vector<std::string> GroupSeries::flags() const {
  std::vector<std::string> out;
  if (merged) out.emplace_back(kFlagMerged);
  if (undercounted) out.emplace_back(kFlagUndercounted);
  if (unreported) out.emplace_back(kFlagUnreported);
  return out;
}

std::size_t GroupSeries::first_listed(std::size_t last) const {
  std::size_t first = last + 1;
  while (first > 0 && months[first - 1].list.total() > 0) --first;
  return first;
}

std::optional<std::size_t> month_index(const std::vector<YearMonth>& months, YearMonth month) {
  const auto it = std::find(months.begin(), months.end(), month);
  if (it == months.end()) return std::nullopt;
  return static_cast<std::size_t>(it - months.begin());
}

std::vector<GroupSeries> provider_group_series(const data::ProviderMonths& file,
                                               const data::ProviderReference* reference,
                                               const std::vector<stats::ProviderBreakdown>& by) {
  if (std::find(by.begin(), by.end(), stats::ProviderBreakdown::month) != by.end())
    throw InputError("--by: month is not a group (every group is projected month by month)");
  const std::vector<YearMonth>& file_months = file.months();
  std::map<Key, GroupSeries> groups;
  for (const data::MonthsType type :
       {data::MonthsType::incomplete, data::MonthsType::completed, data::MonthsType::referrals}) {
    stats::ProviderQuery q;
    q.selection.type = type;
    q.by = by;
    q.by.push_back(stats::ProviderBreakdown::month);
    for (const stats::ProviderStatsRow& r : stats::query_provider_months(file, reference, q)) {
      // Groups are those with incomplete rows; completed and referrals without a list add nothing.
      auto it = groups.find(key_of(r));
      if (it == groups.end()) {
        if (type != data::MonthsType::incomplete) continue;
        GroupSeries g;
        g.provider = r.provider;
        g.provider_name = r.provider_name;
        g.icb = r.icb;
        g.icb_name = r.icb_name;
        g.region = r.region;
        g.region_name = r.region_name;
        if (r.tfc) {
          g.tfc = *r.tfc;
          g.specialty = *r.tfc_name;
        }
        g.months.resize(file_months.size());
        for (std::size_t i = 0; i < file_months.size(); ++i) {
          g.months[i].month = file_months[i];
          g.months[i].list = WaitHistogram(kCurrentTopBand);
        }
        it = groups.emplace(key_of(r), std::move(g)).first;
      }
      GroupSeries& g = it->second;
      ObservedMonth& m = g.months[*month_index(file_months, r.month)];
      switch (type) {
        case data::MonthsType::incomplete:
          m.list = widen_to_top_band(r.weekly, kCurrentTopBand);
          break;
        case data::MonthsType::completed:
          m.completed = r.summary.total;
          m.completed_by_group =
              group_sums(widen_to_top_band(r.weekly, kCurrentTopBand), month_bin_hazard_groups());
          break;
        case data::MonthsType::referrals:
          m.referrals = r.summary.total;
          break;
      }
      g.merged = g.merged || r.merged;
      g.undercounted = g.undercounted || r.undercounted;
      g.unreported = g.unreported || r.unreported;
    }
  }
  std::vector<GroupSeries> out;
  out.reserve(groups.size());
  for (auto& [key, g] : groups) out.push_back(std::move(g));
  return out;
}

std::optional<GroupCalibration> calibrate_group(const GroupSeries& group, std::size_t origin, int window) {
  const std::size_t first =
      std::max(group.first_listed(origin), origin >= static_cast<std::size_t>(window)
                                               ? origin - static_cast<std::size_t>(window)
                                               : std::size_t{0});
  if (origin + 1 < first + kMinCalibrationMonths) return std::nullopt;
  std::vector<ObservedMonth> observed(group.months.begin() + static_cast<std::ptrdiff_t>(first),
                                      group.months.begin() + static_cast<std::ptrdiff_t>(origin) + 1);
  // The mean residual other removals of the window; a negative one is inflow beyond the new periods.
  double residual = 0;
  for (std::size_t t = 1; t < observed.size(); ++t)
    residual += observed[t - 1].list.total() + observed[t].referrals - observed[t].completed -
                observed[t].list.total();
  residual /= static_cast<double>(observed.size() - 1);
  GroupCalibration out;
  if (residual < -1e-6) {  // not rounding noise of the estimated bands
    out.added_inflow_per_month = -residual;
    for (std::size_t t = 1; t < observed.size(); ++t) observed[t].referrals -= residual;
  }
  out.calibration = calibrate_histograms(
      observed, month_bin_hazard_groups(), 0.0,
      fmt::format("provider months {} (calendar-month bins, weeks estimated)", group.label()));
  return out;
}

}  // namespace elective::flow
