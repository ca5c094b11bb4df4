#include "sim/recording.hpp"

#include <algorithm>

namespace elective::sim::detail {
namespace {

double at(const std::vector<double>& v, size_t i) {
  return i < v.size() ? v[i] : 0.0;
}

}  // namespace

GroupBands::GroupBands(const std::array<size_t, kDimensionCount>& groups, int top_band)
    : bands(static_cast<size_t>(top_band) + 1) {
  size_t rows = 0;
  for (size_t d = 0; d < groups.size(); ++d) {
    first_row[d] = rows;
    rows += groups[d];
  }
  counts.assign(rows * bands, 0.0);
}

void GroupBands::add_to(std::array<std::vector<WaitHistogram>, kDimensionCount>& out) const {
  for (size_t d = 0; d < out.size(); ++d) {
    for (size_t g = 0; g < out[d].size(); ++g) {
      const double* row = counts.data() + (first_row[d] + g) * bands;
      for (size_t b = 0; b < out[d][g].counts.size(); ++b) out[d][g].counts[b] += row[b];
    }
  }
}

// Above this many booking entries per worker ((weeks + 1) x (weeks + 106), 16 MB) the month-end list is
// scanned instead (horizons of more than about 38 years).
constexpr size_t kMaxBooked = size_t{1} << 22;

Recorder::Recorder(const SimModel& model)
    : m_(model), fields_(profile_table().data()), month_hist_(kCurrentTopBand) {
  const auto W = static_cast<size_t>(std::max(0, m_.weeks));
  counts_list_ = (W + 1) * (W + 106) <= kMaxBooked;
  first_recorded_step_ = std::min(m_.weeks - 52, m_.weeks - m_.wait_estimate_weeks);
  for (int d = 0; d < kDimensionCount; ++d) {
    const auto n = static_cast<size_t>(group_count(m_, static_cast<Dimension>(d)));
    r_.list_by_group[static_cast<size_t>(d)].assign(n, WaitHistogram(kCurrentTopBand));
    r_.treated_by_group[static_cast<size_t>(d)].assign(n, WaitHistogram(kCurrentTopBand));
  }
  r_.queues.assign(m_.queues.size(), QueueOutcome{0, 0, 0, WaitHistogram(kCurrentTopBand)});
}

Tally Recorder::make_tally() const {
  Tally t;
  t.booking_sink.assign(static_cast<size_t>(std::max(0, m_.weeks)) + 1, 0);
  std::array<size_t, kDimensionCount> groups{};
  for (size_t d = 0; d < groups.size(); ++d) groups[d] = r_.treated_by_group[d].size();
  t.treated_by_group = GroupBands(groups, kCurrentTopBand);
  t.list_by_group = GroupBands(groups, kCurrentTopBand);
  if (counts_list_) {
    const auto W = static_cast<size_t>(m_.weeks);
    t.list_by_week.weeks = m_.weeks;
    t.list_by_week.live.assign(W + 106, 0);  // weeks -105 .. W
    t.list_by_week.booked.assign((W + 1) * (W + 106), 0);
  }
  return t;
}

void Recorder::treated_late(Tally& t, size_t q, const Record& rec, std::int32_t wait, int step) {
  const auto band = static_cast<size_t>(band_of_wait_days(wait));
  if (step >= m_.weeks - 52) t.treated_by_group.add(fields_[rec.profile_id()], m_.queues[q].provider, band);
  // Queue q's own slot: only the worker running q writes it.
  if (step >= m_.weeks - m_.wait_estimate_weeks) r_.queues[q].treated_recent.counts[band] += 1;
}

void Recorder::scan_queue(Tally& t, RecordStore& store, size_t q, int step, std::int32_t end_day,
                          bool groups) const {
  store.sweep_queue(q, step, [&](const Record& rec) {
    const std::int32_t wait = end_day - rec.clock_start;
    const auto band = static_cast<size_t>(band_of_wait_days(wait));
    t.list.counts[band] += 1;
    if (groups) {
      const ProfileFields& f = fields_of(rec.profile_id());
      t.list_by_group.add(f, m_.queues[q].provider, band);
      auto& po = t.priority[static_cast<size_t>(f.priority)];
      po.waiting_at_end += 1;
      if (wait > m_.policy.due_days[static_cast<size_t>(f.priority)]) po.waiting_past_due_at_end += 1;
    }
  });
}

size_t Recorder::month_index(std::int32_t day) const {
  return static_cast<size_t>(month_of(Date{std::chrono::days{day}}) - month_of(m_.start));
}

void Recorder::add_flow(std::vector<double>& acc, size_t i, double count) {
  if (acc.size() <= i) acc.resize(i + 1, 0.0);
  acc[i] += count;
}

void Recorder::step_flows(std::vector<Tally>& tallies, int step, std::int32_t first_day) {
  std::array<std::int64_t, 7> referrals{};
  std::int64_t treated = 0, other = 0;
  for (auto& t : tallies) {
    for (size_t d = 0; d < 7; ++d) referrals[d] += t.referrals_by_day[d];
    treated += t.treated;
    other += t.other;
    t.referrals_by_day.fill(0);
    t.treated = t.other = 0;
  }
  for (size_t d = 0; d < 7; ++d) {
    if (referrals[d] > 0)
      add_flow(referrals_by_month_, month_index(first_day + static_cast<std::int32_t>(d)),
               static_cast<double>(referrals[d]));
  }
  // The removals other than treatment due at this step leave the counts by clock-start week.
  for (auto& t : tallies) {
    auto& lw = t.list_by_week;
    if (lw.live.empty()) continue;
    for (size_t i = 0; i < lw.slots(); ++i) lw.live[i] -= lw.book(static_cast<std::uint16_t>(step), i);
  }
  r_.treated_total += static_cast<double>(treated);
  r_.other_removals_total += static_cast<double>(other);
  // A step's removals are spread over its days: a step that straddles two months gives each its share.
  auto split = [&](std::vector<double>& acc, double count) {
    if (count == 0) return;
    const size_t a = month_index(first_day), b = month_index(first_day + 6);
    if (a == b) {
      add_flow(acc, a, count);
      return;
    }
    int days_a = 0;
    for (int d = 0; d < 7; ++d) days_a += month_index(first_day + d) == a ? 1 : 0;
    add_flow(acc, a, count * days_a / 7.0);
    add_flow(acc, b, count * (7 - days_a) / 7.0);
  };
  split(other_by_month_, static_cast<double>(other));
  split(treated_by_month_, static_cast<double>(treated));
}

bool Recorder::close_needs_scan(int step) const {
  return !snapshot_month_ || *snapshot_month_ != m_.step_month[static_cast<size_t>(step)];
}

void Recorder::list_scanned(std::vector<Tally>& tallies) {
  std::fill(month_hist_.counts.begin(), month_hist_.counts.end(), 0.0);
  for (auto& t : tallies) {
    for (size_t b = 0; b < month_hist_.counts.size(); ++b) month_hist_.counts[b] += t.list.counts[b];
    std::fill(t.list.counts.begin(), t.list.counts.end(), 0.0);
  }
}

void Recorder::list_counted(const std::vector<Tally>& tallies, int step) {
  std::fill(month_hist_.counts.begin(), month_hist_.counts.end(), 0.0);
  std::vector<std::int64_t> live(tallies.front().list_by_week.slots(), 0);
  for (const auto& t : tallies) {
    for (size_t i = 0; i < live.size(); ++i) live[i] += t.list_by_week.live[i];
  }
  const auto top = static_cast<std::int64_t>(month_hist_.top_band());
  for (size_t i = 0; i < live.size(); ++i) {
    const std::int64_t week = static_cast<std::int64_t>(i) + ListByWeek::kOldest;
    const std::int64_t band = std::clamp<std::int64_t>(step - week, 0, top);
    month_hist_.counts[static_cast<size_t>(band)] += static_cast<double>(live[i]);
  }
}

void Recorder::snapshot(std::int32_t end_day) {
  snapshot_month_ = month_of(Date{std::chrono::days{end_day - 3}});
}

void Recorder::close_month(int step) {
  const YearMonth month = m_.step_month[static_cast<size_t>(step)];
  snapshot_month_.reset();
  // The start month is not reported when the start is not its last day (its flows would be partial).
  if (month == month_of(m_.start)) return;
  const size_t i = static_cast<size_t>(month - month_of(m_.start));
  r_.months.push_back(plan::make_month_outcome(month, month_hist_, at(referrals_by_month_, i),
                                               at(treated_by_month_, i), at(other_by_month_, i)));
  r_.month_lists.push_back(month_hist_);
}

void Recorder::finish(const std::vector<Tally>& tallies) {
  for (const auto& t : tallies) {
    for (size_t p = 0; p < r_.priority.size(); ++p) {
      r_.priority[p].treated += static_cast<double>(t.treated_by_priority[p]);
      r_.priority[p].treated_after_due += static_cast<double>(t.treated_after_due_by_priority[p]);
      r_.priority[p].waiting_at_end += t.priority[p].waiting_at_end;
      r_.priority[p].waiting_past_due_at_end += t.priority[p].waiting_past_due_at_end;
    }
    t.treated_by_group.add_to(r_.treated_by_group);
    t.list_by_group.add_to(r_.list_by_group);
  }
}

}  // namespace elective::sim::detail
