// DM01 groups (plan/dm01_groups.hpp) on the bundled file: --by parsing, each group calibrated exactly as a
// single start of that selection, and the errors of a grouped run.
#include "plan/dm01_groups.hpp"

#include <gtest/gtest.h>

#include <gmock/gmock.h>

#include "core/error.hpp"

namespace elective::plan {
namespace {

using ::testing::HasSubstr;

const std::string kBase = ELECTIVE_SOURCE_DIR;

Scenario parse(const std::string& start_extra = "") {
  return parse_scenario("[start]\nmonth = \"2025-03\"\ndata = \"data/diagnostics_dm01_provider.csv\"\n" +
                            start_extra +
                            "\n[horizon]\nuntil = \"2025-09\"\n[[target]]\n"
                            "text = \"95% within 6 weeks by 2025-09\"\n",
                        ScenarioSyntax::toml, "dm01.toml", kBase);
}

TEST(Dm01Groups, ByParsesProviderTestAndRegion) {
  using stats::Dm01Breakdown;
  EXPECT_EQ(parse_dm01_group_by("provider,test"),
            (std::vector<Dm01Breakdown>{Dm01Breakdown::provider, Dm01Breakdown::test}));
  EXPECT_EQ(parse_dm01_group_by("region"), std::vector<Dm01Breakdown>{Dm01Breakdown::region});
  EXPECT_THROW(parse_dm01_group_by("specialty"), InputError);
  EXPECT_THROW(parse_dm01_group_by("provider,month"), InputError);
  EXPECT_THROW(parse_dm01_group_by(""), InputError);
}

// A test's group is the single start of that test: the same list, inflow and forecast.
TEST(Dm01Groups, EachGroupIsCalibratedAsItsOwnStart) {
  const Scenario s = parse();
  ASSERT_TRUE(is_dm01_start(s));
  const Dm01GroupForecastResult r = forecast_dm01_groups(s, {stats::Dm01Breakdown::test}, Progress{});
  ASSERT_EQ(r.prepared.groups.size(), 15u);
  for (size_t i = 0; i < r.prepared.groups.size(); i += 7) {
    const Dm01Group& g = r.prepared.groups[i];
    ASSERT_TRUE(g.test_id.has_value());
    const Scenario single = parse("test = \"" + std::to_string(*g.test_id) + "\"");
    const Baseline b = prepare_baseline(single);
    EXPECT_EQ(b.calibration.list.counts, g.baseline.calibration.list.counts) << g.label();
    EXPECT_DOUBLE_EQ(b.calibration.referrals_per_month, g.baseline.calibration.referrals_per_month);
    const Projection p =
        project(b, build_drivers(single, b, midpoint_draw(single), b.until), scenario_targets(single));
    EXPECT_NEAR(p.months.back().list_size, r.projections[i].months.back().list_size, 1e-6) << g.label();
    EXPECT_EQ(p.targets.front().met, r.projections[i].targets.front().met);
  }
  // The league table has a row a group, ranked by % within 6 weeks at the horizon.
  const Table t = r.league_table(false);
  ASSERT_EQ(t.rows.size(), 15u);
  EXPECT_EQ(std::get<std::int64_t>(t.rows.front().front()), 1);
}

TEST(Dm01Groups, AStartSelectionIsRefused) {
  try {
    (void)prepare_dm01_groups(parse("provider = \"RBD\""), {stats::Dm01Breakdown::test});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("start.provider"));
  }
}

}  // namespace
}  // namespace elective::plan
