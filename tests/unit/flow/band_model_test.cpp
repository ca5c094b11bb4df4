#include "flow/band_model.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <pcg_random.hpp>
#include <random>

namespace elective::flow {
namespace {

double total(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

TEST(BandModel, AgeingMovesWholeWeeksAndSplitsTheFraction) {
  std::vector<double> list(kBands, 0.0), out;
  list[10] = 70;
  age_and_admit(list, 31, 0, out);  // 31 days = 4 weeks + 3/7
  EXPECT_NEAR(out[14], 70 * 4.0 / 7.0, 1e-9);
  EXPECT_NEAR(out[15], 70 * 3.0 / 7.0, 1e-9);
  EXPECT_NEAR(total(out), 70, 1e-9);
}

TEST(BandModel, ReferralsFillTheFirstBandsEvenly) {
  std::vector<double> list(kBands, 0.0), out;
  age_and_admit(list, 28, 400, out);
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(out[static_cast<size_t>(k)], 100, 1e-9);
  EXPECT_NEAR(out[4], 0, 1e-12);
}

TEST(BandModel, TopBandIsOpen) {
  std::vector<double> list(kBands, 0.0), out;
  list[103] = 10;
  list[104] = 5;
  age_and_admit(list, 30, 0, out);
  EXPECT_NEAR(out[104], 15, 1e-9);
}

TEST(BandModel, ProportionalAllocationRespectsCapsAndTotals) {
  std::vector<double> w{1, 1, 10}, avail{100, 100, 5}, got(3, 0.0);
  const double given = allocate_proportional(50, w, avail, got);
  EXPECT_NEAR(given, 50, 1e-9);
  EXPECT_NEAR(got[2], 5, 1e-9);  // capped
  EXPECT_NEAR(got[0], 22.5, 1e-9);
  EXPECT_NEAR(got[1], 22.5, 1e-9);
  std::vector<double> all(3, 0.0);
  EXPECT_NEAR(allocate_proportional(1000, w, avail, all), 205, 1e-9);  // cannot treat more than the list
}

TEST(BandModel, CalibratedRuleMatchesNhsRttProportionalShare) {
  BandRates rates;
  rates.treat_weight.assign(kBands, 0.0);
  rates.treat_weight[0] = 1;
  rates.treat_weight[1] = 3;
  rates.other_rate.assign(kBands, 0.0);
  BandModel model(rates, {});
  std::vector<double> list(kBands, 0.0);
  list[0] = 0;
  MonthDrivers d;
  d.days = 7;  // one week: referrals fill band 0, band 0 ages to band 1
  d.referrals = 100;
  d.capacity = 60;
  list[0] = 100;  // moves to band 1
  const MonthFlows f = model.step(list, d);
  EXPECT_NEAR(f.treated, 60, 1e-9);
  // weights x stock: band 0: 1*100, band 1: 3*100 -> 15 and 45 treated.
  EXPECT_NEAR(list[0], 85, 1e-9);
  EXPECT_NEAR(list[1], 55, 1e-9);
}

TEST(BandModel, InTurnTreatsTheOldestAfterThePriorityShare) {
  BandRates rates;
  rates.other_rate.assign(kBands, 0.0);
  AllocationPolicy p;
  p.rule = RemovalRule::in_turn;
  p.urgent_share = 0;
  BandModel model(rates, p);
  std::vector<double> list(kBands, 0.0);
  list[50] = 30;
  list[10] = 30;
  MonthDrivers d;
  d.days = 28;
  d.capacity = 40;
  model.step(list, d);
  EXPECT_NEAR(list[54], 0, 1e-9);
  EXPECT_NEAR(list[14], 20, 1e-9);
}

TEST(BandModel, LongWaitsFirstServesBandsOverTheThresholdFirst) {
  BandRates rates;
  rates.other_rate.assign(kBands, 0.0);
  AllocationPolicy p;
  p.rule = RemovalRule::long_waits_first;
  p.urgent_share = 0;
  p.long_wait_threshold_weeks = 40;
  BandModel model(rates, p);
  std::vector<double> list(kBands, 0.0);
  list[50] = 30;
  list[10] = 30;
  list[20] = 30;
  MonthDrivers d;
  d.days = 28;
  d.capacity = 40;
  model.step(list, d);
  EXPECT_NEAR(list[54], 0, 1e-9);
  // The remaining 10 are shared by the calibrated pattern (equal weights): 5 and 5.
  EXPECT_NEAR(list[14], 25, 1e-9);
  EXPECT_NEAR(list[24], 25, 1e-9);
}

TEST(BandModel, ValidationRemovesAShareOfEveryBand) {
  BandRates rates;
  rates.other_rate.assign(kBands, 0.0);
  BandModel model(rates, {});
  std::vector<double> list(kBands, 10.0);
  MonthDrivers d;
  d.days = 30;
  d.validation_share = 0.1;
  const MonthFlows f = model.step(list, d);
  EXPECT_NEAR(total(list), 10.0 * kBands * 0.9, 1e-6);
  EXPECT_NEAR(f.other, 10.0 * kBands * 0.1, 1e-6);
}

}  // namespace
}  // namespace elective::flow
