#include "plan/group_forecast.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"

namespace elective::plan {
namespace {

using stats::ProviderBreakdown;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(GroupBy, AcceptsTheGroupLevels) {
  EXPECT_THAT(parse_group_by("provider"), ElementsAre(ProviderBreakdown::provider));
  EXPECT_THAT(parse_group_by("provider,specialty"),
              ElementsAre(ProviderBreakdown::provider, ProviderBreakdown::specialty));
  EXPECT_THAT(parse_group_by("icb"), ElementsAre(ProviderBreakdown::icb));
  EXPECT_THAT(parse_group_by("region,specialty"),
              ElementsAre(ProviderBreakdown::region, ProviderBreakdown::specialty));
}

TEST(GroupBy, RefusesAnythingElseNamingTheOption) {
  for (const char* bad : {"", "month", "provider,month", "trust", "provider,", "Provider"}) {
    try {
      parse_group_by(bad);
      ADD_FAILURE() << bad;
    } catch (const InputError& e) {
      EXPECT_THAT(e.what(), HasSubstr("--by: expected a comma list of provider, specialty, icb and region"));
    }
  }
}

}  // namespace
}  // namespace elective::plan
