#pragma once
// GCC 12 reports a false -Wmaybe-uninitialized when copying a ServerConfig (its std::optional<std::string>)
// at -O3.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// A server on a loopback ephemeral port with a private store in a temporary folder, for API tests.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include <httplib.h>

#include "server/server.hpp"

namespace elective::server::testing {

class RunningServer {
 public:
  explicit RunningServer(ServerConfig config, const std::string& tag) {
    dir_ = std::filesystem::temp_directory_path() /
           ("elective-server-test-" + tag + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "static" / "assets");
    std::ofstream(dir_ / "static" / "index.html") << "<!doctype html><title>dashboard</title>";
    std::ofstream(dir_ / "static" / "assets" / "app-1234.js") << "console.log('app')";
    {
      std::ofstream big(dir_ / "static" / "assets" / "big-5678.js");
      for (int i = 0; i < 2000; ++i) big << "export const value" << i << " = 'some text to compress';\n";
    }
    std::ofstream(dir_ / "secret.txt") << "outside the static root";
    config.host = "127.0.0.1";
    config.port = 0;
    config.db_path = (dir_ / "test.db").string();
    if (config.static_dir == "web/dist") config.static_dir = (dir_ / "static").string();
    config.data_dir = std::string(ELECTIVE_SOURCE_DIR) + "/data";
    config_ = config;
    server_ = std::make_unique<Server>(config);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->listen(); });
  }
  ~RunningServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  // A client as the dashboard is: its state-changing requests carry the CSRF header and cookie.
  httplib::Client client() const {
    auto c = bare_client();
    c.set_default_headers({{"X-Elective-CSRF", kCsrf}, {"Cookie", std::string("elective_csrf=") + kCsrf}});
    return c;
  }
  // A client without the CSRF header and cookie.
  httplib::Client bare_client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60);
    return c;
  }
  static constexpr const char* kCsrf = "test-csrf-value-0123";
  int port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }
  const ServerConfig& config() const { return config_; }

 private:
  std::filesystem::path dir_;
  ServerConfig config_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace elective::server::testing
