// The signed out-of-sample errors the cancer forecast draws its uncertainty from (flow/cancer_backtest.hpp):
// actual minus forecast by horizon, on every origin a method can forecast, nothing after the target month.
#include <gtest/gtest.h>

#include <cmath>

#include "flow/cancer_backtest.hpp"

namespace elective::flow {
namespace {

std::vector<CancerSeriesPoint> series_of(const std::vector<double>& performance, YearMonth first,
                                         double total = 1000) {
  std::vector<CancerSeriesPoint> out;
  for (size_t i = 0; i < performance.size(); ++i)
    out.push_back({first + static_cast<int>(i), total, performance[i] * total, false});
  return out;
}

TEST(CancerErrors, PersistenceErrorsAreTheChangesOverTheHorizon) {
  const auto s = series_of({0.70, 0.72, 0.71, 0.75}, YearMonth(2024, 1));
  const auto e = cancer_signed_errors(s, true, NaiveMethod::persistence, 2);
  ASSERT_EQ(e.size(), 2u);
  ASSERT_EQ(e[0].size(), 3u);  // origins Jan, Feb, Mar with a month after them
  EXPECT_NEAR(e[0][0], 0.02, 1e-12);
  EXPECT_NEAR(e[0][1], -0.01, 1e-12);
  EXPECT_NEAR(e[0][2], 0.04, 1e-12);
  ASSERT_EQ(e[1].size(), 2u);
  EXPECT_NEAR(e[1][0], 0.01, 1e-12);
  EXPECT_NEAR(e[1][1], 0.03, 1e-12);
}

TEST(CancerErrors, AGapInTheSeriesIsNotScoredAcross) {
  auto s = series_of({0.70, 0.72}, YearMonth(2023, 9));
  const auto later = series_of({0.80, 0.81}, YearMonth(2024, 4));
  s.insert(s.end(), later.begin(), later.end());
  const auto e = cancer_signed_errors(s, true, NaiveMethod::persistence, 1);
  ASSERT_EQ(e[0].size(), 2u);  // 2023-09 -> 10 and 2024-04 -> 05; nothing from 2023-10 to 2023-11
  EXPECT_NEAR(e[0][0], 0.02, 1e-12);
  EXPECT_NEAR(e[0][1], 0.01, 1e-12);
}

TEST(CancerErrors, TotalsAreLogRatios) {
  std::vector<CancerSeriesPoint> s = {{YearMonth(2024, 1), 1000, 700, false},
                                      {YearMonth(2024, 2), 1100, 800, false}};
  const auto e = cancer_signed_errors(s, false, NaiveMethod::persistence, 1);
  ASSERT_EQ(e[0].size(), 1u);
  EXPECT_NEAR(e[0][0], std::log(1.1), 1e-12);
}

TEST(CancerErrors, TrendNeedsSixMonthsOfHistory) {
  const auto s = series_of({0.70, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77}, YearMonth(2024, 1));
  const auto e = cancer_signed_errors(s, true, NaiveMethod::trend, 1);
  ASSERT_EQ(e[0].size(), 2u);                        // origins June and July only
  for (double x : e[0]) EXPECT_NEAR(x, 0.0, 1e-12);  // a straight line is forecast exactly
}

TEST(CancerErrors, TotalsBacktestScoresEveryMethodOnTheSamePairs) {
  std::vector<CancerSeriesPoint> s;
  for (int i = 0; i < 30; ++i)
    s.push_back({YearMonth(2022, 1) + i, 1000.0 + 10 * i + (i % 12 == 0 ? 100 : 0), 700, false});
  const auto rows = backtest_cancer_totals(s, "totals", {1, 3});
  ASSERT_EQ(rows.size(), 6u);
  for (const auto& r : rows) {
    EXPECT_EQ(r.unit, "percent");
    EXPECT_EQ(r.pairs, rows[r.horizon == 1 ? 0 : 3].pairs);
  }
}

}  // namespace
}  // namespace elective::flow
