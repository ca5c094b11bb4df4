// The capacity levers in staff units (plan/workforce_levers.hpp): each lever's clock-stop arithmetic on a
// context built by hand, then on the real files: zero change leaves the forecast's bytes alone, more FTE
// never gives fewer clock stops or a worse 18-week share, regions add up to England, and every solve lever's
// value, re-run, meets its target.
#include "plan/workforce_levers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "plan/engine.hpp"
#include "plan/forecast.hpp"
#include "plan/group_forecast.hpp"
#include "plan/solve.hpp"
#include "support/scenario_text.hpp"

namespace elective::plan {
namespace {

const std::string kBase = ELECTIVE_SOURCE_DIR;

const std::string kNational = R"([start]
month = "2025-03"
data = "data/rtt_national_timeseries.csv"
[horizon]
until = "2029-03"
)";

Scenario parse(const std::string& text) {
  return test::parse_toml_scenario(text, "t.toml");
}

// A scope of 100 consultants and 300 other doctors, 10% of England's, 5% absence, elasticity 0.5 +- 0.2.
LeverContext context() {
  LeverContext c;
  c.consultants = 100;
  c.other_doctors = 300;
  c.consultant_share = 0.1;
  c.doctor_share = 0.1;
  c.absence_rate = 0.05;
  c.beds_share = 0.1;
  c.elasticity = 0.5;
  c.elasticity_se = 0.2;
  c.clock_stops_per_bed = 3;
  c.trusts = {{"A", 0.8, 100}, {"B", 1.2, 50}};
  c.peer_median = 1.0;
  c.peer_upper_quartile = 1.1;
  return c;
}

const YearMonth kFirst = *YearMonth::parse("2025-04");

LeverEffect effect(const std::string& section, YearMonth m = kFirst) {
  const Scenario s = parse(kNational + section);
  return lever_effect(s, context(), midpoint_lever_draw(s), kFirst, m);
}

TEST(WorkforceLevers, ZeroChangeIsNoChange) {
  const LeverEffect e = effect("[capacity.workforce]\n[capacity.beds]\n");
  EXPECT_DOUBLE_EQ(e.factor, 1.0);
  EXPECT_DOUBLE_EQ(e.added, 0.0);
}

TEST(WorkforceLevers, AdditionalFteThroughTheElasticity) {
  // England's 400 consultants: this scope's 10% = 40 more of 400 medical FTE.
  EXPECT_NEAR(effect("[capacity.workforce]\nadditional_consultant_fte = 400\n").factor, std::pow(1.1, 0.5),
              1e-12);
  EXPECT_NEAR(effect("[capacity.workforce]\nadditional_doctor_fte = 400\nelasticity = 1\n").factor, 1.1,
              1e-12);
  // Reached linearly: a quarter in the first of four months, all from `by` on.
  const std::string ramped =
      "[capacity.workforce]\nadditional_doctor_fte = 400\nelasticity = 1\nfrom = \"2025-04\"\nby = "
      "\"2025-07\"\n";
  EXPECT_NEAR(effect(ramped).factor, 1.025, 1e-12);
  EXPECT_NEAR(effect(ramped, *YearMonth::parse("2025-07")).factor, 1.1, 1e-12);
  EXPECT_NEAR(effect(ramped, *YearMonth::parse("2026-07")).factor, 1.1, 1e-12);
  // Before `from`: nothing.
  EXPECT_DOUBLE_EQ(effect("[capacity.workforce]\nadditional_doctor_fte = 400\nfrom = \"2026-01\"\n").factor,
                   1.0);
}

TEST(WorkforceLevers, GrowthCompoundsMonthly) {
  // Consultants grow 12% a year: after 12 months 112 of 100, others unchanged.
  const LeverEffect e =
      effect("[capacity.workforce]\nconsultant_fte_growth_per_year = 0.12\nelasticity = 1\n", kFirst + 11);
  EXPECT_NEAR(e.factor, (112.0 + 300) / 400, 1e-12);
}

TEST(WorkforceLevers, AbsencePointsAreTimeAtWork) {
  // 5% absence falling one point: 96% at work instead of 95%.
  EXPECT_NEAR(effect("[capacity.workforce]\nabsence_change_points = -1\n").factor, std::pow(0.96 / 0.95, 0.5),
              1e-12);
  EXPECT_LT(effect("[capacity.workforce]\nabsence_change_points = 2\n").factor, 1.0);
}

TEST(WorkforceLevers, TheDefaultElasticityIsTheEstimateAndItsUncertainty) {
  const Scenario s = parse(kNational + "[capacity.workforce]\nadditional_doctor_fte = 400\n");
  LeverDraw d = midpoint_lever_draw(s);
  d.elasticity_u = 0;
  EXPECT_NEAR(lever_effect(s, context(), d, kFirst, kFirst).factor, std::pow(1.1, 0.3), 1e-12);
  d.elasticity_u = 1;
  EXPECT_NEAR(lever_effect(s, context(), d, kFirst, kFirst).factor, std::pow(1.1, 0.7), 1e-12);
}

TEST(WorkforceLevers, ProductivityClosesTheGapOfTrustsBelowTheLevel) {
  // Trust A (ratio 0.8, 100 expected) reaches the median 1.0: 20 more; B is above it.
  EXPECT_NEAR(effect("[capacity.workforce]\nproductivity = { to = \"median\" }\n").added, 20, 1e-9);
  EXPECT_NEAR(
      effect("[capacity.workforce]\nproductivity = { to = \"upper_quartile\", share_of_gap = 0.5 }\n").added,
      15, 1e-9);
  EXPECT_NEAR(effect("[capacity.workforce]\nproductivity = { to = 1.3 }\n").added, 50 + 5, 1e-9);
  const std::string phased = "[capacity.workforce]\nproductivity = { to = \"median\", by = \"2025-08\" }\n";
  EXPECT_NEAR(effect(phased).added, 4, 1e-9);
  EXPECT_NEAR(effect(phased, kFirst + 4).added, 20, 1e-9);
}

TEST(WorkforceLevers, BedsAreFreedTimesShareTimesClockStopsPerBed) {
  // England's 1,000 beds: this scope's 10%, half for elective work, 3 clock stops a month each.
  EXPECT_NEAR(effect("[capacity.beds]\nfreed = 1000\nelective_share = 0.5\n").added, 150, 1e-9);
  EXPECT_NEAR(effect("[capacity.beds]\nfreed = 1000\nclock_stops_per_bed = 5\n").added, 500, 1e-9);
  EXPECT_DOUBLE_EQ(effect("[capacity.beds]\nfreed = 1000\nfrom = \"2026-01\"\n").added, 0);
}

TEST(WorkforceLevers, MoreFteNeverFewerClockStops) {
  double last = 0;
  for (int doctors = -2000; doctors <= 20000; doctors += 500) {
    const double f =
        effect("[capacity.workforce]\nadditional_doctor_fte = " + std::to_string(doctors) + "\n").factor;
    EXPECT_GE(f, last) << doctors;
    last = f;
  }
}

// On the real files.

std::string forecast_bytes(const Scenario& s, int samples) {
  RunOptions o;
  o.samples = samples;
  return run_forecast(s, o, Progress{}).dump();
}

TEST(WorkforceLeversData, ZeroChangeGivesTheSameForecastBytes) {
  const Scenario plain = parse(kNational + "[uncertainty]\nseed = 7\n");
  const Scenario zero = parse(kNational +
                              "[capacity.workforce]\nadditional_doctor_fte = 0\nabsence_change_points = 0\n"
                              "[capacity.beds]\nfreed = 0\n[uncertainty]\nseed = 7\n");
  EXPECT_EQ(forecast_bytes(plain, 0), forecast_bytes(zero, 0));
  EXPECT_EQ(forecast_bytes(plain, 20), forecast_bytes(zero, 20));
}

double share_at_end(const std::string& section) {
  const ForecastResult r = forecast(parse(kNational + section), RunOptions{}, Progress{});
  return *r.central.months.back().pct_within_18_weeks;
}

TEST(WorkforceLeversData, MoreDoctorsNeverAWorse18WeekShare) {
  double last = 0;
  double first_capacity = 0;
  for (int doctors : {0, 2000, 4000, 8000}) {
    const std::string section =
        "[capacity.workforce]\nadditional_doctor_fte = " + std::to_string(doctors) + "\n";
    const double share = share_at_end(section);
    EXPECT_GE(share, last) << doctors;
    last = share;
    const Scenario s = parse(kNational + section);
    const Baseline b = prepare_baseline(s);
    const double capacity = build_drivers(s, b, midpoint_draw(s), b.until).front().drivers.capacity;
    EXPECT_GE(capacity, first_capacity) << doctors;
    first_capacity = capacity;
  }
}

TEST(WorkforceLeversData, RegionsAddUpToEngland) {
  const Scenario s = parse(kNational + "[capacity.workforce]\n[capacity.beds]\n");
  const auto data = read_lever_data(s);
  const auto england = lever_context(s, *data, {});
  double consultants = 0, doctors = 0, added = 0, beds = 0;
  std::size_t trusts = 0;
  for (const char* region : {"Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"}) {
    const auto c = lever_context(s, *data, {LeverScope::Kind::region, region});
    consultants += c->consultants;
    doctors += c->consultants + c->other_doctors;
    added += c->productivity_added(england->peer_median);
    trusts += c->trusts.size();
    beds += c->beds_share;
  }
  // The workforce file's ICBs and trusts all sit in one of the seven regions.
  EXPECT_NEAR(consultants, england->consultants, 1e-6 * england->consultants);
  EXPECT_NEAR(doctors, england->consultants + england->other_doctors, 1e-6 * doctors);
  EXPECT_NEAR(added, england->productivity_added(england->peer_median), 1e-6 * added);
  EXPECT_GT(added, 0);
  EXPECT_EQ(trusts, england->trusts.size());  // a merged group of trusts in two regions counts once
  EXPECT_LE(beds, 1 + 1e-9);
  EXPECT_GT(england->elasticity, 0);
  EXPECT_GT(england->clock_stops_per_bed, 0);
}

TEST(WorkforceLeversData, ProvidersAddUpToEngland) {
  // --by provider: each trust its own staff, beds and productivity gap; England's amounts shared out.
  const Scenario s = parse(R"([start]
month = "latest"
data = "data/rtt_provider_months_waited.csv.gz"
[horizon]
months = 24
[capacity.workforce]
additional_consultant_fte = 2000
productivity = { to = "median" }
[capacity.beds]
freed = 1000
)");
  const PreparedGroups groups = prepare_groups(s, parse_group_by("provider"));
  const auto england = lever_context(s, *read_lever_data(s), {});
  double added = 0, consultant_share = 0, beds_share = 0;
  int without_staff = 0;
  for (const GroupRun& g : groups.groups) {
    if (!g.baseline) continue;
    ASSERT_TRUE(g.baseline->levers);
    const LeverContext& c = *g.baseline->levers;
    added += c.productivity_added(england->peer_median);
    consultant_share += c.consultant_share;
    beds_share += c.beds_share;
    if (c.consultants + c.other_doctors <= 0) {
      ++without_staff;
      const auto flags = g.flags();
      EXPECT_NE(std::find(flags.begin(), flags.end(), "no_workforce"), flags.end());
    }
  }
  // Every compared trust is a provider group of the RTT file: the gaps add up to England's exactly.
  EXPECT_NEAR(added, england->productivity_added(england->peer_median), 1e-6 * added);
  EXPECT_LE(consultant_share, 1 + 1e-9);
  EXPECT_GT(consultant_share, 0.8);  // the rest: trusts with no RTT list (mental health, community), ICBs
  EXPECT_LE(beds_share, 1 + 1e-9);
  EXPECT_GT(without_staff, 0);  // independent providers
}

TEST(WorkforceLeversData, OnlyRttStarts) {
  Scenario s = load_scenario(kBase + "/scenarios/diagnostics-6-weeks.toml");
  ensure_capacity_levers(s, true, false);
  try {
    prepare_baseline(s);
    FAIL() << "a DM01 start took the workforce levers";
  } catch (const InputError& e) {
    EXPECT_NE(
        std::string(e.what()).find("capacity.workforce: the workforce and beds levers apply to RTT starts"),
        std::string::npos)
        << e.what();
  }
}

void expect_round_trip(const std::string& section, const std::string& lever) {
  const std::string target = "65% within 18 weeks by 2029-03";
  const Scenario s = parse(kNational + section);
  RunOptions o;
  o.target = target;
  o.lever = lever;
  const SolveResult r = solve(s, o, Progress{});
  ASSERT_TRUE(r.converged) << lever << ": " << r.message;
  Scenario solved = with_lever(s, lever, *r.value);
  TargetSpec spec;
  spec.target = parse_target(target);
  solved.targets = {spec};
  const ForecastResult f = forecast(solved, RunOptions{}, Progress{});
  EXPECT_TRUE(f.central.targets.front().met) << lever << " = " << *r.value;
}

TEST(WorkforceLeversData, SolvedValuesMeetTheTargetWhenReRun) {
  expect_round_trip("[capacity.workforce]\n", "consultant_fte");
  expect_round_trip("[capacity.workforce]\n", "absence");
  expect_round_trip("[capacity.workforce]\n", "productivity");
  expect_round_trip("[capacity.beds]\n", "beds");
}

TEST(WorkforceLeversData, ALeverAddsItsTableWhenTheScenarioHasNone) {
  RunOptions o;
  o.lever = "beds";
  const Scenario prepared = prepared_for_lever(parse(kNational), o);
  ASSERT_TRUE(prepared.capacity.beds);
  EXPECT_FALSE(prepared.capacity.workforce);
  EXPECT_DOUBLE_EQ(prepared.capacity.beds->freed.mid(), 0);
  o.lever = "absence";
  EXPECT_TRUE(prepared_for_lever(parse(kNational), o).capacity.workforce);
  expect_round_trip("", "consultant_fte");
}

}  // namespace
}  // namespace elective::plan
