#pragma once
// What one replication records (part of the engine, sim/engine.cpp): the month-end waiting list and the
// month's flows, the waiting list by group at the end and the waits of the final year's treated pathways by
// group, priority outcomes, and each queue's recently treated waits (its quoted wait).
//
// Queues of a step run on several workers (queue_workers.hpp), so what they count goes into one Tally per
// worker and is merged here. Every count is a whole number held exactly in a double, so the sums do not
// depend on which worker counted what or on the merge order: the results are the same bytes for any thread
// count.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/engine.hpp"
#include "sim/record_store.hpp"

namespace elective::sim::detail {

// What one worker counts: treatments and the list scanned at a month end, by group.
struct Tally {
  std::array<PriorityOutcome, data::kPriorityCount> priority{};
  std::array<std::vector<WaitHistogram>, kDimensionCount> treated_by_group, list_by_group;
  WaitHistogram list{kCurrentTopBand};  // the list of the queues this worker scanned
  // This step's flows.
  std::int64_t treated = 0, other = 0;
  std::array<std::int64_t, 7> referrals_by_day{};
};

class Recorder {
 public:
  explicit Recorder(const SimModel& model);

  ReplicationResult& result() { return r_; }
  Tally make_tally() const;

  // A pathway of queue q treated at `step` after waiting `wait` days (workers call this at once for
  // different queues: it writes only t and queue q's own outcome).
  void treated(Tally& t, size_t q, std::int32_t wait, const ProfileFields& f, int step);
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
  // At a step holding a month's snapshot day, after list_scanned: the month-end waiting list.
  void snapshot(std::int32_t end_day);
  // At a month's last step (after list_scanned when close_needs_scan): emits the month.
  void close_month(int step);
  // At the end: merges the workers' treatment and end-of-horizon counts into the result.
  void finish(const std::vector<Tally>& tallies);

 private:
  size_t month_index(std::int32_t day) const;
  void add_flow(std::vector<double>& acc, size_t i, double count);
  std::int32_t start_day() const { return static_cast<std::int32_t>(m_.start.time_since_epoch().count()); }

  const SimModel& m_;
  ReplicationResult r_;
  WaitHistogram month_hist_;
  std::optional<YearMonth> snapshot_month_;
  std::vector<double> referrals_by_month_, treated_by_month_,
      other_by_month_;  // by month after month_of(start)
};

}  // namespace elective::sim::detail
