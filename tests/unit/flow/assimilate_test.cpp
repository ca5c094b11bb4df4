// Assimilated national lists (flow/assimilate.hpp) reproduce every published figure and keep the prior's
// shape between the published points.
#include "flow/assimilate.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "data/national_series.hpp"
#include "flow/calibrate.hpp"

namespace elective::flow {
namespace {

TEST(Assimilate, BendsThePriorToThePublishedPoints) {
  std::vector<double> prior(kBands, 0.0);
  for (int k = 0; k < kBands; ++k) prior[static_cast<size_t>(k)] = 1000.0 / (1 + k);
  HeadlineFigures f;
  f.total = 5000;
  f.within_18_weeks = 3000;
  f.over_52_weeks = 400;
  const WaitHistogram h = fit_to_headline(prior, f);
  EXPECT_NEAR(h.total(), 5000, 1e-6);
  const auto e = reconstruction_error(f, h);
  EXPECT_LT(e.max_count_error, 1e-6);
  // Between 0 and 18 weeks the prior's relative shape is kept.
  EXPECT_NEAR(h.counts[2] / h.counts[5], prior[2] / prior[5], 1e-9);
}

TEST(Assimilate, EveryNationalMonthReproducesItsFigures) {
  const auto months = national_months(
      data::NationalSeries::load(std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_national_timeseries.csv"));
  const auto lists = assimilate_national(months);
  ASSERT_EQ(lists.size(), months.size());
  int checked = 0;
  for (size_t i = 0; i < months.size(); ++i) {
    if (months[i].headline_est.total <= 0 || !months[i].headline_est.within_18_weeks) continue;
    const auto e = reconstruction_error(months[i].headline_est, lists[i]);
    EXPECT_LT(e.max_count_error, 1e-3 * months[i].headline_est.total) << months[i].month.to_string();
    EXPECT_LT(std::fabs(e.median_error_weeks), 0.5) << months[i].month.to_string();
    EXPECT_LT(std::fabs(e.p92_error_weeks), 0.5) << months[i].month.to_string();
    ++checked;
  }
  EXPECT_GT(checked, 200);
}

TEST(Assimilate, IsCausal) {
  auto months = national_months(
      data::NationalSeries::load(std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_national_timeseries.csv"));
  const auto full = assimilate_national(months);
  const size_t cut = months.size() - 24;
  months.resize(cut + 1);
  const auto part = assimilate_national(months);
  EXPECT_EQ(full[cut].counts, part[cut].counts);
}

}  // namespace
}  // namespace elective::flow
