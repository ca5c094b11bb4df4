#pragma once
// A queue's random stream in the engine (sim/engine.cpp): pcg64 - pcg-cpp's setseq_xsl_rr_128_64, the same
// numbers as pcg64(state, stream) - written out so that its state is in reach. That lets the engine draw a
// block of numbers on two interleaved chains: one chain is a serial 128-bit multiply-add per draw, two
// chains of every other draw (s[k+2] = a^2 s[k] + (a + 1) c) run side by side on the CPU and give the same
// numbers in the same order.
#include <cstddef>
#include <cstdint>

#include <pcg_random.hpp>

namespace elective::sim::detail {

class QueueStream {
 public:
  using result_type = std::uint64_t;
  using state_type = pcg_extras::pcg128_t;

  QueueStream(state_type state, state_type stream) : inc_((stream << 1) | 1u), state_(next(state + inc_)) {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    state_ = next(state_);
    return output(state_);
  }
  // n draws into out: the same numbers as n calls, and the stream ends in the same state.
  void fill(result_type* out, std::size_t n) {
    const state_type a2 = kMultiplier * kMultiplier, c2 = (kMultiplier + 1u) * inc_;
    state_type s0 = next(state_), s1 = next(s0), last = state_;
    std::size_t i = 0;
    for (; i + 2 <= n; i += 2) {
      out[i] = output(s0);
      out[i + 1] = output(s1);
      last = s1;
      s0 = a2 * s0 + c2;
      s1 = a2 * s1 + c2;
    }
    if (i < n) {
      out[i] = output(s0);
      last = s0;
    }
    state_ = last;
  }

 private:
  static constexpr state_type kMultiplier = pcg_detail::default_multiplier<state_type>::multiplier();

  state_type next(state_type s) const { return s * kMultiplier + inc_; }
  // The XSL RR output: the halves xor-ed, rotated right by the top 6 bits.
  static result_type output(state_type s) {
    const auto hi = static_cast<std::uint64_t>(s >> 64);
    const auto x = hi ^ static_cast<std::uint64_t>(s);
    const unsigned rot = static_cast<unsigned>(hi >> 58);
    return (x >> rot) | (x << ((64u - rot) & 63u));
  }

  state_type inc_;
  state_type state_;
};

}  // namespace elective::sim::detail
