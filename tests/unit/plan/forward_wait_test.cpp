#include "plan/forward_wait.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"

namespace elective::plan {
namespace {

using ::testing::HasSubstr;

// A steady list with flat treatment weights and no other removals: each month the capacity C is shared
// evenly over the list and the month's referrals (L + R), so a waiting patient is treated with probability
// h = C / (L + R) whatever their band, and with R = C the list stays at L.
Baseline steady_baseline(double list_per_band, int bands) {
  Baseline b;
  b.calibration.list = WaitHistogram(kCurrentTopBand);
  for (int k = 0; k < bands; ++k) b.calibration.list.counts[static_cast<std::size_t>(k)] = list_per_band;
  b.calibration.fit.rates = flow::BandRates{};
  b.start = YearMonth(2025, 1);
  return b;
}

std::vector<DriverMonth> flat_drivers(int months, double referrals, double capacity) {
  std::vector<DriverMonth> out;
  YearMonth m(2025, 2);
  for (int i = 0; i < months; ++i, ++m) {
    DriverMonth d;
    d.month = m;
    d.drivers.days = 28;  // exactly four weeks: the cohort moves four whole bands a month
    d.drivers.referrals = referrals;
    d.drivers.capacity = capacity;
    out.push_back(d);
  }
  return out;
}

TEST(FollowCohort, ConstantHazardGivesTheGeometricWait) {
  const double list = 20 * 100.0, referrals = 400, capacity = 400;
  const double h = capacity / (list + referrals);
  const CohortWait w = follow_cohort(steady_baseline(100, 20), flat_drivers(60, referrals, capacity));
  ASSERT_EQ(w.treated_by_month.size(), 60u);
  for (std::size_t m = 0; m < 12; ++m)
    EXPECT_NEAR(w.treated_by_month[m], 1 - std::pow(1 - h, static_cast<double>(m + 1)), 1e-9) << m;
  // The median: linear between the month ends around the crossing of one half.
  const double months = std::log(0.5) / std::log(1 - h);
  const int before = static_cast<int>(std::floor(months));
  const double f0 = 1 - std::pow(1 - h, before), f1 = 1 - std::pow(1 - h, before + 1);
  const double expected = 4.0 * (before + (0.5 - f0) / (f1 - f0));
  ASSERT_TRUE(w.median_weeks);
  EXPECT_NEAR(*w.median_weeks, expected, 1e-9);
  EXPECT_FALSE(w.median_censored);
  EXPECT_GT(*w.p90_weeks, *w.median_weeks);
  EXPECT_DOUBLE_EQ(w.horizon_weeks, 240.0);
}

TEST(FollowCohort, AShareNotReachedByTheHorizonIsCensoredAtIt) {
  // A tiny capacity: few of the cohort are treated within a year.
  const CohortWait w = follow_cohort(steady_baseline(100, 20), flat_drivers(12, 10, 10));
  ASSERT_TRUE(w.median_weeks && w.p90_weeks);
  EXPECT_TRUE(w.median_censored);
  EXPECT_TRUE(w.p90_censored);
  EXPECT_DOUBLE_EQ(*w.median_weeks, 48.0);
  EXPECT_DOUBLE_EQ(*w.p90_weeks, 48.0);
}

TEST(FollowCohort, NoProjectionNoFigure) {
  const CohortWait w = follow_cohort(steady_baseline(100, 20), {});
  EXPECT_FALSE(w.median_weeks);
  EXPECT_TRUE(w.treated_by_month.empty());
}

TEST(GreatCircle, KnownDistances) {
  EXPECT_NEAR(great_circle_km(51.5074, -0.1278, 53.4808, -2.2426), 262.0, 2.0);  // London - Manchester
  EXPECT_DOUBLE_EQ(great_circle_km(50.7, -2.4, 50.7, -2.4), 0.0);
  // One degree of latitude is about 111.2 km.
  EXPECT_NEAR(great_circle_km(50, 0, 51, 0), 111.19, 0.01);
}

data::ProviderReference reference() {
  return data::ProviderReference::parse(
      "provider_code,provider_name,region_code,region_name,icb_code,icb_name,postcode,lat,lon,"
      "source_of_location\n"
      "RBD,DORSET COUNTY HOSPITAL,Y58,South West,QVV,DORSET ICB,DT1 2JY,50.71,-2.45,x\n"
      "RDZ,BOURNEMOUTH,Y58,South West,QVV,DORSET ICB,BH7 7DW,50.74,-1.83,x\n"
      "RDY,DORSET HEALTHCARE,Y58,South West,QVV,DORSET ICB,BH17 0RB,50.74,-1.98,x\n"
      "X01,NOWHERE,Y58,South West,,,,,,\n",
      "providers.csv");
}

TEST(ResolvePlace, CoordinatesProviderDistrictAndArea) {
  const data::ProviderReference r = reference();
  const Place c = resolve_place("50.5, -2.0", r, "--near");
  EXPECT_EQ(c.how, "coordinates");
  EXPECT_DOUBLE_EQ(c.lat, 50.5);
  EXPECT_DOUBLE_EQ(c.lon, -2.0);
  const Place p = resolve_place("rbd", r, "--near");
  EXPECT_EQ(p.how, "provider");
  EXPECT_DOUBLE_EQ(p.lat, 50.71);
  const Place d = resolve_place("dt1", r, "--near");
  EXPECT_EQ(d.how, "postcode_district");
  EXPECT_DOUBLE_EQ(d.lon, -2.45);
  // BH1 has no provider: the BH area's mean location.
  const Place a = resolve_place("BH1", r, "--near");
  EXPECT_EQ(a.how, "postcode_area");
  EXPECT_NEAR(a.lon, (-1.83 - 1.98) / 2, 1e-12);
}

TEST(ResolvePlace, RefusesWhatItCannotPlaceNamingTheOption) {
  const data::ProviderReference r = reference();
  for (const char* bad : {"91,0", "50,abc", "ZZ9", "X01", ""}) {
    try {
      resolve_place(bad, r, "--near");
      ADD_FAILURE() << bad;
    } catch (const InputError& e) {
      EXPECT_THAT(e.what(), HasSubstr("--near"));
    }
  }
}

}  // namespace
}  // namespace elective::plan
