// The start list's leave-week search: first_above is std::upper_bound, without branches.
#include "sim/removal_hazard.hpp"

#include <gtest/gtest.h>
#include <pcg_random.hpp>

#include <algorithm>
#include <vector>

namespace elective::sim::detail {
namespace {

TEST(FirstAbove, IsUpperBoundOnSortedArraysWithTiesAtEveryLength) {
  pcg64 rng(15, 2);
  for (size_t n = 0; n <= 70; ++n) {
    for (int round = 0; round < 40; ++round) {
      std::vector<double> h(n);
      for (auto& x : h) x = static_cast<double>(rng() % 20);  // small range: many ties
      std::sort(h.begin(), h.end());
      for (double v = -1.0; v <= 21.0; v += 0.5) {
        const auto want = std::upper_bound(h.begin(), h.end(), v) - h.begin();
        ASSERT_EQ(first_above(h.data(), h.data() + h.size(), v) - h.data(), want)
            << "length " << n << " value " << v;
      }
    }
  }
}

}  // namespace
}  // namespace elective::sim::detail
