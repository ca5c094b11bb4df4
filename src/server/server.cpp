#include "server/server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>

#include "core/error.hpp"
#include "server/api_util.hpp"
#include "server/compression.hpp"
#include "server/dataset_service.hpp"
#include "server/http_server.hpp"
#include "server/job_manager.hpp"
#include "server/job_runners.hpp"
#include "server/request_policy.hpp"
#include "server/response_cache.hpp"
#include "server/routes.hpp"
#include "server/routes_registry.hpp"
#include "server/scratch_dir.hpp"
#include "server/static_files.hpp"
#include "server/upload_budget.hpp"
#include "store/store.hpp"

namespace elective::server {
namespace fs = std::filesystem;

fs::path installed_share_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  return (exe.parent_path() / ".." / "share" / "elective").lexically_normal();
}

std::string default_data_dir() {
  if (const char* env = std::getenv("ELECTIVE_DATA_DIR"); env != nullptr && *env != '\0') return env;
  if (fs::exists("data/rtt_national_timeseries.csv")) return "data";
  // Installed (cmake --install): <prefix>/bin/elective finds <prefix>/share/elective/data.
  if (const auto share = installed_share_dir();
      !share.empty() && fs::exists(share / "data" / "rtt_national_timeseries.csv"))
    return (share / "data").string();
#ifdef ELECTIVE_SOURCE_DATA_DIR
  return ELECTIVE_SOURCE_DATA_DIR;
#else
  return "data";
#endif
}

std::string default_static_dir() {
  if (fs::exists("web/dist/index.html")) return "web/dist";
  if (const auto share = installed_share_dir(); !share.empty() && fs::exists(share / "web" / "index.html"))
    return (share / "web").string();
#ifdef ELECTIVE_SOURCE_WEB_DIR
  if (fs::exists(fs::path(ELECTIVE_SOURCE_WEB_DIR) / "index.html")) return ELECTIVE_SOURCE_WEB_DIR;
#endif
  return "web/dist";
}

namespace {

// Connections need a descriptor each; leave room for the store, jobs' pipes and files.
std::size_t connection_capacity(std::size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return wanted;
  const auto available = limit.rlim_cur > 128 ? static_cast<std::size_t>(limit.rlim_cur - 128) : 16;
  return std::max<std::size_t>(16, std::min(wanted, available));
}

ConnectionLimits connection_limits(const ServerConfig& config) {
  ConnectionLimits limits;
  limits.header_timeout = std::chrono::seconds(std::max(1, config.header_timeout_seconds));
  limits.max_connections = connection_capacity(config.max_connections);
  limits.max_connections_per_client = std::max<std::size_t>(1, config.max_connections_per_client);
  limits.max_body_requests = std::max<std::size_t>(1, config.max_body_requests);
  limits.max_body_bytes = config.max_body_bytes;
  limits.workers = std::max(4, config.http_threads);
  return limits;
}

}  // namespace

struct Server::Impl {
  ServerConfig config;
  store::Store store;
  ScratchDir scratch;
  DatasetService datasets;
  JobContext job_context;
  JobManager jobs;
  UploadBudget uploads;
  ResponseCache responses;
  StaticFileCache static_files;
  RequestPolicy policy;
  HttpServer http;
  RouteContext routes;
  std::thread warmer;
  int bound_port = 0;
  std::mutex log_mutex;

  explicit Impl(ServerConfig c)
      : config(std::move(c)),
        store(config.db_path),
        scratch(config.db_path),
        datasets(store),
        job_context{&datasets, config.data_dir, scratch.path(), config.isolate_jobs},
        jobs(store, make_job_runners(job_context), config.job_workers),
        uploads(config.upload_memory_bytes),
        static_files(config.static_dir),
        policy{config.host, config.allowed_hosts, config.token},
        http(connection_limits(config)),
        routes{config,  datasets,  jobs,         job_context,
               uploads, responses, static_files, [this](const std::string& line) { log(line); }} {}

  ~Impl() {
    if (warmer.joinable()) warmer.join();
  }

  void log(const std::string& line) {
    if (!config.log) return;
    std::lock_guard lock(log_mutex);
    config.log(line);
  }

  void setup();
};

