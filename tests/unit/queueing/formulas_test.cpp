#include "queueing/formulas.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"

namespace elective::queueing {
namespace {

// The worked example of Fong et al. (2022), the P4 ENT list (domain.md 7.4): demand 30/week, capacity
// 27/week, 1,200 waiting, target 52 weeks, mean wait 63 weeks.
TEST(QueueFormulas, PaperWorkedExample) {
  EXPECT_NEAR(queue_load(30, 27), 1.111, 0.001);
  EXPECT_DOUBLE_EQ(target_mean_wait(52), 13);
  EXPECT_DOUBLE_EQ(target_queue_size(30, 52), 390);
  EXPECT_NEAR(relief_capacity(30, 1200, 390), 30 + 810.0 / 26, 1e-12);
  EXPECT_NEAR(relief_capacity(30, 1200, 390), 61.15, 0.005);
  EXPECT_NEAR(target_capacity(30, 52), 30.08, 0.005);
  EXPECT_NEAR(target_capacity(30, 52), 30 + 4.0 / 52, 1e-12);
  EXPECT_NEAR(waiting_list_pressure(63, 52), 2.42, 0.005);
  // The P2 list: 220 waiting, mean wait 24 weeks, target 4 weeks.
  EXPECT_DOUBLE_EQ(waiting_list_pressure(24, 4), 12.0);
}

TEST(QueueFormulas, TargetCapacityHalvesTheSumOfSquaredCvs) {
  // Follows the package code ((ca^2 + cs^2) / 2), not its docstring.
  EXPECT_DOUBLE_EQ(target_capacity(10, 4, 4, 1, 1), 10 + 1.0 * 4 / 4);
  EXPECT_DOUBLE_EQ(target_capacity(10, 4, 4, 2, 0), 10 + 2.0 * 4 / 4);
  EXPECT_DOUBLE_EQ(target_capacity(10, 4, 4, 0, 0), 10);
}

TEST(QueueFormulas, ReliefCapacityMarginForUncertainDemand) {
  // 2 * 30 * 1 / sqrt(14400) = 0.5 -> demand' = 60.
  EXPECT_DOUBLE_EQ(relief_capacity(30, 390, 390, 26, 14400, 1), 60);
  // Margin >= 1: no adjustment.
  EXPECT_DOUBLE_EQ(relief_capacity(30, 390, 390, 26, 100, 1), 30);
}

TEST(QueueFormulas, ExponentialMissShareMatchesFactorRationale) {
  EXPECT_NEAR(1 - share_within_target(13, 52), 0.0183, 0.0001);        // factor 4: about 1.8% miss
  EXPECT_NEAR(1 - share_within_target(52.0 / 6, 52), 0.0025, 0.0001);  // factor 6: about 0.25%
}

TEST(AnalyseQueue, ReportsFlagsAndEstimatesMeanWaitByLittlesLaw) {
  QueueInputs in;
  in.demand = 30;
  in.capacity = 27;
  in.target_wait = 52;
  in.queue_size = 1200;
  const QueueReport r = analyse_queue(in);
  EXPECT_TRUE(r.load_too_big);
  EXPECT_TRUE(r.queue_too_big);
  ASSERT_TRUE(r.relief_capacity);
  EXPECT_NEAR(*r.relief_capacity, 61.15, 0.005);
  ASSERT_TRUE(r.mean_wait);
  EXPECT_TRUE(r.mean_wait_estimated);
  EXPECT_DOUBLE_EQ(*r.mean_wait, 40);
  EXPECT_DOUBLE_EQ(*r.pressure, 80.0 / 52);

  in.mean_wait = 63;
  const QueueReport given = analyse_queue(in);
  EXPECT_FALSE(given.mean_wait_estimated);
  EXPECT_NEAR(*given.pressure, 2.42, 0.005);
}

TEST(AnalyseQueue, WithoutQueueSizeThereIsNoReliefOrPressure) {
  QueueInputs in;
  in.demand = 30;
  in.capacity = 40;
  in.target_wait = 18;
  const QueueReport r = analyse_queue(in);
  EXPECT_FALSE(r.load_too_big);
  EXPECT_FALSE(r.relief_capacity);
  EXPECT_FALSE(r.pressure);
}

TEST(AnalyseQueue, RejectsImpossibleInputsNamingTheOption) {
  QueueInputs in;
  in.demand = 30;
  in.capacity = 0;
  in.target_wait = 18;
  try {
    analyse_queue(in);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--capacity"), std::string::npos);
  }
  in.capacity = 10;
  in.target_wait = -1;
  EXPECT_THROW(analyse_queue(in), InputError);
  in.target_wait = 18;
  in.queue_size = -5;
  EXPECT_THROW(analyse_queue(in), InputError);
  in.queue_size = std::nullopt;
  in.demand = std::nan("");
  EXPECT_THROW(analyse_queue(in), InputError);
}

}  // namespace
}  // namespace elective::queueing
