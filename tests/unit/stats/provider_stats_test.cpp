#include "stats/provider_stats.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"

namespace elective::stats {
namespace {

using ::testing::HasSubstr;

const std::string kHeader =
    "month,provider_code,provider_name,specialty,type,m00,m01,m02,m03,m04,m05,m06,m07,m08,m09,m10,m11,m12_"
    "plus,"
    "total,merged_provider_codes\n";

const std::string kFile = kHeader +
                          "2024-10,RBD,DORSET,Total,incomplete,10,10,0,0,0,0,0,0,0,0,0,0,0,20,\n"
                          "2024-11,RBD,DORSET,Total,incomplete,30,0,0,0,0,0,0,0,0,0,0,0,10,40,\n"
                          "2024-11,RBD,DORSET,Urology,incomplete,30,0,0,0,0,0,0,0,0,0,0,0,10,40,\n"
                          "2024-11,RBD,DORSET,Total,completed,10,0,0,0,0,0,0,0,0,0,0,0,0,10,\n"
                          "2024-11,RBD,DORSET,Urology,completed,6,0,0,0,0,0,0,0,0,0,0,0,0,6,\n"
                          "2024-11,RBD,DORSET,Total,referrals,7,,,,,,,,,,,,,7,\n"
                          "2024-11,,WALTON,Total,incomplete,0,0,0,0,0,0,0,0,0,0,0,0,0,0,RET;NT428\n"
                          "2024-11,,CORNWALL,Total,incomplete,5,0,0,0,0,0,0,0,0,0,0,0,0,5,REF;R1A\n";

const std::string kProviders =
    "provider_code,provider_name,region_code,region_name,icb_code,icb_name,postcode,lat,lon\n"
    "RBD,Dorset,Y58,South West,QVV,Dorset ICB,,,\n"
    "RET,Walton,Y62,North West,QYG,Cheshire ICB,,,\n"
    "NT428,Princess Margaret,Y62,North West,QYG,Cheshire ICB,,,\n"
    "REF,Cornwall,Y58,South West,QT6,Cornwall ICB,,,\n"
    "R1A,Herefordshire,Y60,Midlands,QGH,Hereford ICB,,,\n";

struct Fixture : ::testing::Test {
  data::ProviderMonths file = data::ProviderMonths::parse(kFile, "pm.csv");
  data::ProviderReference ref = data::ProviderReference::parse(kProviders, "providers.csv");
  std::vector<ProviderStatsRow> run(std::vector<std::string> by, ProviderSelection sel = {}) {
    ProviderQuery q;
    q.by = parse_provider_breakdowns(by);
    q.selection = sel;
    return query_provider_months(file, &ref, q);
  }
};

TEST_F(Fixture, ByProviderKeepsMergedGroupsAsGroups) {
  const auto rows = run({"provider"});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(*rows[0].provider, "RBD");
  EXPECT_EQ(*rows[1].provider, "merged:NT428+RET");
  EXPECT_EQ(*rows[1].provider_name, "merged group of 2 providers");
  EXPECT_EQ(rows[1].flags(), "merged_provider_group;unreported_months");
  EXPECT_EQ(*rows[2].provider, "merged:R1A+REF");
  EXPECT_EQ(rows[0].month, YearMonth(2024, 11));  // the latest month by default
  EXPECT_DOUBLE_EQ(rows[0].summary.total, 40);
  EXPECT_NEAR(*rows[0].summary.over_52_weeks, 10, 1e-9);
  EXPECT_NEAR(*rows[0].summary.pct_within_18_weeks, 0.75, 1e-9);
  const Table t = provider_stats_table(rows);
  const auto json = to_json_rows(t);
  EXPECT_EQ(json[0]["estimated"], true);
  EXPECT_EQ(json[1]["flags"], "merged_provider_group;unreported_months");
  EXPECT_TRUE(json[0]["over_65_weeks"].is_null());
}

TEST_F(Fixture, ByIcbAndRegionNeverUseTheNameOfTheGroup) {
  const auto icbs = run({"icb"});
  // Walton's codes share an ICB; Cornwall's span two and go to the "merged" row.
  ASSERT_EQ(icbs.size(), 3u);
  EXPECT_EQ(*icbs[0].icb, "QVV");
  EXPECT_EQ(*icbs[1].icb, "QYG");
  EXPECT_TRUE(icbs[1].merged);
  EXPECT_EQ(*icbs[2].icb, "merged");
  const auto regions = run({"region", "month"});
  ASSERT_EQ(regions.size(), 4u);  // Y58 Oct, Y58 Nov, Y62 Nov, merged Nov
  EXPECT_EQ(*regions[0].region, "Y58");
  EXPECT_EQ(regions[0].month, YearMonth(2024, 10));
}

TEST_F(Fixture, SpecialtiesAndFlags) {
  ProviderSelection sel;
  sel.type = data::MonthsType::completed;
  const auto rows = run({"specialty"}, sel);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(*rows[0].tfc, "C_101");
  EXPECT_EQ(rows[0].flags(), "undercounted_specialty");
  sel.specialty = "Total";
  EXPECT_EQ(run({}, sel)[0].flags(), "");
  sel = {};
  sel.type = data::MonthsType::referrals;
  const auto refs = run({"provider"}, sel);
  EXPECT_DOUBLE_EQ(refs[0].summary.total, 7);
  EXPECT_FALSE(refs[0].has_bins);
  EXPECT_EQ(to_json_rows(provider_stats_table(refs))[0]["estimated"], false);
}

TEST_F(Fixture, SelectionErrorsSayWhy) {
  ProviderSelection sel;
  sel.provider = "RET";
  try {
    run({}, sel);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("provider RET has no rows of its own: its figures are in the merged group "
                          "merged:NT428+RET"));
  }
  sel.provider = "merged:NT428+RET";
  EXPECT_EQ(run({}, sel).size(), 1u);
  sel = {};
  sel.month = YearMonth(2025, 1);
  EXPECT_THROW(run({}, sel), InputError);
  EXPECT_THROW(parse_provider_breakdowns({"commissioner"}), InputError);
  EXPECT_THROW(parse_months_part("admitted"), InputError);
  ProviderQuery q;
  q.by = {ProviderBreakdown::icb};
  EXPECT_THROW(query_provider_months(file, nullptr, q), InputError);
}

}  // namespace
}  // namespace elective::stats
