#pragma once
// Mutual aid (part of the engine, sim/engine.cpp): every few weeks, pathways waiting at least the threshold
// are offered a move to a queue of the same treatment function with a shorter expected wait (list /
// capacity), in reach (same region, within the travel distance) and with room (a share of its weekly capacity
// per round). A pathway is offered once; accepting keeps its clock start.
#include <cstdint>
#include <vector>

#include <pcg_random.hpp>

#include "sim/engine.hpp"
#include "sim/record_store.hpp"

namespace elective::sim::detail {

class MutualAidRounds {
 public:
  explicit MutualAidRounds(const SimModel& model);

  // One round at the end of `step`: `capacity_now[q]` is each queue's capacity this week. Records offers and
  // moves in `outcome`; draws one uniform number per offer.
  void run(RecordStore& store, const std::vector<double>& capacity_now, int step, std::int32_t end_day,
           pcg64& rng, MutualAidOutcome& outcome);

 private:
  double acceptance(const ProfileFields& f) const;
  bool reachable(size_t from, size_t to) const;

  const SimModel& m_;
  std::vector<std::vector<std::uint32_t>> queues_by_tfc_;
  std::vector<Record> kept_;
};

}  // namespace elective::sim::detail
