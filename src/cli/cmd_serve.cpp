// elective serve: the local web application (HTTP JSON API + dashboard) over an SQLite store.
#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "cli/command_registry.hpp"
#include "core/error.hpp"
#include "server/server.hpp"
#include "store/store.hpp"

namespace elective::cli {
namespace {

struct ServeOptions {
  server::ServerConfig config;
  std::string token;
  std::string port_file;
  double max_body_mb = 256;
  double upload_memory_mb = 1024;
  double job_memory_mb = 4096;
  int job_cpu_seconds = 3600;
  int job_timeout_seconds = 3600;
  int import_delay_ms = 0;
  bool quiet = false;
  bool check = false;
};

// `--check`: open the store (applying WAL recovery), run SQLite's integrity check plus the store's own
// consistency checks (every dataset complete), print the result and exit 0 (ok) or 1.
void run_check(const ServeOptions& options) {
  store::Store store(options.config.db_path);
  const auto result = store.integrity_check();
  const auto datasets = store.list_datasets();
  std::printf("store %s: %s (%zu datasets)\n", options.config.db_path.c_str(),
              result == "ok" ? "ok" : result.c_str(), datasets.size());
  if (result != "ok") throw RuntimeError("the store failed its integrity check");
}

void run_serve(ServeOptions& options) {
  if (options.check) {
    run_check(options);
    return;
  }
  auto& config = options.config;
  if (options.token.empty()) {
    if (const char* env = std::getenv("ELECTIVE_API_TOKEN"); env != nullptr && *env != '\0')
      options.token = env;
  }
  if (!options.token.empty()) config.token = options.token;
  if (options.max_body_mb <= 0) throw InputError("--max-body-mb: expected a positive number of megabytes");
  config.max_body_bytes = static_cast<std::size_t>(options.max_body_mb * 1024 * 1024);
  if (options.upload_memory_mb <= 0)
    throw InputError("--upload-memory-mb: expected a positive number of megabytes");
  config.upload_memory_bytes = static_cast<std::size_t>(options.upload_memory_mb * 1024 * 1024);
  if (options.job_memory_mb < 0) throw InputError("--job-memory-mb: expected 0 (no limit) or more");
  config.job_limits.memory_bytes = static_cast<std::size_t>(options.job_memory_mb * 1024 * 1024);
  config.job_limits.cpu_time = std::chrono::seconds(options.job_cpu_seconds);
  config.job_limits.wall_time = std::chrono::seconds(options.job_timeout_seconds);
  // Each connection takes a descriptor: use the hard limit (Debian's soft default, 1024, is the whole
  // --max-connections budget).
  if (rlimit files{}; ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, 65536);
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  config.import_chunk_delay = std::chrono::milliseconds(options.import_delay_ms);
  if (!options.quiet)
    config.log = [](const std::string& line) { std::fprintf(stderr, "elective serve: %s\n", line.c_str()); };

  // SIGINT/SIGTERM are taken by a dedicated thread (sigwait) so that the server stops cleanly: running jobs
  // are cancelled and the store is closed. Blocked before any other thread starts so every thread inherits
  // it.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  server::Server server(config);
  const int port = server.bind();
  if (!options.port_file.empty()) {
    std::ofstream out(options.port_file + ".tmp");
    out << port << "\n";
    out.close();
    std::rename((options.port_file + ".tmp").c_str(), options.port_file.c_str());
  }
  std::printf("elective: serving http://%s:%d/ (store %s)%s\n", config.host.c_str(), port,
              config.db_path.c_str(), config.token ? ", bearer token required" : "");
  std::fflush(stdout);

  std::thread waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    server.stop();
  });
  server.listen();
  // listen() returned: either a signal arrived (waiter done) or the server failed; wake the waiter if needed.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
}

const CommandRegistration registration("serve", [](CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Run the local web dashboard and JSON API (docs/api.md)");
  cmd->add_option("--port", options->config.port, "TCP port (0: any free port)")
      ->default_val(8080)
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--db", options->config.db_path,
                  "SQLite store (created on first start, with the bundled data)")
      ->default_val("elective.db");
  cmd->add_option("--host", options->config.host, "Address to bind; anything but loopback requires --token")
      ->default_val("127.0.0.1");
  cmd->add_option(
      "--token", options->token,
      "Bearer token required on /api/ requests (default: $ELECTIVE_API_TOKEN; at least 16 characters)");
  cmd->add_option("--static", options->config.static_dir, "Folder of the built dashboard")
      ->default_val("web/dist");
  cmd->add_option("--data-dir", options->config.data_dir,
                  "Folder of the bundled data (default: $ELECTIVE_DATA_DIR, else ./data)");
  cmd->add_option(
         "--allow-host", options->config.allowed_hosts,
         "A further host name the server answers for (besides loopback names and --host); repeatable")
      ->take_all();
  cmd->add_option("--max-body-mb", options->max_body_mb, "Largest request body in MiB (larger: 413)")
      ->default_val(256);
  cmd->add_option("--upload-memory-mb", options->upload_memory_mb,
                  "Memory all uploads in progress may hold together, in MiB (more: 503 and Retry-After)")
      ->default_val(1024);
  cmd->add_option("--header-timeout", options->config.header_timeout_seconds,
                  "Seconds a request head may take to arrive (slower: 408 and the connection closed)")
      ->default_val(10)
      ->check(CLI::Range(1, 300));
  cmd->add_option("--max-connections", options->config.max_connections,
                  "Open connections at once (more: 503)")
      ->default_val(1024)
      ->check(CLI::Range(16, 100000));
  cmd->add_option("--max-connections-per-client", options->config.max_connections_per_client,
                  "Open connections from one client address (more: 503)")
      ->default_val(256)
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--job-memory-mb", options->job_memory_mb,
                  "Memory a job's model process may take beyond the server's own (0: no limit)")
      ->default_val(4096);
  cmd->add_option("--job-cpu-seconds", options->job_cpu_seconds,
                  "Processor time of a job's model process, all threads (0: no limit)")
      ->default_val(3600)
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--job-timeout", options->job_timeout_seconds,
                  "Seconds a job's model process may run before it is stopped (0: no limit)")
      ->default_val(3600)
      ->check(CLI::Range(0, 1000000));
  cmd->add_flag(
      "--jobs-in-process", [options](std::int64_t) { options->config.isolate_jobs = false; },
      "Run models in the server process, not one child process per job (no job limits; for debugging)");
  cmd->add_option("--workers", options->config.job_workers, "Threads running forecast/solve/simulate jobs")
      ->default_val(2)
      ->check(CLI::Range(1, 16));
  cmd->add_option("--threads", options->config.http_threads,
                  "Threads processing HTTP requests (waiting and idle connections hold none)")
      ->default_val(64)
      ->check(CLI::Range(4, 512));
  cmd->add_flag(
      "--no-bundled-data", [options](std::int64_t) { options->config.load_bundled = false; },
      "Do not load the bundled real data into a new store");
  cmd->add_option("--port-file", options->port_file, "Write the bound port to this file once listening");
  cmd->add_flag("--quiet", options->quiet, "No request log on stderr");
  cmd->add_flag("--check", options->check,
                "Check the store's integrity (and that every dataset is complete), then exit");
  cmd->add_option("--debug-import-delay-ms", options->import_delay_ms,
                  "Testing only: pause after each 1 MiB chunk of an import")
      ->group("");
  cmd->callback([options] { run_serve(*options); });
});

}  // namespace
}  // namespace elective::cli
