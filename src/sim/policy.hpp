#pragma once
// Prioritisation policies as plain data + one function (in the manner of Ciw's queue disciplines): a policy
// splits a queue into sub-queues of patients that share every attribute the policy looks at, and gives each
// patient a score `score(subqueue, wait_days)`; the engine treats the highest score first. Within a sub-queue
// patients are kept in clock-start order and the score never decreases with the wait, so the best patient of
// a sub-queue is always its head and a whole queue needs only a comparison of heads.
//
//   in_turn            score = wait                        (clock-start order; urgent patients kept apart
//                                                           only so that a reserve can serve them)
//   clinical_priority  score = wait - window(P)            (earliest due date first, then in turn)
//   long_waits_first   waits >= threshold first (longest first), then as clinical_priority
//   equity             score = wait * (1 + w (3 - q)/2) - window(P)   (q = IMD quintile; 1 = most deprived)
//   weighted           score = a wait_weeks + b urgency(P) + c (5 - q)/4 + d [under 18]
#include <cstdint>
#include <vector>

#include "sim/model.hpp"
#include "sim/profile.hpp"

namespace elective::sim {

class PolicyKeys {
 public:
  explicit PolicyKeys(const PolicyParams& params);

  int subqueue_count() const { return count_; }
  std::uint8_t key_of(Profile p) const { return key_[p]; }
  bool urgent(int key) const { return urgent_[static_cast<size_t>(key)] != 0; }
  double score(int key, std::int32_t wait_days) const {
    if (wait_days >= long_wait_days_) return 1e9 + wait_days;
    return mult_[static_cast<size_t>(key)] * wait_days + offset_[static_cast<size_t>(key)];
  }

 private:
  int count_ = 1;
  std::int32_t long_wait_days_ = INT32_MAX;
  std::vector<std::uint8_t> key_;
  std::vector<std::uint8_t> urgent_;
  std::vector<double> mult_, offset_;
};

// Urgency of a priority code for the weighted policy (P1a 1 ... P4 0.25; P5/P6 deferred 0; none 0.25).
double urgency(data::Priority p);

}  // namespace elective::sim
