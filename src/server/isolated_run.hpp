#pragma once
// Runs a model in a child process (fork) so that a crash in it - a bug, or running out of memory - fails that
// one job instead of taking the whole server down, and so that cancelling stops it at once (SIGKILL) even if
// the model checks its cancel flag rarely. Progress fractions and the result (or the error, with its category
// and message) come back through a pipe. The child touches nothing of the parent's state but what `work`
// captured (no database, no sockets: every inherited descriptor but the pipe is closed) and leaves with
// _exit.
#include <chrono>
#include <cstddef>
#include <functional>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"

namespace elective::server {

using IsolatedWork = std::function<nlohmann::json(const Progress& progress)>;

// Resource limits of a model's child process (docs/security.md "Job isolation"). 0 means no limit.
struct JobLimits {
  // How far the child may grow its address space beyond what it inherits at fork (RLIMIT_AS is set to the
  // server's size at fork plus this): a model that allocates more gets std::bad_alloc and the job fails with
  // "ran out of memory".
  std::size_t memory_bytes = std::size_t{4096} << 20;
  // Processor time of all the child's threads (RLIMIT_CPU; SIGXCPU at the limit, SIGKILL 5 s later).
  std::chrono::seconds cpu_time{3600};
  // Elapsed time: the parent kills the child (SIGKILL) once it has run this long.
  std::chrono::seconds wall_time{3600};
};

// The limits run_isolated uses when it is given none: set once by the server at start-up (the job runners
// call the two-argument form).
void set_default_job_limits(const JobLimits& limits);
JobLimits default_job_limits();

// Returns the child's JSON. Throws the child's error as the same category (InputError, RuntimeError, ...),
// CancelledError when `progress` asks to stop, RuntimeError when the child dies (naming the signal) or is
// stopped for exceeding a limit (naming the limit and the server option that sets it).
nlohmann::json run_isolated(const IsolatedWork& work, const Progress& progress);
nlohmann::json run_isolated(const IsolatedWork& work, const Progress& progress, const JobLimits& limits);

}  // namespace elective::server