void Server::Impl::setup() {
  http.set_payload_max_length(config.max_body_bytes);
  // Only the Keep-Alive header's text: the front end (http_server.hpp) enforces these (the idle timeout three
  // times longer than announced, see ConnectionLimits::keep_alive_timeout).
  http.set_keep_alive_max_count(100);
  http.set_keep_alive_timeout(5);
  http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                            {"Referrer-Policy", "no-referrer"},
                            {"X-Frame-Options", "DENY"}});
  http.set_request_hook(hide_accept_encoding);
  http.set_front_log([this](const std::string& line) { log(line); });

  // Host, token, Origin and CSRF rules (request_policy.hpp), before any body is read.
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    const auto refusal = check_request(policy, req);
    if (!refusal) return httplib::Server::HandlerResponse::Unhandled;
    if (refusal->status == 401) res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, refusal->status, refusal->message);
    return httplib::Server::HandlerResponse::Handled;
  });
  // A client that waits for "100 Continue" before sending a large body is refused before sending it when the
  // request would be refused anyway, or when an upload would not fit in the upload memory budget.
  http.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (const auto refusal = check_request(policy, req)) {
      send_error(res, refusal->status, refusal->message);
      return refusal->status;
    }
    if (req.method == "POST" && req.path == "/api/datasets" && req.has_header("Content-Length")) {
      const auto length = std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
      const auto in_use = uploads.in_use();
      if (in_use > 0 && in_use + length * kUploadMemoryPerByte > uploads.limit()) {
        res.set_header("Retry-After", "2");
        send_error(res, 503,
                   "the server is receiving other uploads and has no upload memory left for this "
                   "one; try again in a few seconds");
        return 503;
      }
    }
    return 100;
  });

  // Errors the library raises itself (404 for unknown routes, 413 for bodies over the limit, 400 for
  // malformed requests) get the same JSON shape as handler errors.
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string message = "HTTP error " + std::to_string(res.status);
    if (res.status == 400) message = "bad request";
    if (res.status == 413) message = "request body too large";
    if (res.status == 404) message = "not found: " + req.path;
    if (res.status == 414) message = "request URI too long";
    if (res.status == 416) message = "range not satisfiable";
    send_error(res, res.status, message);
  });
  http.set_exception_handler([this](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    respond_to_exception(routes.log, res, ep);
  });
  // Text answers not compressed yet (static files and cached JSON are) get a fast gzip.
  http.set_post_routing_handler(compress_response);
  // Request log: method, path (never the query string or body, which may hold codes or uploads), status.
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    log(fmt::format("{} {} {}", req.method, req.path, res.status));
  });

  add_meta_routes(http, routes);
  add_dataset_routes(http, routes);
  add_stats_routes(http, routes);
  add_provider_routes(http, routes);
  add_standards_routes(http, routes);
  add_productivity_routes(http, routes);
  add_job_routes(http, routes);
  add_registry_routes(http);
  add_static_routes(http, routes);  // last: it answers every other GET
}

Server::Server(ServerConfig config) {
  if (!is_loopback_host(config.host) && (!config.token || config.token->empty()))
    throw InputError(
        "--host " + config.host +
        " is not a loopback address: a bearer token is required (--token or ELECTIVE_API_TOKEN)");
  if (config.token && config.token->size() < 16) throw InputError("--token: use at least 16 characters");
  for (const auto& host : config.allowed_hosts)
    if (!host_of_authority(host) || host.find(':') != std::string::npos)
      throw InputError("--allow-host: expected a host name without port, got \"" + host + "\"");
  if (config.data_dir.empty()) config.data_dir = default_data_dir();
  // The default dashboard folder, ./web/dist, is looked for beside the installed binary or in the source tree
  // when the server is started from another folder.
  if (config.static_dir.empty() || config.static_dir == kDefaultStaticDir)
    config.static_dir = default_static_dir();
  if (config.scenarios_dir.empty())
    config.scenarios_dir = (fs::path(config.data_dir) / ".." / "scenarios").lexically_normal().string();
  set_default_job_limits(config.job_limits);
  const auto delay = config.import_chunk_delay;
  const bool bundled = config.load_bundled;
  impl_ = std::make_unique<Impl>(std::move(config));
  if (impl_->scratch.removed_stale() > 0)
    impl_->log(fmt::format("removed {} scratch folders left by a server that did not stop cleanly",
                           impl_->scratch.removed_stale()));
  impl_->log(fmt::format("dashboard files from {}", impl_->config.static_dir));
  impl_->store.set_import_chunk_delay(delay);
  if (bundled) {
    const int loaded = impl_->datasets.load_bundled(impl_->config.data_dir);
    if (loaded > 0)
      impl_->log(fmt::format("loaded {} bundled datasets from {}", loaded, impl_->config.data_dir));
  }
  impl_->setup();
  // Compress the dashboard's files now, so the first visitor does not wait for Brotli.
  impl_->warmer = std::thread([impl = impl_.get()] {
    try {
      impl->static_files.warm();
    } catch (const std::exception& e) {
      impl->log(std::string("static files: ") + e.what());
    }
  });
}

Server::~Server() {
  if (impl_) {
    impl_->http.stop_listening();
    impl_->jobs.shutdown();
  }
}

int Server::bind() {
  impl_->bound_port = impl_->http.bind(impl_->config.host, impl_->config.port);
  impl_->http.raise_backlog(1024);
  return impl_->bound_port;
}

void Server::listen() {
  impl_->http.serve();
}
void Server::stop() {
  impl_->http.stop_listening();
}
int Server::port() const {
  return impl_->bound_port;
}

}  // namespace elective::server
