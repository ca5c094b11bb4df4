// The leave-step draws: first_above is std::upper_bound without branches; the sampler's start-list search
// (cut to the horizon, with an early exit for pathways that do not leave) and its branch-free referral draw
// give exactly the steps of the definitions written out plainly here.
#include "sim/removal_hazard.hpp"

#include <gtest/gtest.h>
#include <pcg_random.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/random_draws.hpp"

namespace elective::sim::detail {
namespace {

TEST(FirstAbove, IsUpperBoundOnSortedArraysWithTiesAtEveryLength) {
  pcg64 rng(15, 2);
  for (size_t n = 0; n <= 70; ++n) {
    for (int round = 0; round < 40; ++round) {
      std::vector<double> h(n);
      for (auto& x : h) x = static_cast<double>(rng() % 20);  // small range: many ties
      std::sort(h.begin(), h.end());
      for (double v = -1.0; v <= 21.0; v += 0.5) {
        const auto want = std::upper_bound(h.begin(), h.end(), v) - h.begin();
        ASSERT_EQ(first_above(h.data(), h.data() + h.size(), v) - h.data(), want)
            << "length " << n << " value " << v;
      }
    }
  }
}

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

TEST(LeaveSampler, StartListStepIsTheFirstWeekPastTheDrawnHazardAndNeverBeyondTheHorizon) {
  const int weeks = 40;
  const int max_wait = 60;
  // Weekly hazards with stretches of zero (ties in H) and a high tail, on a group with multipliers 1.
  RemovalHazard hazard;
  for (int j = 0; j < 30; ++j) hazard.weekly.push_back(j % 7 < 2 ? 0.0 : 0.002 * (j % 5 + 1));
  hazard.weekly.push_back(0.05);
  const SimModel m = model_with(weeks, max_wait);
  const LeaveSampler sampler(m, hazard);
  ASSERT_TRUE(sampler.active());
  const std::vector<double> H = cumulative(hazard, 1.0, static_cast<size_t>(max_wait + weeks + 2));
  // A profile in the group of multiplier 1 (every multiplier is 1 here).
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
      ASSERT_EQ(sampler.for_waiting(wait, profile, bits), want) << "wait " << wait << " round " << round;
    }
  }
  // Both outcomes are exercised.
  EXPECT_GT(leaving, 1000);
  EXPECT_GT(staying, 1000);
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
