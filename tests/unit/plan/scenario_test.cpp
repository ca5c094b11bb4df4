#include "plan/scenario.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "support/scenario_text.hpp"

namespace elective::plan {
namespace {

using ::testing::HasSubstr;

const std::string kBase = test::kSourceDir;

Scenario parse(const std::string& text) {
  return test::parse_toml_scenario(text);
}

// The error message of parsing `text`, or "" when it parses.
std::string error_of(const std::string& text) {
  return test::input_error_of([&] { parse(text); });
}

const std::string kMinimal = "\n" + test::kMinimalScenario;

TEST(Scenario, ParsesTheIssueExampleWithEveryKey) {
  const Scenario s = parse(R"(
[start]
month = "2024-07"
data = "data/rtt_national_timeseries.csv"
[horizon]
until = "2029-07"
[referrals]
growth_per_year = 0.015
hidden_demand = { total = 0, over_months = 12, from = "2024-10" }
[capacity]
growth_per_year = 0.024
extra_per_week = { amount = 40000, from = "2024-10" }
independent_sector = { per_week = 0, staff_overlap = 0.0, from = "2024-10" }
[[shock]]
from = "2025-01"
until = "2025-02"
capacity_loss = 0.05
[validation]
at = "2025-04"
share_removed = 0.0
[policy]
removal_rule = "calibrated"
[[target]]
text = "92% within 18 weeks by 2029-03"
)");
  EXPECT_EQ(s.start.month, YearMonth(2024, 7));
  EXPECT_EQ(s.start.kind, StartKind::data_file);
  EXPECT_EQ(s.until, YearMonth(2029, 7));
  EXPECT_DOUBLE_EQ(s.referrals.growth_per_year.mid(), 0.015);
  EXPECT_EQ(s.referrals.hidden_demand.over_months, 12);
  EXPECT_DOUBLE_EQ(s.capacity.extra_per_week.amount.mid(), 40000);
  EXPECT_EQ(s.capacity.extra_per_week.from, YearMonth(2024, 10));
  ASSERT_EQ(s.shocks.size(), 1u);
  EXPECT_EQ(s.shocks[0].until, YearMonth(2025, 2));
  EXPECT_DOUBLE_EQ(s.shocks[0].capacity_loss.mid(), 0.05);
  EXPECT_EQ(s.validation.at, YearMonth(2025, 4));
  EXPECT_EQ(s.policy.rule, PolicyKind::calibrated);
  ASSERT_EQ(s.targets.size(), 1u);
  EXPECT_EQ(s.targets[0].target.deadline, YearMonth(2029, 3));
  EXPECT_FALSE(s.has_uncertainty());
  EXPECT_THAT(s.start.data.key, HasSubstr("rtt_national_timeseries.csv"));
}

TEST(Scenario, RangesAreUncertain) {
  const Scenario s = parse(kMinimal + R"(
[referrals]
growth_per_year = { low = 0.01, high = 0.03 }
)");
  EXPECT_TRUE(s.has_uncertainty());
  EXPECT_DOUBLE_EQ(s.referrals.growth_per_year.low, 0.01);
  EXPECT_DOUBLE_EQ(s.referrals.growth_per_year.high, 0.03);
  EXPECT_DOUBLE_EQ(s.referrals.growth_per_year.mid(), 0.02);
}

TEST(Scenario, UnknownKeyNamesTheKeyAndLine) {
  const std::string e = error_of(kMinimal + "[capacity]\ngrowth_per_yer = 0.02\n");
  EXPECT_THAT(e, HasSubstr("test.toml:8"));
  EXPECT_THAT(e, HasSubstr("capacity.growth_per_yer"));
  EXPECT_THAT(e, HasSubstr("unknown key"));
}

TEST(Scenario, UnknownTopLevelTable) {
  EXPECT_THAT(error_of(kMinimal + "[capasity]\ngrowth_per_year = 0.02\n"), HasSubstr("capasity"));
}

TEST(Scenario, PercentStringsAreWrongUnits) {
  const std::string e = error_of(kMinimal + "[referrals]\ngrowth_per_year = \"1.5%\"\n");
  EXPECT_THAT(e, HasSubstr("referrals.growth_per_year"));
  EXPECT_THAT(e, HasSubstr("0.015"));
  EXPECT_THAT(e, HasSubstr(":8"));
}

TEST(Scenario, PercentagesWrittenAsWholeNumbersAreImpossible) {
  EXPECT_THAT(error_of(kMinimal + "[referrals]\ngrowth_per_year = 1.5\n"), HasSubstr("fraction per year"));
  EXPECT_THAT(error_of(kMinimal + "[[shock]]\nfrom = \"2025-01\"\ncapacity_loss = 5\n"),
              HasSubstr("shock[0].capacity_loss"));
  EXPECT_THAT(error_of(kMinimal + "[validation]\nat = \"2025-04\"\nshare_removed = 1.2\n"),
              HasSubstr("validation.share_removed"));
}

TEST(Scenario, ImpossibleValues) {
  EXPECT_THAT(error_of(kMinimal + "[referrals]\ngrowth_per_year = { low = 0.03, high = 0.01 }\n"),
              HasSubstr("must not exceed high"));
  EXPECT_THAT(error_of(kMinimal + "[[shock]]\nfrom = \"2025-03\"\nuntil = \"2025-01\"\n"),
              HasSubstr("shock[0].until"));
  EXPECT_THAT(error_of(kMinimal + "[policy]\nremoval_rule = \"fifo\"\n"), HasSubstr("policy.removal_rule"));
  EXPECT_THAT(
      error_of(kMinimal + "[capacity]\nindependent_sector = { per_week = 100, staff_overlap = 1.5 }\n"),
      HasSubstr("capacity.independent_sector.staff_overlap"));
  EXPECT_THAT(error_of(R"(
[start]
month = "2024-07"
[horizon]
until = "2024-01"
)"),
              HasSubstr("horizon.until"));
}

TEST(Scenario, BadMonthsAndTargets) {
  EXPECT_THAT(error_of(kMinimal + "[validation]\nat = \"April 2025\"\nshare_removed = 0.01\n"),
              HasSubstr("YYYY-MM"));
  const std::string e = error_of(kMinimal + "[[target]]\ntext = \"92 percent by 2029\"\n");
  EXPECT_THAT(e, HasSubstr("target[0].text"));
  EXPECT_THAT(e, HasSubstr(":8"));
}

TEST(Scenario, MissingSectionsAndFiles) {
  EXPECT_THAT(error_of("[horizon]\nuntil = \"2029-07\"\n"), HasSubstr("[start]"));
  EXPECT_THAT(error_of("[start]\nmonth = \"2024-07\"\n"), HasSubstr("[horizon]"));
  EXPECT_THAT(
      error_of("[start]\nmonth = \"2024-07\"\ndata = \"no/such/file.csv\"\n[horizon]\nuntil = \"2029-07\"\n"),
      HasSubstr("file not found"));
}

TEST(Scenario, InvalidTomlReportsTheLine) {
  const std::string e = error_of("[start]\nmonth = \"2024-07\n");
  EXPECT_THAT(e, HasSubstr("test.toml:2"));
  EXPECT_THAT(e, HasSubstr("invalid TOML"));
}

TEST(Scenario, SimulationSectionIsKeptForTheSimulationToValidate) {
  // The forecast's gate leaves [simulation] to src/sim, which reads it from the same document.
  const Scenario s = parse(kMinimal + "[simulation]\nanything = 1\n[simulation.nested]\nx = \"y\"\n");
  const Node* sim = s.section("simulation");
  ASSERT_NE(sim, nullptr);
  ASSERT_NE(sim->find("anything"), nullptr);
  EXPECT_EQ(sim->find("anything")->integer, 1);
  EXPECT_EQ(sim->find("anything")->position.line, 8);
  EXPECT_THAT(error_of("simulation = 3\n" + kMinimal), HasSubstr("simulation: expected a table"));
}

TEST(Scenario, JsonSyntaxParsesTheSameKeys) {
  const Scenario s = parse_scenario(R"({"start": {"month": "2024-07"}, "horizon": {"until": "2026-07"},
      "capacity": {"growth_per_year": {"low": 0.01, "high": 0.02}}, "target": [{"text": "0 over 65 weeks by 2025-09"}]})",
                                    ScenarioSyntax::json, "s.json", kBase);
  EXPECT_EQ(s.until, YearMonth(2026, 7));
  EXPECT_TRUE(s.capacity.growth_per_year.uncertain());
  ASSERT_EQ(s.targets.size(), 1u);
  EXPECT_EQ(s.targets[0].target.kind, TargetKind::count_over);
  EXPECT_THROW(
      parse_scenario(R"({"start": {"month": "2024-07"}, "horizon": {"until": "2026-07"}, "extra": 1})",
                     ScenarioSyntax::json, "s.json", kBase),
      InputError);
}

