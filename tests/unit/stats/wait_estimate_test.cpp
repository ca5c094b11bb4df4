// The patient wait estimate on the bundled real extract (RBD, November 2024): figures equal the statistics of
// completed pathways, providers (here: areas) with fewer than 5 completed pathways are suppressed.
#include <gtest/gtest.h>

#include "data/rtt_extract.hpp"
#include "stats/wait_estimate.hpp"
#include "stats/wait_summary.hpp"

namespace elective::stats {
namespace {

const data::RttExtract& extract() {
  static const auto e =
      data::RttExtract::load({std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_full_2024-11_RBD.csv"});
  return e;
}

TEST(WaitEstimate, MatchesCompletedPathwayStatistics) {
  const auto estimate = estimate_waits(extract(), {"110", std::nullopt, std::nullopt, std::nullopt});
  EXPECT_EQ(estimate.tfc, "C_110");
  EXPECT_EQ(estimate.month.to_string(), "2024-11");
  ASSERT_EQ(estimate.providers.size(), 1u);
  const auto& rbd = estimate.providers.front();
  data::RowFilter filter;
  filter.provider = "RBD";
  filter.tfc = "C_110";
  const auto completed = extract().completed_histogram(filter);
  ASSERT_TRUE(rbd.completed_pathways);
  EXPECT_DOUBLE_EQ(*rbd.completed_pathways, completed.total());
  EXPECT_DOUBLE_EQ(*rbd.median_weeks, *band_percentile(completed, 0.5).weeks);
  EXPECT_DOUBLE_EQ(*rbd.p90_weeks, *band_percentile(completed, 0.9).weeks);
  const auto waiting = extract().histogram(data::RttPart::incomplete, filter);
  EXPECT_DOUBLE_EQ(*rbd.waiting_list, waiting.total());
  // Little's law figure: list / (clock stops per week), November has 30 days.
  EXPECT_NEAR(*rbd.queue_weeks, waiting.total() / (completed.total() / (30.0 / 7.0)), 1e-9);
}

TEST(WaitEstimate, SmallAreasAreSuppressed) {
  int suppressed = 0, shown = 0;
  for (const auto& commissioner : extract().commissioners()) {
    const auto estimate =
        estimate_waits(extract(), {"C_999", std::string("RBD"), commissioner, std::nullopt});
    for (const auto& p : estimate.providers) {
      if (p.suppressed) {
        ++suppressed;
        EXPECT_FALSE(p.completed_pathways);
        EXPECT_FALSE(p.median_weeks);
        EXPECT_FALSE(p.p90_weeks);
      } else {
        ++shown;
        EXPECT_GE(*p.completed_pathways, kSmallCount);
      }
    }
    const auto json = wait_estimate_json(estimate);
    for (const auto& p : json["providers"]) {
      if (p["suppressed"].get<bool>()) {
        EXPECT_TRUE(p["median_weeks"].is_null());
      }
    }
  }
  EXPECT_GT(suppressed, 0);  // the extract has areas sending a handful of patients to RBD
  EXPECT_GT(shown, 0);
}

TEST(WaitEstimate, UnknownSpecialtyGivesNoProviders) {
  const auto estimate = estimate_waits(extract(), {"C_170", std::nullopt, std::nullopt, std::nullopt});
  for (const auto& p : estimate.providers) EXPECT_TRUE(p.suppressed || p.completed_pathways);
}

}  // namespace
}  // namespace elective::stats
