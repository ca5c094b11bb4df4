#include "sim/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "sim/alias_table.hpp"
#include "sim/build_model.hpp"

namespace elective::sim {
namespace {

SimConfig parse(const std::string& text) {
  const plan::Document doc = plan::parse_document(text, plan::ScenarioSyntax::toml, "s.toml");
  const data::FileDataSource files;
  return parse_sim_config(doc, files);
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SimConfigTest, ReadsEverySection) {
  const SimConfig c = parse(R"(
[simulation]
policy = "weighted"
replications = 5
seed = 3
due_days = { P2 = 21 }
[simulation.weights]
wait = 2
under_18 = 8
[simulation.capacity]
urgent_reserve_share = 0.05
[[simulation.strike]]
from = "2025-01-06"
until = "2025-01-08"
capacity_loss = 0.3
[simulation.population]
providers = 12
priority_mix = { P2 = 1, P4 = 3 }
[[simulation.population.group]]
imd_quintile = 1
age_mix = { "0-17" = 1 }
[[simulation.provider]]
code = "RAA"
region = "North"
[simulation.reneging]
weekly_rate = [[0, 0.001], [52, 0.003]]
imd_quintile_multiplier = [1, 1, 1, 1.2, 1.5]
[simulation.mutual_aid]
threshold_weeks = 40
acceptance_by_imd_quintile = [0.3, 0.4, 0.5, 0.6, 0.7]
)");
  EXPECT_EQ(c.policy, PolicyKind::weighted);
  EXPECT_EQ(c.replications, 5);
  EXPECT_EQ(c.policy_params.due_days[2], 21);
  EXPECT_EQ(c.policy_params.weights.wait, 2);
  EXPECT_EQ(c.policy_params.weights.under_18, 8);
  EXPECT_EQ(c.urgent_reserve_share, 0.05);
  ASSERT_EQ(c.strikes.size(), 1u);
  EXPECT_EQ(c.population.providers, 12);
  EXPECT_TRUE(c.population.mix.has_priority);
  EXPECT_TRUE(c.population.mix_by_imd_quintile[1].has_age);
  EXPECT_EQ(c.providers.at(0).region, "North");
  ASSERT_TRUE(c.renege_weekly_rate);
  EXPECT_EQ(c.renege_weekly_rate->back().second, 0.003);
  EXPECT_EQ(c.renege_imd_multiplier[5], 1.5);
  EXPECT_TRUE(c.mutual_aid.enabled);
  EXPECT_EQ(c.mutual_aid.threshold_weeks, 40);
  EXPECT_EQ(c.mutual_aid.acceptance_by_imd_quintile[1], 0.3);
}

TEST(SimConfigTest, ErrorsNameTheKeyAndLine) {
  EXPECT_THAT(error_of("[simulation]\npolicy = \"random\"\n"), testing::HasSubstr("s.toml:2"));
  EXPECT_THAT(error_of("[simulation]\npolicy = \"random\"\n"), testing::HasSubstr("unknown policy 'random'"));
  EXPECT_THAT(error_of("[simulation]\nreplicatons = 3\n"), testing::HasSubstr("unknown key 'replicatons'"));
  EXPECT_THAT(error_of("[simulation]\nreplications = 0\n"), testing::HasSubstr("simulation.replications"));
  EXPECT_THAT(error_of("[simulation]\nreplications = \"many\"\n"),
              testing::HasSubstr("expected a whole number"));
  EXPECT_THAT(error_of("[simulation.mutual_aid]\nacceptance = 1.5\n"),
              testing::HasSubstr("simulation.mutual_aid.acceptance: 1.5 is out of range"));
  EXPECT_THAT(error_of("[simulation.population]\npriority_mix = { P9 = 1 }\n"),
              testing::HasSubstr("unknown name 'P9'"));
  EXPECT_THAT(error_of("[simulation.population]\nimd_decile_mix = [1, 2]\n"),
              testing::HasSubstr("expected 10 shares"));
  EXPECT_THAT(error_of("[simulation.reneging]\nshape = [[5, 1]]\n"),
              testing::HasSubstr("must start at wait week 0"));
  EXPECT_THAT(
      error_of("[[simulation.strike]]\nfrom = \"2025-01-06\"\nuntil = \"2025-01-01\"\ncapacity_loss = 0.2\n"),
      testing::HasSubstr("must not be before"));
  EXPECT_THAT(error_of("[[simulation.provider]]\ncode = \"RAA\"\n[[simulation.provider]]\ncode = \"RAA\"\n"),
              testing::HasSubstr("listed twice"));
  EXPECT_THAT(error_of("[simulation.weights]\nwiat = 1\n"), testing::HasSubstr("s.toml:2"));
}

TEST(SimConfigTest, JointMixFollowsTheGroupMixes) {
  SimConfig c = parse(R"(
[simulation.population]
imd_decile_mix = [1, 1, 0, 0, 0, 0, 0, 0, 0, 1]
priority_mix = { P4 = 1 }
[[simulation.population.group]]
imd_quintile = 1
priority_mix = { P2 = 1 }
)");
  const auto w = joint_profile_weights(c.population);
  double p2 = 0, p4 = 0, q1 = 0;
  for (int v = 0; v < kProfileCount; ++v) {
    const auto& f = fields_of(static_cast<Profile>(v));
    if (f.priority == data::Priority::p2) p2 += w[static_cast<size_t>(v)];
    if (f.priority == data::Priority::p4) p4 += w[static_cast<size_t>(v)];
    if (f.imd_quintile == 1) q1 += w[static_cast<size_t>(v)];
    if (f.imd_quintile == 1 && f.priority == data::Priority::p4) {
      EXPECT_EQ(w[static_cast<size_t>(v)], 0);
    }
  }
  EXPECT_NEAR(q1, 2.0 / 3, 1e-12);
  EXPECT_NEAR(p2, 2.0 / 3, 1e-12);
  EXPECT_NEAR(p4, 1.0 / 3, 1e-12);
}

TEST(AliasTableTest, DrawsTheGivenDistribution) {
  AliasTable t({1, 0, 3, 6});
  std::array<int, 4> n{};
  std::uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 100000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    ++n[t.sample(x)];
  }
  EXPECT_EQ(n[1], 0);
  EXPECT_NEAR(n[0] / 1e5, 0.1, 0.005);
  EXPECT_NEAR(n[2] / 1e5, 0.3, 0.006);
  EXPECT_NEAR(n[3] / 1e5, 0.6, 0.006);
}

}  // namespace
}  // namespace elective::sim
