// The cancer waiting times back-test (flow/cancer_backtest.hpp) on the bundled files: England's series joins
// the national months and the provider extract's later months, every method is scored on the same pairs,
// and the naive forecasts are exact where they must be.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "data/cancer_cwt.hpp"
#include "data/csv.hpp"
#include "flow/cancer_backtest.hpp"

namespace elective::flow {
namespace {

const data::CwtNational& national() {
  static const data::CwtNational x =
      data::CwtNational::parse(data::read_input_file(std::string(ELECTIVE_SOURCE_DIR) +
                                                     "/data/cancer_waiting_times_national_monthly.csv"),
                               "national.csv");
  return x;
}

const data::CwtProvider& extract() {
  static const data::CwtProvider x = data::CwtProvider::parse(
      data::read_input_file(std::string(ELECTIVE_SOURCE_DIR) + "/data/cancer_cwt_provider.csv.gz"),
      "cwt.csv.gz");
  return x;
}

TEST(CancerBacktest, EnglandSeriesJoinsNationalAndProviderMonths) {
  const auto fds = england_cancer_series(national(), &extract(), data::CancerStandard::fds28);
  // 2021-04 .. 2023-10 from the national series (31 months), 2024-04 .. 2025-03 from the extract (12).
  ASSERT_EQ(fds.size(), 43u);
  EXPECT_EQ(fds.front().month, YearMonth(2021, 4));
  EXPECT_FALSE(fds[30].from_provider_extract);
  EXPECT_TRUE(fds[31].from_provider_extract);
  EXPECT_EQ(fds.back().month, YearMonth(2025, 3));
  EXPECT_EQ(fds.back().total, 275403);
  EXPECT_EQ(england_cancer_series(national(), nullptr, data::CancerStandard::d62).size(), 19u);
}

TEST(CancerBacktest, MethodsAreScoredOnTheSamePairs) {
  const auto series = england_cancer_series(national(), &extract(), data::CancerStandard::d62);
  const auto rows = backtest_cancer_performance(series, "62-day", {1, 3, 6, 12});
  std::map<int, size_t> pairs;
  for (const auto& r : rows) {
    EXPECT_EQ(r.unit, "points");
    EXPECT_GT(r.error, 0);
    EXPECT_LT(r.error, 20);
    const auto [it, fresh] = pairs.emplace(r.horizon, r.pairs);
    if (!fresh) {
      EXPECT_EQ(it->second, r.pairs) << "horizon " << r.horizon;
    }
  }
  EXPECT_EQ(rows.size(), 12u);  // 3 methods x 4 horizons
}

TEST(CancerBacktest, PersistenceIsExactOnAConstantSeries) {
  std::vector<CancerSeriesPoint> flat;
  for (int i = 0; i < 30; ++i) flat.push_back({YearMonth(2020, 1) + i, 100, 75, false});
  for (const auto& r : backtest_cancer_performance(flat, "flat", {1, 6})) {
    EXPECT_NEAR(r.error, 0, 1e-9) << r.method;
    // Origins T >= 12 (seasonal naive needs T-12) with T+h <= 29.
    EXPECT_EQ(r.pairs, r.horizon == 1 ? 17u : 12u);
  }
}

TEST(CancerBacktest, ReferralsBefore2020) {
  const auto rows = backtest_cancer_referrals(national(), YearMonth(2009, 10), YearMonth(2019, 12), {3});
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& r : rows) {
    EXPECT_EQ(r.unit, "percent");
    EXPECT_EQ(r.pairs, rows.front().pairs);
    EXPECT_EQ(r.first_origin, YearMonth(2010, 10));
  }
}

}  // namespace
}  // namespace elective::flow
