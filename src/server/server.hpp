#pragma once
// `elective serve`: the HTTP JSON API (docs/api.md) and the web dashboard's static files, over the SQLite
// store. Binds 127.0.0.1 unless told otherwise; bound anywhere else it refuses to start without a bearer
// token.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace elective::server {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;                      // 0: any free port (see Server::port())
  std::string db_path = "elective.db";  // created on first start
  std::optional<std::string> token;     // bearer token; required when host is not a loopback address
  std::string static_dir = "web/dist";  // built dashboard (relative to the current directory)
  std::string data_dir;       // bundled data; empty: ELECTIVE_DATA_DIR, else ./data, else the source tree
  std::string scenarios_dir;  // ready scenarios (GET /api/scenarios); empty: <data_dir>/../scenarios
  std::size_t max_body_bytes = 256u << 20;  // larger requests get 413
  int job_workers = 2;
  bool isolate_jobs = true;  // run each model in a child process: a crash fails the job, not the server
  int http_threads = 64;     // connections served at once (one thread each)
  bool load_bundled = true;  // load the bundled real data into a new store
  std::chrono::milliseconds import_chunk_delay{0};  // test hook: slows imports (crash-during-import test)
  std::function<void(const std::string&)> log;      // one line per request (no query strings); null: silent
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host);
// The data directory used when ServerConfig::data_dir is empty.
std::string default_data_dir();

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
