// Golden tests on the real provider months file (data/rtt_provider_months_waited.csv.gz): the issue's
// acceptance figures for RBD November 2024, the source's defects as the shared data README counts them,
// England's monthly totals against the national series (the coverage ratio), and the error of the weeks
// estimated from month bins against the exact weekly bands of the Full CSV extract (RBD, November 2024) and
// against the national series' published figures. The measured errors are printed (docs/statistics.md
// quotes them) and bounded.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "data/national_series.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"
#include "data/rtt_extract.hpp"
#include "stats/month_bin_estimate.hpp"
#include "stats/provider_stats.hpp"
#include "stats/rtt_query.hpp"

namespace elective::stats {
namespace {

const std::string kData = std::string(ELECTIVE_SOURCE_DIR) + "/data/";
const YearMonth kNov(2024, 11);

const data::ProviderMonths& file() {
  static const data::ProviderMonths f =
      data::ProviderMonths::load(kData + "rtt_provider_months_waited.csv.gz");
  return f;
}
const data::ProviderReference& reference() {
  static const data::ProviderReference r = data::ProviderReference::load(kData + "providers.csv");
  return r;
}
const data::NationalSeries& national() {
  static const data::NationalSeries s = data::NationalSeries::load(kData + "rtt_national_timeseries.csv");
  return s;
}
const data::RttExtract& rbd_extract() {
  static const data::RttExtract x = data::RttExtract::load({kData + "rtt_full_2024-11_RBD.csv"});
  return x;
}

double rbd_total(data::MonthsType type) {
  ProviderQuery q;
  q.selection.type = type;
  q.selection.provider = "RBD";
  q.selection.month = kNov;
  const auto rows = query_provider_months(file(), nullptr, q);
  EXPECT_EQ(rows.size(), 1u);
  return rows.at(0).summary.total;
}

TEST(ProviderMonthsGolden, RbdNovember2024AcceptanceFigures) {
  EXPECT_DOUBLE_EQ(rbd_total(data::MonthsType::incomplete), 21693);
  EXPECT_DOUBLE_EQ(rbd_total(data::MonthsType::referrals), 5003);
  EXPECT_DOUBLE_EQ(rbd_total(data::MonthsType::completed), 4469);
}

TEST(ProviderMonthsGolden, TheSourceDefectsAsTheReadmeCountsThem) {
  EXPECT_EQ(file().size(), 92742u);
  EXPECT_EQ(file().months().front(), YearMonth(2024, 5));
  EXPECT_EQ(file().months().back(), YearMonth(2025, 1));
  EXPECT_EQ(file().groups().size(), 422u);
  std::size_t merged = 0, merged_codes = 0;
  for (const auto& g : file().groups()) {
    if (!g.merged()) continue;
    ++merged;
    merged_codes += g.codes.size();
  }
  EXPECT_EQ(merged, 7u);
  EXPECT_EQ(merged_codes, 43u);
  ASSERT_TRUE(file().group_holding("RTH"));
  EXPECT_EQ(file().groups()[*file().group_holding("RTH")].codes.size(), 25u);
  EXPECT_EQ(file().unreported_pairs(), 121u);
  EXPECT_EQ(file().undercounted_pairs(), 437u);
  std::set<std::uint32_t> undercounted_groups;
  for (const auto& r : file().rows())
    if (file().undercounted_completed(r.month, r.group)) undercounted_groups.insert(r.group);
  EXPECT_EQ(undercounted_groups.size(), 53u);
  // The merged rows hold 13.8% of November's list; Oxford's group alone 790,474.
  double merged_list = 0, all = 0, oxford = 0;
  for (const auto& r : file().rows()) {
    if (r.month != kNov || r.type != data::MonthsType::incomplete || r.specialty != data::kTotalSpecialty)
      continue;
    all += r.total;
    if (file().groups()[r.group].merged()) merged_list += r.total;
    if (r.group == *file().group_holding("RTH")) oxford += r.total;
  }
  EXPECT_DOUBLE_EQ(all, 7362722);
  EXPECT_DOUBLE_EQ(merged_list, 1014333);
  EXPECT_DOUBLE_EQ(oxford, 790474);
}

// England by month from the file (every group's Total rows) against the national series: the file covers
// 98.4-99.1% of the national list (unknown clock starts and NONC rows dropped, providers that stopped
// reporting missing, the national series built on a commissioner basis).
TEST(ProviderMonthsGolden, EnglandMonthlyTotalsAgainstTheNationalSeries) {
  for (const auto& [type, column, low, high] :
       {std::tuple{data::MonthsType::incomplete, "incomplete_total", 0.983, 0.991},
        std::tuple{data::MonthsType::referrals, "new_rtt_periods", 0.981, 0.991},
        std::tuple{data::MonthsType::completed, "", 0.979, 0.990}}) {
    ProviderQuery q;
    q.selection.type = type;
    q.by = {ProviderBreakdown::month};
    const auto rows = query_provider_months(file(), nullptr, q);
    ASSERT_EQ(rows.size(), 9u);
    for (const auto& r : rows) {
      const auto row = national().row_of(r.month);
      ASSERT_TRUE(row);
      const double nat = *column ? *national().value(column, *row)
                                 : *national().value("admitted_pathways", *row) +
                                       *national().value("nonadmitted_pathways", *row);
      const double ratio = r.summary.total / nat;
      std::printf("coverage %-10s %s file %10.0f national %10.0f ratio %.4f\n",
                  std::string(data::months_type_name(type)).c_str(), r.month.to_string().c_str(),
                  r.summary.total, nat, ratio);
      EXPECT_GT(ratio, low) << r.month.to_string();
      EXPECT_LT(ratio, high) << r.month.to_string();
    }
  }
  // The README's table: November 2024, 7,362,722 of 7,479,867.
  ProviderQuery q;
  q.selection.month = kNov;
  EXPECT_DOUBLE_EQ(query_provider_months(file(), nullptr, q).at(0).summary.total, 7362722);
}

// ---- Error of the weeks estimated from month bins -------------------------------------------------------

// The exact weekly histogram of RBD November 2024 by the file's specialty codes, from the Full CSV extract,
// without the NONC commissioner rows (which NHSRtt drops). Completed = admitted + non-admitted.
std::map<std::string, WaitHistogram> exact_rbd(data::MonthsType type) {
  std::map<std::string, WaitHistogram> out;
  const std::vector<RttPart> parts = type == data::MonthsType::completed
                                         ? std::vector<RttPart>{RttPart::admitted, RttPart::nonadmitted}
                                         : std::vector<RttPart>{RttPart::incomplete};
  for (const RttPart part : parts) {
    for (const bool total : {false, true}) {
      Selection s;
      s.part = part;
      // Without a breakdown by treatment function the C_999 rows are used, with one the specialty rows.
      const auto rows = total ? query(rbd_extract(), s, {Breakdown::commissioner})
                              : query(rbd_extract(), s, {Breakdown::tfc, Breakdown::commissioner});
      for (const auto& r : rows) {
        if (*r.commissioner == "NONC") continue;
        std::string code = total ? std::string("C_999") : *r.tfc;
        if (code.rfind("X0", 0) == 0) code = "X01-X06";
        auto [it, fresh] = out.try_emplace(code, r.histogram);
        if (!fresh) it->second += r.histogram;
      }
    }
  }
  return out;
}

std::map<std::string, data::MonthBins> file_rbd(data::MonthsType type) {
  std::map<std::string, data::MonthBins> out;
  const auto g = *file().find_group("RBD");
  for (const auto& r : file().rows())
    if (r.group == g && r.month == kNov && r.type == type)
      out[std::string(data::specialty_groups()[r.specialty].code)] = r.bins;
  return out;
}

struct Errors {
  double pct18 = 0, over52 = 0, median = 0, p92 = 0;                          // largest absolute errors
  double pct18_total = 0, over52_total = 0, median_total = 0, p92_total = 0;  // of the Total row
  int compared = 0;
};

Errors rbd_errors(data::MonthsType type, MonthBinMethod method, bool print) {
  const auto exact = exact_rbd(type);
  const auto bins = file_rbd(type);
  Errors e;
  for (const auto& [code, b] : bins) {
    const auto it = exact.find(code);
    if (it == exact.end()) continue;
    const WaitSummary x = summarise_waits(it->second);
    if (x.known < 20) continue;  // a handful of pathways: percentiles mean nothing
    const WaitSummary est = summarise_waits(weekly_from_month_bins(b, kNov, method));
    const double d18 = *est.pct_within_18_weeks - *x.pct_within_18_weeks;
    const double d52 = *est.over_52_weeks - *x.over_52_weeks;
    const double dmed = *est.median_weeks.weeks - *x.median_weeks.weeks;
    const bool p92_comparable = !est.p92_weeks.censored && !x.p92_weeks.censored && *x.p92_weeks.weeks < 52;
    const double dp92 = p92_comparable ? *est.p92_weeks.weeks - *x.p92_weeks.weeks : 0;
    if (print)
      std::printf(
          "rbd %-10s %-7s n=%6.0f within18 exact %.4f est %.4f | over52 exact %5.0f est %7.1f | median %5.2f "
          "est %5.2f | p92 %6.2f est %6.2f%s\n",
          std::string(data::months_type_name(type)).c_str(), code.c_str(), x.known, *x.pct_within_18_weeks,
          *est.pct_within_18_weeks, *x.over_52_weeks, *est.over_52_weeks, *x.median_weeks.weeks,
          *est.median_weeks.weeks, *x.p92_weeks.weeks, *est.p92_weeks.weeks,
          p92_comparable ? "" : " (p92 censored)");
    e.pct18 = std::max(e.pct18, std::abs(d18));
    e.over52 = std::max(e.over52, std::abs(d52));
    e.median = std::max(e.median, std::abs(dmed));
    e.p92 = std::max(e.p92, std::abs(dp92));
    if (code == "C_999") {
      e.pct18_total = d18;
      e.over52_total = d52;
      e.median_total = dmed;
      e.p92_total = dp92;
    }
    ++e.compared;
  }
  return e;
}

TEST(MonthBinError, SharingTheExactWeeklyBandsGivesTheFileBins) {
  // The forward sharing of month_bin_estimate.hpp is NHSRtt's: the extract's bands shared by month give the
  // file's bins (the README's check, 404 cells within 0.0001).
  for (const auto type : {data::MonthsType::incomplete, data::MonthsType::completed}) {
    const auto exact = exact_rbd(type);
    int cells = 0;
    for (const auto& [code, b] : file_rbd(type)) {
      const auto it = exact.find(code);
      if (it == exact.end()) continue;
      const auto shared = month_bins_from_weekly(it->second, kNov);
      for (int j = 0; j < data::kMonthBins; ++j, ++cells)
        EXPECT_NEAR(shared[static_cast<std::size_t>(j)], b[static_cast<std::size_t>(j)], 0.001)
            << code << " m" << j;
    }
    EXPECT_GT(cells, 100);
  }
}

TEST(MonthBinError, RbdNovember2024AgainstTheExactExtract) {
  for (const auto type : {data::MonthsType::incomplete, data::MonthsType::completed}) {
    const Errors calendar = rbd_errors(type, MonthBinMethod::calendar_days, true);
    const Errors mean = rbd_errors(type, MonthBinMethod::mean_month, false);
    std::printf(
        "rbd %s max abs error (calendar_days | mean_month): within18 %.4f | %.4f, over52 %.1f | %.1f, "
        "median %.2f | %.2f wk, p92 %.2f | %.2f wk; Total row: within18 %+.4f over52 %+.1f median %+.2f "
        "p92 %+.2f\n",
        std::string(data::months_type_name(type)).c_str(), calendar.pct18, mean.pct18, calendar.over52,
        mean.over52, calendar.median, mean.median, calendar.p92, mean.p92, calendar.pct18_total,
        calendar.over52_total, calendar.median_total, calendar.p92_total);
    EXPECT_GE(calendar.compared, 13);
    // Measured (docs/statistics.md): calendar_days is far better on over 52 weeks (incomplete: largest error
    // 6.5 pathways against 14.2) and no worse on P92; on % within 18 weeks the two are within 0.001 of each
    // other (incomplete 0.0054 against 0.0045, completed 0.0056 against 0.0061). calendar_days is used.
    EXPECT_LE(calendar.over52, mean.over52 + 1e-9);
    EXPECT_LE(calendar.pct18, mean.pct18 + 0.0015);
    const bool incomplete = type == data::MonthsType::incomplete;
    // Bounds a little above the measured errors; completed waits are rougher because NHSRtt counts a clock
    // stop's wait back from the month's last day (the shared README, section 5).
    EXPECT_LT(calendar.pct18, 0.008);
    EXPECT_LT(calendar.over52, incomplete ? 8.0 : 1.5);
    EXPECT_LT(calendar.median, incomplete ? 0.4 : 1.5);
    EXPECT_LT(calendar.p92, incomplete ? 0.7 : 1.2);
    EXPECT_LT(std::abs(calendar.pct18_total), 0.001);
    EXPECT_LT(std::abs(calendar.median_total), 0.1);
  }
}

TEST(MonthBinError, EnglandAgainstTheNationalSeries) {
  ProviderQuery q;
  q.by = {ProviderBreakdown::month};
  const auto rows = query_provider_months(file(), nullptr, q);
  double worst18 = 0, worst52 = 0, worst_median = 0, worst_p92 = 0;
  for (const auto& r : rows) {
    const auto row = *national().row_of(r.month);
    const double n18 = *national().value("incomplete_pct_within_18_weeks", row);
    const double n52 = *national().value("incomplete_pct_over_52_weeks", row);
    const double nmed = *national().value("incomplete_median_wait_weeks", row);
    const double np92 = *national().value("incomplete_p92_wait_weeks", row);
    const WaitSummary& s = r.summary;
    const double e52 = *s.over_52_weeks / s.known;
    std::printf(
        "england %s within18 national %.4f est %.4f | over52 share national %.4f est %.4f | median %.2f est "
        "%.2f | p92 %.2f est %.2f\n",
        r.month.to_string().c_str(), n18, *s.pct_within_18_weeks, n52, e52, nmed, *s.median_weeks.weeks, np92,
        *s.p92_weeks.weeks);
    worst18 = std::max(worst18, std::abs(*s.pct_within_18_weeks - n18));
    worst52 = std::max(worst52, std::abs(e52 - n52));
    worst_median = std::max(worst_median, std::abs(*s.median_weeks.weeks - nmed));
    worst_p92 = std::max(worst_p92, std::abs(*s.p92_weeks.weeks - np92));
  }
  std::printf("england max abs error: within18 %.4f, over52 share %.4f, median %.2f wk, p92 %.2f wk\n",
              worst18, worst52, worst_median, worst_p92);
  // Measured (calendar_days): 0.0033, 0.0007, 0.17 and 0.31 weeks (docs/statistics.md).
  EXPECT_LT(worst18, 0.005);
  EXPECT_LT(worst52, 0.0015);
  EXPECT_LT(worst_median, 0.3);
  EXPECT_LT(worst_p92, 0.5);
}

TEST(ProviderMonthsGolden, MergedGroupsNeverAttributedToOneTrustByIcbOrRegion) {
  ProviderQuery q;
  q.by = {ProviderBreakdown::provider};
  for (const auto& r : query_provider_months(file(), &reference(), q)) {
    const auto g = file().find_group(*r.provider);
    ASSERT_TRUE(g);
    EXPECT_EQ(r.merged, file().groups()[*g].merged());
    if (r.merged) {
      EXPECT_EQ(r.provider->rfind("merged:", 0), 0u);
      EXPECT_NE(*r.provider_name, file().groups()[*g].name);
    }
  }
  q.by = {ProviderBreakdown::region};
  bool merged_row = false;
  for (const auto& r : query_provider_months(file(), &reference(), q))
    merged_row = merged_row || *r.region == "merged";
  EXPECT_TRUE(merged_row);  // Oxford's group spans regions
}

}  // namespace
}  // namespace elective::stats
