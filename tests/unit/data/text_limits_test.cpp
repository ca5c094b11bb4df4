// Text checks and size limits of the CSV tokenizer, and the plausibility rules of the national series
// (issue 9 items 7, 9 and the parser limits).
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "data/csv.hpp"
#include "data/national_series.hpp"
#include "support/input_error.hpp"

namespace elective::data {
namespace {

using ::testing::HasSubstr;

using test::input_error_of;

std::string tokenize_error(const std::string& text, CsvLimits limits = {}) {
  return input_error_of([&] {
    CsvReader reader(text, "t.csv", limits);
    std::vector<std::string_view> fields;
    while (reader.next(fields)) {
    }
  });
}

TEST(ValidateText, AcceptsUtf8AndNamesTheFirstBadByte) {
  EXPECT_NO_THROW(
      validate_text("\xEF\xBB\xBFname,caf\xC3\xA9,\xE2\x82\xAC,\xF0\x9F\x98\x80\r\n\tx\n", "t.csv"));
  // A Latin-1 "é" (0xE9) in line 2, column 8.
  EXPECT_THAT(input_error_of([] { validate_text("a,b\nRBD,Caf\xE9\n", "t.csv"); }),
              HasSubstr("t.csv:2:8: invalid UTF-8 (byte \\xe9; expected UTF-8 text"));
  static const char kNul[] = "mo\0nth,x\n";
  EXPECT_THAT(
      input_error_of([] { validate_text(std::string_view(kNul, sizeof kNul - 1), "t.csv"); }),
      HasSubstr("t.csv:1:3: control character \\x00 (expected text; a NUL byte means binary content)"));
  EXPECT_THAT(input_error_of([] {
                validate_text(
                    "a\x1b"
                    "b",
                    "t.csv");
              }),
              HasSubstr("t.csv:1:2: control"));
  EXPECT_THAT(input_error_of([] { validate_text("\xC0\xAF", "t.csv"); }),
              HasSubstr("invalid UTF-8"));  // overlong
  EXPECT_THAT(input_error_of([] { validate_text("\xED\xA0\x80", "t.csv"); }),
              HasSubstr("invalid UTF-8"));  // surrogate
  EXPECT_THAT(input_error_of([] { validate_text("\xF4\x90\x80\x80", "t.csv"); }), HasSubstr("invalid UTF-8"));
  EXPECT_THAT(input_error_of([] { validate_text("ok \xE2\x82", "t.csv"); }),
              HasSubstr("t.csv:1:4: invalid UTF-8"));
}

TEST(ValidateText, EveryBadByteIsFoundAtAnyOffsetOfALongLine) {
  // The check reads plain text a block at a time; a bad byte at any position of a block, after a line
  // break or not, is still named at its own line and column.
  const std::vector<std::string> bad = {std::string(1, '\0'), "\x01", "\x7f", "\x1b", "\xE9", "\xC3"};
  for (const std::string& b : bad) {
    for (size_t at = 0; at < 40; ++at) {
      std::string text = "first line\r\n" + std::string(40, 'x') + "\n";
      const size_t line3 = text.size();
      text += std::string(48, '7');
      text.replace(line3 + at, 1, b);
      const std::string error = input_error_of([&] { validate_text(text, "t.csv"); });
      EXPECT_THAT(error, HasSubstr(fmt::format("t.csv:3:{}", at + 1))) << "byte " << b << " at " << at;
    }
  }
  EXPECT_NO_THROW(validate_text("a\tb,\"c\"\r\n" + std::string(100, '~') + "\n", "t.csv"));
}

TEST(CsvLimitsTest, FieldRecordAndFieldCountLimits) {
  CsvLimits limits;
  limits.max_field_bytes = 8;
  limits.max_record_bytes = 32;
  limits.max_fields = 4;
  EXPECT_EQ(tokenize_error("a,b\n12345678,\"12345678\"\n", limits), "");  // no error
  EXPECT_THAT(tokenize_error("a,b\nx,123456789\n", limits),
              HasSubstr("t.csv:2:3: a field longer than 8 bytes"));
  EXPECT_THAT(tokenize_error("a,\"123456789\"\n", limits),
              HasSubstr("t.csv:1:3: a quoted field longer than 8"));
  EXPECT_THAT(tokenize_error("a,b,c,d,e\n", limits),
              HasSubstr("t.csv:1:9: more than 4 fields in one record"));
  EXPECT_THAT(tokenize_error("12345678,12345678,12345678,1234567\n", limits),
              HasSubstr("t.csv:1:1: a record longer than 32 bytes"));
  // Defaults: 64 KiB fields.
  EXPECT_THAT(tokenize_error("a\n" + std::string(70000, 'x') + "\n"), HasSubstr("a field longer than 65536"));
}

TEST(CsvNumbers, OnlyFiniteNumbers) {
  EXPECT_EQ(parse_double("1.5"), 1.5);
  EXPECT_EQ(parse_double(" 2e3 "), 2000.0);
  for (const char* bad : {"inf", "-inf", "nan", "infinity", "1e400", "NaN", ""}) {
    EXPECT_FALSE(parse_double(bad).has_value()) << bad;
  }
}

// The national series: a header and one month with every kind of column.
std::string national(const std::string& total = "7367836", const std::string& pct = "0.6152512081",
                     const std::string& median = "13.4", const std::string& month = "2025-06") {
  return "month,incomplete_total,incomplete_pct_within_18_weeks,incomplete_median_wait_weeks,"
         "unique_patients_ratio\n" +
         month + "," + total + "," + pct + "," + median + ",0.84\n";
}

std::string national_error(const std::string& text) {
  return input_error_of([&] { NationalSeries::parse(text, "n.csv"); });
}

TEST(NationalSeriesPlausibility, ValidSeriesReads) {
  const NationalSeries s = NationalSeries::parse(national(), "n.csv");
  EXPECT_EQ(s.value("incomplete_total", 0), 7367836.0);
  EXPECT_EQ(s.value("incomplete_pct_within_18_weeks", 0), 0.6152512081);
}

TEST(NationalSeriesPlausibility, RejectsNonFiniteNegativeAndImplausibleNumbers) {
  // Issue 9 item 7: inf and 1e300 printed -9223372036854775808; nan, negative totals and a percentage of 7.5
  // were accepted.
  EXPECT_THAT(
      national_error(national("inf")),
      HasSubstr("n.csv:2:9 (column 'incomplete_total'): expected a count from 0 to 1,000,000,000 or an "
                "empty cell, got 'inf'"));
  EXPECT_THAT(
      national_error(national("1e300")),
      HasSubstr("n.csv:2:9 (column 'incomplete_total'): expected a count from 0 to 1,000,000,000, got "
                "'1e300'"));
  EXPECT_THAT(national_error(national("nan")), HasSubstr("got 'nan'"));
  EXPECT_THAT(national_error(national("-5")),
              HasSubstr("expected a count from 0 to 1,000,000,000, got '-5'"));
  EXPECT_THAT(
      national_error(national("7367836", "7.5")),
      HasSubstr("(column 'incomplete_pct_within_18_weeks'): expected a fraction from 0 to 1 (the series "
                "holds proportions, not percentages), got '7.5'"));
  EXPECT_THAT(national_error(national("7367836", "0.6", "-1")),
              HasSubstr("(column 'incomplete_median_wait_weeks'): expected a wait in weeks from 0 to 1040"));
  EXPECT_THAT(national_error(national("7367836", "0.6", "13", "2199-01")),
              HasSubstr("n.csv:2:1 (column 'month'): month 2199-01 is outside the plausible range 1990-01 to "
                        "2099-12"));
  EXPECT_THAT(national_error(national("7367836", "0.6", "13", "1800-01")), HasSubstr("got '1800-01'"));
}

TEST(NationalSeriesPlausibility, RejectsBadHeaders) {
  static const char kNul[] = "month,incomplete_total\0,x\n2025-01,1,2\n";
  EXPECT_THAT(national_error(std::string(kNul, sizeof kNul - 1)),
              HasSubstr("n.csv:1:23: control character \\x00"));
  EXPECT_THAT(national_error("month,incomplete_total,incomplete_total\n2025-01,1,2\n"),
              HasSubstr("n.csv:1:24 (column 'incomplete_total'): repeated column name"));
  EXPECT_THAT(national_error("month,incomplete_total,,x\n2025-01,1,2,3\n"),
              HasSubstr("n.csv:1:24: empty column name"));
  EXPECT_THAT(national_error("month,incomplete_total\n2025-01,caf\xE9\n"),
              HasSubstr("n.csv:2:12: invalid UTF-8"));
}

}  // namespace
}  // namespace elective::data
