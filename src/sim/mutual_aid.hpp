#pragma once
// Mutual aid (part of the engine, sim/engine.cpp): every few weeks, pathways waiting at least the threshold
// are offered a move to a queue of the same treatment function with a shorter expected wait (list /
// capacity), in reach (same region, within the travel distance) and with room (a share of its weekly capacity
// per round). A pathway is offered once; accepting keeps its clock start.
//
// Reach is fixed for a run and computed once per provider pair: never the same provider; never a merged row
// of the provider months file (its patients are at several sites, so no distance can be measured); with
// same_region, only a provider of the same known region; with travel_km, only a provider whose great-circle
// distance is known and within it.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <pcg_random.hpp>

#include "sim/engine.hpp"
#include "sim/record_store.hpp"

namespace elective::sim::detail {

// Great-circle (haversine) distance in km on a sphere of radius 6371 km.
double great_circle_km(double lat1, double lon1, double lat2, double lon2);
// Whether provider `b` is in reach of a long waiter of provider `a` by region and distance (see above; a != b
// and merged groups are the caller's).
bool in_reach(const MutualAid& aid, const ProviderInfo& a, const ProviderInfo& b);

class MutualAidRounds {
 public:
  explicit MutualAidRounds(const SimModel& model);

  // One round at the end of `step`: `capacity_now[q]` is each queue's capacity this week. Records offers and
  // moves in `outcome`; draws one uniform number per offer.
  void run(RecordStore& store, const std::vector<double>& capacity_now, int step, std::int32_t end_day,
           pcg64& rng, MutualAidOutcome& outcome);

 private:
  double acceptance(const ProfileFields& f) const;

  const SimModel& m_;
  size_t providers_ = 0;
  // Where each queue's long waiters may go: the queues of the same treatment function at other providers in
  // reach, in queue order (the order of ties), as one array ([peer_first_[q], peer_first_[q + 1]) for queue
  // q). A round looks for a destination for every queue, and again after every move that fills one, so it
  // reads these few instead of every queue of the treatment function with a look-up of provider pairs each.
  std::vector<std::uint32_t> peer_first_, peers_;
  std::vector<Record> kept_;
};

}  // namespace elective::sim::detail
