#pragma once
// A patient's attributes packed into 16 bits, so that a waiting-list record stays 8 bytes: priority (8
// codes), IMD decile (0 = unknown, 1..10), ethnic group (6), age band (6) and sex (4): 8 x 11 x 6 x 6 x 4 =
// 12,672 values. Decoding goes through a small table built once.
#include <array>
#include <cstdint>

#include "data/patient_list.hpp"

namespace elective::sim {

using Profile = std::uint16_t;
inline constexpr int kProfileCount =
    data::kPriorityCount * 11 * data::kEthnicGroupCount * data::kAgeBandCount * data::kSexCount;

struct ProfileFields {
  data::Priority priority;
  std::uint8_t imd_decile;
  data::EthnicGroup ethnic_group;
  data::AgeBand age_band;
  data::Sex sex;
  std::uint8_t imd_quintile;  // derived: 0 unknown, 1..5
  bool child;                 // derived: age band 0-17
};

constexpr Profile pack_profile(data::Priority priority, int imd_decile, data::EthnicGroup ethnic,
                               data::AgeBand age, data::Sex sex) {
  int v = static_cast<int>(priority);
  v = v * 11 + imd_decile;
  v = v * data::kEthnicGroupCount + static_cast<int>(ethnic);
  v = v * data::kAgeBandCount + static_cast<int>(age);
  v = v * data::kSexCount + static_cast<int>(sex);
  return static_cast<Profile>(v);
}

// The priority of a profile without the table: it is the outermost field (a division by a constant, for the
// engine's per-treatment path).
constexpr data::Priority priority_of(Profile p) {
  return static_cast<data::Priority>(p /
                                     (11 * data::kEthnicGroupCount * data::kAgeBandCount * data::kSexCount));
}

// The decoded fields of every profile value.
const std::array<ProfileFields, kProfileCount>& profile_table();
inline const ProfileFields& fields_of(Profile p) {
  return profile_table()[p];
}

}  // namespace elective::sim
