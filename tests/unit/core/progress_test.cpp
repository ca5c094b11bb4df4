#include "core/progress.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace elective {
namespace {

TEST(ProgressText, NoEstimateBeforeItMeansSomething) {
  EXPECT_EQ(progress_text("simulate", 0.0, 0.0), "simulate:   0%");
  EXPECT_EQ(progress_text("simulate", 0.02, 10.0), "simulate:   2%");  // under 3% done
  EXPECT_EQ(progress_text("simulate", 0.5, 1.0), "simulate:  50%");    // under 2 s elapsed
}

TEST(ProgressText, TimeLeftFromTheRateSoFar) {
  EXPECT_EQ(progress_text("forecast", 0.25, 3.0), "forecast:  25% (about 9 s left)");
  EXPECT_EQ(progress_text("simulate", 0.10, 10.0), "simulate:  10% (about 1 min 30 s left)");
  EXPECT_EQ(progress_text("solve", 0.5, 120.0), "solve:  50% (about 2 min 0 s left)");
}

TEST(ProgressText, DoneAndOutOfRangeFractions) {
  EXPECT_EQ(progress_text("sweep", 1.0, 50.0), "sweep: 100%");
  EXPECT_EQ(progress_text("sweep", 1.7, 50.0), "sweep: 100%");
  EXPECT_EQ(progress_text("sweep", -0.3, 50.0), "sweep:   0%");
  EXPECT_EQ(progress_text("sweep", std::numeric_limits<double>::quiet_NaN(), 5.0), "sweep:   0%");
}

}  // namespace
}  // namespace elective
