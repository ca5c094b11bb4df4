#include "stats/rtt_query.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "core/error.hpp"
#include "data/national_series.hpp"
#include "stats/national_stats.hpp"
#include "stats/rtt_checks.hpp"

namespace elective::stats {
namespace {

using data::RttExtract;
using data::RttPart;

std::string header(int top = 104) {
  std::string h =
      "Period,Provider Org Code,Provider Org Name,Commissioner Org Code,Commissioner Org Name,RTT Part Type,"
      "Treatment Function Code,Treatment Function Name";
  for (int k = 0; k < top; ++k) h += fmt::format(",Gt {:02d} To {:02d} Weeks SUM 1", k, k + 1);
  h += fmt::format(",Gt {:02d} Weeks SUM 1,Total,Patients with unknown clock start date,Total All\n", top);
  return h;
}

// A row with `count` pathways in band `band` (and `unknown` unknown clock starts for completed parts).
std::string row(const std::string& month, const std::string& provider, const std::string& comm,
                const std::string& part, const std::string& tfc, int band, int count, int unknown = 0,
                int top = 104) {
  std::string r = fmt::format("RTT-{},{},{} NAME,{},C NAME,{},{},{} NAME", month, provider, provider, comm,
                              part, tfc, tfc);
  for (int k = 0; k <= top; ++k)
    r += part == "Part_3" ? std::string(",") : fmt::format(",{}", k == band ? count : 0);
  if (part == "Part_3") return r + fmt::format(",,,{}\n", count);
  if (part == "Part_2" || part == "Part_2A") return r + fmt::format(",,,{}\n", count);
  return r + fmt::format(",{},{},{}\n", count, unknown, count + unknown);
}

RttExtract sample() {
  std::string s = header();
  // Two providers, two specialties, two commissioners, two months. C_999 rows are the sums of the
  // specialties.
  for (const std::string month : {"October-2024", "November-2024"}) {
    const int m = month[0] == 'O' ? 0 : 1;
    s += row(month, "RAA", "11J", "Part_2", "C_110", 10, 100 + m);
    s += row(month, "RAA", "11J", "Part_2", "C_120", 30, 50);
    s += row(month, "RAA", "11J", "Part_2", "C_999", 10, 100 + m);  // not the exact split, see below
    s += row(month, "RAA", "22K", "Part_2", "C_110", 60, 20);
    s += row(month, "RAA", "22K", "Part_2", "C_999", 60, 20);
    s += row(month, "RBB", "11J", "Part_2", "C_110", 2, 40);
    s += row(month, "RBB", "11J", "Part_2", "C_999", 2, 40);
    s += row(month, "RAA", "11J", "Part_3", "C_999", 0, 77);
    s += row(month, "RAA", "11J", "Part_1A", "C_999", 5, 9, 1);
  }
  return RttExtract::parse(s, "sample.csv");
}

TEST(RttQuery, DefaultsToLatestMonthAndAllSpecialtyRows) {
  const auto x = sample();
  const auto rows = query(x, Selection{}, {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].month, YearMonth(2024, 11));
  EXPECT_DOUBLE_EQ(rows[0].summary.total, 101 + 20 + 40);
  EXPECT_DOUBLE_EQ(rows[0].summary.within_18_weeks, 101 + 40);
  EXPECT_DOUBLE_EQ(*rows[0].summary.over_52_weeks, 20);
  EXPECT_FALSE(rows[0].provider);
  EXPECT_FALSE(rows[0].tfc);
}

TEST(RttQuery, BreakdownsByProviderTfcCommissionerAndMonth) {
  const auto x = sample();
  auto rows = query(x, Selection{}, {Breakdown::provider});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(*rows[0].provider, "RAA");
  EXPECT_EQ(*rows[0].provider_name, "RAA NAME");
  EXPECT_DOUBLE_EQ(rows[0].summary.total, 121);
  EXPECT_DOUBLE_EQ(rows[1].summary.total, 40);

  rows = query(x, Selection{}, {Breakdown::tfc});  // specialty rows, never C_999
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(*rows[0].tfc, "C_110");
  EXPECT_DOUBLE_EQ(rows[0].summary.total, 101 + 20 + 40);
  EXPECT_EQ(*rows[1].tfc, "C_120");
  EXPECT_DOUBLE_EQ(rows[1].summary.total, 50);

  rows = query(x, Selection{}, {Breakdown::commissioner});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(*rows[1].commissioner, "22K");

  rows = query(x, Selection{}, {Breakdown::month});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].month, YearMonth(2024, 10));
  EXPECT_DOUBLE_EQ(rows[0].summary.total, 160);
  EXPECT_DOUBLE_EQ(rows[1].summary.total, 161);

  rows = query(x, Selection{}, {Breakdown::provider, Breakdown::month});
  EXPECT_EQ(rows.size(), 4u);
}

