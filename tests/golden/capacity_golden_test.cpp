// Golden tests of the capacity files (issue 16) on the real NHS England files bundled in data/: the
// staff-group tree adds up in every organisation and month, the England totals are those NHS England
// published (shared data README sections 10-13), the absence rate is days lost over days available, beds
// occupied never exceed beds available in general and acute, and the productivity comparison's expected clock
// stops add up to the observed ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "data/beds_kh03.hpp"
#include "data/input_file.hpp"
#include "data/provider_months.hpp"
#include "data/sickness_absence.hpp"
#include "data/workforce.hpp"
#include "stats/capacity_stats.hpp"
#include "stats/productivity.hpp"

namespace elective::stats {
namespace {

std::string bundled(const std::string& name) {
  return data::read_input_file(std::string(ELECTIVE_SOURCE_DIR) + "/data/" + name);
}

const data::WorkforceFte& workforce() {
  static const auto x = data::WorkforceFte::parse(bundled("workforce_fte_provider.csv.gz"), "workforce");
  return x;
}
const data::WorkforceTotal& workforce_total() {
  static const auto x = data::WorkforceTotal::parse(bundled("workforce_fte_provider_total.csv"), "total");
  return x;
}
const data::SicknessAbsence& absence() {
  static const auto x = data::SicknessAbsence::parse(bundled("sickness_absence_provider.csv"), "absence");
  return x;
}
const data::BedsKh03& beds() {
  static const auto x = data::BedsKh03::parse(bundled("beds_kh03_provider.csv"), "beds");
  return x;
}
const data::ProviderMonths& rtt() {
  static const auto x = data::ProviderMonths::parse(bundled("rtt_provider_months_waited.csv.gz"), "rtt");
  return x;
}

TEST(CapacityGolden, StaffGroupTotalsAddUpInEveryOrganisationAndMonth) {
  EXPECT_EQ(workforce().size(), 67'095u);
  EXPECT_EQ(workforce().records().size(), 2'485u);
  EXPECT_EQ(workforce().organisations(), 253u);
  EXPECT_TRUE(workforce().subtotal_disagreements().empty());
  for (const auto& r : workforce().records()) {
    for (const auto& g : data::staff_groups()) {
      if (data::is_leaf(g.value)) continue;
      EXPECT_NEAR(r.leaf_sum(g.value), r[g.value], 1e-4) << r.provider_code << " " << g.name;
    }
    // Every organisation has all 27 groups, so nothing is silently 0.
    for (bool present : r.present) EXPECT_TRUE(present);
  }
}

TEST(CapacityGolden, WorkforceEnglandTotalsAreThePublishedOnes) {
  CapacitySelection s;
  const Table t = workforce_fte_stats(workforce(), s);
  ASSERT_EQ(t.rows.size(), 10u);
  // README section 10: 2025-05 Total 1,373,862.8, HCHS Doctors 147,864.3, Consultant 59,193.3; 247 orgs.
  const auto& last = t.rows.back();
  EXPECT_EQ(std::get<std::string>(last[0]), "2025-05");
  EXPECT_EQ(std::get<std::int64_t>(last[1]), 247);
  EXPECT_NEAR(std::get<double>(last[2]), 1'373'862.8, 0.05);
  EXPECT_NEAR(std::get<double>(last[3]), 147'864.3, 0.05);
  EXPECT_NEAR(std::get<double>(last[4]), 59'193.3, 0.05);
  // The total series agrees with the staff-group file for every shared organisation-month (README 11).
  for (const auto& r : workforce().records())
    EXPECT_NEAR(workforce_total().fte(r.month, r.provider_code), r[data::StaffGroup::total], 1e-6);
  EXPECT_EQ(workforce_total().months().size(), 189u);
}

TEST(CapacityGolden, AbsenceRateIsDaysLostOverDaysAvailable) {
  EXPECT_EQ(absence().size(), 3'394u);
  EXPECT_TRUE(absence().rate_disagreements().empty());
  for (const auto& r : absence().rows()) {
    EXPECT_LE(r.fte_days_lost, r.fte_days_available);
    EXPECT_NEAR(r.published_rate, r.fte_days_lost / r.fte_days_available, 0.00005 + 1e-9) << r.provider_code;
  }
  // README section 12, England 2024-12: 2,631,161.2 lost of 45,799,594.3 available, rate 0.0574.
  CapacitySelection s;
  s.month = YearMonth(2024, 12);
  const Table t = sickness_absence_stats(absence(), s);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_NEAR(std::get<double>(t.rows[0][2]), 2'631'161.2, 0.05);
  EXPECT_NEAR(std::get<double>(t.rows[0][3]), 45'799'594.3, 0.05);
  EXPECT_NEAR(std::get<double>(t.rows[0][4]), 0.0574, 0.00005);
}

TEST(CapacityGolden, BedsOccupiedNeverAboveAvailableInGeneralAndAcute) {
  EXPECT_EQ(beds().size(), 5'145u);
  EXPECT_EQ(beds().period_ends().size(), 26u);
  for (const auto& r : beds().rows()) {
    EXPECT_LE(r.occupied_in(data::BedSector::general_acute), r.available_in(data::BedSector::general_acute))
        << r.quarter << " " << r.provider_code;
    EXPECT_LE(r.occupied_in(data::BedSector::total), r.available_in(data::BedSector::total));
  }
  // The exceptions README section 13 documents, all mental illness: RP1 (8 quarters) and RA9 (one).
  std::set<std::string> trusts;
  for (const auto& [row, sector] : beds().over_occupied()) {
    EXPECT_EQ(sector, data::BedSector::mental_illness);
    trusts.insert(row->provider_code);
  }
  EXPECT_EQ(beds().over_occupied().size(), 9u);
  EXPECT_EQ(trusts, (std::set<std::string>{"RA9", "RP1"}));
  // README section 13: England 2025-26 Q1, 181 trusts, 130,059.9 available, 116,068.8 occupied.
  CapacitySelection s;
  s.month = YearMonth(2025, 6);
  const Table t = beds_stats(beds(), s);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(t.rows[0][1]), 181);
  EXPECT_NEAR(std::get<double>(t.rows[0][2]), 130'059.9, 0.05);
  EXPECT_NEAR(std::get<double>(t.rows[0][3]), 116'068.8, 0.05);
}

TEST(CapacityGolden, ExpectedClockStopsAddUpToObservedNationally) {
  ProductivitySources src{&rtt(), &workforce(), &beds(), nullptr, &absence()};
  const auto result = productivity(src, {});
  EXPECT_EQ(result.month, YearMonth(2025, 1));  // the last month in both files
  EXPECT_EQ(result.months.size(), 6u);          // 2024-08 ... 2025-01
  double observed = 0, expected = 0;
  int compared = 0;
  for (const auto& r : result.rows) {
    if (!r.expected_clock_stops) continue;
    ++compared;
    observed += *r.clock_stops;
    expected += *r.expected_clock_stops;
  }
  EXPECT_EQ(compared, result.trusts_compared);
  EXPECT_GT(compared, 100);
  // Only acute trusts are compared; the others with clock stops and staff are listed and flagged.
  for (const auto& r : result.rows) {
    const bool not_acute = std::find(r.flags.begin(), r.flags.end(), "not_acute_trust") != r.flags.end();
    if (not_acute) {
      EXPECT_FALSE(r.expected_clock_stops.has_value()) << r.key;
    }
  }
  EXPECT_NEAR(expected, observed, 1e-6 * observed);
  // Peers: the median trust adds nothing at the median; the upper quartile is above the median.
  EXPECT_GT(result.peer_upper_quartile_ratio, result.peer_median_ratio);
  for (const auto& r : result.rows) {
    EXPECT_GE(r.added_at_upper_quartile, r.added_at_median);
    if (r.standardised_ratio && *r.standardised_ratio >= result.peer_median_ratio) {
      EXPECT_EQ(r.added_at_median, 0);
    }
  }
}

}  // namespace
}  // namespace elective::stats
