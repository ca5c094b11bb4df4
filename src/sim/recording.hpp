#pragma once
// What one replication records (part of the engine, sim/engine.cpp): the month-end waiting list and the
// month's flows, the waiting list by group at the end and the waits of the final year's treated pathways by
// group, priority outcomes, and each queue's recently treated waits (its quoted wait).
//
// Queues of a step run on several workers (queue_workers.hpp), so what they count goes into one Tally per
// worker and is merged here. Every count is a whole number held exactly in a double, so the sums do not
// depend on which worker counted what or on the merge order: the results are the same bytes for any thread
// count.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/engine.hpp"
#include "sim/record_store.hpp"

namespace elective::sim::detail {

// The month-end list without walking the records: live pathways counted by clock-start week, with the
// removals other than treatment booked by (leave step, clock-start week) when each pathway joins. At the
// end of step s a pathway whose clock started on day start + c is in wait band clamp(s - floor(c / 7), 0,
// 104) (band_of_wait_days of its wait 7 (s + 1) - c), so counts by week w = floor(c / 7) give the whole
// histogram; weeks before -105 are all in the open top band and share one slot.
struct ListByWeek {
  static constexpr std::int32_t kOldest = -105;  // slot 0: clock started 105 or more weeks before the start
  int weeks = 0;                                 // steps simulated
  std::vector<std::int64_t> live;                // by slot (week - kOldest)
  // [slot][leave step]: removals other than treatment due then. By slot first: the pathways joining or
  // treated one after another mostly share a clock-start week, so their bookings fall in one row of 1 KB.
  std::vector<std::int32_t> booked;

  size_t slots() const { return live.size(); }
  static size_t slot(std::int32_t clock_start_from_start) {
    // floor(c / 7) without a branch on the sign (start-list and new pathways are treated side by side): the
    // division of c + 7 x 2^28 >= 0, for any clock start after 5,000,000 BC.
    constexpr std::int64_t kBiasWeeks = std::int64_t{1} << 28;
    const std::int64_t w = (clock_start_from_start + 7 * kBiasWeeks) / 7 - kBiasWeeks;
    return static_cast<size_t>(std::max<std::int64_t>(w, kOldest) - kOldest);
  }
  // A slot's row of bookings by leave step: steps 0 to weeks - 1, then RecordStore::leave_column's sink.
  size_t row_length() const { return static_cast<size_t>(weeks) + 1; }
  std::int32_t* row(size_t i) { return booked.data() + i * row_length(); }
  std::int32_t& book(std::uint16_t step, size_t i) { return row(i)[step]; }
};

// Wait-band counts by group for every dimension, in one array: a group's row is its dimension's first row
// plus the group, and a row holds the bands. A pathway adds one count per dimension: six stores at computed
// places, where vectors of histograms took two dependent loads each.
struct GroupBands {
  std::array<size_t, kDimensionCount> first_row{};
  size_t bands = 0;
  std::vector<double> counts;  // [row][band]

  // Rows for `groups` of each dimension (group_count), bands 0 to top_band, all zero.
  GroupBands(const std::array<size_t, kDimensionCount>& groups, int top_band);
  GroupBands() = default;
  void add(const ProfileFields& f, std::uint16_t provider, size_t band) {
    double* at = counts.data() + band;
    at[(first_row[0] + static_cast<size_t>(f.priority)) * bands] += 1;
    at[(first_row[1] + f.imd_quintile) * bands] += 1;
    at[(first_row[2] + static_cast<size_t>(f.ethnic_group)) * bands] += 1;
    at[(first_row[3] + static_cast<size_t>(f.age_band)) * bands] += 1;
    at[(first_row[4] + static_cast<size_t>(f.sex)) * bands] += 1;
    at[(first_row[5] + provider) * bands] += 1;
  }
  // Adds the counts into histograms by dimension and group (ReplicationResult's layout).
  void add_to(std::array<std::vector<WaitHistogram>, kDimensionCount>& out) const;
};

// What one worker counts: treatments and the list scanned at a month end, by group.
struct Tally {
  std::array<PriorityOutcome, data::kPriorityCount> priority{};  // the list's part, from the final scan
  // Treated, and treated after the priority's window, by priority: integers on the treatment path.
  std::array<std::int64_t, data::kPriorityCount> treated_by_priority{}, treated_after_due_by_priority{};
  GroupBands treated_by_group, list_by_group;
  WaitHistogram list{kCurrentTopBand};  // the list of the queues this worker scanned
  // This step's flows.
  std::int64_t treated = 0, other = 0;
  std::array<std::int64_t, 7> referrals_by_day{};
  ListByWeek list_by_week;  // empty when the horizon is too long for it (the list is then scanned)
  std::vector<std::int32_t> booking_sink;  // weeks + 1 entries written and never read (booking_row)
};

class Recorder {
 public:
  explicit Recorder(const SimModel& model);

  ReplicationResult& result() { return r_; }
  Tally make_tally() const;

