#include "server/request_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <random>

#include "server/server.hpp"

namespace elective::server {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool state_changing(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// A host name or address as host_of_authority returns it: lower case, no brackets, no trailing dot.
std::string normal_host(std::string_view text) {
  std::string host = lower(text);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

// Printable ASCII only and at most 100 characters, for echoing a client's header in an error message.
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 100)) out += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? c : '?';
  return out;
}

}  // namespace

std::optional<std::string> host_of_authority(std::string_view authority) {
  if (authority.empty() || authority.size() > 255) return std::nullopt;
  std::string_view host = authority;
  if (host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto rest = host.substr(close + 1);
    if (!rest.empty() && (rest.front() != ':' || rest.size() == 1)) return std::nullopt;
    host = host.substr(1, close - 1);
    if (!is_ip_literal(std::string(host))) return std::nullopt;
    return lower(host);
  }
  if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    const auto port = host.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    host = host.substr(0, colon);
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) return std::nullopt;
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'))
      return std::nullopt;
  return lower(host);
}

bool is_ip_literal(const std::string& host) {
  in_addr v4{};
  in6_addr v6{};
  return ::inet_pton(AF_INET, host.c_str(), &v4) == 1 || ::inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

bool is_loopback_host(const std::string& text) {
  const std::string host = normal_host(text);
  if (host == "localhost") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;  // 127.0.0.0/8
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;  // ::ffff:127.x.y.z
  }
  return false;
}

bool host_allowed(const RequestPolicy& policy, const std::string& host) {
  if (is_loopback_host(host)) return true;
  if (normal_host(policy.bind_host) == host) return true;
  for (const auto& extra : policy.extra_hosts)
    if (normal_host(extra) == host) return true;
  const auto bind = normal_host(policy.bind_host);
  const bool wildcard = bind == "0.0.0.0" || bind == "::";
  return wildcard && is_ip_literal(host);
}

bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::optional<std::string> cookie_value(const httplib::Request& req, std::string_view name) {
  const auto count = req.get_header_value_count("Cookie");
  for (size_t i = 0; i < count; ++i) {
    const auto header = req.get_header_value("Cookie", i);
    size_t start = 0;
    while (start < header.size()) {
      auto end = header.find(';', start);
      if (end == std::string::npos) end = header.size();
      std::string_view pair(header.data() + start, end - start);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
      start = end + 1;
    }
  }
  return std::nullopt;
}

std::string new_csrf_value() {
  std::random_device device;
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 4; ++i) {
    auto word = device();
    for (int j = 0; j < 8; ++j, word >>= 4) out += digits[word & 0xf];
  }
  return out;
}

void ensure_csrf_cookie(const httplib::Request& req, httplib::Response& res) {
  const auto cookie = cookie_value(req, kCsrfCookie);
  if (cookie && cookie->size() >= 8) return;
  res.set_header("Set-Cookie",
                 std::string(kCsrfCookie) + "=" + new_csrf_value() + "; Path=/; SameSite=Strict");
}

std::optional<Refusal> check_request(const RequestPolicy& policy, const httplib::Request& req) {
  // 1. The Host header must name this server (absent only from HTTP/1.0 clients, never from a browser).
  if (req.has_header("Host")) {
    const auto header = req.get_header_value("Host");
    const auto host = host_of_authority(header);
    if (!host || !host_allowed(policy, *host))
      return Refusal{403, "this server does not answer for the host name \"" + printable(header) +
                              "\": open it as http://127.0.0.1:PORT/ or http://localhost:PORT/, or start it "
                              "with --allow-host NAME (protection against DNS rebinding)"};
  }
  const bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/api";
  if (!api) return std::nullopt;

  // 2. The bearer token, when one is configured.
  bool bearer = false;
  if (policy.token && req.path != "/api/health") {
    const auto header = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    bearer = header.rfind(prefix, 0) == 0 &&
             same_secret(std::string_view(header).substr(prefix.size()), *policy.token);
    if (!bearer) return Refusal{401, "a bearer token is required (Authorization: Bearer <token>)"};
  }
  if (!state_changing(req.method)) return std::nullopt;

  // 3. State-changing requests: never from a page of another origin...
  if (req.has_header("Origin")) {
    const auto origin = req.get_header_value("Origin");
    const auto scheme = origin.find("://");
    const auto authority = scheme == std::string::npos ? std::string() : origin.substr(scheme + 3);
    const bool same_origin = !authority.empty() && authority.find('/') == std::string::npos &&
                             lower(authority) == lower(req.get_header_value("Host"));
    if (!same_origin)
      return Refusal{403, "cross-origin request refused: Origin \"" + printable(origin) +
                              "\" is not this server's origin"};
  }
  // ...and with proof of the dashboard's origin: the token, or the CSRF header matching the CSRF cookie.
  if (bearer) return std::nullopt;
  const auto header = req.get_header_value(kCsrfHeader);
  const auto cookie = cookie_value(req, kCsrfCookie);
  if (header.size() < 8 || !cookie || !same_secret(header, *cookie))
    return Refusal{403,
                   std::string("this request changes data, so it must come from the dashboard: send the ") +
                       kCsrfHeader + " header with the value of the " + kCsrfCookie +
                       " cookie (at least 8 characters), or a bearer token (docs/security.md)"};
  return std::nullopt;
}

}  // namespace elective::server
