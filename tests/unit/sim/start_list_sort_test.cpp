// The start list's sort (sim/model.hpp) is std::stable_sort by (queue, clock start): same order, ties kept.
#include <gtest/gtest.h>
#include <pcg_random.hpp>

#include <algorithm>
#include <vector>

#include "sim/model.hpp"

namespace elective::sim {
namespace {

TEST(SortStartList, IsAStableSortByQueueThenClockStart) {
  pcg64 rng(3, 9);
  for (size_t n : {0, 1, 2, 17, 500, 5000}) {
    for (std::uint32_t queues : {1u, 3u, 40u}) {
      std::vector<InitialPatient> list(n);
      for (size_t i = 0; i < n; ++i) {
        // Few clock starts (many ties); the profile numbers the pathways, so the tie order shows.
        list[i] = InitialPatient{static_cast<std::uint32_t>(rng() % queues),
                                 static_cast<std::int32_t>(rng() % 30) - 15, static_cast<Profile>(i)};
      }
      std::vector<InitialPatient> want = list;
      std::stable_sort(want.begin(), want.end(), [](const InitialPatient& x, const InitialPatient& y) {
        return x.queue != y.queue ? x.queue < y.queue : x.clock_start < y.clock_start;
      });
      sort_start_list(list);
      ASSERT_EQ(list.size(), want.size());
      for (size_t i = 0; i < n; ++i) {
        ASSERT_EQ(list[i].queue, want[i].queue) << i;
        ASSERT_EQ(list[i].clock_start, want[i].clock_start) << i;
        ASSERT_EQ(list[i].profile, want[i].profile) << "tie order at " << i;
      }
    }
  }
}

}  // namespace
}  // namespace elective::sim
