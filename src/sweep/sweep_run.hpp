#pragma once
// Running a sweep: every task (grid point x replication) is independent and seeded from (seed, point,
// replication) alone, so any split of the tasks - over threads here, over MPI ranks in mpi_runner.hpp - gives
// the same values and the same output bytes.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result_table.hpp"
#include "sweep/sweep_spec.hpp"

namespace elective::sweep {

// The seed of one task: a SplitMix64 mix of the sweep's seed, the point and the replication.
std::uint64_t task_seed(std::uint64_t seed, std::size_t point, int replication);

// The outputs of task `task` (point = task / replications): one value per spec.outputs, NaN where the run
// has none (a percentile beyond the open band, say).
std::vector<double> run_task(const SweepPlan& plan, std::size_t task);

// Runs tasks [begin, end) on `threads` threads, taking tasks in turn; writes (end - begin) x outputs values
// to `out`, task-major. The first error stops the others and is rethrown.
void run_tasks(const SweepPlan& plan, std::size_t begin, std::size_t end, int threads, double* out);

// All tasks on this machine.
std::vector<double> run_local(const SweepPlan& plan, int threads);

// The tidy result: one row per grid point with its grid values and the P10/P50/P90 of every output across
// replications (the plain value with one replication).
ResultTable sweep_table(const SweepPlan& plan, const std::vector<double>& values);
// {"sweep", "command", "scenario", "replications", "seed", "at", "outputs", "grid": [{"key", "values"}],
//  "rows": [...sweep_table rows...]}
nlohmann::json sweep_json(const SweepPlan& plan, const std::vector<double>& values);

}  // namespace elective::sweep
