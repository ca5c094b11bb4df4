#include "server/server.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>
#include <httplib.h>
#include <toml++/toml.h>

#include "core/error.hpp"
#include "core/table.hpp"
#include "data/csv.hpp"
#include "server/api_util.hpp"
#include "server/dataset_service.hpp"
#include "server/inequalities.hpp"
#include "server/job_manager.hpp"
#include "server/job_runners.hpp"
#include "server/routes_registry.hpp"
#include "server/static_files.hpp"
#include "server/wait_estimate.hpp"
#include "stats/rtt_query.hpp"
#include "store/store.hpp"

namespace elective::server {
namespace fs = std::filesystem;

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

std::string default_data_dir() {
  if (const char* env = std::getenv("ELECTIVE_DATA_DIR"); env != nullptr && *env != '\0') return env;
  if (fs::exists("data/rtt_national_timeseries.csv")) return "data";
#ifdef ELECTIVE_SOURCE_DATA_DIR
  return ELECTIVE_SOURCE_DATA_DIR;
#else
  return "data";
#endif
}

namespace {

// Constant-time comparison, so the token cannot be guessed byte by byte from response times.
bool same_secret(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

int status_for(const Error& e) {
  switch (e.category()) {
    case ErrorCategory::input:
      return 400;
    case ErrorCategory::cancelled:
      return 409;
    default:
      return 500;
  }
}

std::optional<YearMonth> parse_month_param(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto month = YearMonth::parse(*text);
  if (!month) throw HttpError{400, "month: expected YYYY-MM, got \"" + *text + "\""};
  return month;
}

}  // namespace

// cpp-httplib (0.11, compiled into Debian's shared library) listens with a backlog of 5, so a burst of new
// connections overflows the queue and clients wait a full second for a SYN retransmit. Linux lets a listening
// socket's backlog be raised by calling listen() again, which this subclass does after binding.
class HttpServer : public httplib::Server {
 public:
  void raise_backlog(int backlog) {
    if (svr_sock_ != INVALID_SOCKET) ::listen(svr_sock_, backlog);
  }
};

// A fresh private folder (mkdtemp: unique name, mode 0700) for datasets exported for one run, so that a
// patient-level list copied there is readable by this user only and no other process can pre-create it.
std::string private_scratch_dir() {
  std::string pattern = (fs::temp_directory_path() / "elective-serve-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw IoError("cannot create a private temporary folder in " + fs::temp_directory_path().string());
  return pattern;
}

struct Server::Impl {
  ServerConfig config;
  store::Store store;
  DatasetService datasets;
  JobContext job_context;
  JobManager jobs;
  HttpServer http;
  int bound_port = 0;
  std::mutex log_mutex;

  explicit Impl(ServerConfig c)
      : config(std::move(c)),
        store(config.db_path),
        datasets(store),
        job_context{&datasets, config.data_dir, private_scratch_dir(), config.isolate_jobs},
        jobs(store, make_job_runners(job_context), config.job_workers) {}

  ~Impl() {
    std::error_code ec;
    fs::remove_all(job_context.scratch_dir, ec);
  }

  void log(const std::string& line) {
    if (!config.log) return;
    std::lock_guard lock(log_mutex);
    config.log(line);
  }

  // Runs a handler, turning exceptions into JSON errors: InputError 400, HttpError its status, others 500
  // (with a generic message: internal details stay in the server log).
  template <typename F>
  httplib::Server::Handler guarded(F handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      try {
        handler(req, res);
      } catch (const HttpError& e) {
        send_error(res, e.status, e.message);
      } catch (const Error& e) {
        const int status = status_for(e);
        if (status == 500) log(std::string("error: ") + e.what());
        send_error(res, status, status == 500 ? std::string(e.what()) : std::string(e.what()));
      } catch (const nlohmann::json::exception& e) {
        send_error(res, 400, std::string("invalid JSON: ") + e.what());
      } catch (const std::exception& e) {
        log(std::string("internal error: ") + e.what());
        send_error(res, 500, "internal error");
      }
    };
  }

  void setup();
  void routes_datasets();
  void routes_stats();
  void routes_jobs();
  void routes_static();
};

void Server::Impl::setup() {
  http.new_task_queue = [threads = config.http_threads] {
    return new httplib::ThreadPool(static_cast<size_t>(std::max(4, threads)));
  };
  http.set_payload_max_length(config.max_body_bytes);
  // cpp-httplib gives each connection a pool thread for its whole life, so kept-alive connections are
  // recycled after 100 requests or 2 idle seconds: otherwise clients beyond the pool size would starve.
  http.set_keep_alive_max_count(100);
  http.set_keep_alive_timeout(2);
  http.set_read_timeout(30);
  http.set_write_timeout(30);
  http.set_tcp_nodelay(true);
  http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                            {"Referrer-Policy", "no-referrer"},
                            {"X-Frame-Options", "DENY"}});

