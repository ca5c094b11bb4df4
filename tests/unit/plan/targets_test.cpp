#include "plan/targets.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace elective::plan {
namespace {

TEST(Targets, ParsesEveryForm) {
  Target t = parse_target("92% within 18 weeks by 2029-03");
  EXPECT_EQ(t.kind, TargetKind::share_within);
  EXPECT_DOUBLE_EQ(t.threshold, 0.92);
  EXPECT_EQ(t.weeks, 18);
  EXPECT_EQ(t.deadline, YearMonth(2029, 3));
  t = parse_target("0 over 65 weeks by 2024-09");
  EXPECT_EQ(t.kind, TargetKind::count_over);
  EXPECT_DOUBLE_EQ(t.threshold, 0);
  EXPECT_EQ(t.weeks, 65);
  t = parse_target("< 1% over 52 weeks by 2026-03");
  EXPECT_EQ(t.kind, TargetKind::share_over);
  EXPECT_DOUBLE_EQ(t.threshold, 0.01);
  t = parse_target("<1% over 52 weeks by 2026-03");
  EXPECT_EQ(t.kind, TargetKind::share_over);
  t = parse_target("list below 6,500,000 by 2027-03");
  EXPECT_EQ(t.kind, TargetKind::list_below);
  EXPECT_DOUBLE_EQ(t.threshold, 6.5e6);
  t = parse_target("List below 6.5m by 2027-03");
  EXPECT_DOUBLE_EQ(t.threshold, 6.5e6);
}

TEST(Targets, RejectsMalformedText) {
  for (const char* bad :
       {"92% within 18 weeks", "92 within 18 weeks by 2029-03", "92% within 18 weeks by March 2029",
        "150% within 18 weeks by 2029-03", "92% within 0 weeks by 2029-03", "92% within 200 weeks by 2029-03",
        "some over 52 weeks by 2026-03", ""}) {
    EXPECT_THROW(parse_target(bad), InputError) << bad;
  }
}

WaitHistogram sample_list() {
  WaitHistogram h(kCurrentTopBand);
  for (int k = 0; k < 18; ++k) h.counts[static_cast<size_t>(k)] = 50;  // 900 within 18 weeks
  h.counts[30] = 90;
  h.counts[60] = 10;  // 10 over 52 weeks, 10 over 60
  return h;
}

TEST(Targets, MeasuresAndJudges) {
  const WaitHistogram h = sample_list();  // total 1000
  const Target within = parse_target("92% within 18 weeks by 2029-03");
  EXPECT_DOUBLE_EQ(*measure(within, h), 0.9);
  EXPECT_FALSE(satisfied(within, 0.9));
  EXPECT_TRUE(satisfied(within, 0.92));
  EXPECT_NEAR(margin(within, 0.9), -0.02, 1e-12);
  const Target over = parse_target("0 over 52 weeks by 2026-03");
  EXPECT_DOUBLE_EQ(*measure(over, h), 10);
  EXPECT_FALSE(satisfied(over, 10));
  EXPECT_TRUE(satisfied(over, 0.4));
  const Target share = parse_target("< 1% over 52 weeks by 2026-03");
  EXPECT_DOUBLE_EQ(*measure(share, h), 0.01);
  EXPECT_FALSE(satisfied(share, 0.01));  // "< 1%" is strict
  const Target list = parse_target("list below 1000 by 2026-03");
  EXPECT_FALSE(satisfied(list, *measure(list, h)));
  EXPECT_DOUBLE_EQ(*measure(within, WaitHistogram(kCurrentTopBand)),
                   1.0);  // an empty list meets share targets
}

TEST(Targets, TrackerReportsFirstMetAndDeadline) {
  TargetTracker tracker(parse_target("list below 950 by 2025-03"));
  WaitHistogram h = sample_list();
  tracker.observe(YearMonth(2025, 1), h);  // 1000
  h.counts[0] -= 60;                       // 940
  tracker.observe(YearMonth(2025, 2), h);
  h.counts[0] += 100;  // 1040
  tracker.observe(YearMonth(2025, 3), h);
  const plan::TargetOutcome o = tracker.outcome();
  EXPECT_FALSE(o.met);
  EXPECT_EQ(o.first_met_month, YearMonth(2025, 2));
  EXPECT_DOUBLE_EQ(*o.value_at_deadline, 1040);
  EXPECT_DOUBLE_EQ(*o.gap_at_deadline, -90);
}

}  // namespace
}  // namespace elective::plan
