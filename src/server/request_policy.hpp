#pragma once
// Who may ask what (docs/security.md). Every request's Host header must name this server, so a page on
// another site cannot reach it through DNS rebinding; a state-changing request (POST, PUT, PATCH, DELETE)
// under /api/ must show it comes from the dashboard's own origin: with the bearer token, or with the
// X-Elective-CSRF header equal to the elective_csrf cookie - a custom header that a page of another origin
// cannot send without a CORS pre-flight, which this server never grants - and never with the Origin header of
// another site.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

namespace elective::server {

inline constexpr const char* kCsrfHeader = "X-Elective-CSRF";
inline constexpr const char* kCsrfCookie = "elective_csrf";

struct RequestPolicy {
  std::string bind_host;                 // --host: a name given here is a name of this server
  std::vector<std::string> extra_hosts;  // --allow-host: further names (a reverse proxy's, a LAN name)
  std::optional<std::string> token;      // bearer token; when set, every /api/ route but /api/health needs it
};

// The host of a Host header or URL authority, lower-cased, without port, brackets or a trailing dot
// ("Example.COM:8080" -> "example.com", "[::1]:80" -> "::1"); nullopt when it is not a well-formed authority.
std::optional<std::string> host_of_authority(std::string_view authority);
// True for a literal IPv4 (dotted quad) or IPv6 address.
bool is_ip_literal(const std::string& host);
// True when `host` (a Host header's host, see host_of_authority) names this server: a loopback name or
// address, the bind address, an --allow-host name, or, when bound to every interface (0.0.0.0 or ::), any IP
// literal (an address cannot be rebound; only names can).
bool host_allowed(const RequestPolicy& policy, const std::string& host);

// Constant-time comparison, so a secret cannot be guessed byte by byte from response times.
bool same_secret(std::string_view a, std::string_view b);
// The value of a cookie in the request's Cookie headers.
std::optional<std::string> cookie_value(const httplib::Request& req, std::string_view name);
// A fresh random value for the CSRF cookie (32 hexadecimal digits).
std::string new_csrf_value();

// Sets the CSRF cookie (SameSite=Strict, path /, session) when the request does not carry one; the
// dashboard's fetch helper sends its value back in the X-Elective-CSRF header on state-changing requests.
void ensure_csrf_cookie(const httplib::Request& req, httplib::Response& res);

struct Refusal {
  int status;
  std::string message;
};
// nullopt when the request may proceed; else the status (401, 403) and message to answer.
std::optional<Refusal> check_request(const RequestPolicy& policy, const httplib::Request& req);

}  // namespace elective::server
