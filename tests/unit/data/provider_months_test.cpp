#include "data/provider_months.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "data/input_formats.hpp"

namespace elective::data {
namespace {

using ::testing::HasSubstr;

const std::string kHeader =
    "month,provider_code,provider_name,specialty,type,m00,m01,m02,m03,m04,m05,m06,m07,m08,m09,m10,m11,m12_"
    "plus,"
    "total,merged_provider_codes\n";

std::string bins_row(const std::string& month, const std::string& code, const std::string& name,
                     const std::string& specialty, const std::string& type, const std::string& bins,
                     const std::string& total, const std::string& merged = "") {
  return month + "," + code + "," + name + "," + specialty + "," + type + "," + bins + "," + total + "," +
         merged + "\n";
}

const std::string kZeros12 = "0,0,0,0,0,0,0,0,0,0,0,0";

// RBD November 2024, Total incomplete (the real row) and a small merged group.
std::string good_file() {
  return kHeader +
         bins_row(
             "2024-11", "RBD", "DORSET", "Total", "incomplete",
             "4264.2857,3329.8571,2665.8571,2014,1947.2857,1698.7143,1319.4286,1084,957.4286,834.1429,617,"
             "342.5714,618.4286",
             "21693") +
         bins_row("2024-11", "RBD", "DORSET", "Total", "referrals", "5003,,,,,,,,,,,,", "5003") +
         bins_row("2024-11", "RBD", "DORSET", "Total", "completed", "10," + kZeros12, "10") +
         bins_row("2024-11", "RBD", "DORSET", "Urology", "completed", "4," + kZeros12, "4") +
         bins_row("2024-11", "", "WALTON", "Total", "incomplete", "0," + kZeros12, "0", "RET;NT428");
}

std::string error_of(const std::string& text) {
  try {
    (void)ProviderMonths::parse(text, "pm.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ProviderMonths, ParsesGroupsBinsAndFlags) {
  const auto pm = ProviderMonths::parse(good_file(), "pm.csv");
  ASSERT_EQ(pm.size(), 5u);
  ASSERT_EQ(pm.groups().size(), 2u);
  EXPECT_EQ(pm.groups()[0].key, "RBD");
  EXPECT_FALSE(pm.groups()[0].merged());
  // A merged row is a group of codes (sorted) under a key that is no trust's code.
  EXPECT_EQ(pm.groups()[1].key, "merged:NT428+RET");
  EXPECT_TRUE(pm.groups()[1].merged());
  EXPECT_EQ(pm.find_group("merged:NT428+RET"), 1u);
  EXPECT_EQ(pm.find_group("RET"), std::nullopt);
  EXPECT_EQ(pm.group_holding("RET"), 1u);
  // Sevenths are stored exactly.
  EXPECT_DOUBLE_EQ(pm.rows()[0].bins[0], 29850.0 / 7);
  EXPECT_DOUBLE_EQ(pm.rows()[0].total, 21693);
  EXPECT_DOUBLE_EQ(pm.rows()[1].bins[0], 5003);
  // Specialty completed 4 < Total completed 10: undercounted. Walton's Total incomplete is 0: unreported.
  const YearMonth nov(2024, 11);
  EXPECT_TRUE(pm.undercounted_completed(nov, 0));
  EXPECT_FALSE(pm.unreported(nov, 0));
  EXPECT_TRUE(pm.unreported(nov, 1));
  EXPECT_EQ(pm.months(), std::vector<YearMonth>{nov});
}

TEST(ProviderMonths, ColumnsByName) {
  std::string text =
      "type,specialty,provider_name,provider_code,month,m12_plus,m11,m10,m09,m08,m07,m06,m05,m04,"
      "m03,m02,m01,m00,total\nincomplete,Total,X,RXX,2024-05,1,0,0,0,0,0,0,0,0,0,0,0,2,3\n";
  const auto pm = ProviderMonths::parse(text, "pm.csv");
  EXPECT_DOUBLE_EQ(pm.rows()[0].bins[0], 2);
  EXPECT_DOUBLE_EQ(pm.rows()[0].bins[12], 1);
}

TEST(ProviderMonths, BadInputNamesLineColumnAndExpectation) {
  const std::string good = good_file();
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string t = good;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  EXPECT_THAT(error_of(replace("m12_plus,", "")), HasSubstr("missing column 'm12_plus'"));
  EXPECT_THAT(error_of(replace("4264.2857", "inf")), HasSubstr("pm.csv:2:"));
  EXPECT_THAT(error_of(replace("4264.2857", "nan")), HasSubstr("expected a count"));
  EXPECT_THAT(error_of(replace("4264.2857", "-1")), HasSubstr("expected a count"));
  EXPECT_THAT(error_of(replace("4264.2857", "4264.3")), HasSubstr("multiple of 1/7"));
  EXPECT_THAT(error_of(replace(",21693", ",21694")), HasSubstr("expected the sum of m00 ... m12_plus"));
  EXPECT_THAT(error_of(replace("2024-11,RBD", "2024-13,RBD")), HasSubstr("pm.csv:2:1 (column 'month')"));
  EXPECT_THAT(error_of(replace("Urology", "Urologee")), HasSubstr("expected one of the 20 specialty names"));
  EXPECT_THAT(error_of(replace("referrals", "refs")),
              HasSubstr("expected referrals, completed or incomplete"));
  EXPECT_THAT(error_of(replace("5003,,", "5003,1,")), HasSubstr("referrals are counted in m00"));
  EXPECT_THAT(error_of(replace("RET;NT428", "RET")), HasSubstr("two or more different ODS codes"));
  EXPECT_THAT(error_of(replace(",WALTON", ",DORSET")),
              HasSubstr("expected one code or group per provider name"));
  EXPECT_THAT(
      error_of(good + bins_row("2024-11", "RBD", "DORSET", "Urology", "completed", "4," + kZeros12, "4")),
      HasSubstr("pm.csv:7:1: duplicate row: the same month, provider, specialty and type as line 5"));
  EXPECT_THAT(
      error_of(good + bins_row("2024-11", "RET", "WALTON OWN", "Total", "completed", "0," + kZeros12, "0")),
      HasSubstr("RET has rows of its own from line 7 and is also in the merged group"));
  EXPECT_THAT(error_of(good + "2024-11,RBD\n"), HasSubstr("pm.csv:7:"));
  EXPECT_THAT(error_of(kHeader), HasSubstr("no data rows"));
}

TEST(ProviderMonths, RegisteredAsAnInputFormat) {
  const auto d = parse_input({{"pm.csv", good_file()}});
  EXPECT_EQ(d.kind, InputKind::provider_months);
  ASSERT_TRUE(d.provider_months);
  EXPECT_EQ(input_format(InputKind::provider_months).rows(d), 5);
  const auto summary = input_format(InputKind::provider_months).summary(d);
  EXPECT_EQ(summary["merged_provider_groups"][0]["provider"], "merged:NT428+RET");
  EXPECT_EQ(summary["unreported_provider_months"], 1);
  EXPECT_EQ(summary["undercounted_completed_provider_months"], 1);
}

TEST(ProviderMonths, FindsSpecialtiesByNameOrCode) {
  EXPECT_EQ(find_specialty("Trauma and Orthopaedic"), 2);
  EXPECT_EQ(find_specialty("C_110"), 2);
  EXPECT_EQ(find_specialty("110"), 2);
  EXPECT_EQ(find_specialty("total"), kTotalSpecialty);
  EXPECT_EQ(find_specialty("999"), kTotalSpecialty);
  EXPECT_EQ(find_specialty("nope"), std::nullopt);
}

}  // namespace
}  // namespace elective::data
