#include "sim/model.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace elective::sim {

void SimModel::finalise_calendar() {
  if (weeks <= 0 || weeks > 65000) throw InputError("simulation horizon must be 1 to 65,000 weeks");
  // A step belongs to the month of its first day; it closes that month when it contains the month's last day.
  step_month.resize(static_cast<size_t>(weeks));
  month_end.assign(static_cast<size_t>(weeks), false);
  for (int s = 0; s < weeks; ++s) {
    const Date first = start + std::chrono::days{7 * s + 1};
    const Date after = first + std::chrono::days{7};
    step_month[static_cast<size_t>(s)] = month_of(first);
    month_end[static_cast<size_t>(s)] = month_of(after) != month_of(first) || s == weeks - 1;
  }
  // The month-end list is taken at the step whose end is nearest the month's last day (within 3 days either
  // side), so that waits are measured at month end on average.
  snapshot_step.assign(static_cast<size_t>(weeks), false);
  for (int s = 0; s < weeks; ++s) {
    const Date end = start + std::chrono::days{7 * (s + 1)};
    const YearMonth m = month_of(end);
    const bool near_this = (m.last_day() - end).count() <= 3;
    const bool near_previous = (end - (m.first_day() - std::chrono::days{1})).count() <= 3;
    snapshot_step[static_cast<size_t>(s)] = near_this || near_previous;
  }
  auto fill = [&](std::vector<double>& v, double value) {
    if (v.empty()) v.assign(static_cast<size_t>(weeks), value);
    if (v.size() != static_cast<size_t>(weeks))
      throw RuntimeError("simulation model: weekly series of wrong length");
  };
  fill(drivers.referral_factor, 1.0);
  fill(drivers.capacity_factor, 1.0);
  fill(drivers.extra_referrals, 0.0);
  fill(drivers.independent_sector, 0.0);
  if (referral_mix.empty()) {
    std::vector<double> w(kProfileCount, 0.0);
    w[pack_profile(data::Priority::none, 0, data::EthnicGroup::unknown, data::AgeBand::unknown,
                   data::Sex::unknown)] = 1.0;
    referral_mix = AliasTable(w);
  }
}

namespace {

// Stable counting sort of `from` into `to` by key(p) in [0, keys); returns where each key's part begins in
// `to` (keys + 1 entries, the last one the size).
template <typename Key>
std::vector<size_t> counting_sort(const std::vector<InitialPatient>& from, std::vector<InitialPatient>& to,
                                  size_t keys, Key key) {
  std::vector<size_t> first(keys + 1, 0);
  for (const auto& p : from) ++first[key(p) + 1];
  for (size_t k = 0; k < keys; ++k) first[k + 1] += first[k];
  std::vector<size_t> next(first.begin(), first.end() - 1);
  for (const auto& p : from) to[next[key(p)]++] = p;
  return first;
}

}  // namespace

void sort_start_list(std::vector<InitialPatient>& list) {
  if (list.empty()) return;
  std::uint32_t queues = 0;
  std::int32_t first_day = list.front().clock_start, last_day = first_day;
  for (const auto& p : list) {
    queues = std::max(queues, p.queue + 1);
    first_day = std::min(first_day, p.clock_start);
    last_day = std::max(last_day, p.clock_start);
  }
  std::vector<InitialPatient> by_day(list.size());
  const auto days = static_cast<size_t>(static_cast<std::int64_t>(last_day) - first_day + 1);
  if (days <= 4 * list.size() + 4096) {
    // Two stable counting sorts, by clock start and then by queue (a radix sort): the order of
    // std::stable_sort by (queue, clock start) in two passes over the list, where sorting each queue's part
    // took about 0.2 s at national size.
    counting_sort(list, by_day, days, [first_day](const InitialPatient& p) {
      return static_cast<size_t>(p.clock_start - first_day);
    });
    counting_sort(by_day, list, queues, [](const InitialPatient& p) { return static_cast<size_t>(p.queue); });
    return;
  }
  // Clock starts spread over more days than there are pathways: by queue, then each queue's part sorted.
  std::vector<InitialPatient>& sorted = by_day;
  const std::vector<size_t> first = counting_sort(
      list, sorted, queues, [](const InitialPatient& p) { return static_cast<size_t>(p.queue); });
  auto earlier = [](const InitialPatient& x, const InitialPatient& y) {
    return x.clock_start < y.clock_start;
  };
  for (size_t q = 0; q < queues; ++q) {
    const auto begin = sorted.begin() + static_cast<std::ptrdiff_t>(first[q]);
    const auto end = sorted.begin() + static_cast<std::ptrdiff_t>(first[q + 1]);
    if (!std::is_sorted(begin, end, earlier)) std::stable_sort(begin, end, earlier);
  }
  list = std::move(sorted);
}

StartListShape start_list_shape(const SimModel& m) {
  StartListShape shape;
  shape.first.assign(m.queues.size() + 1, 0);
  const auto day0 = static_cast<std::int32_t>(m.start.time_since_epoch().count());
  const InitialPatient* prev = nullptr;
  for (const auto& p : m.initial) {
    ++shape.first[p.queue + 1];
    shape.longest_wait_weeks = std::max(shape.longest_wait_weeks, (day0 - p.clock_start) / 7);
    if (prev && (p.queue < prev->queue || (p.queue == prev->queue && p.clock_start < prev->clock_start)))
      shape.sorted = false;
    prev = &p;
  }
  for (size_t q = 0; q + 1 < shape.first.size(); ++q) shape.first[q + 1] += shape.first[q];
  return shape;
}

}  // namespace elective::sim