  // Auth: with a token configured, every /api/ route but /api/health needs "Authorization: Bearer <token>".
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!config.token || req.path.rfind("/api/", 0) != 0 || req.path == "/api/health")
      return httplib::Server::HandlerResponse::Unhandled;
    const auto header = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (header.rfind(prefix, 0) == 0 && same_secret(header.substr(prefix.size()), *config.token))
      return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, "a bearer token is required (Authorization: Bearer <token>)");
    return httplib::Server::HandlerResponse::Handled;
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
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    log("internal error: " + what);
    send_error(res, 500, "internal error");
  });
  // Request log: method, path (never the query string or body, which may hold codes or uploads), status,
  // time.
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    log(fmt::format("{} {} {}", req.method, req.path, res.status));
  });

  http.Get("/api/health", guarded([this](const httplib::Request&, httplib::Response& res) {
             send_json(res, {{"status", "ok"},
                             {"version", "0.1.0"},
                             {"auth_required", config.token.has_value()},
                             {"job_kinds", jobs.kinds()},
                             {"datasets", datasets.list().size()}});
           }));
  // The ready-made scenarios shipped in scenarios/ (published plans, current trends, patient-level runs), so
  // the dashboard can start from them. Only *.toml files directly in that folder are listed.
  http.Get("/api/scenarios", guarded([this](const httplib::Request&, httplib::Response& res) {
             nlohmann::json list = nlohmann::json::array();
             std::error_code ec;
             std::vector<fs::path> files;
             for (const auto& entry : fs::directory_iterator(config.scenarios_dir, ec))
               if (entry.is_regular_file() && entry.path().extension() == ".toml")
                 files.push_back(entry.path());
             std::sort(files.begin(), files.end());
             for (const auto& file : files) {
               const auto text = data::read_file(file.string());
               nlohmann::json item = {{"file", file.filename().string()},
                                      {"name", file.stem().string()},
                                      {"description", ""},
                                      {"patient_level", false},
                                      {"text", text}};
               try {
                 const auto table = toml::parse(text, file.string());
                 if (auto name = table["scenario"]["name"].value<std::string>()) item["name"] = *name;
                 if (auto description = table["scenario"]["description"].value<std::string>())
                   item["description"] = *description;
                 item["patient_level"] = table.contains("simulation");
               } catch (const toml::parse_error&) {
                 continue;  // not a valid scenario: not offered
               }
               list.push_back(std::move(item));
             }
             send_json(res, {{"scenarios", list}});
           }));
  add_registry_routes(http);
  routes_datasets();
  routes_stats();
  routes_jobs();
  routes_static();
}

