// Golden tests on the real NHS England files bundled in data/ (provider RBD, November 2024; the national
// time series). The expected figures are the check values of domain.md 2.6 and data/README.md and NHS
// England's published national figures.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "data/csv.hpp"
#include "data/national_series.hpp"
#include "data/rtt_extract.hpp"
#include "stats/national_stats.hpp"
#include "stats/rtt_checks.hpp"
#include "stats/rtt_query.hpp"

namespace elective::stats {
namespace {

using data::RttExtract;
using data::RttPart;

const RttExtract& rbd() {
  static const RttExtract x =
      RttExtract::load({std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_full_2024-11_RBD.csv"});
  return x;
}

const data::NationalSeries& national() {
  static const data::NationalSeries s =
      data::NationalSeries::load(std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_national_timeseries.csv");
  return s;
}

StatsRow provider_total(RttPart part) {
  Selection s;
  s.part = part;
  const auto rows = query(rbd(), s, {});
  EXPECT_EQ(rows.size(), 1u);
  return rows.at(0);
}

TEST(RttGolden, ReadsEveryRowOfTheRealExtract) {
  EXPECT_EQ(rbd().size(), 512u);
  EXPECT_EQ(rbd().months(), std::vector<YearMonth>{YearMonth(2024, 11)});
  EXPECT_EQ(rbd().providers(), std::vector<std::string>{"RBD"});
  EXPECT_EQ(rbd().provider_name("RBD"), "DORSET COUNTY HOSPITAL NHS FOUNDATION TRUST");
}

TEST(RttGolden, BandsPlusUnknownEqualTotalAllRowByRow) {
  int checked = 0;
  for (const auto& r : rbd().rows()) {
    ASSERT_NE(r.total_all, RttExtract::kBlank) << "line " << r.line;
    if (r.part == RttPart::new_periods) {
      // Part 3 carries only Total All.
      EXPECT_TRUE(r.bands_blank) << "line " << r.line;
      EXPECT_EQ(r.total, RttExtract::kBlank);
      continue;
    }
    const std::uint64_t unknown = r.unknown_clock_start == RttExtract::kBlank ? 0 : r.unknown_clock_start;
    EXPECT_EQ(rbd().band_sum(r) + unknown, r.total_all) << "line " << r.line;
    if (r.part == RttPart::incomplete || r.part == RttPart::dta) {
      EXPECT_EQ(r.total, RttExtract::kBlank) << "Part 2 leaves Total blank, line " << r.line;
    } else {
      EXPECT_EQ(r.total, rbd().band_sum(r)) << "line " << r.line;
    }
    ++checked;
  }
  EXPECT_GT(checked, 300);
}

TEST(RttGolden, IncompletePathwaysMatchDomainCheckValues) {
  const auto r = provider_total(RttPart::incomplete);
  EXPECT_DOUBLE_EQ(r.summary.total, 21702);
  EXPECT_DOUBLE_EQ(r.summary.within_18_weeks, 12539);
  EXPECT_NEAR(*r.summary.pct_within_18_weeks, 0.578, 0.0005);
  EXPECT_DOUBLE_EQ(*r.summary.over_18_weeks, 9163);
  EXPECT_DOUBLE_EQ(*r.summary.over_52_weeks, 647);
  EXPECT_NEAR(*r.summary.median_weeks.weeks, 14.33, 0.005);
  EXPECT_NEAR(*r.summary.p92_weeks.weeks, 42.61, 0.005);
  EXPECT_FALSE(r.summary.p92_weeks.censored);
}

TEST(RttGolden, DtaAdmittedNonAdmittedAndNewPeriodsMatchDomainCheckValues) {
  const auto dta = provider_total(RttPart::dta);
  EXPECT_DOUBLE_EQ(dta.summary.total, 5322);
  EXPECT_NEAR(*dta.summary.pct_within_18_weeks, 0.384, 0.0005);
  EXPECT_NEAR(*dta.summary.median_weeks.weeks, 24.42, 0.005);
  EXPECT_NEAR(*dta.summary.p92_weeks.weeks, 52.06, 0.005);

  const auto admitted = provider_total(RttPart::admitted);
  EXPECT_DOUBLE_EQ(admitted.summary.total, 1544);
  EXPECT_NEAR(*admitted.summary.pct_within_18_weeks, 0.573, 0.0005);
  EXPECT_NEAR(*admitted.summary.median_weeks.weeks, 10.41, 0.005);

  const auto nonadmitted = provider_total(RttPart::nonadmitted);
  EXPECT_DOUBLE_EQ(nonadmitted.summary.total, 2925);
  EXPECT_NEAR(*nonadmitted.summary.pct_within_18_weeks, 0.649, 0.0005);
  EXPECT_NEAR(*nonadmitted.summary.median_weeks.weeks, 9.03, 0.005);

  const auto fresh = provider_total(RttPart::new_periods);
  EXPECT_DOUBLE_EQ(fresh.summary.total, 5003);
  EXPECT_FALSE(fresh.has_bands);
}

TEST(RttGolden, SpecialtyRowsSumToTheAllSpecialtyRow) {
  for (RttPart part :
       {RttPart::incomplete, RttPart::dta, RttPart::admitted, RttPart::nonadmitted, RttPart::new_periods}) {
    Selection s;
    s.part = part;
    const auto total = query(rbd(), s, {});
    const auto by_tfc = query(rbd(), s, {Breakdown::tfc});
    double sum = 0;
    for (const auto& r : by_tfc) {
      EXPECT_NE(*r.tfc, "C_999");
      sum += r.summary.total;
    }
    EXPECT_DOUBLE_EQ(sum, total.at(0).summary.total) << data::part_code(part);
    const auto by_comm = query(rbd(), s, {Breakdown::commissioner});
    double comm_sum = 0;
    for (const auto& r : by_comm) comm_sum += r.summary.total;
    EXPECT_DOUBLE_EQ(comm_sum, total.at(0).summary.total) << data::part_code(part);
  }
}

TEST(RttGolden, HistogramAccessForModels) {
  data::RowFilter f;
  f.provider = "RBD";
  EXPECT_DOUBLE_EQ(rbd().histogram(RttPart::incomplete, f).total(), 21702);
  EXPECT_DOUBLE_EQ(rbd().completed_histogram(f).total(), 1544 + 2925);
  EXPECT_DOUBLE_EQ(rbd().new_periods(f), 5003);
  f.tfc = "110";
  EXPECT_GT(rbd().histogram(RttPart::incomplete, f).total(), 0);
}

TEST(RttGolden, ValidationChecksPassOnTheRealExtract) {
  const auto findings = check_extract(rbd());
  for (const auto& f : findings) {
    EXPECT_NE(f.severity, Severity::error) << f.check << ": " << f.message;
  }
}

TEST(NationalGolden, PublishedShareWithin18WeeksEqualsRecomputedShareEveryMonth) {
  const auto& s = national();
  int months = 0;
  for (bool estimates : {false, true}) {
    NationalOptions o;
    o.estimates = estimates;
    for (const auto& r : national_stats(s, o)) {
      const auto row = s.row_of(r.month);
      ASSERT_TRUE(row);
      const auto published =
          s.value(estimates ? "incomplete_pct_within_18_weeks_est" : "incomplete_pct_within_18_weeks", *row);
      if (!published || !r.pct_within_18_weeks) continue;
      if (!estimates && r.month == YearMonth(2021, 9)) {
        // The one exception in the source: the unadjusted September 2021 cells (whose median and P92 are also
        // rounded, 11.9 and 44.5, unlike every other month) give 0.66499 against counts 3,879,621 / 5,834,995
        // = 0.66489. The "with estimates" figures of the same month agree. Pinned so that a new edition is
        // noticed.
        EXPECT_NEAR(*r.pct_within_18_weeks, 0.664888, 1e-6);
        EXPECT_NEAR(*published, 0.6649862943, 1e-9);
        continue;
      }
      EXPECT_NEAR(*r.pct_within_18_weeks, *published, 1e-9) << r.month.to_string();
      ++months;
    }
  }
  EXPECT_GT(months, 400);
}

TEST(NationalGolden, LastMonthTheStandardWasMet) {
  const auto rows = national_stats(national(), NationalOptions{});
  std::optional<YearMonth> last_met;
  for (const auto& r : rows) {
    if (r.pct_within_18_weeks && *r.pct_within_18_weeks >= 0.92) last_met = r.month;
  }
  ASSERT_TRUE(last_met);
  EXPECT_EQ(*last_met, YearMonth(2016, 2));
  NationalOptions o;
  o.from = YearMonth(2016, 2);
  o.until = YearMonth(2016, 3);
  const auto two = national_stats(national(), o);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_NEAR(*two[0].pct_within_18_weeks, 0.9212, 0.00005);
  EXPECT_NEAR(*two[1].pct_within_18_weeks, 0.9148, 0.00005);
  EXPECT_NEAR(*two[0].percentile_weeks, 17.93,
              0.005);  // P92 within 18 weeks exactly when the standard is met
  EXPECT_NEAR(*two[1].percentile_weeks, 18.46, 0.005);
}

TEST(NationalGolden, HeadlineFiguresOfTheReadme) {
  NationalOptions o;
  o.from = o.until = YearMonth(2020, 2);
  auto r = national_stats(national(), o).at(0);
  EXPECT_DOUBLE_EQ(*r.total, 4423348);
  EXPECT_DOUBLE_EQ(*r.over_52_weeks, 1613);
  EXPECT_NEAR(*r.median_weeks, 7.5, 0.05);
  o.estimates = true;
  EXPECT_DOUBLE_EQ(*national_stats(national(), o).at(0).total, 4573675);
  o.from = o.until = YearMonth(2024, 6);
  o.estimates = false;
  EXPECT_DOUBLE_EQ(*national_stats(national(), o).at(0).total, 7621297);
  // "52+" percentiles are censored at the top band of the time.
  o.from = o.until = YearMonth(2021, 2);
  r = national_stats(national(), o).at(0);
  EXPECT_TRUE(r.percentile_censored);
  EXPECT_DOUBLE_EQ(*r.percentile_weeks, 52);
}

}  // namespace
}  // namespace elective::stats
