// When the CLI restarts itself with glibc's huge-page malloc (core/huge_page_malloc.hpp), and with what
// setting.
#include "core/huge_page_malloc.hpp"

#include <gtest/gtest.h>

namespace elective {
namespace {

TEST(HugePageTunables, SetAloneOrAfterTheUsersOwnTunables) {
  EXPECT_EQ(huge_page_tunables(nullptr, nullptr, true), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(huge_page_tunables("", nullptr, true), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(huge_page_tunables("glibc.malloc.arena_max=2", "1", true),
            "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
}

TEST(HugePageTunables, NoRestartWhenSetAlreadyOptedOutOrWithoutHugePages) {
  // The restarted process itself, or a user who chose a value (0 or 2): no restart, the value stands.
  EXPECT_EQ(huge_page_tunables("glibc.malloc.hugetlb=1", nullptr, true), std::nullopt);
  EXPECT_EQ(huge_page_tunables("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0", nullptr, true),
            std::nullopt);
  EXPECT_EQ(huge_page_tunables(nullptr, "0", true), std::nullopt);
  EXPECT_EQ(huge_page_tunables(nullptr, nullptr, false), std::nullopt);
}

}  // namespace
}  // namespace elective
