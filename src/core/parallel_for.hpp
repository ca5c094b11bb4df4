#pragma once
// Independent units of work (Monte Carlo samples, back-test origins, provider groups) run on worker threads.
// Each unit writes only its own result slot and draws from its own random stream, and the caller reduces the
// slots in index order afterwards, so results are byte-identical for any thread count.
#include <cstddef>
#include <functional>

#include "core/progress.hpp"

namespace elective {

// The threads to use for `asked`: 0 (or less) means one per core, as `simulate --threads` does.
int worker_threads(int asked);

// Calls body(i) once for every i in [0, n) on min(worker_threads(threads), n) threads, the calling thread
// being one of them (threads = 1 runs everything in order on the calling thread, starting none). Indices are
// taken in increasing order. Between units it checks `progress` for cancellation and reports the fraction
// of units done (monotonically, from whichever thread finishes a unit).
//
// Errors are those of a serial run: when units throw, no unit after the first failing index is started and,
// once the running units have finished, the exception of the lowest failing index is rethrown (a
// cancellation is a CancelledError at the unit that saw it). Every unit before that index has run.
void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& body,
                  const Progress& progress = Progress{});

}  // namespace elective
