#include "data/rtt_extract.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "core/error.hpp"

namespace elective::data {
namespace {

using ::testing::HasSubstr;

const char* kDescriptive =
    "Period,Provider Parent Org Code,Provider Parent Name,Provider Org Code,Provider Org Name,"
    "Commissioner Parent Org Code,Commissioner Parent Name,Commissioner Org Code,Commissioner Org Name,"
    "RTT Part Type,RTT Part Description,Treatment Function Code,Treatment Function Name";

std::string header(int top = 104) {
  std::string h = kDescriptive;
  for (int k = 0; k < top; ++k) h += fmt::format(",Gt {:02d} To {:02d} Weeks SUM 1", k, k + 1);
  h += fmt::format(",Gt {:02d} Weeks SUM 1,Total,Patients with unknown clock start date,Total All", top);
  return h;
}

// One data row; `bands` gives the first few band counts (the rest are 0), totals are filled as NHS England
// does.
std::string row(const std::string& part, const std::string& tfc, const std::vector<int>& bands,
                int unknown = 0, const std::string& provider = "RXX", const std::string& commissioner = "11J",
                const std::string& period = "RTT-November-2024", int top = 104) {
  std::string r = fmt::format("{},QXX,PARENT,{},\"HOSPITAL, TRUST\",Q1,CP,{},COMM,{},desc,{},name", period,
                              provider, commissioner, part, tfc);
  int sum = 0;
  for (int k = 0; k <= top; ++k) {
    const int v = k < static_cast<int>(bands.size()) ? bands[static_cast<size_t>(k)] : 0;
    sum += v;
    r += part == "Part_3" ? "," : fmt::format(",{}", v);
  }
  if (part == "Part_3") {
    r += fmt::format(",,,{}", unknown);  // unknown doubles as the Part_3 total here
  } else if (part == "Part_2" || part == "Part_2A") {
    r += fmt::format(",,,{}", sum);
  } else {
    r += fmt::format(",{},{},{}", sum, unknown, sum + unknown);
  }
  return r;
}

std::string file_of(const std::vector<std::string>& rows, int top = 104) {
  std::string s = header(top) + "\n";
  for (const auto& r : rows) s += r + "\n";
  return s;
}

std::string error_of(const std::string& text, const std::string& file = "x.csv") {
  try {
    RttExtract::parse(text, file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(RttParts, ParsesCliNamesAndFileCodes) {
  EXPECT_EQ(parse_part("incomplete"), RttPart::incomplete);
  EXPECT_EQ(parse_part("Part_2"), RttPart::incomplete);
  EXPECT_EQ(parse_part("part_2a"), RttPart::dta);
  EXPECT_EQ(parse_part("dta"), RttPart::dta);
  EXPECT_EQ(parse_part("admitted"), RttPart::admitted);
  EXPECT_EQ(parse_part("Part_1A"), RttPart::admitted);
  EXPECT_EQ(parse_part("nonadmitted"), RttPart::nonadmitted);
  EXPECT_EQ(parse_part("Part_1B"), RttPart::nonadmitted);
  EXPECT_EQ(parse_part("new"), RttPart::new_periods);
  EXPECT_EQ(parse_part("Part_3"), RttPart::new_periods);
  EXPECT_THROW(parse_part("Part_4"), InputError);
  EXPECT_EQ(part_code(RttPart::dta), "Part_2A");
  EXPECT_EQ(part_name(RttPart::new_periods), "new");
}

TEST(RttParts, NormalisesTreatmentFunctionCodes) {
  EXPECT_EQ(normalise_tfc("110"), "C_110");
  EXPECT_EQ(normalise_tfc("c_110"), "C_110");
  EXPECT_EQ(normalise_tfc(" X02 "), "X02");
  EXPECT_EQ(normalise_tfc("999"), "C_999");
}

TEST(RttExtract, ReadsRowsTotalsAndQuotedNames) {
  const auto x =
      RttExtract::parse(file_of({row("Part_2", "C_999", {5, 3, 2}), row("Part_1A", "C_999", {1, 1}, 2),
                                 row("Part_3", "C_999", {}, 9)}),
                        "a.csv");
  ASSERT_EQ(x.size(), 3u);
  const auto& r0 = x.rows()[0];
  EXPECT_EQ(r0.part, RttPart::incomplete);
  EXPECT_EQ(r0.month, YearMonth(2024, 11));
  EXPECT_EQ(x.text(r0.provider), "RXX");
  EXPECT_EQ(x.text(r0.provider_name), "HOSPITAL, TRUST");
  EXPECT_EQ(r0.top_band, 104);
  EXPECT_EQ(x.band_sum(r0), 10u);
  EXPECT_EQ(r0.total, RttExtract::kBlank);
  EXPECT_EQ(r0.total_all, 10u);
  EXPECT_EQ(r0.line, 2u);
  const auto& r1 = x.rows()[1];
  EXPECT_EQ(r1.total, 2u);
  EXPECT_EQ(r1.unknown_clock_start, 2u);
  EXPECT_EQ(r1.total_all, 4u);
  const auto& r2 = x.rows()[2];
  EXPECT_TRUE(r2.bands_blank);
  EXPECT_EQ(r2.total_all, 9u);
  EXPECT_EQ(x.providers(), std::vector<std::string>{"RXX"});
  EXPECT_EQ(x.provider_name("RXX"), "HOSPITAL, TRUST");
}

TEST(RttExtract, AcceptsBomCrlfAndBlankBandCells) {
  std::string text = "\xEF\xBB\xBF" + header() + "\r\n" + row("Part_2", "C_999", {4, 0, 1}) + "\r\n";
  // Blank a band cell: the 14th field (band 0) of the row is "4"; make band 1 blank instead of 0.
  const size_t pos = text.find(",4,0,1,");
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, 7, ",4,,1,");
  const auto x = RttExtract::parse(text, "b.csv");
  ASSERT_EQ(x.size(), 1u);
  EXPECT_EQ(x.band_sum(x.rows()[0]), 5u);
  EXPECT_EQ(x.bands(x.rows()[0])[1], 0u);
}

TEST(RttExtract, FindsColumnsByNameInAnyOrder) {
  // Swap the provider code and the period columns in header and row alike.
  auto swap_fields = [](const std::string& line) {
    std::vector<std::string> f;
    std::string cur;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) {
        f.push_back(cur);
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    f.push_back(cur);
    std::swap(f[0], f[3]);
    std::string out;
    for (size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + f[i];
    return out;
  };
  const std::string text = swap_fields(header()) + "\n" + swap_fields(row("Part_2", "C_999", {7})) + "\n";
  const auto x = RttExtract::parse(text, "c.csv");
  EXPECT_EQ(x.text(x.rows()[0].provider), "RXX");
  EXPECT_EQ(x.rows()[0].month, YearMonth(2024, 11));
}

TEST(RttExtract, ReadsLegacyLayoutWithBannerYearColumnAndTfcNameHeading) {
  // Pre-April-2021 layout: 53 bands ending "Gt 52 Weeks SUM 1", banner rows above the header, a Year column
  // with a month-name Period, and the code column headed "Treatment Function Name".
  std::string h = header(52);
  h.replace(h.find("Treatment Function Code"), std::string("Treatment Function Code").size(),
            "Treatment Function Name");
  h = "Year," + h;
  std::string r = row("Part_2", "C_110", {1, 2}, 0, "RYY", "11J", "March", 52);
  r = "2019/20," + r;
  const std::string text = "RTT Full Extract\n,,,\n" + h + "\n" + r + "\n";
  const auto x = RttExtract::parse(text, "old.csv");
  ASSERT_EQ(x.size(), 1u);
  EXPECT_EQ(x.rows()[0].top_band, 52);
  EXPECT_EQ(x.rows()[0].month, YearMonth(2020, 3));  // January-March of 2019/20 are in 2020
  EXPECT_EQ(x.text(x.rows()[0].tfc), "C_110");
  EXPECT_EQ(x.rows()[0].line, 4u);
}

TEST(RttExtract, AppendCombinesMonthsAndDictionaries) {
  auto a = RttExtract::parse(file_of({row("Part_2", "C_999", {1})}), "a.csv");
  auto b = RttExtract::parse(file_of({row("Part_2", "C_999", {2}, 0, "RZZ", "11J", "RTT-December-2024"),
                                      row("Part_2", "C_999", {3}, 0, "RXX", "11K")}),
                             "b.csv");
  a.append(std::move(b));
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.sources(), (std::vector<std::string>{"a.csv", "b.csv"}));
  EXPECT_EQ(a.months(), (std::vector<YearMonth>{YearMonth(2024, 11), YearMonth(2024, 12)}));
  EXPECT_EQ(a.providers(), (std::vector<std::string>{"RXX", "RZZ"}));
  EXPECT_EQ(a.text(a.rows()[1].provider), "RZZ");
  EXPECT_EQ(a.rows()[1].source, 1u);
  EXPECT_EQ(a.band_sum(a.rows()[2]), 3u);
  EXPECT_EQ(a.rows()[0].provider, a.rows()[2].provider);
}

TEST(RttExtract, SelectionNeverAddsAllSpecialtyRowsToSpecialtyRows) {
  const auto x = RttExtract::parse(
      file_of({row("Part_2", "C_110", {1, 1}), row("Part_2", "C_120", {2}), row("Part_2", "C_999", {3, 1}),
               row("Part_2", "C_999", {5}, 0, "RXX", "22A"), row("Part_1B", "C_999", {4})}),
      "s.csv");
  RowFilter f;
  f.part = RttPart::incomplete;
  EXPECT_DOUBLE_EQ(x.totals(f).total_all, 9);  // C_999 over both commissioners
  f.tfc_rows = TfcRows::specialties;
  EXPECT_DOUBLE_EQ(x.totals(f).total_all, 4);
  f.tfc_rows = TfcRows::automatic;
  f.tfc = "110";
  EXPECT_DOUBLE_EQ(x.totals(f).total_all, 2);
  f.tfc.reset();
  f.commissioner = "22A";
  EXPECT_DOUBLE_EQ(x.totals(f).total_all, 5);
  EXPECT_DOUBLE_EQ(x.histogram(RttPart::nonadmitted).total(), 4);
  EXPECT_DOUBLE_EQ(x.completed_histogram().total(), 4);
  RowFilter nobody;
  nobody.provider = "NOPE";
  EXPECT_EQ(x.totals(nobody).rows, 0u);
}

TEST(RttExtract, SumsSpecialtyRowsWhenTheExtractHasNoAllSpecialtyRow) {
  const auto x =
      RttExtract::parse(file_of({row("Part_2", "C_110", {1, 1}), row("Part_2", "C_120", {2})}), "s.csv");
  EXPECT_DOUBLE_EQ(x.histogram(RttPart::incomplete).total(), 4);
}

TEST(RttExtract, FoldsHistogramsOfDifferentTopBands) {
  auto a = RttExtract::parse(
      file_of({row("Part_2", "C_999", {1}, 0, "RXX", "11J", "RTT-March-2021", 52)}, 52), "a");
  std::vector<int> long_wait(105, 0);
  long_wait[100] = 7;
  a.append(RttExtract::parse(file_of({row("Part_2", "C_999", long_wait, 0, "RXX", "11J", "RTT-April-2021")}),
                             "b"));
  RowFilter f;
  const auto t = a.totals(f);
  ASSERT_EQ(t.histogram.top_band(), 52);
  EXPECT_DOUBLE_EQ(t.histogram.counts[52], 7);
  EXPECT_DOUBLE_EQ(t.histogram.counts[0], 1);
}

// ----- bad input: one clear error naming file, line, column and what was expected

TEST(RttExtractErrors, EmptyFile) {
  EXPECT_THAT(error_of(""), HasSubstr("x.csv:1: empty file"));
  EXPECT_THAT(error_of("\n\r\n"), HasSubstr("empty file"));
}

TEST(RttExtractErrors, NotCsv) {
  EXPECT_THAT(error_of(std::string("PK\x03\x04rest", 8)), HasSubstr("zip archive"));
  EXPECT_THAT(error_of(std::string("\x7f"
                                   "ELF\0\0\0",
                                   7)),
              HasSubstr("binary content"));
  EXPECT_THAT(error_of("hello world\nthis is not it\n"),
              HasSubstr("no header row with a 'Provider Org Code'"));
}

TEST(RttExtractErrors, MissingColumn) {
  std::string h = header();
  h.replace(h.find(",Total All"), 10, "");
  const std::string text = h + "\n";
  EXPECT_THAT(error_of(text), HasSubstr("x.csv:1 (column 'Total All'): missing column 'Total All'"));
  std::string h2 = header();
  h2.replace(h2.find(",Gt 17 To 18 Weeks SUM 1"), 24, "");
  EXPECT_THAT(error_of(h2 + "\n"),
              HasSubstr("(column 'Gt 17 To 18 Weeks SUM 1'): missing weekly band column"));
  std::string h3 = header();
  h3.replace(h3.find(",Gt 104 Weeks SUM 1"), 19, "");
  EXPECT_THAT(error_of(h3 + "\n"), HasSubstr("missing the open top band column"));
}

TEST(RttExtractErrors, NonNumericNegativeAndDecimalCounts) {
  const std::string good = row("Part_2", "C_999", {5, 3});
  auto with_band0 = [&](const std::string& v) {
    std::string r = good;
    r.replace(r.find(",name,5,") + 6, 1, v);
    return file_of({good, r});
  };
  // Band 0 is field 14; its column is after the 13 descriptive cells.
  const std::string prefix = good.substr(0, good.find(",name,5,") + 6);
  const std::string col = std::to_string(prefix.size() + 1);
  EXPECT_THAT(error_of(with_band0("abc")),
              HasSubstr("x.csv:3:" + col + " (column 'Gt 00 To 01 Weeks SUM 1'): expected a whole count"));
  EXPECT_THAT(error_of(with_band0("-2")), HasSubstr("negative counts are not allowed"));
  EXPECT_THAT(error_of(with_band0("1.5")), HasSubstr("decimal values are not allowed"));
  EXPECT_THAT(error_of(with_band0("-2")), HasSubstr("x.csv:3:" + col));
}

TEST(RttExtractErrors, TruncatedLastLine) {
  std::string text = file_of({row("Part_2", "C_999", {5, 3}), row("Part_2", "C_999", {1})});
  text.resize(text.size() - 120);  // cut the last line part-way, without its line break
  const std::string e = error_of(text);
  EXPECT_THAT(e, HasSubstr("x.csv:3:"));
  EXPECT_THAT(e, HasSubstr("expected 121 fields as in the header"));
  EXPECT_THAT(e, HasSubstr("the last line looks truncated"));
}

TEST(RttExtractErrors, TooManyFields) {
  const std::string text = file_of({row("Part_2", "C_999", {5}) + ",9"});
  EXPECT_THAT(error_of(text), HasSubstr("x.csv:2:"));
  EXPECT_THAT(error_of(text), HasSubstr("found 122"));
}

TEST(RttExtractErrors, UnknownPartType) {
  const std::string text = file_of({row("Part_9", "C_999", {5})});
  EXPECT_THAT(error_of(text), HasSubstr("x.csv:2:"));
  EXPECT_THAT(error_of(text), HasSubstr("(column 'RTT Part Type'): unknown RTT part type 'Part_9'"));
}

TEST(RttExtractErrors, BadPeriodAndEmptyProvider) {
  EXPECT_THAT(error_of(file_of({row("Part_2", "C_999", {5}, 0, "RXX", "11J", "sometime")})),
              HasSubstr("(column 'Period'): expected a period such as 'RTT-November-2024'"));
  EXPECT_THAT(error_of(file_of({row("Part_2", "C_999", {5}, 0, "")})),
              HasSubstr("(column 'Provider Org Code'): expected a provider code"));
}

TEST(RttExtractErrors, MessagesStayOnOneLine) {
  // A quoted cell with a line break in a count column: the message escapes it.
  std::string r = row("Part_2", "C_999", {5});
  r.replace(r.find(",name,5,") + 6, 1, "\"1\n2\"");
  const std::string e = error_of(file_of({r}));
  EXPECT_THAT(e, HasSubstr("got '1\\x0a2'"));
  EXPECT_EQ(e.find('\n'), std::string::npos);
}

TEST(RttExtractErrors, HeaderOnly) {
  EXPECT_THAT(error_of(header() + "\n"), HasSubstr("x.csv:2: no data rows"));
}

TEST(RttExtract, LooksLikeExtract) {
  EXPECT_TRUE(looks_like_rtt_extract(header() + "\n"));
  EXPECT_TRUE(looks_like_rtt_extract("banner\n" + header() + "\n"));
  EXPECT_FALSE(looks_like_rtt_extract("month,incomplete_total\n2024-01,1\n"));
}

}  // namespace
}  // namespace elective::data

namespace elective::data {
namespace {

// Issue 9 item 11: duplicate rows were counted twice. A repeated (month, provider, commissioner, part,
// treatment function) is an error naming both lines.
TEST(RttExtractDuplicates, RepeatedRowIsAnErrorNamingBothLines) {
  const std::string text =
      file_of({row("Part_2", "C_999", {5, 3}), row("Part_2", "C_110", {1}), row("Part_2", "C_999", {5, 3})});
  EXPECT_THAT(error_of(text, "dup.csv"),
              HasSubstr("dup.csv:4:1: repeats the row at line 2 (2024-11 RXX 11J Part_2 C_999; expected each "
                        "month, provider, commissioner, part and treatment function once"));
  // The same key in another part, commissioner or month is not a repeat.
  EXPECT_NO_THROW(
      RttExtract::parse(file_of({row("Part_2", "C_999", {5}), row("Part_2A", "C_999", {5}),
                                 row("Part_2", "C_999", {5}, 0, "RXX", "11K"),
                                 row("Part_2", "C_999", {5}, 0, "RXX", "11J", "RTT-October-2024")}),
                        "ok.csv"));
}

TEST(RttExtractDuplicates, AppendingTheSameMonthTwiceIsRefusedAndLeavesTheExtractAsItWas) {
  const std::string text = file_of({row("Part_2", "C_999", {5, 3}), row("Part_1A", "C_999", {1})});
  RttExtract x = RttExtract::parse(text, "a.csv");
  RttExtract again = RttExtract::parse(text, "b.csv");
  try {
    x.append(std::move(again));
    FAIL() << "append of the same month was accepted";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("b.csv:2:1: repeats the row at a.csv:2"));
  }
  EXPECT_EQ(x.size(), 2u);
  EXPECT_EQ(x.sources().size(), 1u);
  RowFilter f;
  f.part = RttPart::incomplete;
  EXPECT_EQ(x.totals(f).total_all, 8);
  // Another month appends.
  x.append(RttExtract::parse(file_of({row("Part_2", "C_999", {1}, 0, "RXX", "11J", "RTT-October-2024")}),
                             "c.csv"));
  EXPECT_EQ(x.size(), 3u);
}

TEST(RttExtractPlausibility, PeriodsOutsideTheRangeAreErrors) {
  EXPECT_THAT(
      error_of(file_of({row("Part_2", "C_999", {1}, 0, "RXX", "11J", "RTT-November-2199")})),
      HasSubstr("x.csv:2:1 (column 'Period'): expected a period such as 'RTT-November-2024' (or a month "
                "name with a Year column) from 1990 to 2099, got 'RTT-November-2199'"));
  EXPECT_THAT(error_of(file_of({row("Part_2", "C_999", {1}, 0, "RXX", "11J", "1800-01")})),
              HasSubstr("got '1800-01'"));
}

// Issue 9 item 4: Part_1A rows without Part_1B rows crashed completed_histogram (forecast and simulate).
TEST(RttExtractSelections, CompletedHistogramWithoutNonAdmittedRows) {
  const RttExtract x =
      RttExtract::parse(file_of({row("Part_2", "C_999", {5, 3}), row("Part_1A", "C_999", {1, 2})}), "a.csv");
  const WaitHistogram h = x.completed_histogram();
  ASSERT_EQ(h.top_band(), 104);
  EXPECT_EQ(h.total(), 3);
}

TEST(RttExtractText, Latin1AndBinaryAreInputErrors) {
  std::string text = file_of({row("Part_2", "C_999", {5})});
  const size_t at = text.find("HOSPITAL");
  text[at] = '\xC9';  // Latin-1 "É"
  EXPECT_THAT(error_of(text), HasSubstr("x.csv:2:"));
  EXPECT_THAT(error_of(text), HasSubstr("invalid UTF-8"));
}

}  // namespace
}  // namespace elective::data
