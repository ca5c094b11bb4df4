// Targets on lists other than RTT (issue 12): the DM01 forms of the recovery plan, thresholds in the list's
// unit and at its band edges, measured on the list's own bands.
#include <gtest/gtest.h>

#include <vector>

#include "core/error.hpp"
#include "plan/targets.hpp"

namespace elective::plan {
namespace {

std::vector<double> dm01_counts() {
  std::vector<double> counts(14, 0);
  counts[0] = 900;  // 950 within 6 weeks, 50 waiting 6+ weeks of which 4 are 13+
  counts[5] = 50;
  counts[7] = 46;
  counts[13] = 4;
  return counts;
}

TEST(ListTargets, Dm01FormsParseAndMeasure) {
  const auto& dm01 = dm01_list();
  const auto counts = dm01_counts();
  const Target within = parse_target("95% within 6 weeks by 2025-03", dm01);
  EXPECT_EQ(within.kind, TargetKind::share_within);
  EXPECT_EQ(within.weeks, 6);
  EXPECT_EQ(within.deadline, YearMonth(2025, 3));
  EXPECT_DOUBLE_EQ(*measure(within, dm01.bands, counts), 0.95);
  EXPECT_TRUE(satisfied(within, 0.95));
  const Target share = parse_target("< 1% over 6 weeks by 2025-03", dm01);
  EXPECT_DOUBLE_EQ(*measure(share, dm01.bands, counts), 0.05);
  EXPECT_FALSE(satisfied(share, 0.05));
  const Target zero = parse_target("0 over 13 weeks by 2025-03", dm01);
  EXPECT_EQ(zero.kind, TargetKind::count_over);
  EXPECT_DOUBLE_EQ(*measure(zero, dm01.bands, counts), 4);
}

TEST(ListTargets, ThresholdMustBeInTheListsUnitAndRange) {
  const auto& dm01 = dm01_list();
  EXPECT_THROW(parse_target("95% within 14 weeks by 2025-03", dm01), InputError);  // beyond the 13+ band
  EXPECT_THROW(parse_target("95% within 6 days by 2025-03", dm01), InputError);
  EXPECT_THROW(parse_target("95% within 6 apples by 2025-03", dm01), InputError);
  // RTT keeps its range to 104 weeks.
  EXPECT_EQ(parse_target("0 over 104 weeks by 2025-03").weeks, 104);
  EXPECT_THROW(parse_target("0 over 105 weeks by 2025-03"), InputError);
}

TEST(ListTargets, DayListThresholdsAreBandEdges) {
  const ListDefinition cancer{"demo", "a day-banded list",
                              BandLayout::from_edges(WaitUnit::days, {0, 14, 28, 62}), 28, 0.75};
  const Target t = parse_target("75% within 28 days by 2026-03", cancer);
  EXPECT_EQ(t.unit, WaitUnit::days);
  EXPECT_DOUBLE_EQ(*measure(t, cancer.bands, std::vector<double>{10, 20, 30, 40}), 0.3);
  EXPECT_THROW(parse_target("75% within 30 days by 2026-03", cancer), InputError);
  EXPECT_THROW(parse_target("75% within 4 weeks by 2026-03", cancer), InputError);
}

TEST(ListTargets, RttMeasureOnLayoutAgreesWithHistogram) {
  WaitHistogram h(kCurrentTopBand);
  for (int k = 0; k <= kCurrentTopBand; ++k) h.counts[static_cast<size_t>(k)] = (k * 37) % 11;
  for (const char* text : {"92% within 18 weeks by 2029-03", "0 over 52 weeks by 2026-03",
                           "< 1% over 65 weeks by 2026-03", "list below 10 by 2026-03"}) {
    const Target t = parse_target(text);
    EXPECT_EQ(measure(t, h), measure(t, rtt_list().bands, h.counts)) << text;
  }
}

}  // namespace
}  // namespace elective::plan
