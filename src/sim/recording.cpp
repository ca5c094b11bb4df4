#include "sim/recording.hpp"

namespace elective::sim::detail {
namespace {

void add_groups(std::array<std::vector<WaitHistogram>, kDimensionCount>& h, const ProfileFields& f,
                std::uint16_t provider, size_t band) {
  h[0][static_cast<size_t>(f.priority)].counts[band] += 1;
  h[1][f.imd_quintile].counts[band] += 1;
  h[2][static_cast<size_t>(f.ethnic_group)].counts[band] += 1;
  h[3][static_cast<size_t>(f.age_band)].counts[band] += 1;
  h[4][static_cast<size_t>(f.sex)].counts[band] += 1;
  h[5][provider].counts[band] += 1;
}

double at(const std::vector<double>& v, size_t i) {
  return i < v.size() ? v[i] : 0.0;
}

}  // namespace

Recorder::Recorder(const SimModel& model) : m_(model), month_hist_(kCurrentTopBand) {
  for (int d = 0; d < kDimensionCount; ++d) {
    const auto n = static_cast<size_t>(group_count(m_, static_cast<Dimension>(d)));
    r_.list_by_group[static_cast<size_t>(d)].assign(n, WaitHistogram(kCurrentTopBand));
    r_.treated_by_group[static_cast<size_t>(d)].assign(n, WaitHistogram(kCurrentTopBand));
  }
  r_.queues.assign(m_.queues.size(), QueueOutcome{0, 0, 0, WaitHistogram(kCurrentTopBand)});
}

void Recorder::treated(size_t q, std::int32_t wait, const ProfileFields& f, int step) {
  const int W = m_.weeks;
  auto& po = r_.priority[static_cast<size_t>(f.priority)];
  po.treated += 1;
  if (wait > m_.policy.due_days[static_cast<size_t>(f.priority)]) po.treated_after_due += 1;
  if (step >= W - 52) {
    const auto band = static_cast<size_t>(band_of_wait_days(wait));
    add_groups(r_.treated_by_group, f, m_.queues[q].provider, band);
  }
  if (step >= W - m_.wait_estimate_weeks) {
    r_.queues[q].treated_recent.counts[static_cast<size_t>(band_of_wait_days(wait))] += 1;
  }
}

size_t Recorder::month_index(std::int32_t day) const {
  return static_cast<size_t>(month_of(Date{std::chrono::days{day}}) - month_of(m_.start));
}

void Recorder::add_flow(std::vector<double>& acc, size_t i, double count) {
  if (acc.size() <= i) acc.resize(i + 1, 0.0);
  acc[i] += count;
}

void Recorder::step_flows(int step, double treated, double other) {
  // A step's removals are spread over its days: a step that straddles two months gives each its share.
  auto split = [&](std::vector<double>& acc, double count) {
    if (count == 0) return;
    const std::int32_t first = start_day() + 7 * step + 1;
    const size_t a = month_index(first), b = month_index(first + 6);
    if (a == b) {
      add_flow(acc, a, count);
      return;
    }
    int days_a = 0;
    for (int d = 0; d < 7; ++d) days_a += month_index(first + d) == a ? 1 : 0;
    add_flow(acc, a, count * days_a / 7.0);
    add_flow(acc, b, count * (7 - days_a) / 7.0);
  };
  split(other_by_month_, other);
  split(treated_by_month_, treated);
}

void Recorder::snapshot(RecordStore& store, int step, std::int32_t end_day) {
  scan(store, step, end_day, false);
  snapshot_month_ = month_of(Date{std::chrono::days{end_day - 3}});
}

// Walks the whole list once (dropping pathways that have left): the list's wait-band histogram and, when
// `groups`, the end-of-horizon group histograms and priority counts.
void Recorder::scan(RecordStore& store, int step, std::int32_t end_day, bool groups) {
  std::fill(month_hist_.counts.begin(), month_hist_.counts.end(), 0.0);
  store.sweep(step, [&](size_t q, const Record& rec) {
    const std::int32_t wait = end_day - rec.clock_start;
    const auto band = static_cast<size_t>(band_of_wait_days(wait));
    month_hist_.counts[band] += 1;
    if (groups) {
      const ProfileFields& f = fields_of(rec.profile_id());
      add_groups(r_.list_by_group, f, m_.queues[q].provider, band);
      auto& po = r_.priority[static_cast<size_t>(f.priority)];
      po.waiting_at_end += 1;
      if (wait > m_.policy.due_days[static_cast<size_t>(f.priority)]) po.waiting_past_due_at_end += 1;
    }
  });
}

void Recorder::close_month(RecordStore& store, int step, std::int32_t end_day) {
  const YearMonth month = m_.step_month[static_cast<size_t>(step)];
  if (!snapshot_month_ || *snapshot_month_ != month) scan(store, step, end_day, false);
  snapshot_month_.reset();
  // The start month is not reported when the start is not its last day (its flows would be partial).
  if (month == month_of(m_.start)) return;
  const size_t i = static_cast<size_t>(month - month_of(m_.start));
  r_.months.push_back(plan::make_month_outcome(month, month_hist_, at(referrals_by_month_, i),
                                               at(treated_by_month_, i), at(other_by_month_, i)));
  r_.month_lists.push_back(month_hist_);
}

}  // namespace elective::sim::detail
