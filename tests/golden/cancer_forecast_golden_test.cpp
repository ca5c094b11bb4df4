// The cancer forecast and the DM01 groups on the bundled files (issue 12): each cancer forecast starts from
// NHS England's published March 2025 figure, its method is the back-test's best that can forecast from the
// start, its bands are that method's own out-of-sample errors, and the DM01 regions' lists add up to
// England's published list.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/progress.hpp"
#include "flow/naive.hpp"
#include "plan/cancer_forecast.hpp"
#include "plan/dm01_groups.hpp"

namespace elective::plan {
namespace {

const std::string kBase = ELECTIVE_SOURCE_DIR;

Scenario cancer(const std::string& standard) {
  return parse_scenario(
      "[start]\nmonth = \"2025-03\"\ndata = \"data/cancer_cwt_provider.csv.gz\"\nstandard = \"" + standard +
          "\"\n[horizon]\nuntil = \"2026-03\"\n",
      ScenarioSyntax::toml, "golden.toml", kBase);
}

// England, March 2025, as NHS England published it: FDS 78.9%, 31-day 91.4%, 62-day 71.4%.
TEST(CancerForecastGolden, StartsFromThePublishedMarch2025) {
  for (const auto& [standard, published] : std::vector<std::pair<std::string, double>>{
           {"28-day FDS", 0.789}, {"31-day", 0.914}, {"62-day", 0.714}}) {
    const CancerForecastResult r = cancer_forecast(cancer(standard), {});
    const auto& last = r.data.series.back();
    EXPECT_EQ(last.month, YearMonth(2025, 3));
    EXPECT_NEAR(last.within / last.total, published, 0.0005) << standard;
    // The point forecast is the chosen method's, from exactly this series.
    const auto history = flow::cancer_headlines(r.data.series);
    for (flow::NaiveMethod m :
         {flow::NaiveMethod::persistence, flow::NaiveMethod::seasonal_naive, flow::NaiveMethod::trend}) {
      if (flow::to_string(m) != r.performance_method) continue;
      const auto f = flow::naive_forecast(m, history, 12);
      for (size_t h = 0; h < 12; ++h)
        EXPECT_NEAR(r.central[h].performance, std::clamp(*f[h].pct_within_18, 0.0, 1.0), 1e-12) << standard;
    }
  }
}

// The errors behind the bands are the method's own back-test: at one month ahead, every origin of the
// series whose next month was published (no pair across the November 2023 - March 2024 gap).
TEST(CancerForecastGolden, BandsAreTheMethodsOwnOutOfSampleErrors) {
  const CancerForecastResult r = cancer_forecast(cancer("28-day FDS"), {});
  EXPECT_EQ(r.performance_method, "persistence");  // seasonal naive cannot forecast from March 2025
  size_t consecutive = 0;
  for (size_t i = 1; i < r.data.series.size(); ++i)
    consecutive += r.data.series[i].month == r.data.series[i - 1].month + 1 ? 1 : 0;
  EXPECT_EQ(r.performance_errors[0].size(), consecutive);
  // Persistence's one-month errors are the month-on-month changes.
  std::vector<double> changes;
  for (size_t i = 1; i < r.data.series.size(); ++i)
    if (r.data.series[i].month == r.data.series[i - 1].month + 1)
      changes.push_back(r.data.series[i].within / r.data.series[i].total -
                        r.data.series[i - 1].within / r.data.series[i - 1].total);
  std::sort(changes.begin(), changes.end());
  ASSERT_EQ(changes.size(), r.performance_errors[0].size());
  for (size_t i = 0; i < changes.size(); ++i) EXPECT_NEAR(changes[i], r.performance_errors[0][i], 1e-12);
}

// The seven regions' lists at the start are England's published list (1,703,242 in March 2025).
TEST(Dm01GroupsGolden, RegionsAddUpToEnglandAtTheStart) {
  const Scenario s = parse_scenario(
      "[start]\nmonth = \"2025-03\"\ndata = \"data/diagnostics_dm01_provider.csv\"\n[horizon]\nuntil = "
      "\"2026-03\"\n",
      ScenarioSyntax::toml, "golden.toml", kBase);
  const Dm01Groups g = prepare_dm01_groups(s, {stats::Dm01Breakdown::region});
  ASSERT_EQ(g.groups.size(), 7u);
  EXPECT_TRUE(g.left_out.empty());
  double total = 0;
  for (const Dm01Group& group : g.groups) total += group.baseline.calibration.list.total();
  EXPECT_DOUBLE_EQ(total, 1703242);
}

}  // namespace
}  // namespace elective::plan
