#pragma once
// The engine's draws from its pcg64 streams (one per queue, one for mutual aid; engine.cpp). Every component
// draws through these so that the order of draws, and so the results for a seed, stay the same however the
// engine is split.
#include <cstdint>

#include <pcg_random.hpp>

namespace elective::sim::detail {

// A uniform double in [0, 1) from the top 53 bits of one 64-bit draw.
inline double uniform01_of(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}
// The same from the next draw of a stream (pcg64 or a QueueStream).
template <typename Stream>
double uniform01(Stream& rng) {
  return uniform01_of(rng());
}

}  // namespace elective::sim::detail
