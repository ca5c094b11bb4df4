// [capacity.workforce] and [capacity.beds]: the keys of docs/scenarios.md, their defaults and one-line errors
// naming file, line and column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "plan/scenario.hpp"
#include "support/scenario_text.hpp"

namespace elective::plan {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Scenario parse(const std::string& text) {
  return test::parse_toml_scenario(text);
}

std::string error_of(const std::string& text) {
  return test::input_error_of([&] { parse(text); });
}

const std::string& kMinimal = test::kMinimalScenario;

TEST(ScenarioLevers, ParsesEveryKey) {
  const Scenario s = parse(kMinimal + R"([capacity.workforce]
from = "2025-04"
consultant_fte_growth_per_year = 0.02
other_fte_growth_per_year = { low = 0.01, high = 0.03 }
additional_doctor_fte = 4000
additional_consultant_fte = 500
by = "2027-03"
absence_change_points = -1
elasticity = { low = 0.2, high = 0.6 }
productivity = { to = "upper_quartile", by = "2028-03", share_of_gap = 0.5 }
[capacity.beds]
from = "2025-10"
freed = { low = 10000, high = 13000 }
elective_share = 0.3
clock_stops_per_bed = 5
)");
  ASSERT_TRUE(s.capacity.workforce);
  const WorkforceSpec& w = *s.capacity.workforce;
  EXPECT_EQ(w.from->to_string(), "2025-04");
  EXPECT_EQ(w.by->to_string(), "2027-03");
  EXPECT_DOUBLE_EQ(w.consultant_fte_growth_per_year.mid(), 0.02);
  EXPECT_DOUBLE_EQ(w.other_fte_growth_per_year.low, 0.01);
  EXPECT_DOUBLE_EQ(w.additional_doctor_fte.mid(), 4000);
  EXPECT_DOUBLE_EQ(w.additional_consultant_fte.mid(), 500);
  EXPECT_DOUBLE_EQ(w.absence_change_points.mid(), -1);
  EXPECT_DOUBLE_EQ(w.elasticity->high, 0.6);
  ASSERT_TRUE(w.productivity);
  EXPECT_EQ(w.productivity->to, ProductivityLevelKind::upper_quartile);
  EXPECT_EQ(w.productivity->by->to_string(), "2028-03");
  EXPECT_DOUBLE_EQ(w.productivity->share_of_gap.mid(), 0.5);
  ASSERT_TRUE(s.capacity.beds);
  EXPECT_DOUBLE_EQ(s.capacity.beds->freed.high, 13000);
  EXPECT_DOUBLE_EQ(s.capacity.beds->elective_share.mid(), 0.3);
  EXPECT_DOUBLE_EQ(s.capacity.beds->clock_stops_per_bed->mid(), 5);
  EXPECT_TRUE(s.has_uncertainty());
  EXPECT_TRUE(s.capacity.sources.workforce && s.capacity.sources.absence && s.capacity.sources.beds &&
              s.capacity.sources.provider_months);
}

TEST(ScenarioLevers, DefaultsAndARatioLevel) {
  const Scenario s = parse(kMinimal + "[capacity.workforce]\nproductivity = { to = 1.1 }\n[capacity.beds]\n");
  const WorkforceSpec& w = *s.capacity.workforce;
  EXPECT_FALSE(w.from);
  EXPECT_FALSE(w.elasticity);  // from the data
  EXPECT_DOUBLE_EQ(w.additional_doctor_fte.mid(), 0);
  EXPECT_EQ(w.productivity->to, ProductivityLevelKind::ratio);
  EXPECT_DOUBLE_EQ(w.productivity->ratio, 1.1);
  EXPECT_DOUBLE_EQ(w.productivity->share_of_gap.mid(), 1);
  EXPECT_DOUBLE_EQ(s.capacity.beds->elective_share.mid(), 1);
  EXPECT_FALSE(s.capacity.beds->clock_stops_per_bed);
  EXPECT_FALSE(parse(kMinimal).capacity.has_levers());
}

TEST(ScenarioLevers, ErrorsNameFileLineColumnAndKey) {
  // kMinimal has 5 lines; the section header is line 6.
  EXPECT_THAT(error_of(kMinimal + "[capacity.workforce]\nadditional_doctors = 4000\n"),
              HasSubstr("test.toml:7:1: capacity.workforce.additional_doctors"));
  EXPECT_THAT(
      error_of(kMinimal + "[capacity.workforce]\nabsence_change_points = \"-1%\"\n"),
      HasSubstr("test.toml:7:25: capacity.workforce.absence_change_points: expected percentage points"));
  EXPECT_THAT(error_of(kMinimal + "[capacity.workforce]\nconsultant_fte_growth_per_year = 2\n"),
              HasSubstr("capacity.workforce.consultant_fte_growth_per_year: 2 is out of range"));
  EXPECT_THAT(error_of(kMinimal + "[capacity.workforce]\nproductivity = { to = \"mean\" }\n"),
              HasSubstr("test.toml:7:23: capacity.workforce.productivity.to: expected \"median\""));
  EXPECT_THAT(error_of(kMinimal + "[capacity.workforce]\nproductivity = { by = \"2026-03\" }\n"),
              HasSubstr("capacity.workforce.productivity.to: missing"));
  EXPECT_THAT(error_of(kMinimal + "[capacity.workforce]\nfrom = \"2026-04\"\nby = \"2025-04\"\n"),
              HasSubstr("test.toml:8:6: capacity.workforce.by: must not be before from"));
  EXPECT_THAT(error_of(kMinimal + "[capacity.beds]\nelective_share = 1.5\n"),
              HasSubstr("test.toml:7:18: capacity.beds.elective_share"));
  EXPECT_THAT(error_of(kMinimal + "[capacity.beds]\nfreed = { low = 13000 }\n"),
              HasSubstr("capacity.beds.freed"));
  // Every message is one line.
  EXPECT_THAT(error_of(kMinimal + "[capacity.beds]\nfreed = -1\n"), Not(HasSubstr("\n")));
}

}  // namespace
}  // namespace elective::plan
