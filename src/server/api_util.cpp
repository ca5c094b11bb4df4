#include "server/api_util.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "data/csv.hpp"
#include "server/compression.hpp"
#include "server/job_runners.hpp"
#include "server/response_cache.hpp"
#include "server/routes.hpp"
#include "server/server.hpp"

namespace elective::server {

void send_json(httplib::Response& res, const nlohmann::json& body, int status) {
  res.status = status;
  // Non-finite numbers cannot be written as JSON; nlohmann writes them as null.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, {{"error", message}, {"status", status}}, status);
}

std::optional<std::string> param(const httplib::Request& req, const std::string& key) {
  if (!req.has_param(key)) return std::nullopt;
  auto value = req.get_param_value(key);
  if (value.empty()) return std::nullopt;
  return value;
}

std::vector<std::string> params(const httplib::Request& req, const std::string& key) {
  std::vector<std::string> out;
  const auto count = req.get_param_value_count(key);
  for (size_t i = 0; i < count; ++i) {
    const auto value = req.get_param_value(key, i);
    size_t start = 0;
    while (start <= value.size()) {
      const auto end = value.find(',', start);
      auto item = std::string(
          data::trim(value.substr(start, end == std::string::npos ? std::string::npos : end - start)));
      if (!item.empty()) out.push_back(item);
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return out;
}

std::int64_t parse_id(const std::string& text, const std::string& what) {
  const auto value = data::parse_int64(text);
  if (!value || *value <= 0)
    throw HttpError{400, what + ": expected a positive whole number, got \"" + text + "\""};
  return *value;
}

std::optional<YearMonth> month_param(const httplib::Request& req, const std::string& key) {
  const auto text = param(req, key);
  if (!text) return std::nullopt;
  const auto month = YearMonth::parse(*text);
  if (!month) throw HttpError{400, fmt::format("{}: expected YYYY-MM, got \"{}\"", key, *text)};
  return month;
}

bool flag(const httplib::Request& req, const std::string& key) {
  const auto value = param(req, key);
  return value && (*value == "1" || *value == "true");
}

namespace {

bool has_bundled_file(const RouteContext& context, const std::string& name) {
  std::error_code ec;
  return std::filesystem::is_regular_file(std::filesystem::path(context.config.data_dir) / name, ec);
}

std::string cache_key(const std::string& route, const httplib::Request& req) {
  std::string key = route;
  for (const auto& [name, value] : req.params) key += fmt::format("&{}={}", name, value);
  return key;
}

}  // namespace

std::shared_ptr<const data::Dataset> bundled_file(RouteContext& context, const std::string& name,
                                                  const std::string& what) {
  if (!has_bundled_file(context, name))
    throw HttpError{404, fmt::format("this server has no {} ({})", what, name)};
  return context.job_context.bundled->get(context.config.data_dir, name);
}

std::shared_ptr<const data::Dataset> optional_bundled_file(RouteContext& context, const std::string& name) {
  if (!has_bundled_file(context, name)) return nullptr;
  return context.job_context.bundled->get(context.config.data_dir, name);
}

void add_cached_get(httplib::Server& http, RouteContext& context, const char* path, const char* key,
                    std::string (*make)(RouteContext&, const httplib::Request&)) {
  http.Get(path,
           guarded(context.log, [&context, key, make](const httplib::Request& req, httplib::Response& res) {
             const auto body = context.responses.get(cache_key(key, req), [&] { return make(context, req); });
             send_encoded(req, res, *body);
           }));
}

}  // namespace elective::server
