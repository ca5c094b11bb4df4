#include "sim/profile.hpp"

namespace elective::sim {

const std::array<ProfileFields, kProfileCount>& profile_table() {
  static const std::array<ProfileFields, kProfileCount> table = [] {
    std::array<ProfileFields, kProfileCount> t{};
    for (int v = 0; v < kProfileCount; ++v) {
      int r = v;
      const int sex = r % data::kSexCount;
      r /= data::kSexCount;
      const int age = r % data::kAgeBandCount;
      r /= data::kAgeBandCount;
      const int eth = r % data::kEthnicGroupCount;
      r /= data::kEthnicGroupCount;
      const int decile = r % 11;
      r /= 11;
      ProfileFields& f = t[static_cast<size_t>(v)];
      f.priority = static_cast<data::Priority>(r);
      f.imd_decile = static_cast<std::uint8_t>(decile);
      f.ethnic_group = static_cast<data::EthnicGroup>(eth);
      f.age_band = static_cast<data::AgeBand>(age);
      f.sex = static_cast<data::Sex>(sex);
      f.imd_quintile = static_cast<std::uint8_t>(data::imd_quintile_of_decile(decile));
      f.child = f.age_band == data::AgeBand::age_0_17;
    }
    return t;
  }();
  return table;
}

}  // namespace elective::sim
