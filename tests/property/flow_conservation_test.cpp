// Property: the band model conserves patients exactly. For random lists, rates, rules and flows,
// list_after = list_before + referrals - treated - other, no band goes negative, and treatments never
// exceed capacity.
#include <gtest/gtest.h>

#include <numeric>
#include <pcg_random.hpp>
#include <random>

#include "core/band_layout.hpp"
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

// The same engine on any list's weekly layout (issue 12): for RTT (105 bands to 104+) and DM01 (14 bands to
// 13+) the model conserves patients, keeps every band non-negative and the list at the layout's band count.
void conserves_on_layout(const ListDefinition& list, std::uint64_t seed) {
  const auto bands = static_cast<size_t>(list.bands.band_count());
  pcg64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<PolicyKind> forecast;
  for (const Policy& p : policies())
    if (p.forecast) forecast.push_back(p.value);
  for (int trial = 0; trial < 300; ++trial) {
    BandRates rates;
    rates.treat_weight.assign(bands, 0.0);
    for (auto& w : rates.treat_weight) w = u(rng) < 0.1 ? 0.0 : u(rng) * 5;
    rates.other_rate.assign(bands, u(rng) * 0.05);
    if (trial % 2 == 1) {
      rates.tails.push_back({list.standard, 0.05 + 0.5 * u(rng), u(rng)});
      rates.treat_trend.assign(bands, 0.0);
      for (auto& t : rates.treat_trend) t = (u(rng) - 0.5) * 0.1;
    }
    AllocationPolicy policy;
    policy.rule = forecast[static_cast<size_t>(trial) % forecast.size()];
    policy.urgent_share = u(rng);
    policy.long_wait_threshold_weeks = static_cast<int>(u(rng) * static_cast<double>(bands + 5));
    BandModel model(rates, policy);
    ASSERT_EQ(model.band_count(), bands);
    std::vector<double> waiting(bands);
    for (auto& n : waiting) n = u(rng) < 0.2 ? 0.0 : u(rng) * 1e5;
    for (int month = 0; month < 24; ++month) {
      const double before = std::accumulate(waiting.begin(), waiting.end(), 0.0);
      MonthDrivers d;
      d.days = 28 + static_cast<int>(u(rng) * 4);
      d.referrals = u(rng) * 2e6;
      d.capacity = u(rng) < 0.1 ? 1e9 : u(rng) * 2e6;
      d.validation_share = u(rng) < 0.05 ? u(rng) * 0.2 : 0.0;
      d.months_ahead = month + 1;
      if (trial % 4 == 3) d.other_share = u(rng) * 0.1;
      if (trial % 4 == 2) d.other_volume = u(rng) * 1e5;
      const MonthFlows f = model.step(waiting, d);
      ASSERT_EQ(waiting.size(), bands);
      const double after = std::accumulate(waiting.begin(), waiting.end(), 0.0);
      ASSERT_NEAR(after, before + f.referrals - f.treated - f.other, 1e-9 * (before + d.referrals + 1))
          << list.name << " trial " << trial << " month " << month;
      ASSERT_LE(f.treated, d.capacity * (1 + 1e-12));
      for (double n : waiting) ASSERT_GE(n, 0.0);
    }
  }
}

TEST(FlowConservation, ConservesPatientsOnTheRttLayout) {
  conserves_on_layout(rtt_list(), 12u);
}

TEST(FlowConservation, ConservesPatientsOnTheDm01Layout) {
  conserves_on_layout(dm01_list(), 13u);
}

// Ageing on a short layout keeps everyone: patients who pass the open band's edge stay in it.
TEST(FlowConservation, AgeingOnTheDm01LayoutFillsTheOpenBand) {
  const auto bands = static_cast<size_t>(dm01_list().bands.band_count());
  std::vector<double> waiting(bands, 0.0), out;
  waiting[12] = 70;  // 12 weeks: after 31 days (4.43 weeks) all are 16+ weeks, in the 13+ band
  waiting[5] = 70;   // 5 weeks: 9.43 weeks, split between bands 9 and 10
  age_and_admit(waiting, 31, 0, out);
  ASSERT_EQ(out.size(), bands);
  EXPECT_DOUBLE_EQ(out[13], 70);
  EXPECT_NEAR(out[9] + out[10], 70, 1e-9);
  EXPECT_NEAR(out[9], 70 * (1 - 3.0 / 7.0), 1e-9);
}

}  // namespace
}  // namespace elective::flow
