#pragma once
// A sweep across MPI ranks (`mpirun -np N elective sweep SWEEP.toml`, or `srun` under Slurm). Rank 0 hands
// out chunks of tasks on request (dynamic work sharing: a rank that finishes early asks again, so slow grid
// points do not leave ranks idle), computes chunks itself on its own threads between requests, gathers every
// value and alone writes the output. Values depend only on the task (sweep_run.hpp), so the bytes are the
// same for any number of ranks and threads. Without MPI in the build, or when not started by an MPI
// launcher, `elective sweep` runs on local threads only.
#include <cstddef>
#include <optional>
#include <vector>

#include "sweep/sweep_spec.hpp"

namespace elective::sweep {

// True when this build has MPI and the process was started by an MPI launcher (mpirun, mpiexec, srun).
bool launched_by_mpi();

// MPI_Init on construction and MPI_Finalize on destruction (only when launched_by_mpi()).
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  bool active() const { return active_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Ends every rank with this exit code (an error on one rank; the output is written by none).
  [[noreturn]] void abort(int code) const;

 private:
  bool active_ = false;
  int rank_ = 0, size_ = 1;
};

// Runs every task of the plan across the session's ranks, `threads` threads per rank, `chunk` tasks per
// request. Rank 0 returns all values (task-major, as run_local); the other ranks return nullopt.
std::optional<std::vector<double>> run_distributed(const SweepPlan& plan, const MpiSession& session,
                                                   int threads, std::size_t chunk);

}  // namespace elective::sweep
