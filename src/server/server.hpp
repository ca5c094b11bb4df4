#pragma once
// `elective serve`: the HTTP JSON API (docs/api.md) and the web dashboard's static files, over the SQLite
// store. Binds 127.0.0.1 unless told otherwise; bound anywhere else it refuses to start without a bearer
// token. The threat model and every limit below are described in docs/security.md.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/isolated_run.hpp"

namespace elective::server {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;                      // 0: any free port (see Server::port())
  std::string db_path = "elective.db";  // created on first start
  std::optional<std::string> token;     // bearer token; required when host is not a loopback address
  std::vector<std::string>
      allowed_hosts;                    // Host names served besides loopback names and `host` (--allow-host)
  std::string static_dir = "web/dist";  // built dashboard (relative to the current directory)
  std::string data_dir;       // bundled data; empty: ELECTIVE_DATA_DIR, else ./data, else the source tree
  std::string scenarios_dir;  // ready scenarios (GET /api/scenarios); empty: <data_dir>/../scenarios
  std::size_t max_body_bytes = 256u << 20;  // larger requests get 413
  // Memory all uploads in progress may hold together (each reserves twice its body); more get 503.
  std::size_t upload_memory_bytes = std::size_t{1024} << 20;
  int job_workers = 2;
  bool isolate_jobs = true;  // run each model in a child process: a crash fails the job, not the server
  JobLimits job_limits;      // memory, processor time and elapsed time of each job's child process
  int http_threads = 64;     // requests processed at once (slow and idle connections hold no thread)
  int header_timeout_seconds = 10;               // a request head must arrive whole within this
  std::size_t max_connections = 1024;            // open connections in total (capped by the descriptor limit)
  std::size_t max_connections_per_client = 256;  // open connections from one client address
  std::size_t max_body_requests = 16;            // requests receiving a body at once
  bool load_bundled = true;                      // load the bundled real data into a new store
  std::chrono::milliseconds import_chunk_delay{0};  // test hook: slows imports (crash-during-import test)
  std::function<void(const std::string&)> log;      // one line per request (no query strings); null: silent
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host);
// The data directory used when ServerConfig::data_dir is empty: $ELECTIVE_DATA_DIR, ./data, the installed
// <prefix>/share/elective/data beside <prefix>/bin/elective, else the source tree's data/.
std::string default_data_dir();

// The dashboard folder `elective serve` uses by default, and where it is looked for: ./web/dist, the
// installed <prefix>/share/elective/web, else the source tree's web/dist.
inline constexpr const char* kDefaultStaticDir = "web/dist";
std::string default_static_dir();

class Server {
 public:
  // Opens the store (loading the bundled data into a new one) and sets up the routes. Throws InputError when
  // the host is not loopback and no token is given, IoError when the store cannot be opened.
  explicit Server(ServerConfig config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; returns the port (useful with port 0). Throws IoError when it cannot bind.
  int bind();
  // Serves until stop() (from another thread or a signal handler's helper thread).
  void listen();
  void stop();
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace elective::server
