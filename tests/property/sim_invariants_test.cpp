// Property tests of the patient-level engine: for many random small models (all policies, reserves, hazards,
// validation, mutual aid), pathways are conserved, group breakdowns add up to the list, no group count is
// negative, and the same seed gives the same result.
#include <gtest/gtest.h>
#include <pcg_random.hpp>

#include <random>

#include "sim/engine.hpp"

namespace elective::sim {
namespace {

SimModel random_model(pcg64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  SimModel m;
  m.start = Date{std::chrono::days{19000 + static_cast<int>(u(rng) * 400)}};
  m.weeks = 20 + static_cast<int>(u(rng) * 60);
  m.tfcs = {"C_110", "C_130"};
  const int providers = 1 + static_cast<int>(u(rng) * 4);
  for (int p = 0; p < providers; ++p)
    m.providers.push_back({"R" + std::to_string(100 + p), p % 2 ? "A" : "B", {}, {}});
  for (int p = 0; p < providers; ++p) {
    for (int t = 0; t < 2; ++t) {
      m.queues.push_back({static_cast<std::uint16_t>(p), static_cast<std::uint16_t>(t), 5 + u(rng) * 40,
                          5 + u(rng) * 45, u(rng) < 0.2 ? u(rng) * 5 : 0.0});
    }
  }
  std::vector<PolicyKind> simulated;
  for (const Policy& p : policies())
    if (p.simulation) simulated.push_back(p.value);
  m.policy.kind =
      simulated[static_cast<size_t>(u(rng) * static_cast<double>(simulated.size())) % simulated.size()];
  m.policy.long_wait_threshold_weeks = 10 + static_cast<int>(u(rng) * 40);
  m.urgent_reserve_share = u(rng) < 0.5 ? u(rng) * 0.2 : 0.0;
  if (u(rng) < 0.5) {
    m.calibrated_share = u(rng);
    for (int k = 0; k <= kCurrentTopBand; ++k) m.treat_weight.push_back(u(rng) < 0.1 ? 0.0 : u(rng));
  }
  std::vector<double> mix(kProfileCount, 0.0);
  for (int i = 0; i < 40; ++i) mix[static_cast<size_t>(u(rng) * kProfileCount) % kProfileCount] = u(rng);
  m.referral_mix = AliasTable(mix);
  const int initial = static_cast<int>(u(rng) * 3000);
  const auto day0 = static_cast<std::int32_t>(m.start.time_since_epoch().count());
  for (int i = 0; i < initial; ++i) {
    m.initial.push_back({static_cast<std::uint32_t>(u(rng) * static_cast<double>(m.queues.size())) %
                             static_cast<std::uint32_t>(m.queues.size()),
                         day0 - static_cast<std::int32_t>(u(rng) * 900),
                         static_cast<Profile>(m.referral_mix.sample(rng()))});
  }
  if (u(rng) < 0.7) {
    m.drivers.removal.weekly = {u(rng) * 0.01, u(rng) * 0.02, u(rng) * 0.03};
    for (auto& x : m.drivers.removal.imd_quintile_multiplier) x = 0.5 + u(rng);
  }
  if (u(rng) < 0.3) m.drivers.validation.push_back({static_cast<int>(u(rng) * m.weeks), u(rng) * 0.2, 4});
  m.mutual_aid.enabled = u(rng) < 0.5;
  m.mutual_aid.threshold_weeks = 5 + static_cast<int>(u(rng) * 30);
  m.mutual_aid.every_weeks = 1 + static_cast<int>(u(rng) * 4);
  m.mutual_aid.same_region = u(rng) < 0.5;
  m.mutual_aid.min_advantage_weeks = u(rng) * 4;
  m.finalise_calendar();
  return m;
}

TEST(SimPropertyTest, ConservationAndBreakdownsOnRandomModels) {
  pcg64 rng(20251122, 1);
  for (int trial = 0; trial < 150; ++trial) {
    SCOPED_TRACE(trial);
    const SimModel m = random_model(rng);
    const auto r = run_replication(m, 11, static_cast<std::uint64_t>(trial));
    ASSERT_FALSE(r.months.empty());
    // Pathways are conserved over the whole horizon (the list at the final step).
    double end = 0;
    for (const auto& h : r.list_by_group[static_cast<size_t>(Dimension::provider)]) end += h.total();
    EXPECT_NEAR(
        static_cast<double>(m.initial.size()) + r.referrals_total - r.treated_total - r.other_removals_total,
        end, 1e-6);
    for (int d = 0; d < kDimensionCount; ++d) {
      double sum = 0;
      for (const auto& h : r.list_by_group[static_cast<size_t>(d)]) {
        for (double c : h.counts) EXPECT_GE(c, 0);
        sum += h.total();
      }
      EXPECT_NEAR(sum, end, 1e-6) << dimension_name(static_cast<Dimension>(d));
    }
    double waiting = 0;
    for (const auto& p : r.priority) {
      waiting += p.waiting_at_end;
      EXPECT_LE(p.treated_after_due, p.treated);
      EXPECT_LE(p.waiting_past_due_at_end, p.waiting_at_end);
    }
    EXPECT_NEAR(waiting, end, 1e-6);
    EXPECT_LE(r.mutual_aid.moved, r.mutual_aid.offered);
    if (!m.mutual_aid.enabled) {
      EXPECT_EQ(r.mutual_aid.offered, 0);
    }
    for (const auto& month : r.months) EXPECT_GE(month.list_size, 0);
    if (trial % 10 == 0) {
      const auto again = run_replication(m, 11, static_cast<std::uint64_t>(trial));
      EXPECT_EQ(again.treated_total, r.treated_total);
      EXPECT_EQ(again.months.back().list_size, r.months.back().list_size);
    }
  }
}

}  // namespace
}  // namespace elective::sim
