// The leave-step draws: the sampler's start-list search (cut to the horizon, an early exit for pathways that
// do not leave, a start from its bucket index) and its branch-free referral draw give exactly the steps of
// the definitions written out plainly here.
#include "sim/removal_hazard.hpp"

#include <gtest/gtest.h>
#include <pcg_random.hpp>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "sim/random_draws.hpp"

namespace elective::sim::detail {
namespace {

// A model of `weeks` steps whose start list waits from 0 to `max_wait_weeks` (the sampler's table length).
SimModel model_with(int weeks, int max_wait_weeks) {
  SimModel m;
  m.weeks = weeks;
  m.start = Date{std::chrono::days{20000}};
  m.initial.push_back(InitialPatient{0, 20000 - 7 * max_wait_weeks, 0});
  return m;
}

// The hazard written out: H[j] = -log S(j) over `len` weeks for a group's multiplier, as the sampler builds
// it.
std::vector<double> cumulative(const RemovalHazard& hazard, double mult, size_t len) {
  std::vector<double> H(len + 1, 0.0);
  for (size_t j = 0; j < len; ++j) {
    const double h = std::clamp(hazard.weekly[std::min(j, hazard.weekly.size() - 1)] * mult, 0.0, 0.999999);
    H[j + 1] = H[j] - std::log1p(-h);
  }
  return H;
}

// Checks for_waiting against the definition for waits from -2 to max_wait weeks (profile 0, whose group has
// the multiplier `mult`); returns how many draws left within the horizon and how many did not.
std::pair<int, int> check_start_list_steps(const RemovalHazard& hazard, double mult, int weeks,
                                           int max_wait) {
  const SimModel m = model_with(weeks, max_wait);
  const LeaveSampler sampler(m, hazard);
  EXPECT_TRUE(sampler.active());
  const std::vector<double> H = cumulative(hazard, mult, static_cast<size_t>(max_wait + weeks + 2));
  const Profile profile = 0;
  pcg64 rng(7, 3);
  int leaving = 0, staying = 0;
  for (int wait = -2; wait <= max_wait; ++wait) {
    for (int round = 0; round < 400; ++round) {
      const std::uint64_t bits = rng();
      // The definition: an exponential draw above H[w0], the first later week whose H exceeds it.
      const size_t w0 = static_cast<size_t>(std::max(0, wait));
      const double e = -std::log(1.0 - uniform01_of(bits)) + H[w0];
      std::uint16_t want = kNever;
      for (size_t j = w0 + 1; j < H.size(); ++j) {
        if (H[j] > e) {
          const auto s = static_cast<std::int64_t>(j) - 1 - static_cast<std::int64_t>(w0);
          if (s < weeks) want = static_cast<std::uint16_t>(s);
          break;
        }
      }
      (want == kNever ? staying : leaving) += 1;
      EXPECT_EQ(sampler.for_waiting(wait, profile, bits), want) << "wait " << wait << " round " << round;
      if (sampler.for_waiting(wait, profile, bits) != want) return {leaving, staying};
    }
  }
  return {leaving, staying};
}

TEST(LeaveSampler, StartListStepIsTheFirstWeekPastTheDrawnHazardAndNeverBeyondTheHorizon) {
  // Weekly hazards with stretches of zero (ties in H) and a high tail.
  RemovalHazard hazard;
  for (int j = 0; j < 30; ++j) hazard.weekly.push_back(j % 7 < 2 ? 0.0 : 0.002 * (j % 5 + 1));
  hazard.weekly.push_back(0.05);
  const auto [leaving, staying] = check_start_list_steps(hazard, 1.0, 40, 60);
  // Both outcomes are exercised.
  EXPECT_GT(leaving, 1000);
  EXPECT_GT(staying, 1000);
}

TEST(LeaveSampler, StartListStepHoldsForJumpsOfTheHazardAndForAGroupThatNeverLeaves) {
  // A hazard of zero for a year then near 1 (H jumps by about 14 a week: many buckets share one week), for a
  // group whose multiplier makes it certain, and for one whose multiplier is zero (H flat at zero).
  RemovalHazard hazard;
  hazard.weekly.assign(52, 0.0);
  hazard.weekly.push_back(0.02);
  hazard.weekly.push_back(0.9);
  hazard.imd_quintile_multiplier[0] = 1.5;  // profile 0's group (IMD unknown)
  const auto [leaving, staying] = check_start_list_steps(hazard, 1.5, 30, 80);
  EXPECT_GT(leaving, 1000);
  EXPECT_GT(staying, 1000);
  hazard.imd_quintile_multiplier[0] = 0.0;
  hazard.imd_quintile_multiplier[1] = 1.0;  // another group keeps the sampler active
  const auto [left, stayed] = check_start_list_steps(hazard, 0.0, 30, 80);
  EXPECT_EQ(left, 0);
  EXPECT_GT(stayed, 1000);
}

TEST(LeaveSampler, ReferralStepIsTheAliasDrawOfTheLeaveWeekOrNeverPastTheHorizon) {
  const int weeks = 30;
  RemovalHazard hazard;
  hazard.weekly = {0.01, 0.0, 0.03, 0.02, 0.0, 0.05};
  const SimModel m = model_with(weeks, 0);
  const LeaveSampler sampler(m, hazard);
  const std::vector<double> H = cumulative(hazard, 1.0, static_cast<size_t>(weeks + 2));
  std::vector<double> w(static_cast<size_t>(weeks) + 1);
  for (int k = 0; k < weeks; ++k)
    w[static_cast<size_t>(k)] =
        std::exp(-H[static_cast<size_t>(k)]) - std::exp(-H[static_cast<size_t>(k) + 1]);
  w[static_cast<size_t>(weeks)] = std::exp(-H[static_cast<size_t>(weeks)]);
  const AliasTable table(w);
  const std::uint8_t group = sampler.group_of(0);
  pcg64 rng(11, 5);
  int never = 0;
  for (int step = 0; step < weeks; ++step) {
    for (int round = 0; round < 300; ++round) {
      const std::uint64_t bits = rng();
      const std::int64_t s = step + static_cast<std::int64_t>(table.sample(bits));
      const std::uint16_t want = s >= weeks ? kNever : static_cast<std::uint16_t>(s);
      never += want == kNever ? 1 : 0;
      ASSERT_EQ(sampler.from_bits(step, group, bits), want) << "step " << step;
    }
  }
  EXPECT_GT(never, 100);
  EXPECT_LT(never, weeks * 300 - 100);
}

}  // namespace
}  // namespace elective::sim::detail
