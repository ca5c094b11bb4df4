// The DM01 and cancer waiting times readers (issue 12): columns by name, file:line:column errors, duplicate
// keys refused, source disagreements flagged rather than hidden, detection through the input-format registry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "data/cancer_cwt.hpp"
#include "data/dm01.hpp"
#include "data/input_formats.hpp"

namespace elective::data {
namespace {

using ::testing::HasSubstr;

const std::string kDm01Header =
    "month,region_code,region_name,provider_code,provider_name,test_id,test,total_waiting,waiting_6_plus_"
    "weeks,"
    "waiting_13_plus_weeks,pct_waiting_6_plus_weeks,w00,w01,w02,w03,w04,w05,w06,w07,w08,w09,w10,w11,w12,"
    "w13_plus,activity_planned,activity_unscheduled,activity_waiting_list\n";
const std::string kDm01Row =
    "2025-03,Y56,London,RXX,Trust,,ALL,10,3,1,0.3,2,1,1,1,1,1,1,1,0,0,0,0,0,1,0,0,5\n";

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Dm01Reader, ReadsARowAndItsBands) {
  const auto list = Dm01List::parse(kDm01Header + kDm01Row, "d.csv");
  ASSERT_EQ(list.size(), 1u);
  const auto& r = list.rows()[0];
  EXPECT_TRUE(r.all_tests());
  EXPECT_EQ(r.total_waiting, 10);
  EXPECT_EQ(r.bands[13], 1);
  EXPECT_TRUE(r.disagreement.empty());
  EXPECT_EQ(list.months().front(), YearMonth(2025, 3));
}

TEST(Dm01Reader, FlagsRowsWhoseTotalsDisagreeWithTheirBands) {
  // Published total 11 and 6+ count 4 while the bands hold 10 and 3.
  const std::string row = "2025-03,Y56,London,RXX,Trust,,ALL,11,4,1,0.3,2,1,1,1,1,1,1,1,0,0,0,0,0,1,0,0,5\n";
  const auto list = Dm01List::parse(kDm01Header + row, "d.csv");
  ASSERT_EQ(list.disagreements().size(), 1u);
  EXPECT_EQ(list.rows()[0].disagreement, "total,6+");
}

TEST(Dm01Reader, RejectsBadInputWithItsPosition) {
  EXPECT_THAT(error_of([&] { (void)Dm01List::parse(kDm01Header + kDm01Row + kDm01Row, "d.csv"); }),
              HasSubstr("d.csv:3:"));
  EXPECT_THAT(error_of([&] { (void)Dm01List::parse(kDm01Header + kDm01Row + kDm01Row, "d.csv"); }),
              HasSubstr("repeated row"));
  std::string bad = kDm01Row;
  bad.replace(bad.find(",10,"), 4, ",nan,");
  EXPECT_THAT(error_of([&] { (void)Dm01List::parse(kDm01Header + bad, "d.csv"); }), HasSubstr("d.csv:2:"));
  bad = kDm01Row;
  bad.replace(bad.find(",10,"), 4, ",-1,");
  EXPECT_THAT(error_of([&] { (void)Dm01List::parse(kDm01Header + bad, "d.csv"); }), HasSubstr("a count"));
  EXPECT_THAT(error_of([&] { (void)Dm01List::parse("month,provider_code\n", "d.csv"); }),
              HasSubstr("missing column"));
  bad = kDm01Row;
  bad.replace(bad.find(",,ALL,"), 6, ",3,ALL,");
  EXPECT_THAT(error_of([&] { (void)Dm01List::parse(kDm01Header + bad, "d.csv"); }), HasSubstr("test ALL"));
  EXPECT_THAT(error_of([&] { (void)Dm01List::parse(kDm01Header + "2025-03,Y56\n", "d.csv"); }),
              HasSubstr("expected 28 fields"));
}

const std::string kCwtHeader =
    "month,standard,provider_code,stage_route,treatment_modality,cancer_type,total,within_standard,"
    "breaches\n";

TEST(CwtReader, ReadsHalvesAndFlagsDisagreements) {
  const auto x =
      CwtProvider::parse(kCwtHeader +
                             "2025-03,62-day Combined,RXX,Screening,ALL MODALITIES,Breast,2.5,1.5,1\n"
                             "2025-03,28-day FDS,RXX,URGENT SUSPECTED CANCER,,Lung,10,7,2\n",
                         "c.csv");
  ASSERT_EQ(x.size(), 2u);
  EXPECT_EQ(x.rows()[0].total, 2.5);
  EXPECT_FALSE(x.rows()[0].disagreement);
  EXPECT_TRUE(x.rows()[1].disagreement);
  EXPECT_EQ(x.disagreements(), 1u);
}

TEST(CwtReader, RejectsUnknownStandardsAndRepeatedKeys) {
  EXPECT_THAT(error_of([&] {
                (void)CwtProvider::parse(kCwtHeader + "2025-03,2-week wait,RXX,A,,B,1,1,0\n", "c.csv");
              }),
              HasSubstr("c.csv:2:9"));
  const std::string row = "2025-03,28-day FDS,RXX,A,,B,1,1,0\n";
  EXPECT_THAT(error_of([&] { (void)CwtProvider::parse(kCwtHeader + row + row, "c.csv"); }),
              HasSubstr("repeated row"));
  EXPECT_THAT(error_of([&] {
                (void)CwtProvider::parse(kCwtHeader + "2025-03,31-day Combined,RXX,A,,B,1,1,0\n", "c.csv");
              }),
              HasSubstr("treatment modality"));
  EXPECT_EQ(parse_cancer_standard("28-day fds"), CancerStandard::fds28);
  EXPECT_EQ(parse_cancer_standard("62"), CancerStandard::d62);
  EXPECT_EQ(parse_cancer_standard("2ww"), std::nullopt);
}

TEST(CwtReader, NationalSeriesKeepsEmptyMonthsAndChecksPerformance) {
  const std::string header =
      "month,usc_referrals_seen,breast_symptomatic_referrals_seen,fds28_total,fds28_within_standard,"
      "fds28_outside_standard,fds28_performance,d31_total,d31_within_standard,d31_outside_standard,"
      "d31_performance,d62_total,d62_within_standard,d62_outside_standard,d62_performance\n";
  const auto x = CwtNational::parse(header +
                                        "2009-10,77076,,,,,,,,,,,,,\n"
                                        "2023-10,1,2,100,75,25,0.75,10,9,1,0.9,4,3,1,0.5\n",
                                    "n.csv");
  ASSERT_EQ(x.size(), 2u);
  EXPECT_FALSE(x.months()[0].of(CancerStandard::fds28).total);
  EXPECT_FALSE(x.months()[1].of(CancerStandard::fds28).disagreement);
  EXPECT_TRUE(x.months()[1].of(CancerStandard::d62).disagreement);  // 0.5 published, 3/4 computed
  EXPECT_THAT(
      error_of([&] { (void)CwtNational::parse(header + "2023-10,1,2,100,,25,0.75,,,,,,,,\n", "n.csv"); }),
      HasSubstr("incomplete"));
  EXPECT_THAT(
      error_of([&] { (void)CwtNational::parse(header + "2023-10,1,2,100,75,25,75,,,,,,,,\n", "n.csv"); }),
      HasSubstr("n.csv:2:23"));
}

TEST(ListInputFormats, DetectedFromTheirHeaders) {
  EXPECT_EQ(detect_input_format(kDm01Header)->value, InputKind::dm01);
  EXPECT_EQ(detect_input_format(kCwtHeader)->value, InputKind::cwt_provider);
  EXPECT_EQ(detect_input_format("month,usc_referrals_seen,fds28_total,d31_total,d62_total\n")->value,
            InputKind::cwt_national);
  const auto d = parse_input({InputFile{"d.csv", kDm01Header + kDm01Row}});
  ASSERT_TRUE(d.dm01);
  EXPECT_EQ(input_format(InputKind::dm01).rows(d), 1);
}

}  // namespace
}  // namespace elective::data