  // A pathway joins the list (start list or referral).
  void joined(Tally& t, const Record& rec) const {
    ++booking_row(t, joined_on(t, rec.clock_start, 1))[RecordStore::leave_column(rec.leave, m_.weeks)];
  }
  // The same for `count` pathways with clock start `day` at once; returns the slot for booking_row (or
  // SIZE_MAX when the list is not counted by week).
  size_t joined_on(Tally& t, std::int32_t day, std::int64_t count) const {
    if (t.list_by_week.live.empty()) return SIZE_MAX;
    const size_t i = t.list_by_week.slot(day - start_day());
    t.list_by_week.live[i] += count;
    return i;
  }
  // The row of bookings of a slot, indexed by RecordStore::leave_column(leave) (its last entry a sink for
  // kNever, never read); a row that is never read when the list is not counted by week (slot SIZE_MAX).
  static std::int32_t* booking_row(Tally& t, size_t slot) {
    if (slot == SIZE_MAX) return t.booking_sink.data();
    return t.list_by_week.row(slot);
  }
  // A live pathway leaves at `step` instead of its drawn leave step (a validation sprint).
  void leaves_now(Tally& t, const Record& rec, int step) const {
    if (t.list_by_week.live.empty()) return;
    std::int32_t* row = t.list_by_week.row(ListByWeek::slot(rec.clock_start - start_day()));
    --row[RecordStore::leave_column(rec.leave, t.list_by_week.weeks)];
    ++row[step];
  }
  // A pathway of queue q treated at `step` (workers call this at once for different queues: it writes only t
  // and queue q's own outcome): Treating's counts for one pathway. The group counts of the final year and the
  // queue's recent waits are out of line.
  void treated(Tally& t, size_t q, const Record& rec, std::int32_t end_day, int step) {
    Treating(*this, t, q, end_day, step)(rec);
  }
  // treated() for the pathways of queue q treated at `step`, one after another, with what it reads held in
  // locals: the stores of a serve loop would otherwise make the compiler reload each member at every
  // treatment.
  class Treating {
   public:
    Treating(Recorder& recorder, Tally& t, size_t q, std::int32_t end_day, int step)
        : recorder_(recorder),
          t_(t),
          q_(q),
          end_day_(end_day),
          step_(step),
          late_(step >= recorder.first_recorded_step_),
          start_day_(recorder.start_day()),
          live_(t.list_by_week.live.empty() ? nullptr : t.list_by_week.live.data()),
          booked_(t.list_by_week.booked.data()),
          row_length_(t.list_by_week.row_length()),
          weeks_(t.list_by_week.weeks),
          due_days_(recorder.m_.policy.due_days.data()),
          treated_(t.treated_by_priority.data()),
          after_due_(t.treated_after_due_by_priority.data()) {}
    void operator()(const Record& rec) {
      if (live_ != nullptr) {
        const size_t i = ListByWeek::slot(rec.clock_start - start_day_);
        --live_[i];
        --booked_[i * row_length_ + RecordStore::leave_column(rec.leave, weeks_)];
      }
      const std::int32_t wait = end_day_ - rec.clock_start;
      const auto priority = static_cast<size_t>(priority_of(rec.profile_id()));
      ++treated_[priority];
      after_due_[priority] += wait > due_days_[priority] ? 1 : 0;
      if (late_) recorder_.treated_late(t_, q_, rec, wait, step_);
    }

   private:
    Recorder& recorder_;
    Tally& t_;
    size_t q_;
    std::int32_t end_day_;
    int step_;
    bool late_;
    std::int32_t start_day_;
    std::int64_t* live_;  // null when the list is not counted by week
    std::int32_t* booked_;
    size_t row_length_;
    int weeks_;
    const int* due_days_;
    std::int64_t *treated_, *after_due_;
  };
  // Whether the month-end list comes from the counts by clock-start week (else from a scan of the records).
  bool counts_list() const { return counts_list_; }
  // Walks queue q's live records once (dropping those that have left by `step`): the list's wait-band
  // histogram into t.list and, when `groups`, the end-of-horizon group histograms and priority counts.
  void scan_queue(Tally& t, RecordStore& store, size_t q, int step, std::int32_t end_day, bool groups) const;

  // The step's flows counted by the workers (referrals by clock-start day from `first_day`, treatments,
  // other removals), spread over the months its days fall in; the tallies' step counters are reset.
  void step_flows(std::vector<Tally>& tallies, int step, std::int32_t first_day);
  // Whether the month closed at `step` needs a scan of its own (no snapshot was taken in the month).
  bool close_needs_scan(int step) const;
  // After the workers scanned the whole list at `step`: the month-end list is the sum of their tallies.
  void list_scanned(std::vector<Tally>& tallies);
  // The month-end list at the end of `step` from the workers' counts by clock-start week.
  void list_counted(const std::vector<Tally>& tallies, int step);
  // At a step holding a month's snapshot day, after list_scanned: the month-end waiting list.
  void snapshot(std::int32_t end_day);
  // At a month's last step (after list_scanned when close_needs_scan): emits the month.
  void close_month(int step);
  // At the end: merges the workers' treatment and end-of-horizon counts into the result.
  void finish(const std::vector<Tally>& tallies);

 private:
  // treated()'s part for the final year's group counts and the queue's recent waits.
  void treated_late(Tally& t, size_t q, const Record& rec, std::int32_t wait, int step);
  size_t month_index(std::int32_t day) const;
  void add_flow(std::vector<double>& acc, size_t i, double count);
  std::int32_t start_day() const { return static_cast<std::int32_t>(m_.start.time_since_epoch().count()); }

  const SimModel& m_;
  const ProfileFields* fields_;  // profile_table(), looked up once: no call per treatment
  bool counts_list_ = false;
  int first_recorded_step_ = 0;  // the first step of the final year or of the quoted-wait window
  ReplicationResult r_;
  WaitHistogram month_hist_;
  std::optional<YearMonth> snapshot_month_;
  std::vector<double> referrals_by_month_, treated_by_month_,
      other_by_month_;  // by month after month_of(start)
};

}  // namespace elective::sim::detail
