// The enum-name helper and the policy registry: one entry per policy, unique names, and the vocabulary each
// engine accepts (the words users write in [policy] removal_rule and [simulation] policy).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <set>

#include "core/enum_names.hpp"
#include "core/policies.hpp"

namespace elective {
namespace {

enum class Colour { red, green, blue };
constexpr std::array<EnumName<Colour>, 4> kColours{
    {{Colour::red, "red"}, {Colour::green, "green"}, {Colour::blue, "blue"}, {Colour::green, "verde"}}};

TEST(EnumNames, BothWaysWithAliases) {
  EXPECT_EQ(enum_name(kColours, Colour::green), "green");  // the first name is the output name
  EXPECT_EQ(enum_value(kColours, "verde"), Colour::green);
  EXPECT_EQ(enum_value(kColours, "Red"), std::nullopt);  // exact
  EXPECT_EQ(names_or(kColours), "red, green or blue");   // aliases are not listed
  EXPECT_EQ(join_or({"a"}), "a");
  EXPECT_EQ(join_or({"a", "b"}), "a or b");
  EXPECT_EQ(join_or({}), "");
}

TEST(PolicyRegistry, EveryPolicyHasOneEntryAndAnEngine) {
  std::set<std::string_view> names;
  for (const Policy& p : policies()) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_TRUE(p.forecast || p.simulation) << p.name;
    EXPECT_FALSE(p.label.empty());
    EXPECT_FALSE(p.help.empty());
    for (const Parameter& param : p.parameters) {
      EXPECT_FALSE(param.name.empty());
      EXPECT_FALSE(param.where.empty());
      EXPECT_FALSE(param.help.empty());
    }
  }
  for (int k = 0; k <= static_cast<int>(PolicyKind::weighted); ++k) {
    const auto kind = static_cast<PolicyKind>(k);
    EXPECT_EQ(policy_info(kind).value, kind);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(PolicyKind::weighted) + 1);
}

TEST(PolicyRegistry, EachEngineAcceptsItsOwnPolicies) {
  EXPECT_EQ(policy_names(Engine::forecast), "calibrated, in_turn or long_waits_first");
  EXPECT_EQ(policy_names(Engine::simulation),
            "in_turn, clinical_priority, long_waits_first, equity or weighted");
  EXPECT_EQ(parse_policy("equity", Engine::simulation), PolicyKind::equity);
  EXPECT_EQ(parse_policy("equity", Engine::forecast), std::nullopt);
  EXPECT_EQ(parse_policy("calibrated", Engine::simulation), std::nullopt);
  EXPECT_EQ(parse_policy("long_waits_first", Engine::forecast), PolicyKind::long_waits_first);
  EXPECT_EQ(policy_name(PolicyKind::in_turn), "in_turn");
  EXPECT_THAT(policy_help(Engine::forecast), ::testing::HasSubstr("calibrated: "));
}

TEST(PolicyRegistry, ApiListing) {
  const nlohmann::json j = policies_json();
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), policies().size());
  for (const auto& p : j) {
    for (const char* key : {"name", "label", "help", "engines", "parameters"})
      EXPECT_TRUE(p.contains(key)) << key;
    EXPECT_FALSE(p["engines"].empty());
  }
  EXPECT_EQ(j[0]["name"], "calibrated");
  EXPECT_EQ(j[0]["engines"], nlohmann::json::array({"forecast"}));
}

}  // namespace
}  // namespace elective
