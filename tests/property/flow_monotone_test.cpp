// Property behind `elective solve`: with the calibrated national rates, more treatment capacity never gives a
// longer list at any month, nor a lower share within 18 weeks from twelve months on (so bisection on capacity
// is sound for deadlines a year or more ahead). In the first months the share can dip by hundredths of a
// point: the calibrated rule spreads extra capacity in proportion to each band's treatment rate, and where
// recent referrals are treated faster than long waiters (2021/22) the extra first shortens the short waits'
// bands.
#include <gtest/gtest.h>

#include <pcg_random.hpp>
#include <random>

#include "data/national_series.hpp"
#include "flow/calibrate.hpp"
#include "stats/wait_summary.hpp"

namespace elective::flow {
namespace {

TEST(FlowMonotone, MoreCapacityNeverLengthensWaits) {
  const auto series =
      data::NationalSeries::load(std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_national_timeseries.csv");
  const auto months = national_months(series);
  pcg32 rng(99u);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (const YearMonth at : {YearMonth(2017, 6), YearMonth(2022, 6), YearMonth(2025, 6)}) {
    const Calibration c = calibrate_national(months, at, 12);
    for (int trial = 0; trial < 20; ++trial) {
      const double base = c.capacity_per_month * (0.8 + 0.5 * u(rng));
      const double extra = c.capacity_per_month * 0.05 * u(rng);
      BandModel low(c.fit.rates, {}), high(c.fit.rates, {});
      std::vector<double> a = c.list.counts, b = c.list.counts;
      WaitHistogram ha(kCurrentTopBand), hb(kCurrentTopBand);
      YearMonth m = at;
      for (int i = 0; i < 60; ++i) {
        ++m;
        MonthDrivers d;
        d.days = m.days_in_month();
        d.referrals = c.referrals_per_month;
        d.capacity = base;
        low.step(a, d);
        d.capacity = base + extra;
        high.step(b, d);
        ha.counts = a;
        hb.counts = b;
        ASSERT_LE(hb.total(), ha.total() * (1 + 1e-12)) << at.to_string() << " month " << i;
        const auto pa = stats::summarise_waits(ha).pct_within_18_weeks;
        const auto pb = stats::summarise_waits(hb).pct_within_18_weeks;
        if (pa && pb && i >= 12) {
          ASSERT_GE(*pb, *pa - 1e-9) << at.to_string() << " month " << i;
        }
      }
    }
  }
}

}  // namespace
}  // namespace elective::flow
