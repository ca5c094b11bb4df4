#include "plan/dm01_start.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "core/band_layout.hpp"
#include "core/error.hpp"
#include "flow/band_model.hpp"
#include "stats/dm01_stats.hpp"

namespace elective::plan {

namespace {

// One subgroup per weekly band: the month-end lists of DM01 give every band's removals (F - I), so each
// band's treatment hazard is fitted on its own; the waiting-list tests are known only in total (one group).
std::vector<int> band_subgroups(const ListDefinition& list) {
  std::vector<int> starts(static_cast<size_t>(list.bands.band_count()));
  std::iota(starts.begin(), starts.end(), 0);
  return starts;
}

// The patients the month-end bands show left the list: the previous list aged by the month, less this
// month's list, in the bands no new referral can reach yet (waits longer than the month). Some providers
// report no waiting-list tests (theirs are recorded as planned or unscheduled) while their lists turn over;
// this is the least their removals can have been.
double removals_shown_by_bands(const WaitHistogram& previous, const WaitHistogram& current, YearMonth month) {
  std::vector<double> aged;
  flow::age_and_admit(previous.counts, month.days_in_month(), 0, aged);
  const auto first_unreached = static_cast<size_t>(month.days_in_month() / 7) + 1;
  double removed = 0;
  for (size_t k = first_unreached; k < aged.size() && k < current.counts.size(); ++k)
    removed += std::max(0.0, aged[k] - current.counts[k]);
  return removed;
}

std::string selection_name(const std::optional<std::string>& provider,
                           const std::optional<std::string>& test) {
  return fmt::format("provider {}, test {}", provider.value_or("all (England)"), test.value_or("ALL"));
}

}  // namespace

std::vector<flow::ObservedMonth> dm01_months_from_rows(const std::vector<stats::Dm01StatsRow>& rows) {
  std::vector<flow::ObservedMonth> out;
  for (const stats::Dm01StatsRow& r : rows) {
    flow::ObservedMonth o;
    o.month = r.month;
    o.list = WaitHistogram(dm01_list().bands.top_band());
    std::copy(r.bands.begin(), r.bands.end(), o.list.counts.begin());
    o.completed = r.activity_waiting_list;
    // Consecutive months only: a gap restarts the inference (no list change across it is known).
    if (!out.empty() && out.back().month + 1 == o.month) {
      o.completed = std::max(o.completed, removals_shown_by_bands(out.back().list, o.list, o.month));
      o.referrals = std::max(0.0, o.list.total() - out.back().list.total() + o.completed);
    }
    o.completed_by_group = {o.completed};
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<flow::ObservedMonth> dm01_observed_months(const data::Dm01List& list,
                                                      const std::optional<std::string>& provider,
                                                      const std::optional<std::string>& test) {
  stats::Dm01Selection sel;
  sel.provider = provider;
  sel.test = test;
  return dm01_months_from_rows(stats::dm01_query(list, sel, {stats::Dm01Breakdown::month}));
}

flow::Calibration dm01_calibrate_observed(const std::vector<flow::ObservedMonth>& months,
                                          const std::string& source) {
  if (months.size() < 2)
    throw InputError(fmt::format("{}: a DM01 start needs at least two consecutive months", source));
  flow::Calibration c;
  c.source = source;
  c.month = months.back().month;
  c.list = months.back().list;
  c.window_months = static_cast<int>(months.size()) - 1;
  c.fit = flow::fit_rates(months, {0}, band_subgroups(dm01_list()));
  double referrals = 0, treated = 0;
  for (size_t i = 1; i < months.size(); ++i) {
    referrals += months[i].referrals;
    treated += months[i].completed;
  }
  const auto n = static_cast<double>(months.size() - 1);
  c.referrals_per_month = referrals / n;
  c.capacity_per_month = treated / n;
  c.other_removals_per_month =
      std::max(0.0, (months.front().list.total() - months.back().list.total() + referrals - treated) / n);
  c.in_sample = flow::replay_error(months, c.fit.rates, {}, dm01_list());
  return c;
}

std::vector<flow::ObservedMonth> dm01_window(const std::vector<flow::ObservedMonth>& months, YearMonth at,
                                             int window_months) {
  const auto end =
      std::find_if(months.begin(), months.end(), [&](const flow::ObservedMonth& m) { return m.month == at; });
  if (end == months.end()) return {};
  // Consecutive months ending at the start, at most window_months transitions.
  auto begin = end;
  while (begin != months.begin() && end - begin < window_months && (begin - 1)->month + 1 == begin->month)
    --begin;
  return {begin, end + 1};
}

flow::Calibration dm01_calibration(const Scenario& s, const data::Dm01List& list) {
  const StartSpec& st = s.start;
  if (st.tfc) s.fail("start.tfc", "a treatment function is for RTT data; a DM01 start names start.test");
  std::vector<flow::ObservedMonth> months;
  try {
    months = dm01_observed_months(list, st.provider, st.test);
  } catch (const InputError& e) {
    s.fail(st.test ? "start.test" : (st.provider ? "start.provider" : "start.data"), e.what());
  }
  const YearMonth at = st.month.value_or(months.back().month);
  const std::vector<flow::ObservedMonth> window = dm01_window(months, at, s.calibration.window_months);
  if (window.empty())
    s.fail("start.month", fmt::format("{} is not in {} (it has {} to {})", at.to_string(), st.data.name,
                                      months.front().month.to_string(), months.back().month.to_string()));
  if (window.size() < 2)
    s.fail("start.month", fmt::format("{} has no month before it in {}: the inflow of a DM01 start is "
                                      "inferred from consecutive months",
                                      at.to_string(), st.data.name));
  if (window.back().list.total() <= 0)
    s.fail(st.provider ? "start.provider" : "start.data",
           fmt::format("nobody waiting in {} for {} in {}", st.data.name,
                       selection_name(st.provider, st.test), at.to_string()));
  return dm01_calibrate_observed(
      window, fmt::format("DM01 diagnostics {} ({})", st.data.name, selection_name(st.provider, st.test)));
}

void check_dm01_targets(const Scenario& s) {
  for (size_t i = 0; i < s.targets.size(); ++i) {
    try {
      (void)parse_target(s.targets[i].target.text, dm01_list());
    } catch (const InputError& e) {
      s.fail(fmt::format("target[{}].text", i), e.what());
    }
  }
}

}  // namespace elective::plan