void Server::Impl::routes_datasets() {
  http.Get("/api/datasets", guarded([this](const httplib::Request&, httplib::Response& res) {
             nlohmann::json list = nlohmann::json::array();
             for (const auto& info : datasets.list()) list.push_back(dataset_json(info));
             send_json(res, {{"datasets", list}});
           }));
  http.Get(R"(/api/datasets/(\d+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
             auto info = datasets.find(parse_id(req.matches[1], "dataset id"));
             if (!info) throw HttpError{404, "no dataset " + std::string(req.matches[1])};
             send_json(res, dataset_json(*info));
           }));
  http.Delete(R"(/api/datasets/(\d+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
                const auto id = parse_id(req.matches[1], "dataset id");
                if (!datasets.remove(id)) throw HttpError{404, "no dataset " + std::to_string(id)};
                send_json(res, {{"deleted", id}});
              }));
  // Upload: multipart/form-data with one or more file fields (any field name; "file" by convention) and
  // optional "name" and "kind" fields; or a raw text/csv body with ?name=&kind= query parameters.
  http.Post(
      "/api/datasets", guarded([this](const httplib::Request& req, httplib::Response& res) {
        std::vector<UploadedFile> files;
        std::string name;
        std::optional<std::string> kind_text;
        if (req.is_multipart_form_data()) {
          for (const auto& [field, part] : req.files) {
            if (!part.filename.empty()) {
              files.push_back({part.filename, part.content});
            } else if (field == "name") {
              name = part.content;
            } else if (field == "kind" && !part.content.empty()) {
              kind_text = part.content;
            }
          }
        } else {
          if (req.body.empty())
            throw HttpError{400, "no file: send multipart/form-data with a \"file\" field, or a CSV body"};
          files.push_back({param(req, "filename").value_or("upload.csv"), req.body});
          name = param(req, "name").value_or("");
          kind_text = param(req, "kind");
        }
        std::optional<store::DatasetKind> kind;
        if (kind_text) {
          kind = store::parse_dataset_kind(*kind_text);
          if (!kind)
            throw HttpError{400, "kind: expected rtt, national or patient_list, got \"" + *kind_text + "\""};
        }
        const auto info = datasets.import_files(name, kind, std::move(files));
        log(fmt::format("imported dataset {} ({}, {} rows)", info.id, store::to_string(info.kind),
                        info.rows));
        res.set_header("Location", "/api/datasets/" + std::to_string(info.id));
        send_json(res, dataset_json(info), 201);
      }));
}

