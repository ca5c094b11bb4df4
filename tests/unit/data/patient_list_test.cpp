#include "data/patient_list.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"

namespace elective::data {
namespace {

const std::string kHeader =
    "snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date,clock_stop_date,stop_reason,"
    "priority,"
    "age_years,sex,ethnic_category,imd_decile\n";

std::string row(std::string pathway, std::string start, std::string priority = "P3",
                std::string provider = "RBD", std::string stop = "", std::string reason = "",
                std::string patient = "pt1") {
  return "2024-11-24," + patient + "," + pathway + "," + provider + ",110," + start + "," + stop + "," +
         reason + "," + priority + ",45,2,H,3\n";
}

TEST(PatientListTest, ReadsOpenPathwaysWithAttributes) {
  const std::string text = kHeader + row("A1", "2024-01-02") + row("A2", "2024-06-01", "P2", "RXX") +
                           row("A3", "2024-02-01", "", "RBD", "2024-03-01", "30") +
                           row("A4", "2024-02-01", "P4", "RBD", "2024-03-01", "33");
  const PatientList list = parse_patient_list(text, "ptl.csv");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list.report.rows_read, 4u);
  EXPECT_EQ(list.report.closed_skipped, 1u);
  EXPECT_EQ(list.report.void_skipped, 1u);
  EXPECT_EQ(list.providers, (std::vector<std::string>{"RBD", "RXX"}));
  EXPECT_EQ(list.tfcs, (std::vector<std::string>{"C_110"}));
  EXPECT_EQ(list.priority[0], Priority::p3);
  EXPECT_EQ(list.priority[1], Priority::p2);
  EXPECT_EQ(list.provider[1], 1);
  EXPECT_EQ(list.age_band[0], AgeBand::age_40_64);
  EXPECT_EQ(list.sex[0], Sex::female);
  EXPECT_EQ(list.ethnic_group[0], EthnicGroup::asian);
  EXPECT_EQ(list.imd_decile[0], 3);
  EXPECT_EQ(format_iso_date(list.snapshot), "2024-11-24");
  EXPECT_EQ(format_iso_date(Date{std::chrono::days{list.clock_start[0]}}), "2024-01-02");
}

TEST(PatientListTest, MissingColumnsAreAnErrorNamingThem) {
  try {
    parse_patient_list("snapshot_date,patient_id,tfc\n2024-11-24,x,110\n", "ptl.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), testing::HasSubstr("pathway_id, provider_code, clock_start_date"));
    EXPECT_THAT(e.what(), testing::HasSubstr("ptl.csv:1"));
  }
}

TEST(PatientListTest, ReportsEachProblemTypeWithCountsAndFirstLines) {
  std::string text = kHeader;
  text += row("A1", "2024-01-02");                                     // line 2 ok
  text += row("A1", "2024-01-02");                                     // line 3 duplicate
  text += row("A2", "2025-01-02");                                     // line 4 clock start in the future
  text += row("A3", "2024-01-02", "P9");                               // line 5 unknown priority
  text += row("A4", "2024-01-02", "P3", "rb");                         // line 6 bad provider code
  text += row("A5", "2024-13-02");                                     // line 7 bad date
  text += row("A1", "2024-01-02");                                     // line 8 duplicate again
  text += row("A6", "2024-01-02", "P3", "RBD", "", "", "9434765919");  // line 9 NHS number
  try {
    parse_patient_list(text, "ptl.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_THAT(msg, testing::HasSubstr("7 of 8 rows rejected, 6 problem types"));
    EXPECT_THAT(msg, testing::HasSubstr("repeats an earlier row (2 rows; lines 3, 8)"));
    EXPECT_THAT(msg, testing::HasSubstr("clock_start_date after snapshot_date (1 row; line 4)"));
    EXPECT_THAT(msg, testing::HasSubstr("--skip-invalid"));
    EXPECT_THAT(msg, testing::Not(testing::HasSubstr("9434765919")));  // never echo identifiers
  }
  PatientListOptions skip;
  skip.skip_invalid = true;
  const PatientList list = parse_patient_list(text, "ptl.csv", skip);
  EXPECT_EQ(list.size(), 1u);
  EXPECT_EQ(list.report.rows_rejected, 7u);
  ASSERT_GE(list.report.problems.size(), 6u);
  EXPECT_EQ(list.report.problems[0].code, "duplicate_pathway");
  EXPECT_EQ(list.report.problems[0].first_lines, (std::vector<std::int64_t>{3, 8}));
  EXPECT_THAT(list.report.text(), testing::HasSubstr("rejected unknown_priority"));
  EXPECT_EQ(list.report.to_json()["rows_rejected"], 7);
}

TEST(PatientListTest, UnknownProvidersAreRejectedWhenAListIsGiven) {
  PatientListOptions options;
  options.known_providers = std::set<std::string>{"RBD"};
  options.skip_invalid = true;
  const PatientList list = parse_patient_list(
      kHeader + row("A1", "2024-01-02") + row("A2", "2024-01-02", "P3", "RZZ"), "x.csv", options);
  EXPECT_EQ(list.size(), 1u);
  EXPECT_EQ(list.report.problems.at(0).code, "unknown_provider");
}

TEST(PatientListTest, WarningsDoNotRejectRows) {
  const std::string text = kHeader + "2024-11-24,p,A1,RBD,999x,2024-01-02,,,P1a,200,Q,I,11,extra\n";
  const PatientList list = parse_patient_list(
      "snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date,clock_stop_date,stop_reason,"
      "priority,"
      "age_years,sex,ethnic_category,imd_decile,mystery\n"
      "2024-11-24,p,A1,RBD,99x,2024-01-02,,,P1a,200,Q,I,11,extra\n",
      "w.csv");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list.tfcs[0], "X06");
  EXPECT_EQ(list.age_band[0], AgeBand::unknown);
  EXPECT_EQ(list.sex[0], Sex::unknown);
  EXPECT_EQ(list.ethnic_group[0], EthnicGroup::unknown);
  EXPECT_EQ(list.imd_decile[0], 0);
  std::vector<std::string> codes;
  for (const auto& p : list.report.problems) codes.push_back(p.code);
  EXPECT_THAT(codes, testing::IsSupersetOf({"unknown_tfc", "bad_age", "bad_sex", "bad_ethnic_category",
                                            "bad_imd_decile", "unknown_column"}));
  (void)text;
}

TEST(PatientListTest, CodeMappings) {
  EXPECT_EQ(map_tfc_to_report_row("108").row, "C_110");
  EXPECT_EQ(map_tfc_to_report_row("145").row, "C_140");
  EXPECT_EQ(map_tfc_to_report_row("307").row, "X02");
  EXPECT_EQ(map_tfc_to_report_row("502").row, "C_502");
  EXPECT_EQ(map_tfc_to_report_row("711").row, "X03");
  EXPECT_EQ(map_tfc_to_report_row("242").row, "X04");
  EXPECT_EQ(*parse_priority("p1A"), Priority::p1a);
  EXPECT_FALSE(parse_priority("P7"));
  EXPECT_TRUE(is_valid_nhs_number("9434765919"));
  EXPECT_FALSE(is_valid_nhs_number("9434765918"));
  EXPECT_EQ(imd_quintile_of_decile(1), 1);
  EXPECT_EQ(imd_quintile_of_decile(10), 5);
  EXPECT_EQ(imd_quintile_of_decile(0), 0);
}

}  // namespace
}  // namespace elective::data

