// The naive benchmarks of the back-test (flow/naive.hpp) on a hand-made history.
#include "flow/naive.hpp"

#include <gtest/gtest.h>

namespace elective::flow {
namespace {

std::vector<Headline> history() {
  std::vector<Headline> h;
  for (int i = 0; i < 24; ++i) {
    Headline m;
    m.month = YearMonth(2023, 1) + i;
    m.list = 1000 + 10 * i + (m.month.month() == 12 ? 50 : 0);  // a December bump
    m.pct_within_18 = 0.60 + 0.001 * i;
    m.over_52 = 100.0 + i;
    m.median_weeks = 14;
    m.p92_weeks = 40;
    h.push_back(m);
  }
  return h;  // ends 2024-12
}

TEST(Naive, PersistenceHoldsTheOriginMonth) {
  const auto f = naive_forecast(NaiveMethod::persistence, history(), 12);
  ASSERT_EQ(f.size(), 12u);
  for (const Headline& m : f) {
    EXPECT_EQ(m.list, history().back().list);
    EXPECT_EQ(*m.pct_within_18, *history().back().pct_within_18);
  }
  EXPECT_EQ(f.front().month, YearMonth(2025, 1));
}

TEST(Naive, SeasonalNaiveRepeatsLastYearsChanges) {
  const auto h = history();
  const auto f = naive_forecast(NaiveMethod::seasonal_naive, h, 12);
  // List: origin x (the month h - 12 after the origin) / (the origin month a year before).
  EXPECT_NEAR(f[11].list, h[23].list * h[23].list / h[11].list, 1e-9);
  EXPECT_NEAR(f[0].list, h[23].list * h[12].list / h[11].list, 1e-9);
  // Shares move by last year's difference.
  EXPECT_NEAR(*f[5].pct_within_18, *h[23].pct_within_18 + *h[17].pct_within_18 - *h[11].pct_within_18, 1e-12);
}

TEST(Naive, TrendExtendsTheTwelveMonthLine) {
  auto h = history();
  for (auto& m : h) m.list = 500 + 7.0 * (m.month - YearMonth(2023, 1));  // an exact line
  const auto f = naive_forecast(NaiveMethod::trend, h, 6);
  EXPECT_NEAR(f[5].list, 500 + 7.0 * 29, 1e-9);
  EXPECT_NEAR(*f[0].pct_within_18, 0.60 + 0.001 * 24, 1e-12);
}

}  // namespace
}  // namespace elective::flow
