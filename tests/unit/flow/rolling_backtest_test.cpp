// The rolling-origin back-test (flow/rolling_backtest.hpp) on the bundled national series: its definitions
// reproduce the independent measurement in issue 10, its results do not depend on threads, its intervals are
// out of sample, and the model's headline claims in docs/backtest.md hold.
#include "flow/rolling_backtest.hpp"

#include <gtest/gtest.h>

#include "data/national_series.hpp"

namespace elective::flow {
namespace {

const std::vector<NationalMonth>& national() {
  static const auto months = national_months(
      data::NationalSeries::load(std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_national_timeseries.csv"));
  return months;
}

const RollingResult& default_result() {
  static const RollingResult r = rolling_backtest(national(), RollingOptions{});
  return r;
}

const SummaryRow& row(const RollingResult& r, const std::string& method, int horizon) {
  for (const SummaryRow& s : r.summary)
    if (s.method == method && s.horizon == horizon) return s;
  throw std::runtime_error("no summary row");
}

TEST(RollingBacktest, OriginsEveryThreeMonthsOutsideTheExclusion) {
  const auto& o = default_result().origins;
  ASSERT_FALSE(o.empty());
  EXPECT_EQ(o.front(), YearMonth(2016, 9));
  for (size_t i = 0; i < o.size(); ++i) {
    EXPECT_EQ(o[i].month() % 3, 0);
    EXPECT_FALSE(in_backtest_exclusion(o[i]));
  }
  for (const ScoredForecast& f : default_result().forecasts) {
    if (!f.scored) continue;
    for (int h = 0; h <= f.horizon; ++h) EXPECT_FALSE(in_backtest_exclusion(f.origin + h));
  }
}

TEST(RollingBacktest, NaiveFiguresMatchTheIndependentMeasurement) {
  // Issue 10 measured the naive methods independently (means over months 1..h, "with estimates" basis).
  const auto& r = default_result();
  EXPECT_EQ(row(r, "persistence", 6).n_origins, 23);
  EXPECT_EQ(row(r, "persistence", 12).n_origins, 19);
  EXPECT_NEAR(*row(r, "persistence", 6).list_mape, 0.0201, 5e-5);
  EXPECT_NEAR(*row(r, "persistence", 6).pct_within_18_weeks_mae, 0.0085, 5e-5);
  EXPECT_NEAR(*row(r, "seasonal_naive", 12).list_mape, 0.0374, 5e-5);
  EXPECT_NEAR(*row(r, "trend", 6).pct_within_18_weeks_mae, 0.0079, 5e-5);
  EXPECT_NEAR(*row(r, "trend", 12).list_mape, 0.0390, 5e-5);
}

TEST(RollingBacktest, ModelBeatsEveryNaiveMethodAtSixAndTwelveMonths) {
  // The claim of docs/backtest.md (regenerate both together).
  const auto& r = default_result();
  for (int h : {6, 12}) {
    const SummaryRow& m = row(r, "model", h);
    for (const char* naive : {"persistence", "seasonal_naive", "trend"}) {
      EXPECT_LT(*m.list_mape, *row(r, naive, h).list_mape) << naive << " " << h;
      EXPECT_LT(*m.pct_within_18_weeks_mae, *row(r, naive, h).pct_within_18_weeks_mae) << naive << " " << h;
    }
  }
  EXPECT_LT(*row(r, "model", 6).pct_within_18_weeks_mae, 0.007);
  EXPECT_LT(*row(r, "model", 12).pct_within_18_weeks_mae, 0.010);
  const double coverage = *row(r, "model", 12).interval_coverage;
  EXPECT_GT(coverage, 0.70);
  EXPECT_LT(coverage, 0.90);
}

TEST(RollingBacktest, ResultsDoNotDependOnThreads) {
  RollingOptions o;
  o.threads = 3;
  const RollingResult r = rolling_backtest(national(), o);
  const auto& a = default_result().forecasts;
  ASSERT_EQ(r.forecasts.size(), a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(r.forecasts[i].forecast.list, a[i].forecast.list);
    EXPECT_EQ(r.forecasts[i].forecast.pct_within_18, a[i].forecast.pct_within_18);
    EXPECT_EQ(r.forecasts[i].list_interval.has_value(), a[i].list_interval.has_value());
    if (a[i].list_interval) {
      EXPECT_EQ(r.forecasts[i].list_interval->p90, a[i].list_interval->p90);
    }
  }
}

TEST(RollingBacktest, IntervalsUseOnlyEarlierErrors) {
  const auto& all = default_result();
  // The first origin has no earlier errors.
  for (const ScoredForecast& f : all.forecasts) {
    if (f.origin == all.origins.front()) {
      EXPECT_FALSE(f.list_interval.has_value());
    }
  }
  // Asking for one origin gives the same interval as the full run (later origins are not used).
  RollingOptions o;
  o.at = {YearMonth(2023, 6)};
  const RollingResult one = rolling_backtest(national(), o);
  for (const ScoredForecast& f : one.forecasts) {
    for (const ScoredForecast& g : all.forecasts) {
      if (g.origin != f.origin || g.method != f.method || g.horizon != f.horizon) continue;
      ASSERT_EQ(f.list_interval.has_value(), g.list_interval.has_value());
      if (f.list_interval) {
        EXPECT_EQ(f.list_interval->p10, g.list_interval->p10);
      }
    }
  }
}

TEST(RollingBacktest, ConditionalModeIsLabelled) {
  RollingOptions o;
  o.model.given_actual_flows = true;
  o.at = {YearMonth(2018, 6)};
  o.horizon = 6;
  const RollingResult r = rolling_backtest(national(), o);
  EXPECT_TRUE(r.conditional);
  EXPECT_EQ(r.summary.front().method, "model_given_actual_flows");
}

TEST(RollingBacktest, TheSlideFrom2016IsReproduced) {
  // Started once at April 2016 (six-month window: new RTT periods start in October 2015) and driven by the
  // actual referrals, clock stops and other removals to December 2019: within 1.5 points every month.
  ModelRunOptions o;
  o.window = 6;
  o.given_actual_flows = true;
  o.actual_other_removals = true;
  const auto f = model_forecast(national(), YearMonth(2016, 4), 44, o);
  ASSERT_EQ(f.size(), 44u);
  for (const Headline& m : f) {
    const NationalMonth* a = nullptr;
    for (const auto& x : national())
      if (x.month == m.month) a = &x;
    ASSERT_NE(a, nullptr);
    EXPECT_NEAR(*m.pct_within_18, *published_headline(*a).pct_within_18, 0.015) << m.month.to_string();
  }
}

}  // namespace
}  // namespace elective::flow
