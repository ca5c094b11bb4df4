// The engine's queue stream gives exactly pcg64's numbers, one at a time and in blocks.
#include "sim/queue_stream.hpp"

#include <gtest/gtest.h>
#include <pcg_random.hpp>

#include <random>
#include <vector>

#include "sim/random_draws.hpp"

namespace elective::sim::detail {
namespace {

TEST(QueueStream, SameNumbersAsPcg64) {
  for (std::uint64_t seed : {0ull, 1ull, 2025ull, 0x9E3779B97F4A7C15ull}) {
    for (std::uint64_t stream : {0ull, 1ull, 7ull, 2999ull}) {
      pcg64 reference(seed, stream);
      QueueStream s(seed, stream);
      for (int i = 0; i < 2000; ++i) ASSERT_EQ(s(), reference()) << seed << " " << stream << " " << i;
    }
  }
}

TEST(QueueStream, BlocksOfAnyLengthAreTheSameNumbersAndLeaveTheSameState) {
  pcg64 reference(42, 3);
  QueueStream s(42, 3);
  std::vector<std::uint64_t> block;
  for (std::size_t n = 0; n < 70; ++n) {
    block.assign(n + 1, 0xDEADBEEFull);
    s.fill(block.data(), n);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(block[i], reference()) << "block " << n << " draw " << i;
    ASSERT_EQ(block[n], 0xDEADBEEFull) << "wrote past the block of " << n;
    ASSERT_EQ(s(), reference()) << "state after a block of " << n;
  }
}

TEST(QueueStream, DistributionsDrawTheSameValues) {
  pcg64 reference(7, 11);
  QueueStream s(7, 11);
  for (double mean : {0.3, 4.0, 156.0, 5000.0}) {
    std::poisson_distribution<int> a(mean), b(mean);
    for (int i = 0; i < 500; ++i) ASSERT_EQ(a(s), b(reference));
  }
  for (int i = 0; i < 500; ++i) ASSERT_EQ(uniform01(s), uniform01(reference));
}

}  // namespace
}  // namespace elective::sim::detail