TEST(Scenario, TotalRemovalGrowth) {
  const Scenario s = parse(kMinimal + R"(
[removals]
total_growth_per_year = { low = 0.02, high = 0.03 }
)");
  ASSERT_TRUE(s.removals.total_growth_per_year.has_value());
  EXPECT_DOUBLE_EQ(s.removals.total_growth_per_year->mid(), 0.025);
  EXPECT_TRUE(s.has_uncertainty());
  EXPECT_FALSE(parse(kMinimal).removals.total_growth_per_year.has_value());
  // It sets the growth of all removals, so it cannot be said twice.
  EXPECT_THAT(error_of(kMinimal + R"(
[capacity]
growth_per_year = 0.02
[removals]
total_growth_per_year = 0.024
)"),
              HasSubstr("test.toml:11:25: removals.total_growth_per_year: cannot be combined with capacity"));
  EXPECT_THAT(error_of(kMinimal + R"(
[removals]
total_growth_per_year = 0.024
other_mode = "volume"
)"),
              HasSubstr("removals.total_growth_per_year"));
  EXPECT_THAT(error_of(kMinimal + R"(
[removals]
total_growth_per_year = 2.4
)"),
              HasSubstr("a fraction per year"));
}

TEST(Scenario, EveryShippedScenarioParses) {
  for (const char* name : {"current-trends", "pledge-2024", "recovery-plan-2022", "hf-jan-2025",
                           "ifs-central-2025", "current-trends-uncertain", "provider-rbd"}) {
    EXPECT_NO_THROW(load_scenario(kBase + "/scenarios/" + name + ".toml")) << name;
  }
}

}  // namespace
}  // namespace elective::plan