TEST(RttQuery, SelectionByProviderTfcCommissionerMonthAndPart) {
  const auto x = sample();
  Selection s;
  s.provider = "RAA";
  s.tfc = "110";
  s.month = YearMonth(2024, 10);
  auto rows = query(x, s, {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(*rows[0].tfc, "C_110");
  EXPECT_DOUBLE_EQ(rows[0].summary.total, 120);
  s = Selection{};
  s.commissioner = "22K";
  rows = query(x, s, {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].summary.total, 20);
  s = Selection{};
  s.part = RttPart::admitted;
  rows = query(x, s, {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].summary.total, 10);  // Total All includes the unknown clock start
  EXPECT_DOUBLE_EQ(rows[0].summary.unknown_clock_start, 1);
  EXPECT_DOUBLE_EQ(*rows[0].summary.pct_within_18_weeks, 1.0);  // over known clock starts only
  s.provider = "NOPE";
  EXPECT_TRUE(query(x, s, {}).empty());
}

TEST(RttQuery, NewPeriodsHaveOnlyATotal) {
  const auto x = sample();
  Selection s;
  s.part = RttPart::new_periods;
  const auto rows = query(x, s, {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].has_bands);
  EXPECT_DOUBLE_EQ(rows[0].summary.total, 77);
  const auto json = to_json_rows(stats_table(rows));
  EXPECT_EQ(json[0]["total"], 77);
  EXPECT_TRUE(json[0]["median_weeks"].is_null());
  EXPECT_TRUE(json[0]["pct_within_18_weeks"].is_null());
  EXPECT_TRUE(json[0]["unknown_clock_start"].is_null());
  EXPECT_EQ(json[0]["part"], "new");
}

TEST(RttQuery, ParsesBreakdownLists) {
  EXPECT_EQ(parse_breakdowns({"provider,tfc", "month", "tfc"}),
            (std::vector<Breakdown>{Breakdown::provider, Breakdown::tfc, Breakdown::month}));
  EXPECT_THROW(parse_breakdowns({"ward"}), InputError);
}

TEST(StatsTable, JsonKeysAndCensoredPercentiles) {
  std::string s = header(52);
  s += row("March-2021", "RAA", "11J", "Part_2", "C_999", 52, 90, 0, 52);
  s += row("March-2021", "RAA", "22K", "Part_2", "C_999", 0, 10, 0, 52);
  const auto x = RttExtract::parse(s, "old.csv");
  const auto rows = query(x, Selection{}, {Breakdown::provider});
  const auto json = to_json_rows(stats_table(rows));
  ASSERT_EQ(json.size(), 1u);
  const auto& r = json[0];
  for (const char* key :
       {"provider", "part", "month", "total", "within_18_weeks", "pct_within_18_weeks", "over_18_weeks",
        "over_52_weeks", "over_65_weeks", "over_78_weeks", "over_104_weeks", "median_weeks",
        "median_censored", "p92_weeks", "p92_censored", "unknown_clock_start"}) {
    EXPECT_TRUE(r.contains(key)) << key;
  }
  EXPECT_EQ(r.size(), 16u);
  EXPECT_EQ(r["provider"], "RAA");
  EXPECT_EQ(r["month"], "2021-03");
  EXPECT_EQ(r["total"], 100);
  EXPECT_DOUBLE_EQ(r["pct_within_18_weeks"].get<double>(), 0.1);
  EXPECT_EQ(r["over_52_weeks"], 90);
  EXPECT_TRUE(r["over_65_weeks"].is_null());  // not computable from a 52+ histogram
  EXPECT_TRUE(r["over_104_weeks"].is_null());
  EXPECT_EQ(r["p92_weeks"], 52.0);
  EXPECT_EQ(r["p92_censored"], true);
  EXPECT_EQ(r["median_censored"], true);

  StatsTableOptions text;
  text.for_text = true;
  const auto t = stats_table(rows, text);
  const std::string rendered = render_text(t);
  EXPECT_THAT(rendered, ::testing::HasSubstr("52+"));
  EXPECT_THAT(rendered, ::testing::HasSubstr("RAA NAME"));
}

TEST(StatsTable, BandColumns) {
  const auto x = sample();
  StatsTableOptions o;
  o.bands = true;
  const auto json = to_json_rows(stats_table(query(x, Selection{}, {}), o));
  EXPECT_EQ(json[0]["band_10"], 101);
  EXPECT_EQ(json[0]["band_104"], 0);
  EXPECT_EQ(json[0]["band_2"], 40);
}

// ----- national series

const char* kNational =
    "month,incomplete_median_wait_weeks,incomplete_p92_wait_weeks,incomplete_within_18_weeks,"
    "incomplete_within_18_weeks_est,incomplete_over_18_weeks,incomplete_over_52_weeks,incomplete_total,"
    "incomplete_total_est,admitted_pathways,new_rtt_periods\n"
    "2021-02,10.5,,600,610,400,90,1000,1010,50,\n"
    "2021-03,10.0,40.5,700,705,300,80,1000,1005,60,900\n"
    "2021-04,9.0,39.0,720,720,280,70,1000,1000,70,950\n";

TEST(NationalStats, RecomputesShareAndMarksCensoredPercentiles) {
  const auto series = data::NationalSeries::parse(kNational, "n.csv");
  NationalOptions o;
  auto rows = national_stats(series, o);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_DOUBLE_EQ(*rows[0].pct_within_18_weeks, 0.6);
  EXPECT_TRUE(rows[0].percentile_censored);
  EXPECT_DOUBLE_EQ(*rows[0].percentile_weeks, 52);
  EXPECT_FALSE(rows[1].percentile_censored);
  o.estimates = true;
  rows = national_stats(series, o);
  EXPECT_DOUBLE_EQ(*rows[0].total, 1010);
  EXPECT_DOUBLE_EQ(*rows[0].within_18_weeks, 610);
  o = NationalOptions{};
  o.last = 2;
  EXPECT_EQ(national_stats(series, o).front().month, YearMonth(2021, 3));
  o = NationalOptions{};
  o.from = YearMonth(2021, 3);
  o.until = YearMonth(2021, 3);
  EXPECT_EQ(national_stats(series, o).size(), 1u);
  o = NationalOptions{};
  o.part = RttPart::new_periods;
  rows = national_stats(series, o);
  ASSERT_EQ(rows.size(), 2u);  // February has no new-period figure
  EXPECT_DOUBLE_EQ(*rows[1].total, 950);
  o.part = RttPart::dta;
  EXPECT_THROW(national_stats(series, o), InputError);
  const auto json = to_json_rows(
      national_stats_table(national_stats(series, NationalOptions{}), RttPart::incomplete, false));
  EXPECT_EQ(json[0]["p92_censored"], true);
  EXPECT_EQ(json[0]["month"], "2021-02");
}

// ----- validation checks

TEST(RttChecks, CleanExtractHasNoErrors) {
  const auto findings = check_extract(sample());
  for (const auto& f : findings) EXPECT_NE(f.severity, Severity::error) << f.message;
}

TEST(RttChecks, FindsInconsistentTotalsDtaAboveIncompleteAndMissingIncomplete) {
  std::string s = header();
  s += row("November-2024", "RAA", "11J", "Part_2", "C_999", 3, 10);
  s += row("November-2024", "RAA", "11J", "Part_2A", "C_999", 3, 12);  // 2A > 2
  s += row("November-2024", "RCC", "11J", "Part_1A", "C_999", 3, 5);   // completed, no incomplete
  s +=
      row("November-2024", "RAA", "11J", "Part_3", "C_999", 0, 4);  // fewer new periods than 0-4 week waiters
  s += row("November-2024", "RAA", "bad code", "Part_2", "C_110", 3, 1);
  std::string broken = row("November-2024", "RAA", "11J", "Part_1B", "C_999", 3, 6, 1);
  broken.replace(broken.rfind(",7"), 2, ",8");  // Total All 8 != 6 + 1
  s += broken;
  const auto findings = check_extract(RttExtract::parse(s, "bad.csv"));
  auto has = [&](const std::string& check, Severity sev) {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const Finding& f) { return f.check == check && f.severity == sev; });
  };
  EXPECT_TRUE(has("totals_consistent", Severity::error));
  EXPECT_TRUE(has("dta_within_incomplete", Severity::error));
  EXPECT_TRUE(has("completed_implies_incomplete", Severity::error));
  EXPECT_TRUE(has("new_periods_cover_short_waits", Severity::warning));
  EXPECT_TRUE(has("commissioner_code", Severity::warning));
  const auto totals = std::find_if(findings.begin(), findings.end(),
                                   [](const Finding& f) { return f.check == "totals_consistent"; });
  EXPECT_EQ(totals->line, 7);
  EXPECT_EQ(totals->file, "bad.csv");
  EXPECT_THAT(totals->message, ::testing::HasSubstr("Total All 8"));
}

TEST(RttChecks, FlagsAReturnIdenticalToThePreviousMonth) {
  std::string s = header();
  s += row("October-2024", "RAA", "11J", "Part_2", "C_999", 3, 10);
  s += row("November-2024", "RAA", "11J", "Part_2", "C_999", 3, 10);
  s += row("October-2024", "RBB", "11J", "Part_2", "C_999", 3, 10);
  s += row("November-2024", "RBB", "11J", "Part_2", "C_999", 4, 10);  // moved on a week: not identical
  const auto findings = check_extract(RttExtract::parse(s, "two.csv"));
  std::vector<std::string> flagged;
  for (const auto& f : findings) {
    if (f.check == "identical_to_previous_month") flagged.push_back(f.provider + " " + f.month);
  }
  EXPECT_EQ(flagged, std::vector<std::string>{"RAA 2024-11"});
}

}  // namespace
}  // namespace elective::stats
