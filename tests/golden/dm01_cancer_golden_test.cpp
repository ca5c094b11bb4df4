// Golden tests of the diagnostics (DM01) and cancer waiting times readers and statistics on the real NHS
// England files bundled in data/ (issue 12). Expected figures are NHS England's published England values
// (the England rows of the DM01 workbooks and the CWT national series, data/README.md sections 3, 6 and 7).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>

#include "core/error.hpp"
#include "data/cancer_cwt.hpp"
#include "data/csv.hpp"
#include "data/dm01.hpp"
#include "stats/cancer_stats.hpp"
#include "stats/dm01_stats.hpp"

namespace elective::stats {
namespace {

const data::Dm01List& dm01() {
  static const data::Dm01List list = data::Dm01List::parse(
      data::read_input_file(std::string(ELECTIVE_SOURCE_DIR) + "/data/diagnostics_dm01_provider.csv"),
      "diagnostics_dm01_provider.csv");
  return list;
}

const data::CwtProvider& cwt() {
  static const data::CwtProvider x = data::CwtProvider::parse(
      data::read_input_file(std::string(ELECTIVE_SOURCE_DIR) + "/data/cancer_cwt_provider.csv.gz"),
      "cancer_cwt_provider.csv.gz");
  return x;
}

const data::CwtNational& national() {
  static const data::CwtNational x =
      data::CwtNational::parse(data::read_input_file(std::string(ELECTIVE_SOURCE_DIR) +
                                                     "/data/cancer_waiting_times_national_monthly.csv"),
                               "cancer_waiting_times_national_monthly.csv");
  return x;
}

TEST(Dm01Golden, ReadsEveryRow) {
  EXPECT_EQ(dm01().size(), 25208u);
  EXPECT_EQ(dm01().months().size(), 8u);
  EXPECT_EQ(dm01().providers().size(), 460u);
}

// In every row the 14 bands sum to the published total, w06...w13_plus to the 6+ count and w13_plus to the
// 13+ count. The source has no exceptions (had it any, they would be flagged, not dropped).
TEST(Dm01Golden, BandsSumToTotalsAndTheSixAndThirteenWeekCountsInEveryRow) {
  size_t checked = 0;
  for (const auto& r : dm01().rows()) {
    double all = 0, six = 0;
    for (size_t k = 0; k < r.bands.size(); ++k) {
      all += r.bands[k];
      if (k >= 6) six += r.bands[k];
    }
    ASSERT_EQ(all, r.total_waiting) << "line " << r.line;
    ASSERT_EQ(six, r.waiting_6_plus_weeks) << "line " << r.line;
    ASSERT_EQ(r.bands[13], r.waiting_13_plus_weeks) << "line " << r.line;
    ASSERT_TRUE(r.disagreement.empty()) << "line " << r.line;
    ++checked;
  }
  EXPECT_EQ(checked, 25208u);
  EXPECT_TRUE(dm01().disagreements().empty());
}

// The providers sum to NHS England's England row in every month (data/README.md section 6).
TEST(Dm01Golden, ProviderSumsEqualTheEnglandRows) {
  const std::map<std::string, std::tuple<double, double, double>> england = {
      {"2024-08", {1562141, 374205, 131391}}, {"2024-09", {1587330, 359933, 132417}},
      {"2024-10", {1630981, 337482, 131019}}, {"2024-11", {1615001, 321795, 115881}},
      {"2024-12", {1563343, 355915, 122746}}, {"2025-01", {1621905, 363600, 120772}},
      {"2025-02", {1668868, 291346, 111673}}, {"2025-03", {1703242, 312744, 103422}}};
  const auto rows = dm01_query(dm01(), {}, {Dm01Breakdown::month});
  ASSERT_EQ(rows.size(), england.size());
  for (const auto& r : rows) {
    const auto& [total, six, thirteen] = england.at(r.month.to_string());
    EXPECT_EQ(r.summary.total, total) << r.month.to_string();
    EXPECT_EQ(r.summary.over_standard, six) << r.month.to_string();
    EXPECT_EQ(r.over_13_weeks, thirteen) << r.month.to_string();
    EXPECT_EQ(r.summary.within_standard + r.summary.over_standard, r.summary.total);
    EXPECT_EQ(r.rows_disagreeing, 0u);
  }
  // March 2025: 18.36% waiting 6+ weeks, so 81.6% within 6 weeks against the 95% ambition.
  EXPECT_NEAR(*rows.back().summary.share_within_standard, 1 - 312744.0 / 1703242.0, 1e-12);
}

TEST(Dm01Golden, RegionsAndTestsAddUpToEngland) {
  Dm01Selection march;
  march.month = YearMonth(2025, 3);
  const auto england = dm01_query(dm01(), march, {}).at(0);
  double regions = 0;
  const auto by_region = dm01_query(dm01(), march, {Dm01Breakdown::region});
  EXPECT_EQ(by_region.size(), 7u);
  for (const auto& r : by_region) regions += r.summary.total;
  EXPECT_EQ(regions, england.summary.total);
  // Tests 1-15 add up to the all-tests rows of every provider that has by-test rows.
  const auto by_test = dm01_query(dm01(), march, {Dm01Breakdown::test});
  EXPECT_EQ(by_test.size(), 15u);
  double tests = 0;
  for (const auto& r : by_test) tests += r.summary.total;
  EXPECT_EQ(tests, england.summary.total);
}

// A region selected (GET /api/diagnostics?region=) is its row of the breakdown by region, and its providers
// add up to it; a region the file does not have is an error naming it.
TEST(Dm01Golden, ARegionSelectedIsItsRowByRegion) {
  Dm01Selection march;
  march.month = YearMonth(2025, 3);
  for (const auto& r : dm01_query(dm01(), march, {Dm01Breakdown::region})) {
    Dm01Selection one = march;
    one.region = r.region;
    const auto selected = dm01_query(dm01(), one, {}).at(0);
    EXPECT_EQ(selected.bands, r.bands) << *r.region;
    double providers = 0;
    for (const auto& p : dm01_query(dm01(), one, {Dm01Breakdown::provider})) providers += p.summary.total;
    EXPECT_EQ(providers, r.summary.total) << *r.region;
  }
  Dm01Selection nowhere;
  nowhere.region = "Z99";
  EXPECT_THROW(dm01_query(dm01(), nowhere, {}), InputError);
}

TEST(CancerGolden, ReadsEveryRowWithoutDisagreements) {
  EXPECT_EQ(cwt().size(), 184850u);
  EXPECT_EQ(cwt().months().size(), 19u);
  EXPECT_EQ(cwt().disagreements(), 0u);
  EXPECT_EQ(national().size(), 169u);
}

// England March 2025 (data/README.md section 7): 28-day FDS 78.9%, 31-day 91.4%, 62-day 71.4%.
TEST(CancerGolden, EnglandMarch2025Performance) {
  CwtSelection s;
  s.month = YearMonth(2025, 3);
  const auto rows = cwt_query(cwt(), s, {});
  ASSERT_EQ(rows.size(), 3u);
  const std::map<data::CancerStandard, std::tuple<double, double, double>> expected = {
      {data::CancerStandard::fds28, {275403, 217366, 0.789}},
      {data::CancerStandard::d31, {55153, 50423, 0.914}},
      {data::CancerStandard::d62, {27162.5, 19389.5, 0.714}}};
  for (const auto& r : rows) {
    const auto& [total, within, performance] = expected.at(r.standard);
    EXPECT_EQ(r.total, total);
    EXPECT_EQ(r.within_standard, within);
    EXPECT_EQ(r.within_standard + r.breaches, r.total);
    EXPECT_NEAR(*r.performance(), performance, 0.0005);
  }
}

// Provider sums equal the national series in every month both cover (April to October 2023), for all three
// standards, in total and within standard.
TEST(CancerGolden, ProviderSumsEqualTheNationalSeries) {
  const auto rows = cwt_query(cwt(), {}, {CwtBreakdown::month});
  size_t compared = 0;
  for (const auto& r : rows) {
    const auto* m = national().find(r.month);
    if (m == nullptr || !m->of(r.standard).total) continue;
    EXPECT_EQ(r.total, *m->of(r.standard).total) << r.month.to_string();
    EXPECT_EQ(r.within_standard, *m->of(r.standard).within_standard) << r.month.to_string();
    ++compared;
  }
  EXPECT_EQ(compared, 21u);  // 7 months x 3 standards
}

// The 31- and 62-day rows split by cancer type (ALL MODALITIES) and by modality (ALL CANCERS) add up to the
// same totals: using one set only counts each pathway once.
TEST(CancerGolden, CancerTypeAndModalitySplitsAgree) {
  std::map<std::tuple<int, int, std::string, std::string>, std::pair<double, double>> sums;
  for (const auto& r : cwt().rows()) {
    if (r.standard == data::CancerStandard::fds28) continue;
    auto& s = sums[{r.month.index(), static_cast<int>(r.standard), r.provider_code, r.stage_route}];
    if (r.treatment_modality == "ALL MODALITIES") s.first += r.total;
    if (r.cancer_type == "ALL CANCERS") s.second += r.total;
  }
  for (const auto& [key, s] : sums) EXPECT_EQ(s.first, s.second);
  EXPECT_GT(sums.size(), 1000u);
}

TEST(CancerGolden, NationalSeriesMatchesItsPublishedPerformance) {
  for (const auto& m : national().months())
    for (auto standard : data::kCancerStandards)
      EXPECT_FALSE(m.of(standard).disagreement) << m.month.to_string();
  CwtSelection s;
  s.month = YearMonth(2023, 10);
  const auto rows = cwt_national_query(national(), s, {});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].total, 271402);
  EXPECT_EQ(rows[0].within_standard, 192880);
}

}  // namespace
}  // namespace elective::stats
