#pragma once
// Small helpers shared by the API handlers: JSON responses and errors, query parameters, id parsing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace elective::server {

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

}  // namespace elective::server
