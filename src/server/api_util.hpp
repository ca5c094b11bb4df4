#pragma once
// Small helpers shared by the API handlers: JSON responses and errors, query parameters, id parsing.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/calendar.hpp"

namespace elective::data {
struct Dataset;
}

namespace elective::server {

struct RouteContext;

// An error with an HTTP status, thrown by handlers and turned into {"error": message, "status": status}.
struct HttpError {
  int status;
  std::string message;
};

void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200);
void send_error(httplib::Response& res, int status, const std::string& message);

// A query parameter; nullopt when absent or empty.
std::optional<std::string> param(const httplib::Request& req, const std::string& key);
// All values of a (possibly repeated, possibly comma-separated) parameter.
std::vector<std::string> params(const httplib::Request& req, const std::string& key);
// A whole-number path or query value in [min, max]; throws HttpError 400 naming `what` otherwise.
std::int64_t parse_id(const std::string& text, const std::string& what);
// A YYYY-MM query parameter; nullopt when absent, HttpError 400 naming it when malformed.
std::optional<YearMonth> month_param(const httplib::Request& req, const std::string& key);
// A 1/true query flag.
bool flag(const httplib::Request& req, const std::string& key);

// A bundled data file of the server (`name`, a base name in its data folder), parsed once per server and
// shared by every route and job; HttpError 404 naming `what` when this server's data folder has none (a
// parse error stays a 400 naming the line).
std::shared_ptr<const data::Dataset> bundled_file(RouteContext& context, const std::string& name,
                                                  const std::string& what);
// The same, or nullptr when the file is not there (for answers that leave out what they lack).
std::shared_ptr<const data::Dataset> optional_bundled_file(RouteContext& context, const std::string& name);

// GET `path` answering make(context, req), cached (compressed) per query under `key`: for answers that only
// change with the bundled files.
void add_cached_get(httplib::Server& http, RouteContext& context, const char* path, const char* key,
                    std::string (*make)(RouteContext&, const httplib::Request&));

}  // namespace elective::server
