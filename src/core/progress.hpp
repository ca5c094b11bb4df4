#pragma once
// Long-running work (forecast Monte Carlo, solves, simulations, imports) reports progress and can be
// cancelled through this small handle, so that the CLI and the HTTP server drive the same library code.
#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace elective {

struct Progress {
  // Called with a fraction in [0, 1]; may be called from worker threads, so it must be thread-safe.
  std::function<void(double)> report;
  // Set by the caller to ask the work to stop; work checks it between units and throws CancelledError.
  const std::atomic<bool>* cancel = nullptr;

  void update(double fraction) const {
    if (report) report(fraction);
  }
  bool cancelled() const { return cancel != nullptr && cancel->load(std::memory_order_relaxed); }
  void throw_if_cancelled() const {
    if (cancelled()) throw CancelledError();
  }
};

// The one-line progress text shown on a terminal: "simulate:  42% (about 1 min 5 s left)". The time left is
// estimated from the rate so far, and only once it means something (3% done and 2 s elapsed); before that,
// and when the work is done, the line carries no estimate.
std::string progress_text(std::string_view what, double fraction, double elapsed_seconds);

}  // namespace elective
