#pragma once
// What the route files share. One file per resource registers its routes on the HTTP server:
//   routes_meta.cpp     GET /api/health, GET /api/scenarios
//   routes_datasets.cpp /api/datasets (list, one, delete, upload)
//   routes_stats.cpp    GET /api/stats, /api/national, /api/wait-estimate, /api/inequalities
//   routes_providers.cpp GET /api/providers, /api/provider-stats (every provider of England)
//   routes_standards.cpp GET /api/diagnostics, /api/cancer, /api/standards (the other waiting-time standards)
//   routes_productivity.cpp GET /api/productivity, /api/productivity/elasticity (trust by trust)
//   routes_jobs.cpp     /api/jobs (submit, list, one, result, result.xlsx, cancel)
//   routes_static.cpp   every other GET: the dashboard's files (registered last: it matches every path)
// server.cpp builds the RouteContext, installs the request policy, error handlers and logger, and calls the
// add_*_routes functions.
#include <exception>
#include <functional>
#include <string>

#include <httplib.h>

#include "server/api_util.hpp"

namespace elective::server {

struct ServerConfig;
class DatasetService;
class JobManager;
struct JobContext;
class UploadBudget;
class ResponseCache;
class StaticFileCache;

using LogLine = std::function<void(const std::string&)>;

struct RouteContext {
  const ServerConfig& config;
  DatasetService& datasets;
  JobManager& jobs;
  const JobContext& job_context;
  UploadBudget& uploads;
  ResponseCache& responses;  // compressed JSON of unchanging answers (cleared when a dataset is deleted)
  StaticFileCache& static_files;
  LogLine log;  // server log (thread-safe); never given query strings, bodies or identifiers
};

// Answers an exception escaping a handler as a JSON error: HttpError with its status; InputError 400;
// CancelledError 409; a JSON parse error 400; anything else 500 with the generic message "internal error" -
// the exception's text goes to `log` only, never to the client (it can name server paths or database
// details).
void respond_to_exception(const LogLine& log, httplib::Response& res, std::exception_ptr error);

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
using ReaderHandler =
    std::function<void(const httplib::Request&, httplib::Response&, const httplib::ContentReader&)>;
// A handler with respond_to_exception around it.
httplib::Server::Handler guarded(LogLine log, Handler handler);
httplib::Server::HandlerWithContentReader guarded(LogLine log, ReaderHandler handler);

void add_meta_routes(httplib::Server& http, RouteContext& context);
void add_dataset_routes(httplib::Server& http, RouteContext& context);
void add_stats_routes(httplib::Server& http, RouteContext& context);
void add_provider_routes(httplib::Server& http, RouteContext& context);
void add_standards_routes(httplib::Server& http, RouteContext& context);
void add_productivity_routes(httplib::Server& http, RouteContext& context);
// GET /api/wait-estimate?source=providers: every provider's wait looking back and forward, from the provider
// months file (routes_providers.cpp).
void send_forward_wait_estimate(RouteContext& context, const httplib::Request& req, httplib::Response& res);
void add_job_routes(httplib::Server& http, RouteContext& context);
void add_static_routes(httplib::Server& http, RouteContext& context);

}  // namespace elective::server
