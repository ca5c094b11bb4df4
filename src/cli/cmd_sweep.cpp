// `elective sweep SWEEP.toml [--threads T] [--format table|csv|json] [--out FILE]`: a grid of scenario keys x
// values, replicated, as one tidy table (docs/sweep.md). Under `mpirun -np N` (or `srun`) the same command
// shares the tasks across ranks; rank 0 writes the output, byte-identical for any N and any thread count.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/table.hpp"
#include "sweep/mpi_runner.hpp"
#include "sweep/sweep_run.hpp"
#include "sweep/sweep_spec.hpp"

namespace elective::cli {
namespace {

struct SweepOptions {
  std::string sweep;
  int threads = 0;       // 0: one per core without MPI, one per rank under MPI
  int chunk = 0;         // 0: automatic
  OutputOptions output;  // --format, --out
};

void run(const SweepOptions& o) {
  const Format format = o.output.format();
  sweep::MpiSession session;
  try {
    const sweep::SweepPlan plan = sweep::load_sweep(o.sweep);
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int threads = o.threads > 0 ? o.threads : (session.active() ? 1 : cores);
    // Small chunks share the work evenly; a chunk of a few forecast tasks keeps the messages few.
    const std::size_t chunk = o.chunk > 0 ? static_cast<std::size_t>(o.chunk)
                              : plan.spec.command == sweep::SweepCommand::forecast ? 8
                                                                                   : 1;
    const auto values = session.active() ? sweep::run_distributed(plan, session, threads, chunk)
                                         : std::optional(sweep::run_local(plan, threads));
    if (!values) return;  // not rank 0: rank 0 writes
    std::string content;
    switch (format) {
      case Format::json:
        content = json_text(sweep::sweep_json(plan, *values));
        break;
      case Format::csv:
        content = render_csv(sweep::sweep_table(plan, *values).table());
        break;
      case Format::table:
        content = render_text(central_columns(sweep::sweep_table(plan, *values).table()));
        break;
    }
    o.output.write(content);
  } catch (const Error& e) {
    if (!session.active() || session.size() == 1) throw;
    // One rank's error ends every rank; nothing is written.
    std::fprintf(stderr, "elective: error: %s\n", e.what());
    session.abort(exit_code_for(e.category()));
  }
}

const CommandRegistration registration("sweep", [](CLI::App& app) {
  auto options = std::make_shared<SweepOptions>();
  auto* cmd =
      app.add_subcommand("sweep",
                         "Run a grid of scenarios x replications (forecast or simulate) as one table; "
                         "distributed with mpirun -np N");
  cmd->add_option("sweep", options->sweep, "sweep file (.toml, docs/sweep.md)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--threads", options->threads,
                  "threads per process (default: every core; 1 per rank under MPI); results are identical "
                  "for any count")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--chunk", options->chunk,
                  "tasks handed out per request under MPI (default 8 forecast, 1 simulate)")
      ->check(CLI::Range(1, 100000));
  options->output.add_to(*cmd);
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
