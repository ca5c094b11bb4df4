#include "sim/engine.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <numeric>
#include <string>

#include "sim/policy.hpp"

namespace elective::sim {
namespace {

using data::AgeBand;
using data::EthnicGroup;
using data::Priority;
using data::Sex;

Profile prof(Priority p, int decile = 0, AgeBand age = AgeBand::age_40_64) {
  return pack_profile(p, decile, EthnicGroup::white, age, Sex::female);
}

// One provider, one treatment function, no referrals: the start list and a fixed weekly capacity.
SimModel one_queue(double capacity, int weeks, PolicyKind policy) {
  SimModel m;
  m.start = Date{std::chrono::days{20000}};
  m.weeks = weeks;
  m.tfcs = {"C_110"};
  m.providers = {{"RAA", "North", {}, {}}};
  m.queues = {{0, 0, 0.0, capacity, 0.0}};
  m.policy.kind = policy;
  m.finalise_calendar();
  return m;
}

double count_within_weeks_test(const WaitHistogram& h, int weeks) {
  double n = 0;
  for (int k = 0; k < weeks; ++k) n += h.counts[static_cast<size_t>(k)];
  return n;
}

std::int32_t day0(const SimModel& m) {
  return static_cast<std::int32_t>(m.start.time_since_epoch().count());
}

TEST(PolicyTest, LongWaitsFirstEmptiesTheTailFirst) {
  // 100 patients waiting 10 weeks (P2, urgent-ish) and 20 waiting 60 weeks (P4); capacity 20 a week for 1
  // week.
  for (auto kind : {PolicyKind::long_waits_first, PolicyKind::clinical_priority}) {
    SimModel m = one_queue(20, 1, kind);
    for (int i = 0; i < 100; ++i) m.initial.push_back({0, day0(m) - 70, prof(Priority::p2)});
    for (int i = 0; i < 20; ++i) m.initial.push_back({0, day0(m) - 420, prof(Priority::p4)});
    const auto r = run_replication(m, 1, 0);
    const auto& list = r.list_by_group[static_cast<size_t>(Dimension::priority)];
    if (kind == PolicyKind::long_waits_first) {
      EXPECT_EQ(list[static_cast<size_t>(Priority::p4)].total(), 0);  // all 60-week waiters treated
      EXPECT_EQ(list[static_cast<size_t>(Priority::p2)].total(), 100);
    } else {
      // P2 due after 28 days is 42 days overdue; P4 due after 365 days is 55 days overdue: P4 first too.
      EXPECT_EQ(list[static_cast<size_t>(Priority::p4)].total(), 0);
    }
  }
}

TEST(PolicyTest, CalibratedShareLeavesTheLongWaitsToThePolicyPart) {
  // 30 P4 patients waiting 60 weeks at the head of the P4 sub-queue, 500 P4 waiting 10 weeks behind them;
  // 40 slots a week, half by a calibrated pattern that never picks a wait of 52 weeks or more. The calibrated
  // half marks records in the middle of the sub-queue as gone; the policy half must still take the heads, so
  // long waits clear at the policy half's rate (20 a week), not at the full capacity.
  auto model = [](int weeks, double share) {
    SimModel m = one_queue(40, weeks, PolicyKind::long_waits_first);
    m.calibrated_share = share;
    for (int k = 0; k <= kCurrentTopBand; ++k) m.treat_weight.push_back(k < 52 ? 1.0 : 0.0);
    for (int i = 0; i < 30; ++i) m.initial.push_back({0, day0(m) - 420, prof(Priority::p4)});
    for (int i = 0; i < 500; ++i) m.initial.push_back({0, day0(m) - 70, prof(Priority::p4)});
    return m;
  };
  auto over_52 = [](const WaitHistogram& h) { return h.total() - count_within_weeks_test(h, 52); };
  auto p4 = [](const ReplicationResult& r, bool treated) -> const WaitHistogram& {
    const auto& g = treated ? r.treated_by_group : r.list_by_group;
    return g[static_cast<size_t>(Dimension::priority)][static_cast<size_t>(Priority::p4)];
  };
  const auto one = run_replication(model(1, 0.5), 1, 0);
  EXPECT_EQ(one.treated_total, 40);
  EXPECT_EQ(over_52(p4(one, true)), 20);   // the policy half, all on the tail
  EXPECT_EQ(over_52(p4(one, false)), 10);  // more than the policy half waits another week
  const auto all_policy = run_replication(model(1, 0.0), 1, 0);
  EXPECT_EQ(over_52(p4(all_policy, false)), 0);
  const auto two = run_replication(model(2, 0.5), 1, 0);
  EXPECT_EQ(two.treated_total, 80);
  EXPECT_EQ(over_52(p4(two, true)), 30);
  EXPECT_EQ(over_52(p4(two, false)), 0);
  EXPECT_EQ(p4(two, false).total(), 450);
}

TEST(PolicyTest, ClinicalPriorityTreatsP2BeforeP3WhenCapacityIsShort) {
  SimModel m = one_queue(30, 1, PolicyKind::clinical_priority);
  for (int i = 0; i < 50; ++i) m.initial.push_back({0, day0(m) - 14, prof(Priority::p3)});
  for (int i = 0; i < 40; ++i) m.initial.push_back({0, day0(m) - 14, prof(Priority::p2)});
  const auto r = run_replication(m, 1, 0);
  const auto& treated = r.priority;
  EXPECT_EQ(treated[static_cast<size_t>(Priority::p2)].treated, 30);
  EXPECT_EQ(treated[static_cast<size_t>(Priority::p3)].treated, 0);
  // In turn ignores priority: the earlier clock starts go first whatever their code.
  SimModel t = one_queue(30, 1, PolicyKind::in_turn);
  for (int i = 0; i < 50; ++i) t.initial.push_back({0, day0(t) - 15, prof(Priority::p3)});
  for (int i = 0; i < 40; ++i) t.initial.push_back({0, day0(t) - 14, prof(Priority::p2)});
  const auto rt = run_replication(t, 1, 0);
  EXPECT_EQ(rt.priority[static_cast<size_t>(Priority::p3)].treated, 30);
}

TEST(PolicyTest, EquityFavoursTheMostDeprivedAtEqualWaits) {
  SimModel m = one_queue(10, 1, PolicyKind::equity);
  for (int i = 0; i < 20; ++i) m.initial.push_back({0, day0(m) - 200, prof(Priority::p4, 10)});
  for (int i = 0; i < 20; ++i) m.initial.push_back({0, day0(m) - 200, prof(Priority::p4, 1)});
  const auto r = run_replication(m, 1, 0);
  const auto& q = r.list_by_group[static_cast<size_t>(Dimension::imd_quintile)];
  EXPECT_EQ(q[1].total(), 10);  // half of the most deprived treated
  EXPECT_EQ(q[5].total(), 20);
}

TEST(PolicyTest, WeightedScoresChildrenAndPriority) {
  SimModel m = one_queue(5, 1, PolicyKind::weighted);
  m.policy.weights = {1.0, 0.0, 0.0, 10.0};  // only wait and age under 18
  for (int i = 0; i < 5; ++i)
    m.initial.push_back({0, day0(m) - 7 * 20, prof(Priority::p4, 5, AgeBand::age_40_64)});
  for (int i = 0; i < 5; ++i)
    m.initial.push_back({0, day0(m) - 7 * 12, prof(Priority::p4, 5, AgeBand::age_0_17)});
  const auto r = run_replication(m, 1, 0);
  // Children score 12 + 10 = 22 weeks-equivalent against 20 for the adults.
  EXPECT_EQ(r.list_by_group[static_cast<size_t>(Dimension::age_band)][0].total(), 0);
}

TEST(PolicyTest, UrgentReserveServesP1First) {
  SimModel m = one_queue(10, 1, PolicyKind::in_turn);
  m.urgent_reserve_share = 0.2;
  for (int i = 0; i < 20; ++i) m.initial.push_back({0, day0(m) - 300, prof(Priority::p4)});
  for (int i = 0; i < 5; ++i) m.initial.push_back({0, day0(m) - 1, prof(Priority::p1b)});
  const auto r = run_replication(m, 1, 0);
  EXPECT_EQ(r.priority[static_cast<size_t>(Priority::p1b)].treated, 2);  // the 2 reserved slots
  EXPECT_EQ(r.priority[static_cast<size_t>(Priority::p4)].treated, 8);
}

TEST(EngineTest, FlowsBalanceAndSameSeedSameResult) {
  SimModel m = one_queue(95, 104, PolicyKind::clinical_priority);
  m.queues[0].referrals_per_week = 100;
  m.drivers.removal.weekly = {0.002, 0.004};
  m.drivers.removal.imd_quintile_multiplier = {1, 0.8, 0.9, 1, 1.2, 1.5};
  std::vector<double> mix(kProfileCount, 0.0);
  for (int d = 1; d <= 10; ++d) {
    mix[prof(Priority::p2, d)] = 0.1;
    mix[prof(Priority::p4, d)] = 0.4;
    mix[prof(Priority::none, d)] = 0.5;
  }
  m.referral_mix = AliasTable(mix);
  for (int i = 0; i < 2000; ++i)
    m.initial.push_back({0, day0(m) - (i % 300), prof(Priority::p3, 1 + i % 10)});
  const auto a = run_replication(m, 7, 3);
  const auto b = run_replication(m, 7, 3);
  const auto c = run_replication(m, 7, 4);
  ASSERT_FALSE(a.months.empty());
  EXPECT_EQ(a.months.back().list_size, b.months.back().list_size);
  EXPECT_NE(a.months.back().list_size, c.months.back().list_size);
  const double end = a.months.back().list_size;
  EXPECT_NEAR(2000 + a.referrals_total - a.treated_total - a.other_removals_total, end, 1e-9);
  EXPECT_GT(a.other_removals_total, 0);
  EXPECT_NEAR(a.referrals_total, 100.0 * 104, 5 * std::sqrt(100.0 * 104));
  double listed = 0;
  for (const auto& h : a.list_by_group[static_cast<size_t>(Dimension::provider)]) listed += h.total();
  EXPECT_EQ(listed, end);
}

// Everything a replication returns, as text (doubles at full precision), to compare runs bit for bit.
std::string fingerprint(const ReplicationResult& r) {
  std::string out;
  auto add = [&](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%a ", x);
    out += buf;
  };
  auto hist = [&](const WaitHistogram& h) {
    for (double c : h.counts) add(c);
  };
  for (const auto& m : r.months) {
    add(m.list_size);
    add(m.referrals);
    add(m.removals_treated);
    add(m.removals_other);
  }
  for (const auto& h : r.month_lists) hist(h);
  for (const auto& dim : r.list_by_group)
    for (const auto& h : dim) hist(h);
  for (const auto& dim : r.treated_by_group)
    for (const auto& h : dim) hist(h);
  for (const auto& p : r.priority) {
    add(p.treated);
    add(p.treated_after_due);
    add(p.waiting_at_end);
    add(p.waiting_past_due_at_end);
  }
  add(r.mutual_aid.offered);
  add(r.mutual_aid.moved);
  for (double x : r.mutual_aid.moved_in_by_provider) add(x);
  for (const auto& q : r.queues) {
    add(q.list_size);
    add(q.referrals_per_week);
    hist(q.treated_recent);
  }
  add(r.referrals_total);
  add(r.treated_total);
  add(r.other_removals_total);
  return out;
}

// Six providers x two treatment functions with every per-queue draw (referrals, removal hazard, validation
// sprint, calibrated picks, urgent reserve) and mutual aid between queues: one replication gives the same
// bits on 1, 2, 3 or 8 threads (the queues of a week are shared among them).
TEST(EngineTest, OneReplicationSameBitsOnAnyThreadCount) {
  SimModel m;
  m.start = Date{std::chrono::days{20000}};
  m.weeks = 60;
  m.tfcs = {"C_110", "C_130"};
  for (int p = 0; p < 6; ++p) {
    m.providers.push_back({"P" + std::to_string(p), "North", {}, {}});
    for (std::uint16_t t = 0; t < 2; ++t) {
      const double size = 40.0 + 15 * p + 7 * t;
      m.queues.push_back({static_cast<std::uint16_t>(p), t, size, size * (p < 3 ? 0.8 : 1.3), 0.0});
    }
  }
  m.policy.kind = PolicyKind::clinical_priority;
  m.urgent_reserve_share = 0.05;
  m.calibrated_share = 0.3;
  for (int k = 0; k <= kCurrentTopBand; ++k) m.treat_weight.push_back(k < 18 ? 1.0 : 0.4);
  m.drivers.removal.weekly = {0.002, 0.004};
  m.drivers.validation.push_back({20, 0.1, 26});
  m.mutual_aid.enabled = true;
  m.mutual_aid.every_weeks = 2;
  m.mutual_aid.threshold_weeks = 20;
  std::vector<double> mix(kProfileCount, 0.0);
  for (int d = 1; d <= 10; ++d) {
    mix[prof(Priority::p1b, d)] = 0.02;
    mix[prof(Priority::p2, d)] = 0.1;
    mix[prof(Priority::p4, d)] = 0.4;
    mix[prof(Priority::none, d)] = 0.48;
  }
  m.referral_mix = AliasTable(mix);
  for (std::uint32_t q = 0; q < m.queues.size(); ++q) {
    for (int i = 0; i < 400 + 50 * static_cast<int>(q); ++i)
      m.initial.push_back({q, day0(m) - (i * 7 + static_cast<int>(q)) % 500, prof(Priority::p3, 1 + i % 10)});
  }
  m.finalise_calendar();
  const ReplicationResult one = run_replication(m, 11, 2, {}, nullptr, nullptr, false, 1);
  ASSERT_GT(one.mutual_aid.moved, 0);
  ASSERT_GT(one.other_removals_total, 0);
  const std::string expected = fingerprint(one);
  for (int threads : {2, 3, 8})
    EXPECT_EQ(expected, fingerprint(run_replication(m, 11, 2, {}, nullptr, nullptr, false, threads)))
        << threads << " threads";
  EXPECT_NE(expected, fingerprint(run_replication(m, 11, 3, {}, nullptr, nullptr, false, 2)));
  // The list above is not in clock-start order, so it was placed through a sorted index; the same list
  // sorted first (as build_model leaves it) is placed as it is, with the same result.
  ASSERT_FALSE(start_list_shape(m).sorted);
  sort_start_list(m.initial);
  ASSERT_TRUE(start_list_shape(m).sorted);
  EXPECT_EQ(expected, fingerprint(run_replication(m, 11, 2, {}, nullptr, nullptr, false, 2)));
}

TEST(MutualAidTest, LongWaitersMoveToAShorterQueueAndKeepTheirClock) {
  auto model = [](double acceptance, const std::string& region_b) {
    SimModel m = one_queue(1, 3, PolicyKind::in_turn);
    m.providers.push_back({"RBB", region_b, {}, {}});
    m.queues.push_back({1, 0, 0.0, 50, 0.0});
    m.mutual_aid.enabled = true;
    m.mutual_aid.every_weeks = 1;
    m.mutual_aid.threshold_weeks = 52;
    m.mutual_aid.max_share_of_capacity = 10;
    m.mutual_aid.acceptance = acceptance;
    for (int i = 0; i < 100; ++i) m.initial.push_back({0, day0(m) - 7 * 60, prof(Priority::p4)});
    for (int i = 0; i < 10; ++i) m.initial.push_back({0, day0(m) - 7 * 10, prof(Priority::p4)});
    m.finalise_calendar();
    return m;
  };
  const auto r = run_replication(model(1.0, "North"), 1, 0);
  // A: 100 waiting 60 weeks at 1 a week; B: empty at 50 a week. Moves stop once B's expected wait plus the
  // 4-week advantage reaches A's: 99 - n >= n / 50 + 4, so n = 93 in the first round.
  EXPECT_GE(r.mutual_aid.moved, 93);
  EXPECT_EQ(r.mutual_aid.offered, r.mutual_aid.moved);
  const auto& treated_b = r.treated_by_group[static_cast<size_t>(Dimension::provider)][1];
  EXPECT_GE(treated_b.total(), 93);
  // Moved patients keep their clock: none of B's treated waited under 60 weeks.
  EXPECT_EQ(count_within_weeks_test(treated_b, 60), 0);
  // The 10-week waiters are not offered a move.
  EXPECT_EQ(r.mutual_aid.offered_by_age_band[static_cast<size_t>(AgeBand::age_40_64)], r.mutual_aid.offered);
  EXPECT_LE(r.mutual_aid.offered, 100);
  EXPECT_EQ(run_replication(model(0.0, "North"), 1, 0).mutual_aid.moved, 0);
  EXPECT_EQ(run_replication(model(1.0, "South"), 1, 0).mutual_aid.offered, 0);  // another region
}

TEST(EngineTest, RemovalHazardsDifferByGroup) {
  SimModel m = one_queue(0, 52, PolicyKind::in_turn);
  m.drivers.removal.weekly = {0.01};
  m.drivers.removal.imd_quintile_multiplier = {1, 1, 1, 1, 1, 3};
  for (int i = 0; i < 20000; ++i) m.initial.push_back({0, day0(m) - 7, prof(Priority::p4, i % 2 ? 1 : 10)});
  const auto r = run_replication(m, 3, 0);
  const auto& q = r.list_by_group[static_cast<size_t>(Dimension::imd_quintile)];
  EXPECT_NEAR(q[1].total() / 10000, std::pow(0.99, 52), 0.02);
  EXPECT_NEAR(q[5].total() / 10000, std::pow(0.97, 52), 0.02);
  EXPECT_NEAR(r.other_removals_total, 20000 - q[1].total() - q[5].total(), 1e-9);
}

}  // namespace
}  // namespace elective::sim
