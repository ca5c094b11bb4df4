#pragma once
// Removals other than treatment (part of the engine, sim/engine.cpp): the step at which a pathway will leave
// the list without treatment, drawn once when it joins, from the wait-dependent hazard of its group (IMD
// quintile x age band). This is statistically the same as drawing each week and needs one random number per
// pathway instead of one per pathway-week.
#include <cstdint>
#include <vector>

#include <pcg_random.hpp>

#include "sim/alias_table.hpp"
#include "sim/model.hpp"
#include "sim/record_store.hpp"

namespace elective::sim::detail {

class LeaveSampler {
 public:
  // `weeks` steps are simulated; the longest wait already on the list at the start sets the table length.
  LeaveSampler(const SimModel& model, const RemovalHazard& hazard);
  // The same, given the start list's longest wait (start_list_shape), which saves a pass over the list.
  LeaveSampler(const SimModel& model, const RemovalHazard& hazard, std::int32_t longest_wait_weeks);

  // The hazard group (IMD quintile x age band) of a profile, from a table of one byte per profile.
  std::uint8_t group_of(Profile profile) const { return group_of_[profile]; }
  // Whether a pathway's leave step is drawn at all (false when the hazard is zero everywhere).
  bool active() const { return active_; }
  // The step at which a referral of hazard group `group` joining at `step` leaves (kNever when not within
  // the horizon), from its one 64-bit draw `bits` (active() only). Inline: the referral path's hot call.
  std::uint16_t from_bits(int step, std::uint8_t group, std::uint64_t bits) const {
    return referral_draw()(step, group, bits);
  }
  // from_bits's tables by pointer, for a hot loop to hold in registers.
  struct ReferralDraw {
    const AliasTable::Entry* columns;  // the groups' tables, `count` apart
    std::uint32_t count;
    int weeks;
    std::uint16_t operator()(int step, std::uint8_t group, std::uint64_t bits) const {
      const auto k = AliasTable::sample_columns(columns + static_cast<size_t>(group) * count, count, bits);
      const auto s = static_cast<std::uint32_t>(step) + k;
      // kNever when s >= weeks, without a branch: whether a referral leaves within the horizon is a coin
      // toss for the CPU.
      const std::uint32_t later = 0u - static_cast<std::uint32_t>(s >= static_cast<std::uint32_t>(weeks));
      return static_cast<std::uint16_t>(s ^ ((s ^ kNever) & later));
    }
  };
  ReferralDraw referral_draw() const { return ReferralDraw{leave_columns_.data(), columns_, weeks_}; }
  // The same for a pathway already waiting `wait_weeks` at the start, given it has not left so far, from its
  // one 64-bit draw `bits` (active() only).
  std::uint16_t for_waiting(std::int32_t wait_weeks, Profile profile, std::uint64_t bits) const;

 private:
  int weeks_;
  bool active_ = false;
  // Per hazard group: cumulative hazard H[j] = -log S(j) by wait week (for pathways already waiting) and an
  // alias table over the leave week of a new referral (last outcome = not within the horizon); the groups'
  // tables are packed into one array, `columns_` (weeks + 1) apart, so that a draw is one load.
  std::vector<std::vector<double>> cum_hazard_;
  // Per hazard group, an index into H for the start list's search: H's range cut into kBuckets equal steps
  // of bucket_step_[g], and for bucket b the first week j with H[j] > b x step. A search starts there and
  // walks a week or two, where a binary search took nine dependent loads per pathway.
  static constexpr size_t kBuckets = 1024;
  std::vector<std::uint32_t> bucket_first_;         // [group][bucket]
  std::vector<double> bucket_step_, bucket_scale_;  // by group: the step, and 1 / step
  std::vector<AliasTable::Entry> leave_columns_;
  std::uint32_t columns_ = 0;
  std::vector<std::uint8_t> group_of_;  // by profile
};

}  // namespace elective::sim::detail