void Server::Impl::routes_stats() {
  // The same selections as `elective stats`; the body is exactly `elective stats --format json`.
  http.Get("/api/stats", guarded([this](const httplib::Request& req, httplib::Response& res) {
             const auto info = datasets.resolve(param(req, "dataset"), store::DatasetKind::rtt);
             const auto extract = datasets.rtt(info.id);
             stats::Selection selection;
             if (auto part = param(req, "part")) selection.part = data::parse_part(*part);
             selection.provider = param(req, "provider");
             selection.tfc = param(req, "tfc");
             selection.commissioner = param(req, "commissioner");
             selection.month = parse_month_param(param(req, "month"));
             const auto by = stats::parse_breakdowns(params(req, "by"));
             stats::StatsTableOptions options;
             const auto bands = param(req, "bands");
             options.bands = bands && (*bands == "1" || *bands == "true");
             const auto rows = stats::query(*extract, selection, by);
             const auto table = stats::stats_table(rows, options);
             res.status = 200;
             res.set_content(render(table, Format::json), "application/json");
           }));

  // England's monthly series (NHS England RTT overview time series), for the overview charts.
  http.Get("/api/national", guarded([this](const httplib::Request& req, httplib::Response& res) {
             const auto info = datasets.resolve(param(req, "dataset"), store::DatasetKind::national);
             const auto series = datasets.national(info.id);
             const auto from = parse_month_param(param(req, "from"));
             const auto to = parse_month_param(param(req, "to"));
             static const char* columns[] = {"incomplete_total",
                                             "incomplete_total_est",
                                             "incomplete_pct_within_18_weeks",
                                             "incomplete_pct_within_18_weeks_est",
                                             "incomplete_median_wait_weeks",
                                             "incomplete_p92_wait_weeks",
                                             "incomplete_over_18_weeks",
                                             "incomplete_over_52_weeks",
                                             "incomplete_over_52_weeks_est",
                                             "incomplete_over_65_weeks",
                                             "incomplete_over_78_weeks",
                                             "incomplete_over_104_weeks",
                                             "new_rtt_periods",
                                             "admitted_pathways",
                                             "nonadmitted_pathways"};
             nlohmann::json months = nlohmann::json::array();
             for (size_t row = 0; row < series->size(); ++row) {
               const auto month = series->months()[row];
               if ((from && month < *from) || (to && month > *to)) continue;
               nlohmann::json item = {{"month", month.to_string()}};
               for (const char* column : columns) {
                 if (!series->has_column(column)) continue;
                 const auto value = series->value(column, row);
                 item[column] = value ? nlohmann::json(*value) : nlohmann::json();
               }
               months.push_back(std::move(item));
             }
             send_json(res, {{"dataset", info.id}, {"source", info.name}, {"months", months}});
           }));

  http.Get("/api/wait-estimate", guarded([this](const httplib::Request& req, httplib::Response& res) {
             const auto tfc = param(req, "tfc");
             if (!tfc) throw HttpError{400, "tfc: required (a treatment function code such as C_110 or 110)"};
             const auto info = datasets.resolve(param(req, "dataset"), store::DatasetKind::rtt);
             const auto extract = datasets.rtt(info.id);
             WaitEstimateQuery query;
             query.tfc = *tfc;
             query.provider = param(req, "provider");
             query.commissioner = param(req, "commissioner");
             query.month = parse_month_param(param(req, "month"));
             auto body = wait_estimate_json(estimate_waits(*extract, query));
             body["dataset"] = info.id;
             send_json(res, body);
           }));

  http.Get("/api/inequalities", guarded([this](const httplib::Request& req, httplib::Response& res) {
             const auto info = datasets.resolve(param(req, "dataset"), store::DatasetKind::patient_list);
             const auto by_text = param(req, "by").value_or("imd_quintile");
             const auto dimension = parse_equity_dimension(by_text);
             if (!dimension)
               throw HttpError{
                   400, "by: expected imd_quintile, ethnic_group, age_band or sex, got \"" + by_text + "\""};
             EquityFilter filter{param(req, "provider"), param(req, "tfc")};
             auto body = equity_breakdown(*datasets.patient_list(info.id), *dimension, filter);
             body["dataset"] = info.id;
             send_json(res, body);
           }));
}

void Server::Impl::routes_jobs() {
  http.Post(
      "/api/jobs", guarded([this](const httplib::Request& req, httplib::Response& res) {
        const auto request = nlohmann::json::parse(req.body);
        if (!request.is_object() || !request.contains("kind") || !request["kind"].is_string())
          throw HttpError{400, "expected {\"kind\": \"forecast\"|\"solve\"|\"simulate\", \"scenario\": ...}"};
        const auto kind = request["kind"].get<std::string>();
        if (!jobs.knows_kind(kind))
          throw HttpError{400, "kind: \"" + kind + "\" is not a job kind this server runs (" +
                                   fmt::format("{}", fmt::join(jobs.kinds(), ", ")) + ")"};
        check_job_request(job_context, request);  // a bad scenario is a 400 now, not a failed job later
        std::int64_t id = 0;
        try {
          id = jobs.submit(kind, request);
        } catch (const RuntimeError& e) {
          throw HttpError{503, e.what()};
        }
        res.set_header("Location", "/api/jobs/" + std::to_string(id));
        send_json(res, *jobs.describe(id, false), 202);
      }));
  http.Get("/api/jobs", guarded([this](const httplib::Request&, httplib::Response& res) {
             send_json(res, {{"jobs", jobs.list()}});
           }));
  http.Get(R"(/api/jobs/(\d+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
             auto job = jobs.describe(parse_id(req.matches[1], "job id"));
             if (!job) throw HttpError{404, "no job " + std::string(req.matches[1])};
             send_json(res, *job);
           }));
  http.Get(R"(/api/jobs/(\d+)/result)", guarded([this](const httplib::Request& req, httplib::Response& res) {
             auto job = jobs.describe(parse_id(req.matches[1], "job id"));
             if (!job) throw HttpError{404, "no job " + std::string(req.matches[1])};
             if (!job->contains("result"))
               throw HttpError{
                   409, "job " + std::string(req.matches[1]) + " is " + (*job)["state"].get<std::string>()};
             send_json(res, (*job)["result"]);
           }));
  http.Delete(R"(/api/jobs/(\d+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
                const auto id = parse_id(req.matches[1], "job id");
                if (!jobs.cancel(id)) throw HttpError{404, "no job " + std::to_string(id)};
                send_json(res, *jobs.describe(id, false), 202);
              }));
}

