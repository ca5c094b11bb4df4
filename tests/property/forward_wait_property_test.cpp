// Property of the forward-looking wait (plan/forward_wait.hpp): at fixed capacity, a longer list never gives
// a shorter wait. The same month-by-month capacity shared over more waiting patients treats each of them
// with a smaller share, so a patient referred now waits at least as long. Checked on random lists and rates
// and on the real calibrations of every provider of one specialty (the provider months file).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <pcg_random.hpp>

#include <random>
#include <string>

#include "plan/forward_wait.hpp"
#include "plan/group_forecast.hpp"

namespace elective::plan {
namespace {

// Scales the start list by `factor` (same shape) and follows the cohort with the same drivers.
CohortWait with_list_scaled(Baseline b, const std::vector<DriverMonth>& drivers, double factor) {
  for (double& c : b.calibration.list.counts) c *= factor;
  return follow_cohort(b, drivers);
}

void expect_not_shorter(const CohortWait& shorter_list, const CohortWait& longer_list,
                        const std::string& what) {
  ASSERT_TRUE(shorter_list.median_weeks && longer_list.median_weeks) << what;
  constexpr double kTolerance = 1e-9;
  EXPECT_GE(*longer_list.median_weeks + kTolerance, *shorter_list.median_weeks) << what;
  EXPECT_GE(*longer_list.p90_weeks + kTolerance, *shorter_list.p90_weeks) << what;
  for (std::size_t m = 0; m < shorter_list.treated_by_month.size(); ++m)
    EXPECT_LE(longer_list.treated_by_month[m], shorter_list.treated_by_month[m] + kTolerance) << what << m;
}

TEST(ForwardWaitProperty, RandomListsLongerNeverShorter) {
  pcg64 rng(20251203);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 200; ++trial) {
    Baseline b;
    b.calibration.list = WaitHistogram(kCurrentTopBand);
    flow::BandRates rates;
    for (std::size_t k = 0; k < rates.treat_weight.size(); ++k) {
      b.calibration.list.counts[k] = k < 60 ? 50 * unit(rng) : 0;
      rates.treat_weight[k] = 0.2 + unit(rng);
      rates.other_rate[k] = 0.02 * unit(rng);
    }
    b.calibration.fit.rates = rates;
    std::vector<DriverMonth> drivers;
    YearMonth m(2025, 2);
    const double capacity = 100 + 400 * unit(rng), referrals = capacity * (0.8 + 0.4 * unit(rng));
    for (int i = 0; i < 36; ++i, ++m) {
      DriverMonth d;
      d.month = m;
      d.drivers.days = m.days_in_month();
      d.drivers.referrals = referrals;
      d.drivers.capacity = capacity;
      drivers.push_back(d);
    }
    const CohortWait base = follow_cohort(b, drivers);
    for (const double factor : {1.1, 1.5, 2.0, 4.0})
      expect_not_shorter(base, with_list_scaled(b, drivers, factor),
                         fmt::format("trial {} x{}", trial, factor));
  }
}

TEST(ForwardWaitProperty, RealProviderCalibrationsLongerNeverShorter) {
  const Scenario s =
      load_scenario(std::string(ELECTIVE_SOURCE_DIR) + "/scenarios/providers-current-trends.toml");
  const PreparedGroups p =
      prepare_groups(s, {stats::ProviderBreakdown::provider, stats::ProviderBreakdown::specialty}, "C_110");
  int checked = 0;
  for (const GroupRun& g : p.groups) {
    if (!g.baseline) continue;
    const std::vector<DriverMonth> drivers = build_drivers(s, *g.baseline, midpoint_draw(s), g.until);
    const CohortWait base = follow_cohort(*g.baseline, drivers);
    if (!base.median_weeks) continue;
    for (const double factor : {1.25, 2.0})
      expect_not_shorter(base, with_list_scaled(*g.baseline, drivers, factor), g.series.label());
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace elective::plan
