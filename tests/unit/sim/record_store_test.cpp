// The record store's insertion of a mutual-aid move (sim/record_store.hpp): in clock-start order, after every
// record with the same clock start, whether or not the sub-queue has room before its head.
#include "sim/record_store.hpp"

#include <gtest/gtest.h>
#include <pcg_random.hpp>

#include <algorithm>
#include <vector>

namespace elective::sim::detail {
namespace {

TEST(RecordStoreTransfer, InsertsAfterEveryRecordOnOrBeforeItsClockStart) {
  pcg64 rng(7, 3);
  for (size_t n : {0, 1, 2, 5, 40, 300}) {
    for (std::uint32_t head : {0u, 3u}) {
      RecordStore store(2, 1, 10);
      // Queue 1's sub-queue: n records in clock-start order with many ties, the first `head` already treated.
      std::vector<std::int32_t> days(n);
      for (auto& d : days) d = static_cast<std::int32_t>(rng() % 40);
      std::sort(days.begin(), days.end());
      for (size_t i = 0; i < n; ++i) store.add(1, 0, Record{days[i], static_cast<std::uint16_t>(i), kNever});
      SubQueue& s = store.sub(1, 0);
      s.head = std::min<std::uint32_t>(head, static_cast<std::uint32_t>(n));
      for (int k = 0; k < 30; ++k) {
        store.add(0, 0, Record{static_cast<std::int32_t>(rng() % 44) - 2, 0, kNever});
        const Record moved{static_cast<std::int32_t>(rng() % 44) - 2, static_cast<std::uint16_t>(1000 + k),
                           kNever};
        // The reference: the live part as it was, with the moved record after every one on or before its day.
        std::vector<Record> want(s.v.begin() + s.head, s.v.end());
        const auto at =
            std::upper_bound(want.begin(), want.end(), moved.clock_start,
                             [](std::int32_t day, const Record& r) { return day < r.clock_start; });
        want.insert(at, moved);
        store.transfer(0, 1, 0, moved);
        ASSERT_EQ(s.v.size() - s.head, want.size()) << n << " records, head " << head << ", move " << k;
        for (size_t i = 0; i < want.size(); ++i) {
          ASSERT_EQ(s.v[s.head + i].clock_start, want[i].clock_start) << n << ", " << head << ", " << k;
          ASSERT_EQ(s.v[s.head + i].profile, want[i].profile)
              << "tie order: " << n << ", " << head << ", " << k;
        }
      }
      EXPECT_EQ(store.live(1), static_cast<std::int64_t>(n) + 30);
      EXPECT_EQ(store.live(0), 0);
    }
  }
}

}  // namespace
}  // namespace elective::sim::detail
