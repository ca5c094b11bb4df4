#include "plan/group_forecast.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "plan/scenario.hpp"

namespace elective::plan {
namespace {

namespace fs = std::filesystem;
using stats::ProviderBreakdown;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(GroupBy, AcceptsTheGroupLevels) {
  EXPECT_THAT(parse_group_by("provider"), ElementsAre(ProviderBreakdown::provider));
  EXPECT_THAT(parse_group_by("provider,specialty"),
              ElementsAre(ProviderBreakdown::provider, ProviderBreakdown::specialty));
  EXPECT_THAT(parse_group_by("icb"), ElementsAre(ProviderBreakdown::icb));
  EXPECT_THAT(parse_group_by("region,specialty"),
              ElementsAre(ProviderBreakdown::region, ProviderBreakdown::specialty));
}

TEST(GroupBy, RefusesAnythingElseNamingTheOption) {
  for (const char* bad : {"", "month", "provider,month", "trust", "provider,", "Provider"}) {
    try {
      parse_group_by(bad);
      ADD_FAILURE() << bad;
    } catch (const InputError& e) {
      EXPECT_THAT(e.what(), HasSubstr("--by: expected a comma list of provider, specialty, icb and region"));
    }
  }
}

// A small provider months file in a temporary folder: AAA steady over nine months, CCC listed only in the
// last two (short history), ZZZ not reported in the last month (left out), and a merged row.
struct Groups : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / fmt::format("elective_group_forecast_{}", ::getpid());

  static std::string rows(const std::string& month, const std::string& code, const std::string& merged,
                          double list, double flow) {
    const double third = list / 3;
    return fmt::format(
        "{m},{c},NAME {c},Total,incomplete,{t},{t},{t},0,0,0,0,0,0,0,0,0,0,{l},{g}\n"
        "{m},{c},NAME {c},Total,completed,{k},0,0,0,0,0,0,0,0,0,0,0,0,{k},{g}\n"
        "{m},{c},NAME {c},Total,referrals,{k},,,,,,,,,,,,,{k},{g}\n",
        fmt::arg("m", month), fmt::arg("c", code), fmt::arg("t", third), fmt::arg("l", list),
        fmt::arg("k", flow), fmt::arg("g", merged));
  }

  void SetUp() override {
    fs::create_directories(dir);
    std::string text =
        "month,provider_code,provider_name,specialty,type,m00,m01,m02,m03,m04,m05,m06,m07,m08,m09,m10,m11,"
        "m12_plus,total,merged_provider_codes\n";
    const char* months[] = {"2024-05", "2024-06", "2024-07", "2024-08", "2024-09",
                            "2024-10", "2024-11", "2024-12", "2025-01"};
    for (int i = 0; i < 9; ++i) {
      text += rows(months[i], "AAA", "", 210, 70);
      text += rows(months[i], "CCC", "", i < 7 ? 0 : 21, i < 7 ? 0 : 7);
      text += rows(months[i], "ZZZ", "", i < 8 ? 42 : 0, i < 8 ? 14 : 0);
      text += rows(months[i], "", "DDD;EEE", 42, 14);
    }
    std::ofstream(dir / "pm.csv") << text;
  }
  void TearDown() override { fs::remove_all(dir); }

