#include "stats/wait_estimate.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "stats/wait_summary.hpp"

namespace elective::stats {
namespace {

nlohmann::json optional_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace

WaitEstimate estimate_waits(const data::RttExtract& extract, const WaitEstimateQuery& query) {
  WaitEstimate out;
  out.tfc = data::normalise_tfc(query.tfc);
  out.tfc_name = extract.tfc_name(out.tfc);
  out.commissioner = query.commissioner;
  const auto latest = extract.latest_month();
  if (!latest) throw InputError("the dataset has no rows");
  out.month = query.month.value_or(*latest);

  std::vector<std::string> providers;
  if (query.provider) {
    providers.push_back(*query.provider);
  } else {
    providers = extract.providers();
  }
  for (const auto& code : providers) {
    data::RowFilter filter;
    filter.provider = code;
    filter.tfc = out.tfc;
    filter.commissioner = query.commissioner;
    filter.month = out.month;
    filter.tfc_rows = data::TfcRows::automatic;
    filter.part = data::RttPart::admitted;
    const auto admitted = extract.totals(filter);
    filter.part = data::RttPart::nonadmitted;
    const auto nonadmitted = extract.totals(filter);
    filter.part = data::RttPart::incomplete;
    const auto incomplete = extract.totals(filter);
    if (admitted.rows + nonadmitted.rows + incomplete.rows == 0) continue;  // provider has no such specialty

    ProviderWaitEstimate estimate;
    estimate.provider = code;
    estimate.provider_name = extract.provider_name(code);
    WaitHistogram completed = admitted.histogram;
    if (completed.counts.empty()) {
      completed = nonadmitted.histogram;
    } else if (!nonadmitted.histogram.counts.empty()) {
      completed += nonadmitted.histogram;
    }
    const double completed_count = completed.total();
    const double waiting_count = incomplete.histogram.total();
    estimate.suppressed = completed_count < kSmallCount;
    if (!estimate.suppressed) {
      estimate.completed_pathways = completed_count;
      const auto median = band_percentile(completed, 0.5);
      const auto p90 = band_percentile(completed, 0.9);
      estimate.median_weeks = median.weeks;
      estimate.p90_weeks = p90.weeks;
      estimate.p90_censored = p90.censored;
      const double weeks_in_month = out.month.days_in_month() / 7.0;
      if (waiting_count >= kSmallCount)
        estimate.queue_weeks = waiting_count / (completed_count / weeks_in_month);
    }
    if (waiting_count >= kSmallCount) {
      estimate.waiting_list = waiting_count;
      estimate.waiting_median_weeks = band_percentile(incomplete.histogram, 0.5).weeks;
      estimate.waiting_p90_weeks = band_percentile(incomplete.histogram, 0.9).weeks;
    }
    out.providers.push_back(std::move(estimate));
  }
  std::stable_sort(out.providers.begin(), out.providers.end(), [](const auto& a, const auto& b) {
    if (a.suppressed != b.suppressed) return !a.suppressed;
    if (a.median_weeks && b.median_weeks) return *a.median_weeks < *b.median_weeks;
    return a.median_weeks.has_value() && !b.median_weeks.has_value();
  });
  return out;
}

nlohmann::json wait_estimate_json(const WaitEstimate& estimate) {
  nlohmann::json providers = nlohmann::json::array();
  for (const auto& p : estimate.providers) {
    providers.push_back({{"provider", p.provider},
                         {"provider_name", p.provider_name},
                         {"suppressed", p.suppressed},
                         {"completed_pathways", optional_json(p.completed_pathways)},
                         {"median_weeks", optional_json(p.median_weeks)},
                         {"p90_weeks", optional_json(p.p90_weeks)},
                         {"p90_censored", p.p90_censored},
                         {"waiting_list", optional_json(p.waiting_list)},
                         {"waiting_median_weeks", optional_json(p.waiting_median_weeks)},
                         {"waiting_p90_weeks", optional_json(p.waiting_p90_weeks)},
                         {"queue_weeks", optional_json(p.queue_weeks)}});
  }
  return {
      {"tfc", estimate.tfc},
      {"tfc_name", estimate.tfc_name},
      {"commissioner", estimate.commissioner ? nlohmann::json(*estimate.commissioner) : nlohmann::json()},
      {"month", estimate.month.to_string()},
      {"method",
       "Completed pathways (RTT Part 1A + 1B) in the month: half of the patients whose treatment started (or "
       "whose clock stopped) had waited less than median_weeks, 9 in 10 less than p90_weeks, estimated from "
       "weekly bands by NHS England's interpolation. waiting_* describe the current waiting list (Part 2); "
       "queue_weeks = waiting list / clock stops per week. Fewer than 5 completed pathways: suppressed."},
      {"providers", providers}};
}

}  // namespace elective::stats
