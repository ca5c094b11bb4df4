// The driver forecast (flow/drivers.hpp) recovers the level, trend, working-day scaling and other-removal
// share of series built with known values, and uses nothing after its origin.
#include "flow/drivers.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "flow/calibrate.hpp"
#include "flow/working_days.hpp"

namespace elective::flow {
namespace {

constexpr double kGrowth = 0.002;        // per month
constexpr double kOtherPerDay = 0.0015;  // other removals per working day, share of list + referrals

std::vector<NationalMonth> synthetic(YearMonth first, int n) {
  std::vector<NationalMonth> out;
  double list = 7e6;
  for (int i = 0; i < n; ++i) {
    const YearMonth m = first + i;
    const double calendar = 1 + 0.05 * std::sin(m.month());  // a calendar pattern of mean about 1
    NationalMonth x;
    x.month = m;
    const double wd = working_days(m);
    const double r = 80000 * std::exp(kGrowth * i) * wd * calendar;
    const double c = 70000 * std::exp(kGrowth * i) * wd * calendar;
    const double u = kOtherPerDay * wd * (list + r);
    if (i > 0) list = list + r - c - u;
    x.referrals = x.referrals_est = r;
    x.completed = x.completed_est = c;
    x.headline.total = list;
    x.headline_est = x.headline;
    out.push_back(x);
  }
  return out;
}

TEST(Drivers, RecoversLevelTrendAndOtherShare) {
  const auto months = synthetic(YearMonth(2015, 1), 60);
  const YearMonth origin(2019, 6);
  const DriverFit f = fit_drivers(months, origin);
  const int i = origin - YearMonth(2015, 1);
  EXPECT_NEAR(f.referral_fit.trend_per_month, kGrowth, 2e-4);
  // The calendar pattern is absorbed by the calendar factors (mean 1), so the level is per effective day
  // up to the pattern's mean.
  EXPECT_NEAR(f.referral_fit.level_per_day / (80000 * std::exp(kGrowth * i)), 1.0, 0.01);
  EXPECT_NEAR(f.other_share_per_day, kOtherPerDay, 1e-6);
  // The forecast holds the level at the origin (no trend beyond it by default) and follows working days.
  const YearMonth next = origin + 1;
  EXPECT_NEAR(f.referrals(next) / f.referrals(origin + 2),
              f.shape(f.referral_fit, next) / f.shape(f.referral_fit, origin + 2), 1e-12);
  // A stated growth rate compounds from the origin.
  EXPECT_NEAR(f.referrals(origin + 12, 0.05) / f.referrals(origin + 12, 0.0), 1.05, 1e-12);
}

TEST(Drivers, UsesNothingAfterTheOrigin) {
  auto months = synthetic(YearMonth(2015, 1), 60);
  const YearMonth origin(2018, 3);
  const DriverFit before = fit_drivers(months, origin);
  for (auto& m : months)
    if (m.month > origin) {
      *m.referrals_est *= 3;
      *m.completed_est *= 0.5;
      m.headline_est.total *= 2;
    }
  const DriverFit after = fit_drivers(months, origin);
  EXPECT_EQ(before.referral_fit.level_per_day, after.referral_fit.level_per_day);
  EXPECT_EQ(before.clock_stop_fit.trend_per_month, after.clock_stop_fit.trend_per_month);
  EXPECT_EQ(before.other_share_per_day, after.other_share_per_day);
  EXPECT_EQ(before.referral_fit.calendar, after.referral_fit.calendar);
}

TEST(Drivers, MissingOriginIsAnInputError) {
  const auto months = synthetic(YearMonth(2015, 1), 24);
  EXPECT_THROW(fit_drivers(months, YearMonth(2030, 1)), InputError);
}

}  // namespace
}  // namespace elective::flow
