// Waits by group on a patient-level list: group breakdowns equal a direct count and small groups are
// suppressed.
#include "stats/inequalities.hpp"

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "data/patient_list.hpp"

namespace elective::stats {
namespace {

// 60 open pathways on 2024-11-30: deprived deciles (1-2) wait 40 weeks, the least deprived (9-10) 10 weeks,
// the rest 20 weeks; three pathways have ethnic category H (Asian) - a group under 5.
std::string make_ptl() {
  std::string csv =
      "snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date,imd_decile,ethnic_category,age_"
      "years,sex\n";
  for (int i = 0; i < 60; ++i) {
    const int decile = i % 10 + 1;
    const char* start = decile <= 2 ? "2024-02-24" : decile >= 9 ? "2024-09-21" : "2024-07-13";
    const char* ethnic = i < 3 ? "H" : "A";
    csv += "2024-11-30,SECRETPATIENT" + std::to_string(1000 + i) + ",PW" + std::to_string(i) + ",RBD," +
           (i % 2 == 0 ? "110" : "130") + "," + start + "," + std::to_string(decile) + "," + ethnic + "," +
           std::to_string(20 + i) + "," + (i % 2 == 0 ? "1" : "2") + "\n";
  }
  return csv;
}

TEST(EquityBreakdown, GroupsMatchADirectCountAndSmallGroupsAreSuppressed) {
  const auto list = data::parse_patient_list(make_ptl(), "ptl.csv");
  ASSERT_EQ(list.size(), 60u);
  const auto imd = equity_breakdown(list, EquityDimension::imd_quintile, {});
  EXPECT_EQ(imd["reference_group"], "5 (least deprived)");
  ASSERT_EQ(imd["groups"].size(), 5u);
  const auto& q1 = imd["groups"][0];
  EXPECT_EQ(q1["group"], "1 (most deprived)");
  EXPECT_EQ(q1["count"], 12);
  EXPECT_DOUBLE_EQ(q1["share_of_list"].get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(q1["pct_within_18_weeks"].get<double>(), 0.0);  // 40 weeks each
  const auto& q5 = imd["groups"][4];
  EXPECT_DOUBLE_EQ(q5["pct_within_18_weeks"].get<double>(), 1.0);  // 10 weeks each
  EXPECT_GT(q1["median_ratio_to_reference"].get<double>(), 3.0);

  const auto ethnic = equity_breakdown(list, EquityDimension::ethnic_group, {});
  bool asian_suppressed = false;
  for (const auto& g : ethnic["groups"]) {
    if (g["group"] == "asian") {
      asian_suppressed = g["suppressed"].get<bool>() && g["count"].is_null() && g["median_weeks"].is_null();
    }
  }
  EXPECT_TRUE(asian_suppressed);

  // Filters: one treatment function halves the list.
  const auto t_and_o = equity_breakdown(list, EquityDimension::sex, {std::nullopt, "110"});
  EXPECT_EQ(t_and_o["total"], 30);
}

}  // namespace
}  // namespace elective::stats
