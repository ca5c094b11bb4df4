// Sweep files, grid points and task seeds (src/sweep): the grid's order, values set in the scenario, located
// errors, seeds that depend only on the task, and results that do not depend on the thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "core/error.hpp"
#include "sweep/sweep_run.hpp"
#include "sweep/sweep_spec.hpp"

namespace elective::sweep {
namespace {

const std::string kScenarios = std::string(ELECTIVE_SOURCE_DIR) + "/scenarios";

std::string sweep_text(const std::string& grid, const std::string& extra = "") {
  return "[sweep]\nscenario = \"current-trends.toml\"\nreplications = 2\nseed = 3\n" + extra + grid;
}

const std::string kGrid =
    "[[sweep.grid]]\nkey = \"referrals.growth_per_year\"\nvalues = [0.01, 0.02]\n"
    "[[sweep.grid]]\nkey = \"removals.total_growth_per_year\"\nvalues = [0.01, 0.015, 0.02]\n";

TEST(SweepSpec, GridPointsFirstDimensionSlowest) {
  const SweepPlan plan = parse_sweep(sweep_text(kGrid), "s.toml", kScenarios);
  ASSERT_EQ(plan.points.size(), 6u);
  EXPECT_EQ(plan.tasks(), 12u);
  EXPECT_EQ(plan.points[0].value_index, (std::vector<std::size_t>{0, 0}));
  EXPECT_EQ(plan.points[2].value_index, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(plan.points[3].value_index, (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(plan.scenarios.size(), 6u);
  EXPECT_EQ(plan.spec.name, "s");
  EXPECT_EQ(plan.spec.outputs,
            (std::vector<std::string>{"list_size", "pct_within_18_weeks", "over_52_weeks"}));
}

TEST(SweepSpec, ValuesAreSetInEachPointsScenario) {
  const SweepPlan plan = parse_sweep(sweep_text(kGrid), "s.toml", kScenarios);
  EXPECT_DOUBLE_EQ(plan.scenarios[0].referrals.growth_per_year.low, 0.01);
  EXPECT_DOUBLE_EQ(plan.scenarios[5].referrals.growth_per_year.low, 0.02);
}

TEST(SweepSpec, NoGridIsOnePoint) {
  const SweepPlan plan = parse_sweep(sweep_text(""), "s.toml", kScenarios);
  EXPECT_EQ(plan.points.size(), 1u);
}

struct BadSweep {
  std::string text, expected;
};

void PrintTo(const BadSweep& b, std::ostream* os) {
  *os << "expects \"" << b.expected << "\"";
}

class SweepErrors : public ::testing::TestWithParam<BadSweep> {};

TEST_P(SweepErrors, AreLocatedInTheSweepFile) {
  try {
    parse_sweep(GetParam().text, "s.toml", kScenarios);
    FAIL() << "accepted: " << GetParam().text;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam().expected), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("s.toml:", 0), 0u) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SweepErrors,
    ::testing::Values(
        BadSweep{"[other]\n", "unknown key"}, BadSweep{"[sweep]\nreplications = 2\n", "scenario"},
        BadSweep{"[sweep]\nscenario = \"no-such.toml\"\n", "no-such.toml"},
        BadSweep{sweep_text("", "outputs = [\"list\"]\n"), "sweep.outputs: expected one of"},
        BadSweep{"[sweep]\nscenario = \"current-trends.toml\"\nreplications = 0\n", "replications"},
        BadSweep{
            sweep_text("[[sweep.grid]]\nkey = \"referrals.growth_per_year\"\nvalues = [0.01, \"lots\"]\n"),
            "s.toml:7:"},
        BadSweep{sweep_text("[[sweep.grid]]\nkey = \"referrals.growth_per_year\"\nvalues = []\n"),
                 "at least one"},
        BadSweep{sweep_text("[[sweep.grid]]\nkey = \"target[9].text\"\nvalues = [\"x\"]\n"),
                 "cannot set this key"}));

TEST(SweepSeeds, DependOnlyOnSeedPointAndReplication) {
  EXPECT_EQ(task_seed(1, 2, 3), task_seed(1, 2, 3));
  std::set<std::uint64_t> seen;
  for (std::size_t p = 0; p < 50; ++p)
    for (int r = 0; r < 50; ++r) seen.insert(task_seed(7, p, r));
  EXPECT_EQ(seen.size(), 2500u);  // no two tasks share a stream
  EXPECT_NE(task_seed(1, 0, 0), task_seed(2, 0, 0));
}

TEST(SweepRun, SameValuesForAnyThreadCountAndMonotoneInCapacity) {
  const SweepPlan plan = parse_sweep(sweep_text(kGrid), "s.toml", kScenarios);
  const auto one = run_local(plan, 1);
  const auto three = run_local(plan, 3);
  ASSERT_EQ(one.size(), plan.tasks() * 3);
  for (std::size_t i = 0; i < one.size(); ++i) {
    if (std::isnan(one[i])) {
      EXPECT_TRUE(std::isnan(three[i]));
    } else {
      EXPECT_EQ(one[i], three[i]) << i;
    }
  }
  // list_size (output 0) of replication 0: more removal growth, shorter list; more referrals, longer list.
  auto list = [&](std::size_t point) { return one[point * 2 * 3]; };
  EXPECT_GT(list(0), list(1));
  EXPECT_GT(list(1), list(2));
  EXPECT_GT(list(3), list(0));
  const auto json = sweep_json(plan, one);
  ASSERT_EQ(json["rows"].size(), 6u);
  EXPECT_EQ(json["rows"][4]["removals.total_growth_per_year"], 0.015);
}

}  // namespace
}  // namespace elective::sweep
