// Forecasts and "what it would take" of the cancer waiting times standards (plan/cancer_forecast.hpp) on the
// bundled files: targets in days on the standard, the months' keys, the method chosen by the back-test,
// seeded samples from the back-test's own errors, nothing after the start used, and the scenario errors.
#include "plan/cancer_forecast.hpp"

#include <gtest/gtest.h>

#include <gmock/gmock.h>

#include "core/error.hpp"

namespace elective::plan {
namespace {

using ::testing::HasSubstr;

const std::string kBase = ELECTIVE_SOURCE_DIR;

Scenario parse(const std::string& text) {
  return parse_scenario(text, ScenarioSyntax::toml, "cancer.toml", kBase);
}

std::string scenario(const std::string& start_extra,
                     const std::string& rest = "[horizon]\nuntil = \"2026-03\"\n") {
  return "[start]\nmonth = \"2025-03\"\ndata = \"data/cancer_cwt_provider.csv.gz\"\n" + start_extra + "\n" +
         rest;
}

std::string error_of(const std::string& text, const RunOptions& options = {}) {
  try {
    (void)cancer_forecast(parse(text), options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CancerTargets, AreInDaysOnTheStandard) {
  const Target t = parse_cancer_target("75% within 62 days by 2026-03", data::CancerStandard::d62);
  EXPECT_EQ(t.kind, TargetKind::share_within);
  EXPECT_DOUBLE_EQ(t.threshold, 0.75);
  EXPECT_EQ(t.weeks, 62);
  EXPECT_EQ(t.unit, WaitUnit::days);
  EXPECT_EQ(t.deadline, YearMonth(2026, 3));
  EXPECT_NO_THROW(parse_cancer_target("80% within 28 days by 2026-03", data::CancerStandard::fds28));
}

TEST(CancerTargets, OtherFormsAndThresholdsAreRefused) {
  using data::CancerStandard;
  EXPECT_THROW(parse_cancer_target("75% within 28 days by 2026-03", CancerStandard::d62), InputError);
  EXPECT_THROW(parse_cancer_target("75% within 62 weeks by 2026-03", CancerStandard::d62), InputError);
  EXPECT_THROW(parse_cancer_target("0 over 62 days by 2026-03", CancerStandard::d62), InputError);
  EXPECT_THROW(parse_cancer_target("list below 5 by 2026-03", CancerStandard::d62), InputError);
  try {
    parse_cancer_target("0 over 31 days by 2026-03", CancerStandard::d31);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("X% within 31 days by YYYY-MM"));
  }
}

TEST(CancerForecast, EnglandMonthsCarryTotalWithinAndPerformance) {
  const Scenario s = parse(scenario("standard = \"62-day\"",
                                    "[horizon]\nuntil = \"2026-03\"\n[[target]]\n"
                                    "text = \"75% within 62 days by 2026-03\"\n"));
  ASSERT_TRUE(is_cancer_start(s));
  const CancerForecastResult r = cancer_forecast(s, {});
  EXPECT_EQ(r.data.selection, "England");
  EXPECT_EQ(r.data.series.back().month, YearMonth(2025, 3));
  // England March 2025, 62-day Combined: 71.4% (issue 12's golden figure).
  EXPECT_NEAR(r.data.series.back().within / r.data.series.back().total, 0.714, 0.0005);
  ASSERT_EQ(r.central.size(), 12u);
  EXPECT_EQ(r.central.front().month, YearMonth(2025, 4));
  EXPECT_EQ(r.central.back().month, YearMonth(2026, 3));
  for (const CancerMonth& m : r.central) {
    EXPECT_GT(m.total, 10000);  // England completes about 25,000 62-day pathways a month
    EXPECT_GE(m.performance, 0);
    EXPECT_LE(m.performance, 1);
  }
  const nlohmann::json j = r.to_json();
  EXPECT_EQ(j["standard"], "62-day Combined");
  const auto& month = j["months"].back();
  EXPECT_EQ(month["month"], "2026-03");
  EXPECT_NEAR(month["within_standard"].get<double>(),
              month["total"].get<double>() * month["performance"].get<double>(), 1e-6);
  const auto& target = j["targets"].at(0);
  EXPECT_NEAR(target["value_at_deadline"].get<double>(), r.central.back().performance, 1e-12);
  EXPECT_EQ(target["met"].get<bool>(), r.central.back().performance >= 0.75 - 1e-9);
  EXPECT_FALSE(j["history"].empty());
}

// The method is the one with the lowest mean back-test error over the horizons, among those that can
// forecast from the start (seasonal naive cannot: March 2024 is not in the files).
TEST(CancerForecast, MethodIsTheBacktestsBestThatCanForecast) {
  const CancerForecastResult r = cancer_forecast(parse(scenario("standard = \"28-day FDS\"")), {});
  EXPECT_NE(r.performance_method, "seasonal_naive");
  double best = 1e9, chosen = -1;
  for (const std::string method : {"persistence", "trend"}) {
    double sum = 0;
    int n = 0;
    for (const auto& row : r.backtest)
      if (row.method == method && row.unit == "points") {
        sum += row.error;
        ++n;
      }
    ASSERT_GT(n, 0);
    best = std::min(best, sum / n);
    if (method == r.performance_method) chosen = sum / n;
  }
  EXPECT_DOUBLE_EQ(chosen, best);
}

TEST(CancerForecast, SamplesAreSeededAndSpreadByTheBacktestErrors) {
  const Scenario s = parse(scenario("standard = \"28-day FDS\"",
                                    "[horizon]\nuntil = \"2026-03\"\n[[target]]\n"
                                    "text = \"80% within 28 days by 2026-03\"\n"));
  RunOptions o;
  o.samples = 200;
  o.seed = 7;
  const nlohmann::json a = cancer_forecast(s, o).to_json();
  EXPECT_EQ(a, cancer_forecast(s, o).to_json());
  o.seed = 8;
  EXPECT_NE(a, cancer_forecast(s, o).to_json());
  for (const auto& m : a["months"]) {
    const auto& p = m["performance"];
    EXPECT_LE(p["p10"].get<double>(), p["p50"].get<double>());
    EXPECT_LE(p["p50"].get<double>(), p["p90"].get<double>());
  }
  // Wider further out: the errors at 12 months are larger than at one month.
  const auto& first = a["months"].front()["performance"];
  const auto& last = a["months"].back()["performance"];
  EXPECT_GT(last["p90"].get<double>() - last["p10"].get<double>(),
            first["p90"].get<double>() - first["p10"].get<double>());
  const double probability = a["targets"].at(0)["probability_met"].get<double>();
  EXPECT_GE(probability, 0);
  EXPECT_LE(probability, 1);
}

TEST(CancerForecast, NothingAfterTheStartIsUsed) {
  const CancerForecastResult r = cancer_forecast(
      parse(
          "[start]\nmonth = \"2024-09\"\ndata = \"data/cancer_cwt_provider.csv.gz\"\nstandard = \"31-day\"\n"
          "[horizon]\nmonths = 6\n"),
      {});
  EXPECT_EQ(r.data.series.back().month, YearMonth(2024, 9));
  ASSERT_EQ(r.central.size(), 6u);
  EXPECT_EQ(r.central.back().month, YearMonth(2025, 3));
}

TEST(CancerForecast, ProviderAndCancerTypeStarts) {
  const CancerForecastResult r =
      cancer_forecast(parse(scenario("standard = \"62-day\"\nprovider = \"RBD\"")), {});
  EXPECT_EQ(r.data.selection, "provider RBD");
  EXPECT_LT(r.data.series.back().total, 1000);
  EXPECT_THAT(error_of(scenario("standard = \"62-day\"\nprovider = \"NOPE\"")), HasSubstr("start.provider"));
  EXPECT_THAT(error_of(scenario("standard = \"62-day\"\ncancer_type = \"Nothing\"")),
              HasSubstr("start.cancer_type"));
}

TEST(CancerForecast, ScenarioErrorsNameTheirKey) {
  EXPECT_THAT(error_of(scenario("")), HasSubstr("start.standard"));
  EXPECT_THAT(error_of(scenario("standard = \"62-day\"", "[horizon]\nuntil = \"2026-04\"\n")),
              HasSubstr("horizon.until"));
  EXPECT_THAT(error_of(scenario("standard = \"62-day\"",
                                "[horizon]\nuntil = \"2026-03\"\n[capacity]\n"
                                "growth_per_year = 0.02\n")),
              HasSubstr("capacity"));
  try {
    (void)parse(scenario("standard = \"45-day\""));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("start.standard"));
    EXPECT_THAT(e.what(), HasSubstr("45-day"));
  }
}

TEST(CancerSolve, ExtraPatientsLiftTheDeadlineMonthToTheThreshold) {
  const Scenario s = parse(scenario("standard = \"62-day\"",
                                    "[horizon]\nuntil = \"2026-03\"\n[[target]]\n"
                                    "text = \"85% within 62 days by 2026-03\"\n"));
  const CancerSolveResult r = cancer_solve(s, {});
  const CancerMonth& m = r.at_deadline;
  ASSERT_GT(r.value, 0);  // 62-day performance is far below 85%
  EXPECT_NEAR((m.within_standard() + r.value) / m.total, 0.85, 1e-9);
  EXPECT_NEAR(r.share_of_total, r.value / m.total, 1e-12);
  RunOptions met;
  met.target = "10% within 62 days by 2026-03";
  EXPECT_EQ(cancer_solve(s, met).value, 0);
  RunOptions late;
  late.target = "85% within 62 days by 2027-03";
  EXPECT_THROW(cancer_solve(s, late), InputError);
  RunOptions lever;
  lever.lever = "extra_per_week";
  EXPECT_THROW(cancer_solve(s, lever), InputError);
}

}  // namespace
}  // namespace elective::plan
