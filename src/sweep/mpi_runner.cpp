#include "sweep/mpi_runner.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <limits>
#include <thread>

#include "core/error.hpp"
#include "sweep/sweep_run.hpp"

#ifdef ELECTIVE_HAVE_MPI
#include <mpi.h>
#endif

namespace elective::sweep {

bool launched_by_mpi() {
#ifdef ELECTIVE_HAVE_MPI
  // Open MPI's mpirun, PMIx launchers (Slurm's srun --mpi=pmix), MPICH/Hydra and PMI-2.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') return true;
#endif
  return false;
}

#ifdef ELECTIVE_HAVE_MPI

namespace {

constexpr int kTagRequest = 1;  // worker -> root: [chunk index or -1, values of that chunk...]
constexpr int kTagWork = 2;     // root -> worker: chunk index, or -1 to stop

std::size_t chunk_count(std::size_t tasks, std::size_t chunk) {
  return (tasks + chunk - 1) / chunk;
}

}  // namespace

MpiSession::MpiSession() {
  if (!launched_by_mpi()) return;
  int provided = 0;
  // Only the main thread of a rank calls MPI; worker threads compute.
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  active_ = true;
}

MpiSession::~MpiSession() {
  if (active_) MPI_Finalize();
}

void MpiSession::abort(int code) const {
  if (active_) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

std::optional<std::vector<double>> run_distributed(const SweepPlan& plan, const MpiSession& session,
                                                   int threads, std::size_t chunk) {
  const std::size_t k = plan.spec.outputs.size();
  const std::size_t tasks = plan.tasks();
  const std::size_t chunks = chunk_count(tasks, chunk);
  auto chunk_end = [&](std::size_t c) { return std::min(tasks, (c + 1) * chunk); };

  if (session.rank() != 0) {
    std::vector<double> message{-1.0};  // the first request carries no values
    while (true) {
      MPI_Send(message.data(), static_cast<int>(message.size()), MPI_DOUBLE, 0, kTagRequest, MPI_COMM_WORLD);
      std::int64_t c = -1;
      MPI_Recv(&c, 1, MPI_INT64_T, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (c < 0) return std::nullopt;
      const auto begin = static_cast<std::size_t>(c) * chunk, end = chunk_end(static_cast<std::size_t>(c));
      message.assign(1 + (end - begin) * k, 0.0);
      message[0] = static_cast<double>(c);
      run_tasks(plan, begin, end, threads, message.data() + 1);
    }
  }

  // Rank 0: its own threads take chunks from the same counter the other ranks are served from.
  std::vector<double> values(tasks * k, std::numeric_limits<double>::quiet_NaN());
  std::atomic<std::size_t> next{0};
  std::exception_ptr local_error;
  std::thread local([&] {
    try {
      for (std::size_t c = next++; c < chunks; c = next++)
        run_tasks(plan, c * chunk, chunk_end(c), threads, values.data() + c * chunk * k);
    } catch (...) {
      local_error = std::current_exception();
    }
  });
  int working = session.size() - 1;
  std::vector<double> message;
  while (working > 0) {
    // Poll with a short sleep rather than block: a blocked MPI_Recv spins a core that rank 0's own threads
    // need.
    int ready = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kTagRequest, MPI_COMM_WORLD, &ready, &status);
    if (ready == 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      continue;
    }
    int count = 0;
    MPI_Get_count(&status, MPI_DOUBLE, &count);
    message.resize(static_cast<std::size_t>(count));
    MPI_Recv(message.data(), count, MPI_DOUBLE, status.MPI_SOURCE, kTagRequest, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    if (message[0] >= 0) {
      const auto c = static_cast<std::size_t>(message[0]);
      std::copy(message.begin() + 1, message.end(),
                values.begin() + static_cast<std::ptrdiff_t>(c * chunk * k));
    }
    const std::size_t c = next++;
    std::int64_t reply = c < chunks ? static_cast<std::int64_t>(c) : -1;
    MPI_Send(&reply, 1, MPI_INT64_T, status.MPI_SOURCE, kTagWork, MPI_COMM_WORLD);
    if (reply < 0) --working;
  }
  local.join();
  if (local_error) std::rethrow_exception(local_error);
  return values;
}

#else

MpiSession::MpiSession() = default;
MpiSession::~MpiSession() = default;
void MpiSession::abort(int code) const {
  std::exit(code);
}

std::optional<std::vector<double>> run_distributed(const SweepPlan& plan, const MpiSession&, int threads,
                                                   std::size_t) {
  return run_local(plan, threads);
}

#endif

}  // namespace elective::sweep
