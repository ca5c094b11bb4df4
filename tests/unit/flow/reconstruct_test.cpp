#include "flow/reconstruct.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "data/national_series.hpp"
#include "flow/calibrate.hpp"
#include "stats/wait_summary.hpp"

namespace elective::flow {
namespace {

TEST(Reconstruct, ReproducesPublishedCountsExactly) {
  HeadlineFigures f;  // June 2025, England (rtt_national_timeseries.csv)
  f.total = 7367836;
  f.within_18_weeks = 4533070;
  f.over_52_weeks = 191755;
  f.over_65_weeks = 10486;
  f.over_78_weeks = 1103;
  f.over_104_weeks = 182;
  f.median_weeks = 13.397750439;
  f.p92_weeks = 41.8065441402;
  const WaitHistogram h = reconstruct_histogram(f);
  ASSERT_EQ(h.counts.size(), 105u);
  const auto s = stats::summarise_waits(h);
  EXPECT_NEAR(s.total, f.total, 1e-3);
  EXPECT_NEAR(s.within_18_weeks, *f.within_18_weeks, 1.0);
  EXPECT_NEAR(*s.over_52_weeks, *f.over_52_weeks, 1.0);
  EXPECT_NEAR(*s.over_65_weeks, *f.over_65_weeks, 1.0);
  EXPECT_NEAR(*s.over_78_weeks, *f.over_78_weeks, 1.0);
  EXPECT_NEAR(*s.over_104_weeks, *f.over_104_weeks, 1e-9);
  EXPECT_NEAR(*s.median_weeks.weeks, *f.median_weeks, 0.15);
  EXPECT_NEAR(*s.p92_weeks.weeks, *f.p92_weeks, 0.15);
  for (double c : h.counts) EXPECT_GE(c, 0.0);
}

TEST(Reconstruct, EveryNationalMonthReconstructsClosely) {
  const auto series =
      data::NationalSeries::load(std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_national_timeseries.csv");
  int checked = 0;
  for (const NationalMonth& m : national_months(series)) {
    if (m.headline.total <= 0 || !m.headline.within_18_weeks) continue;
    const WaitHistogram h = reconstruct_histogram(m.headline);
    const ReconstructionError e = reconstruction_error(m.headline, h);
    EXPECT_LT(e.max_count_error, 1.0) << m.month.to_string();
    EXPECT_LT(std::fabs(e.median_error_weeks), 0.5) << m.month.to_string();
    EXPECT_LT(std::fabs(e.p92_error_weeks), 0.6) << m.month.to_string();
    ++checked;
  }
  EXPECT_GT(checked, 200);
}

TEST(Reconstruct, RejectsImpossibleFigures) {
  HeadlineFigures f;
  f.total = 100;
  f.within_18_weeks = 150;
  EXPECT_THROW(reconstruct_histogram(f), InputError);
  f.within_18_weeks = 90;
  f.over_52_weeks = 20;  // 90 within 18 + 20 over 52 > 100
  EXPECT_THROW(reconstruct_histogram(f), InputError);
  HeadlineFigures empty;
  EXPECT_THROW(reconstruct_histogram(empty), InputError);
}

}  // namespace
}  // namespace elective::flow
