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
      for (const std::uint32_t spread : {30u, 20'000'000u}) {
        std::vector<InitialPatient> list(n);
        for (size_t i = 0; i < n; ++i) {
          // Few clock starts (many ties: the counting sorts), or clock starts over more days than pathways
          // (sorts of each queue's part); the profile numbers the pathways, so the tie order shows.
          const auto day = static_cast<std::int32_t>(rng() % spread) - static_cast<std::int32_t>(spread / 2);
          list[i] = InitialPatient{static_cast<std::uint32_t>(rng() % queues), i % 3 == 0 ? -15 : day,
                                   static_cast<Profile>(i)};
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
          ASSERT_EQ(list[i].profile, want[i].profile) << "tie order at " << i << ", spread " << spread;
        }
      }
    }
  }
}

// The one pass over a start list: its order, each queue's part, its longest wait, against the definitions.
TEST(StartListShape, MatchesTheListItDescribes) {
  pcg64 rng(5, 1);
  for (size_t n : {0, 1, 2, 17, 500}) {
    for (std::uint32_t queues : {1u, 3u, 40u}) {
      SimModel m;
      m.start = Date{std::chrono::days{20000}};
      m.queues.resize(queues);
      for (size_t i = 0; i < n; ++i) {
        // Clock starts up to 20 weeks before the start and a few days after it (a negative wait counts 0).
        m.initial.push_back(InitialPatient{static_cast<std::uint32_t>(rng() % queues),
                                           20000 - static_cast<std::int32_t>(rng() % 145) + 5, 0});
      }
      for (int pass = 0; pass < 2; ++pass) {
        const StartListShape shape = start_list_shape(m);
        const bool sorted =
            std::is_sorted(m.initial.begin(), m.initial.end(), [](const auto& x, const auto& y) {
              return x.queue != y.queue ? x.queue < y.queue : x.clock_start < y.clock_start;
            });
        EXPECT_EQ(shape.sorted, sorted) << n << " pathways, pass " << pass;
        if (pass == 1) {
          EXPECT_TRUE(shape.sorted);
        }
        ASSERT_EQ(shape.first.size(), queues + 1u);
        std::int32_t longest = 0;
        for (const auto& p : m.initial) longest = std::max(longest, (20000 - p.clock_start) / 7);
        EXPECT_EQ(shape.longest_wait_weeks, longest);
        for (std::uint32_t q = 0; q < queues; ++q) {
          const auto count =
              std::count_if(m.initial.begin(), m.initial.end(), [q](const auto& p) { return p.queue == q; });
          EXPECT_EQ(shape.first[q + 1] - shape.first[q], static_cast<size_t>(count)) << "queue " << q;
        }
        EXPECT_EQ(shape.first.front(), 0u);
        EXPECT_EQ(shape.first.back(), n);
        sort_start_list(m.initial);
      }
    }
  }
}

}  // namespace
}  // namespace elective::sim
