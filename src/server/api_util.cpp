#include "server/api_util.hpp"

#include "data/csv.hpp"

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

}  // namespace elective::server