  Scenario scenario(const std::string& start) const {
    const std::string text = fmt::format(
        "[start]\n{}\n[horizon]\nmonths = 12\n[[target]]\ntext = \"65% within 18 weeks by 2025-06\"\n",
        start);
    return parse_scenario(text, ScenarioSyntax::toml, (dir / "s.toml").string(), dir.string());
  }
};

TEST_F(Groups, EveryGroupCalibratedOnItsOwnHistoryOrHeld) {
  const Scenario s = scenario("month = \"latest\"\ndata = \"pm.csv\"");
  const GroupForecastResult r = forecast_groups(s, {ProviderBreakdown::provider}, Progress{});
  EXPECT_EQ(r.prepared.start, YearMonth(2025, 1));
  EXPECT_EQ(r.prepared.until, YearMonth(2026, 1));
  EXPECT_THAT(r.prepared.left_out, ElementsAre("ZZZ / Total"));
  ASSERT_EQ(r.groups.size(), 3u);
  const GroupRun& aaa = *r.groups[0].run;
  const GroupRun& ccc = *r.groups[1].run;
  const GroupRun& merged = *r.groups[2].run;
  EXPECT_EQ(*aaa.series.provider, "AAA");
  ASSERT_TRUE(aaa.baseline);
  EXPECT_EQ(aaa.baseline->calibration.window_months, 8);
  EXPECT_TRUE(aaa.flags().empty());
  // A steady list stays near steady.
  ASSERT_EQ(r.groups[0].projection.months.size(), 12u);
  EXPECT_NEAR(r.groups[0].projection.months.back().list_size, 210, 210 * 0.05);
  EXPECT_FALSE(r.groups[0].projection.months.back().over_65_weeks);
  // CCC: two listed months, held at its latest list.
  EXPECT_FALSE(ccc.baseline);
  EXPECT_THAT(ccc.flags(), ElementsAre("unreported_months", "short_history"));
  for (const MonthOutcome& m : r.groups[1].projection.months) EXPECT_NEAR(m.list_size, 21, 1e-9);
  EXPECT_EQ(*merged.series.provider, "merged:DDD+EEE");
  EXPECT_THAT(merged.flags(), ElementsAre("merged_provider_group"));

  const nlohmann::json j = r.to_json();
  EXPECT_EQ(j["by"], nlohmann::json::array({"provider"}));
  EXPECT_EQ(j["groups"][0]["provider"], "AAA");
  EXPECT_EQ(j["groups"][0]["specialty"], "Total");
  EXPECT_EQ(j["groups"][0]["estimated"], true);
  EXPECT_EQ(j["groups"][0]["months"].size(), 12u);
  EXPECT_EQ(j["groups"][0]["targets"][0]["text"], "65% within 18 weeks by 2025-06");
  EXPECT_EQ(j["groups"][0]["history"].size(), 9u);
  EXPECT_EQ(j["groups"][1]["calibration"], nullptr);
  EXPECT_EQ(j["groups"][2]["flags"], nlohmann::json::array({"merged_provider_group"}));

  const Table league = r.league_table(false);
  ASSERT_EQ(league.rows.size(), 3u);
  EXPECT_EQ(league.columns[0].key, "rank");
  EXPECT_EQ(league.columns[1].key, "provider");
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_EQ(std::get<std::int64_t>(league.rows[i][0]), std::int64_t(i + 1));
}

TEST_F(Groups, SolveSkipsHeldGroupsAndNamesThem) {
  const Scenario s = scenario("month = \"latest\"\ndata = \"pm.csv\"");
  const GroupSolveResult r = solve_groups(s, {ProviderBreakdown::provider}, {}, Progress{});
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_EQ(r.groups[0].result.target, "65% within 18 weeks by 2025-06");
  EXPECT_EQ(r.to_json()["not_solved"], nlohmann::json::array({"CCC / Total: short_history"}));
}

TEST_F(Groups, ScenarioErrorsNameTheirKey) {
  try {
    forecast_groups(scenario("month = \"2023-01\"\ndata = \"pm.csv\""), {ProviderBreakdown::provider},
                    Progress{});
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("start.month: 2023-01 is not in pm.csv (it has 2024-05 to 2025-01)"));
  }
  const std::string national = std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_national_timeseries.csv";
  try {
    forecast_groups(scenario(fmt::format("month = \"latest\"\ndata = \"{}\"", national)),
                    {ProviderBreakdown::provider}, Progress{});
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("start.data: --by needs the provider months file"));
  }
}

}  // namespace
}  // namespace elective::plan