namespace elective::data {
namespace {

// Issue 9 item 11: a clock start in 1800 passed silently.
TEST(PatientListPlausibility, DatesOutsideTheRangeAreRejected) {
  const std::string text = kHeader + row("A1", "2024-01-02") + row("A2", "1800-01-01") +
                           "2199-11-24,pt9,A9,RBD,110,2024-01-02,,,P3,45,2,H,3\n";
  try {
    parse_patient_list(text, "ptl.csv");
    FAIL() << "implausible dates accepted";
  } catch (const InputError& e) {
    EXPECT_THAT(
        std::string(e.what()),
        testing::HasSubstr("a date before 1990-01-01 or after 2099-12-31 (a typing error, never a real "
                           "date) (2 rows; lines 3, 4)"));
  }
  PatientListOptions skip;
  skip.skip_invalid = true;
  const PatientList list = parse_patient_list(text, "ptl.csv", skip);
  EXPECT_EQ(list.size(), 1u);
  EXPECT_EQ(list.report.rows_rejected, 2u);
}

TEST(PatientListText, Latin1IsAnInputErrorWithLineAndColumn) {
  std::string text = kHeader + row("A1", "2024-01-02", "P3", "RBD", "", "", "caf\xE9");
  try {
    parse_patient_list(text, "ptl.csv");
    FAIL() << "Latin-1 accepted";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), testing::HasSubstr("ptl.csv:2:15: invalid UTF-8"));
  }
}

}  // namespace
}  // namespace elective::data
