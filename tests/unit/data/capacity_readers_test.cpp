// The workforce, sickness absence and KH03 beds readers (issue 16): columns by name, the staff-group tree
// (subtotals never added to their children), file:line:column errors, repeats refused, disagreements of the
// source flagged rather than hidden, detection through the input-format registry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/error.hpp"
#include "data/beds_kh03.hpp"
#include "data/input_formats.hpp"
#include "data/sickness_absence.hpp"
#include "data/workforce.hpp"

namespace elective::data {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kFteHeader =
    "month,region_code,region_name,icb_code,provider_code,provider_name,staff_group,fte\n";
std::string fte_row(const std::string& group, double fte, const std::string& code = "RXX") {
  return "2025-01,Y56,London,QMJ," + code + ",A Trust," + group + "," + std::to_string(fte) + "\n";
}

TEST(WorkforceFte, KnowsTheStaffGroupTree) {
  EXPECT_EQ(staff_groups().size(), kStaffGroups);
  int leaves = 0;
  for (const auto& g : staff_groups()) leaves += is_leaf(g.value) ? 1 : 0;
  EXPECT_EQ(leaves, 22);
  EXPECT_FALSE(is_leaf(StaffGroup::hchs_doctors));
  EXPECT_TRUE(is_leaf(StaffGroup::consultant));
  EXPECT_EQ(parse_staff_group("HCHS Doctors"), StaffGroup::hchs_doctors);
  EXPECT_EQ(parse_staff_group("Doctors"), std::nullopt);
}

TEST(WorkforceFte, ReadsGroupsAndFlagsASubtotalThatDoesNotAddUp) {
  const std::string text = kFteHeader + fte_row("HCHS Doctors", 30) + fte_row("Consultant", 10) +
                           fte_row("Specialty Registrar", 15) + fte_row("Total", 100);
  const auto file = WorkforceFte::parse(text, "w.csv");
  ASSERT_EQ(file.records().size(), 1u);
  const auto& r = file.records()[0];
  EXPECT_EQ(r[StaffGroup::consultant], 10);
  EXPECT_EQ(r[StaffGroup::hchs_doctors], 30);
  EXPECT_EQ(r.leaf_sum(StaffGroup::hchs_doctors), 25);  // the leaves only, never the subtotal as well
  // Doctors 30 != 10 + 15; the clinical subtotal (absent, 0) != 30; Total 100 != 0.
  EXPECT_THAT(r.subtotal_disagreement, HasSubstr("HCHS Doctors"));
  EXPECT_EQ(file.subtotal_disagreements().size(), 1u);
  EXPECT_EQ(file.find(*YearMonth::parse("2025-01"), "RXX"), &r);
  EXPECT_EQ(file.find(*YearMonth::parse("2025-02"), "RXX"), nullptr);
}

TEST(WorkforceFte, RejectsUnknownGroupsRepeatsAndBadNumbersWithTheirPlace) {
  EXPECT_THAT(error_of([&] { (void)WorkforceFte::parse(kFteHeader + fte_row("Doctors", 1), "w.csv"); }),
              HasSubstr("w.csv:2:"));
  EXPECT_THAT(error_of([&] { (void)WorkforceFte::parse(kFteHeader + fte_row("Doctors", 1), "w.csv"); }),
              HasSubstr("unknown staff group 'Doctors'"));
  EXPECT_THAT(error_of([&] {
                (void)WorkforceFte::parse(kFteHeader + fte_row("Consultant", 1) + fte_row("Consultant", 2),
                                          "w.csv");
              }),
              HasSubstr("w.csv:3:"));
  EXPECT_THAT(error_of([&] {
                (void)WorkforceFte::parse(kFteHeader + "2025-01,Y56,London,QMJ,RXX,A Trust,Consultant,-3\n",
                                          "w.csv");
              }),
              HasSubstr("w.csv:2:47"));
  EXPECT_THAT(error_of([&] { (void)WorkforceFte::parse("month,provider_code,fte\n", "w.csv"); }),
              HasSubstr("missing column 'region_code'"));
}

TEST(WorkforceTotal, ReadsTheSeriesAndMissingMonthsAreZero) {
  const auto file = WorkforceTotal::parse(
      "month,provider_code,provider_name,fte_total\n2009-09,5A3,South Gloucestershire PCT,520.5\n", "t.csv");
  EXPECT_EQ(file.fte(*YearMonth::parse("2009-09"), "5A3"), 520.5);
  EXPECT_EQ(file.fte(*YearMonth::parse("2009-10"), "5A3"), 0);
  EXPECT_THAT(error_of([] {
                (void)WorkforceTotal::parse(
                    "month,provider_code,provider_name,fte_total\n2009-09,5A3,X,1\n2009-09,5A3,X,2\n",
                    "t.csv");
              }),
              HasSubstr("t.csv:3:"));
}

const std::string kAbsenceHeader =
    "month,region_code,region_name,icb_code,icb_name,provider_code,provider_name,org_type,fte_days_lost,fte_"
    "days_available,sickness_absence_rate\n";

TEST(SicknessAbsence, RateIsLostOverAvailableAndThePublishedRateIsChecked) {
  const auto file =
      SicknessAbsence::parse(kAbsenceHeader + "2024-04,Y56,London,QMJ,NCL,RXX,T,Acute,50,1000,0.05\n" +
                                 "2024-04,Y56,London,QMJ,NCL,RYY,U,Acute,50,1000,0.07\n",
                             "a.csv");
  ASSERT_EQ(file.size(), 2u);
  EXPECT_DOUBLE_EQ(file.rows()[0].rate(), 0.05);
  EXPECT_FALSE(file.rows()[0].rate_disagreement);
  EXPECT_TRUE(file.rows()[1].rate_disagreement);
  EXPECT_EQ(file.rate_disagreements().size(), 1u);
  EXPECT_THAT(error_of([&] {
                (void)SicknessAbsence::parse(kAbsenceHeader + "2024-04,Y56,L,Q,N,RXX,T,Acute,50,10,0.05\n",
                                             "a.csv");
              }),
              HasSubstr("a.csv:2:"));
  EXPECT_THAT(error_of([&] {
                (void)SicknessAbsence::parse(kAbsenceHeader + "2024-04,Y56,L,Q,N,RXX,T,Acute,5,10,1.5\n",
                                             "a.csv");
              }),
              HasSubstr("expected a fraction from 0 to 1"));
}

const std::string kBedsHeader =
    "quarter,period_end,region_code,provider_code,provider_name,available_total,available_general_acute,"
    "available_learning_disabilities,available_maternity,available_mental_illness,occupied_total,occupied_"
    "general_acute,occupied_learning_disabilities,occupied_maternity,occupied_mental_illness\n";

TEST(BedsKh03, QuartersMatchTheirEndsAndSectorsAddUp) {
  EXPECT_EQ(quarter_end("2024-25 Q2"), YearMonth(2024, 9));
  EXPECT_EQ(quarter_end("2024-25 Q4"), YearMonth(2025, 3));
  EXPECT_EQ(quarter_end("2024-26 Q4"), std::nullopt);
  EXPECT_EQ(quarter_end_of(YearMonth(2024, 8)), YearMonth(2024, 9));
  EXPECT_EQ(quarter_end_of(YearMonth(2024, 12)), YearMonth(2024, 12));
  const auto file =
      BedsKh03::parse(kBedsHeader + "2024-25 Q2,2024-09,Y56,RXX,T,110,100,0,0,10,100,90,0,0,10\n" +
                          "2024-25 Q2,2024-09,Y56,RYY,U,10,,,,10,12,0,0,0,12\n",
                      "b.csv");
  ASSERT_EQ(file.size(), 2u);
  EXPECT_EQ(file.find(YearMonth(2024, 7), "RXX")->available_in(BedSector::general_acute), 100);
  EXPECT_EQ(file.find(YearMonth(2024, 10), "RXX"), nullptr);
  EXPECT_TRUE(file.has_quarter(YearMonth(2024, 8)));
  ASSERT_EQ(file.over_occupied().size(), 2u);  // RYY: total and mental illness
  EXPECT_THAT(error_of([&] {
                (void)BedsKh03::parse(kBedsHeader + "2024-25 Q2,2024-12,Y56,RXX,T,1,1,0,0,0,1,1,0,0,0\n",
                                      "b.csv");
              }),
              HasSubstr("b.csv:2:"));
  EXPECT_THAT(error_of([&] {
                (void)BedsKh03::parse(kBedsHeader + "2024-25 Q2,2024-09,Y56,RXX,T,5,1,0,0,0,1,1,0,0,0\n",
                                      "b.csv");
              }),
              HasSubstr("four sectors add up to 1"));
}

TEST(CapacityFormats, AreRecognisedByTheRegistry) {
  EXPECT_EQ(detect_input_format(kFteHeader)->value, InputKind::workforce_fte);
  EXPECT_EQ(detect_input_format("month,provider_code,provider_name,fte_total\n")->value,
            InputKind::workforce_total);
  EXPECT_EQ(detect_input_format(kAbsenceHeader)->value, InputKind::sickness_absence);
  EXPECT_EQ(detect_input_format(kBedsHeader)->value, InputKind::beds_kh03);
  const Dataset d =
      parse_input({{"b.csv", kBedsHeader + "2024-25 Q2,2024-09,Y56,RXX,T,1,1,0,0,0,1,1,0,0,0\n"}});
  EXPECT_EQ(d.kind, InputKind::beds_kh03);
  EXPECT_EQ(input_format(d.kind).rows(d), 1);
}

}  // namespace
}  // namespace elective::data
