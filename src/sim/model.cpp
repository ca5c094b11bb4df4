#include "sim/model.hpp"

#include "core/error.hpp"

namespace elective::sim {

void SimModel::finalise_calendar() {
  if (weeks <= 0 || weeks > 65000) throw InputError("simulation horizon must be 1 to 65,000 weeks");
  step_month.resize(static_cast<size_t>(weeks));
  month_end.assign(static_cast<size_t>(weeks), false);
  for (int s = 0; s < weeks; ++s) step_month[static_cast<size_t>(s)] = month_of(start + std::chrono::days{7 * (s + 1)});
  for (int s = 0; s < weeks; ++s) {
    month_end[static_cast<size_t>(s)] =
        s == weeks - 1 || step_month[static_cast<size_t>(s) + 1] != step_month[static_cast<size_t>(s)];
  }
  auto fill = [&](std::vector<double>& v, double value) {
    if (v.empty()) v.assign(static_cast<size_t>(weeks), value);
    if (v.size() != static_cast<size_t>(weeks)) throw RuntimeError("simulation model: weekly series of wrong length");
  };
  fill(drivers.referral_factor, 1.0);
  fill(drivers.capacity_factor, 1.0);
  fill(drivers.extra_referrals, 0.0);
  fill(drivers.independent_sector, 0.0);
  if (referral_mix.empty()) {
    std::vector<double> w(kProfileCount, 0.0);
    w[pack_profile(data::Priority::none, 0, data::EthnicGroup::unknown, data::AgeBand::unknown, data::Sex::unknown)] =
        1.0;
    referral_mix = AliasTable(w);
  }
}

}  // namespace elective::sim
