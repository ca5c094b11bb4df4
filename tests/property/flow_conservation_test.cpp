// Property: the band model conserves patients exactly. For random lists, rates, rules and flows,
// list_after = list_before + referrals - treated - other, no band goes negative, and treatments never
// exceed capacity.
#include <gtest/gtest.h>

#include <numeric>
#include <pcg_random.hpp>
#include <random>

#include "flow/band_model.hpp"

namespace elective::flow {
namespace {

TEST(FlowConservation, EveryStepConservesPatients) {
  pcg64 rng(20240701u);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int trial = 0; trial < 500; ++trial) {
    BandRates rates;
    for (auto& w : rates.treat_weight) w = u(rng) < 0.1 ? 0.0 : u(rng) * 5;
    const double r = u(rng) * 0.05;
    rates.other_rate.assign(kBands, r);
    // State-dependent and time-varying hazards (docs/forecast.md "Dynamics") in half the trials.
    if (trial % 2 == 1) {
      rates.tails.push_back({18, 0.05 + 0.5 * u(rng), u(rng)});
      rates.tails.push_back({52, 0.01 + 0.1 * u(rng), u(rng)});
      rates.treat_trend.assign(kBands, 0.0);
      for (auto& t : rates.treat_trend) t = (u(rng) - 0.5) * 0.1;
      rates.trend_damping = u(rng);
    }
    AllocationPolicy policy;
    std::vector<PolicyKind> forecast;
    for (const Policy& p : policies())
      if (p.forecast) forecast.push_back(p.value);
    policy.rule = forecast[static_cast<size_t>(trial) % forecast.size()];
    policy.urgent_share = u(rng);
    policy.long_wait_threshold_weeks = static_cast<int>(u(rng) * 104);
    BandModel model(rates, policy);
    std::vector<double> list(kBands);
    for (auto& n : list) n = u(rng) < 0.2 ? 0.0 : u(rng) * 1e5;
    for (int month = 0; month < 24; ++month) {
      const double before = std::accumulate(list.begin(), list.end(), 0.0);
      MonthDrivers d;
      d.days = 28 + static_cast<int>(u(rng) * 4);
      d.referrals = u(rng) * 2e6;
      // Sometimes more capacity than patients, to exercise the caps.
      d.capacity = u(rng) < 0.1 ? 1e9 : u(rng) * 2e6;
      d.validation_share = u(rng) < 0.05 ? u(rng) * 0.2 : 0.0;
      d.months_ahead = month + 1;
      if (trial % 4 == 3) d.other_share = u(rng) * 0.1;
      const MonthFlows f = model.step(list, d);
      const double after = std::accumulate(list.begin(), list.end(), 0.0);
      ASSERT_NEAR(after, before + f.referrals - f.treated - f.other, 1e-9 * (before + d.referrals + 1));
      ASSERT_LE(f.treated, d.capacity * (1 + 1e-12));
      for (double n : list) ASSERT_GE(n, 0.0);
    }
  }
}

}  // namespace
}  // namespace elective::flow
