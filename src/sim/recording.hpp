#pragma once
// What one replication records (part of the engine, sim/engine.cpp): the month-end waiting list and the
// month's flows, the waiting list by group at the end and the waits of the final year's treated pathways by
// group, priority outcomes, and each queue's recently treated waits (its quoted wait).
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/engine.hpp"
#include "sim/record_store.hpp"

namespace elective::sim::detail {

class Recorder {
 public:
  explicit Recorder(const SimModel& model);

  ReplicationResult& result() { return r_; }

  // A pathway of queue q treated at `step` after waiting `wait` days.
  void treated(size_t q, std::int32_t wait, const ProfileFields& f, int step);
  // `count` referrals with their clock start on `day`.
  void referrals(std::int32_t day, int count) { add_flow(referrals_by_month_, month_index(day), count); }
  // The step's treatments and other removals, spread over the months its days fall in.
  void step_flows(int step, double treated, double other);
  // At a step holding a month's snapshot day: the month-end waiting list.
  void snapshot(RecordStore& store, int step, std::int32_t end_day);
  // At a month's last step: emits the month (the list at its snapshot, the month's flows).
  void close_month(RecordStore& store, int step, std::int32_t end_day);
  // At the last step: the list by group and priority at the end of the horizon.
  void finish(RecordStore& store, int step, std::int32_t end_day) { scan(store, step, end_day, true); }

 private:
  void scan(RecordStore& store, int step, std::int32_t end_day, bool groups);
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