void Server::Impl::routes_static() {
  http.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/api/", 0) == 0 || req.path == "/api") {
      send_error(res, 404, "not found: " + req.path);
      return;
    }
    auto file = find_static_file(config.static_dir, req.path);
    if (!file) {
      std::error_code ec;
      if (!fs::exists(fs::path(config.static_dir) / "index.html", ec) &&
          (req.path == "/" || req.path == "/index.html")) {
        res.set_content(missing_dashboard_page(config.static_dir), "text/html; charset=utf-8");
        return;
      }
      send_error(res, 404, "not found: " + req.path);
      return;
    }
    res.set_header("Cache-Control", file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    if (file->content_type.rfind("text/html", 0) == 0)
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                     "connect-src 'self'; frame-ancestors 'none'");
    res.set_content(std::move(file->content), file->content_type);
  });
}

Server::Server(ServerConfig config) {
  if (!is_loopback_host(config.host) && (!config.token || config.token->empty()))
    throw InputError(
        "--host " + config.host +
        " is not a loopback address: a bearer token is required (--token or ELECTIVE_API_TOKEN)");
  if (config.token && config.token->size() < 16) throw InputError("--token: use at least 16 characters");
  if (config.data_dir.empty()) config.data_dir = default_data_dir();
  if (config.scenarios_dir.empty())
    config.scenarios_dir = (fs::path(config.data_dir) / ".." / "scenarios").lexically_normal().string();
  const auto delay = config.import_chunk_delay;
  const bool bundled = config.load_bundled;
  impl_ = std::make_unique<Impl>(std::move(config));
  impl_->store.set_import_chunk_delay(delay);
  if (bundled) {
    const int loaded = impl_->datasets.load_bundled(impl_->config.data_dir);
    if (loaded > 0)
      impl_->log(fmt::format("loaded {} bundled datasets from {}", loaded, impl_->config.data_dir));
  }
  impl_->setup();
}

Server::~Server() {
  if (impl_) {
    impl_->http.stop();
    impl_->jobs.shutdown();
  }
}

int Server::bind() {
  if (impl_->config.port == 0) {
    impl_->bound_port = impl_->http.bind_to_any_port(impl_->config.host);
    if (impl_->bound_port <= 0) throw IoError("cannot listen on " + impl_->config.host);
  } else {
    if (!impl_->http.bind_to_port(impl_->config.host, impl_->config.port))
      throw IoError(fmt::format("cannot listen on {}:{} (in use, or not allowed)", impl_->config.host,
                                impl_->config.port));
    impl_->bound_port = impl_->config.port;
  }
  impl_->http.raise_backlog(1024);
  return impl_->bound_port;
}

void Server::listen() {
  impl_->http.listen_after_bind();
}
void Server::stop() {
  impl_->http.stop();
}
int Server::port() const {
  return impl_->bound_port;
}

}  // namespace elective::server
