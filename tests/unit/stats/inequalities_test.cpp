// Waits by group on a patient-level list: group breakdowns equal a direct count and small groups are
// suppressed.
#include "stats/inequalities.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/patient_list.hpp"
#include "stats/disclosure.hpp"
#include "support/sample_patient_list.hpp"

namespace elective::stats {
namespace {

std::string make_ptl() {
  return test_support::sample_patient_list_csv();
}

const nlohmann::json& group(const nlohmann::json& breakdown, const std::string& label) {
  for (const auto& g : breakdown["groups"]) {
    if (g["group"] == label) return g;
  }
  throw std::runtime_error("no group " + label);
}

// A list of `per_provider[i].second` pathways at provider per_provider[i].first, the first `asian` of them
// with ethnic category H (Asian), the rest A (White); all waiting 20 weeks, half of them over 52 weeks.
std::string make_list(const std::vector<std::pair<std::string, int>>& per_provider, int asian) {
  std::string csv =
      "snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date,imd_decile,ethnic_category,age_"
      "years,sex\n";
  int i = 0;
  for (const auto& [provider, n] : per_provider) {
    for (int k = 0; k < n; ++k, ++i) {
      csv += "2024-11-30,P" + std::to_string(i) + ",W" + std::to_string(i) + "," + provider + ",110," +
             (i % 2 ? "2023-06-01" : "2024-07-13") + "," + std::to_string(i % 10 + 1) + "," +
             (i < asian ? "H" : "A") + ",40,2\n";
    }
  }
  return csv;
}

TEST(EquityBreakdown, GroupsMatchARoundedCountAndSmallGroupsAreWithheld) {
  const auto list = data::parse_patient_list(make_ptl(), "ptl.csv");
  ASSERT_EQ(list.size(), 60u);
  const auto imd = equity_breakdown(list, EquityDimension::imd_quintile, {});
  EXPECT_EQ(imd["reference_group"], "5 (least deprived)");
  EXPECT_EQ(imd["total"], 60);
  EXPECT_EQ(imd["selection_withheld"], false);
  ASSERT_EQ(imd["groups"].size(), 6u);  // quintiles 1-5 and unknown, whether present or not
  const auto& q1 = imd["groups"][0];
  EXPECT_EQ(q1["group"], "1 (most deprived)");
  EXPECT_EQ(q1["count"], 10);                                        // 12, rounded to 5
  EXPECT_DOUBLE_EQ(q1["share_of_list"].get<double>(), 10.0 / 60.0);  // from the published counts
  EXPECT_DOUBLE_EQ(q1["pct_within_18_weeks"].get<double>(), 0.0);    // 40 weeks each
  const auto& q5 = imd["groups"][4];
  EXPECT_DOUBLE_EQ(q5["pct_within_18_weeks"].get<double>(), 1.0);  // 10 weeks each
  EXPECT_GT(q1["median_ratio_to_reference"].get<double>(), 3.0);
  EXPECT_EQ(group(imd, "unknown")["count"], 0);  // an empty group is shown as such when nothing is withheld

  // Three Asian pathways: withheld, and White with them (otherwise 60 - 57 would give 3).
  const auto ethnic = equity_breakdown(list, EquityDimension::ethnic_group, {});
  const auto& asian = group(ethnic, "asian");
  EXPECT_TRUE(asian["suppressed"].get<bool>() && asian["count"].is_null() && asian["median_weeks"].is_null());
  EXPECT_TRUE(group(ethnic, "white")["suppressed"].get<bool>());
  EXPECT_TRUE(group(ethnic, "black")["count"].is_null());  // empty groups of that breakdown are withheld too

  // Filters: one treatment function halves the list.
  const auto t_and_o = equity_breakdown(list, EquityDimension::sex, {std::nullopt, "110"});
  EXPECT_EQ(t_and_o["total"], 30);
  // The rows do not depend on the filter.
  EXPECT_EQ(t_and_o["groups"].size(), equity_breakdown(list, EquityDimension::sex, {})["groups"].size());
}

// Issue 9: 53 pathways, 3 of them Asian. The total used to be published exactly beside the 50 White ones, so
// 53 - 50 gave the hidden group.
TEST(EquityBreakdown, TheTotalMinusTheShownGroupsDoesNotCountAHiddenGroup) {
  const auto list = data::parse_patient_list(make_list({{"RBD", 53}}, 3), "ptl.csv");
  const auto b = equity_breakdown(list, EquityDimension::ethnic_group, {});
  EXPECT_EQ(b["total"], 55);  // 53 rounded
  EXPECT_TRUE(group(b, "asian")["count"].is_null());
  EXPECT_TRUE(group(b, "white")["count"].is_null());  // secondary suppression
  double shown = 0;
  for (const auto& g : b["groups"]) shown += g["count"].is_null() ? 0 : g["count"].get<double>();
  EXPECT_FALSE(is_small_count(b["total"].get<double>() - shown));
  // Shares are computed from published counts only: no exact ratio gives the count back.
  for (const auto& g : b["groups"]) {
    if (!g["count"].is_null() && g["count"].get<double>() > 0) {
      EXPECT_DOUBLE_EQ(std::fmod(g["pct_over_52_weeks"].get<double>() * g["count"].get<double>(), 5.0), 0.0);
    }
  }
}

// Issue 9: with provider=, three queries read a single patient's ethnicity, 52-week breach and deprivation
// quintile (the list minus the other provider). A selection of fewer than 5, or one that leaves fewer than 5
// outside it, is withheld whole.
TEST(EquityBreakdown, AProviderFilterNeverIsolatesAFewPathways) {
  const auto list = data::parse_patient_list(make_list({{"RXX", 1}, {"RBD", 52}}, 1), "ptl.csv");
  const auto all = equity_breakdown(list, EquityDimension::ethnic_group, {});
  EXPECT_EQ(all["total"], 55);
  for (const std::string provider : {"RXX", "RBD"}) {
    for (const auto dimension : {EquityDimension::ethnic_group, EquityDimension::imd_quintile}) {
      const auto b = equity_breakdown(list, dimension, {provider, std::nullopt});
      EXPECT_TRUE(b["selection_withheld"].get<bool>()) << provider;
      EXPECT_TRUE(b["total"].is_null()) << provider;
      for (const auto& g : b["groups"]) {
        EXPECT_TRUE(g["count"].is_null());
        EXPECT_TRUE(g["pct_over_52_weeks"].is_null());
      }
    }
  }
  // Two providers of a fair size are both shown.
  const auto big = data::parse_patient_list(make_list({{"RXX", 20}, {"RBD", 40}}, 0), "ptl.csv");
  EXPECT_EQ(equity_breakdown(big, EquityDimension::sex, {std::string("RXX"), std::nullopt})["total"], 20);
  EXPECT_EQ(equity_breakdown(big, EquityDimension::sex, {std::string("RBD"), std::nullopt})["total"], 40);
  // A treatment function that leaves 2 pathways of the provider outside it is withheld.
  std::string csv = make_list({{"RBD", 40}}, 0);
  csv += "2024-11-30,Q1,V1,RBD,130,2024-07-13,3,A,40,2\n2024-11-30,Q2,V2,RBD,130,2024-07-13,3,A,40,2\n";
  const auto with_two = data::parse_patient_list(csv, "ptl.csv");
  EXPECT_TRUE(
      equity_breakdown(with_two, EquityDimension::sex, {std::string("RBD"), "110"})["selection_withheld"]
          .get<bool>());
  EXPECT_TRUE(equity_breakdown(with_two, EquityDimension::sex, {std::nullopt, "110"})["selection_withheld"]
                  .get<bool>());
}

}  // namespace
}  // namespace elective::stats
