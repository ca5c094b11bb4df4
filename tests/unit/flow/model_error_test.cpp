// Model-error paths and how they bend a list (flow/model_error.hpp).
#include "flow/model_error.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "data/national_series.hpp"
#include "flow/calibrate.hpp"
#include "stats/wait_summary.hpp"

namespace elective::flow {
namespace {

TEST(ModelError, BendsListSizeAndShare) {
  WaitHistogram h(kCurrentTopBand);
  for (size_t k = 0; k < h.counts.size(); ++k) h.counts[k] = 1000.0 / (1 + static_cast<double>(k) / 10);
  const double before = h.total();
  const double pct = *stats::summarise_waits(h).pct_within_18_weeks;
  const double ratio = h.counts[3] / h.counts[7];
  apply_error(h, {std::log(1.05), 0.02});
  EXPECT_NEAR(h.total(), before * 1.05, 1e-6 * before);
  EXPECT_NEAR(*stats::summarise_waits(h).pct_within_18_weeks, pct + 0.02, 1e-12);
  EXPECT_NEAR(h.counts[3] / h.counts[7], ratio, 1e-12);  // shape kept within each side of 18 weeks
}

// Bending into another histogram gives exactly the bent copy, and leaves the list as it was; an empty list
// and a list with nothing on one side of 18 weeks included.
TEST(ModelError, BendingIntoAnotherListEqualsBendingACopy) {
  const ErrorPoint e{0.05, -0.02};
  for (int shape = 0; shape < 4; ++shape) {
    WaitHistogram list(104);
    for (size_t k = 0; k < list.counts.size(); ++k) {
      const bool empty = shape == 0 || (shape == 1 && k < 18) || (shape == 2 && k >= 18);
      list.counts[k] = empty ? 0.0 : 1000.0 / static_cast<double>(k + 3);
    }
    const WaitHistogram before = list;
    WaitHistogram copy = list;
    apply_error(copy, e);
    WaitHistogram out(10);  // a reused histogram of another size
    out.counts.assign(out.counts.size(), -1.0);
    apply_error(list, e, out);
    EXPECT_EQ(out.counts, copy.counts) << shape;
    EXPECT_EQ(list.counts, before.counts) << shape;
  }
}

TEST(ModelError, GrowsBeyondTwelveMonths) {
  ErrorPath p(12);
  p[11] = {0.03, -0.01};
  EXPECT_NEAR(error_at(p, 24).list_log, 0.06, 1e-12);
  EXPECT_NEAR(error_at(p, 36).pct_points, -0.03, 1e-12);
  EXPECT_EQ(error_at(p, 12).list_log, 0.03);
}

TEST(ModelError, PathsAreKnownByTheStart) {
  const auto months = national_months(
      data::NationalSeries::load(std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_national_timeseries.csv"));
  const auto latest = model_error_paths(months, YearMonth(2025, 6));
  const auto earlier = model_error_paths(months, YearMonth(2024, 7));
  EXPECT_EQ(latest.size(), 19u);  // 2016-09..2019-03 and 2022-06..2024-06
  EXPECT_LT(earlier.size(), latest.size());
  for (const ErrorPath& p : latest) EXPECT_EQ(p.size(), 12u);
  EXPECT_TRUE(model_error_paths(months, YearMonth(2016, 12)).empty());
}

}  // namespace
}  // namespace elective::flow
