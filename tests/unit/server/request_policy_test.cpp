// Host, Origin and CSRF rules (issue 9 item 8): a request for another host name is refused (DNS rebinding), a
// state-changing request needs the token or the dashboard's CSRF header matching its cookie, and a
// cross-origin text/plain POST to /api/jobs is refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/request_policy.hpp"
#include "server/server.hpp"
#include "server_test_util.hpp"

namespace elective::server {
namespace {
using testing::RunningServer;

TEST(RequestPolicy, LoopbackHostsAreParsedNotPrefixMatched) {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "localhost.", "::1", "[::1]",
                           "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"})
    EXPECT_TRUE(is_loopback_host(host)) << host;
  for (const char* host : {"127.evil.example.com", "127.0.0.1.nip.io", "127.0.0.1evil", "0.0.0.0", "::",
                           "192.168.1.2", "128.0.0.1", "localhost.evil.com", "1127.0.0.1", "127.256.0.1", ""})
    EXPECT_FALSE(is_loopback_host(host)) << host;
}

TEST(RequestPolicy, HostOfAuthority) {
  EXPECT_EQ(host_of_authority("Example.COM:8080"), "example.com");
  EXPECT_EQ(host_of_authority("[::1]:80"), "::1");
  EXPECT_EQ(host_of_authority("localhost."), "localhost");
  EXPECT_EQ(host_of_authority("127.0.0.1"), "127.0.0.1");
  EXPECT_FALSE(host_of_authority(""));
  EXPECT_FALSE(host_of_authority("evil.com:80x"));
  EXPECT_FALSE(host_of_authority("[::1"));
  EXPECT_FALSE(host_of_authority("a b.com"));
  EXPECT_FALSE(host_of_authority("evil.com/path"));
}

TEST(RequestPolicy, AllowedHosts) {
  RequestPolicy loopback{"127.0.0.1", {}, std::nullopt};
  EXPECT_TRUE(host_allowed(loopback, "127.0.0.1"));
  EXPECT_TRUE(host_allowed(loopback, "localhost"));
  EXPECT_FALSE(host_allowed(loopback, "evil.example.com"));
  EXPECT_FALSE(host_allowed(loopback, "192.168.1.5"));
  RequestPolicy lan{"0.0.0.0", {"dashboard.trust.nhs.uk"}, std::string("0123456789abcdef")};
  EXPECT_TRUE(host_allowed(lan, "192.168.1.5"));  // an address cannot be rebound
  EXPECT_TRUE(host_allowed(lan, "dashboard.trust.nhs.uk"));
  EXPECT_FALSE(host_allowed(lan, "evil.example.com"));
  RequestPolicy named{"analytics.local", {}, std::string("0123456789abcdef")};
  EXPECT_TRUE(host_allowed(named, "analytics.local"));
  EXPECT_FALSE(host_allowed(named, "10.0.0.1"));
}

httplib::Request request(const std::string& method, const std::string& path,
                         std::initializer_list<std::pair<std::string, std::string>> headers) {
  httplib::Request req;
  req.method = method;
  req.path = path;
  for (const auto& [key, value] : headers) req.headers.emplace(key, value);
  return req;
}

TEST(RequestPolicy, StateChangingRequestsNeedTheCsrfHeaderMatchingTheCookie) {
  RequestPolicy policy{"127.0.0.1", {}, std::nullopt};
  const std::string csrf = "abcdef0123456789";
  EXPECT_FALSE(check_request(policy, request("GET", "/api/datasets", {{"Host", "127.0.0.1:8080"}})));
  // A form or text/plain POST from another site: no CSRF header, a foreign Origin.
  auto refusal = check_request(policy, request("POST", "/api/jobs",
                                               {{"Host", "127.0.0.1:8080"},
                                                {"Origin", "http://evil.example.com"},
                                                {"Content-Type", "text/plain"}}));
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, 403);
  refusal = check_request(policy, request("POST", "/api/jobs", {{"Host", "127.0.0.1:8080"}}));
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, 403);
  // Header without cookie, or not matching it.
  EXPECT_TRUE(check_request(
      policy, request("DELETE", "/api/datasets/3", {{"Host", "127.0.0.1:8080"}, {"X-Elective-CSRF", csrf}})));
  EXPECT_TRUE(check_request(policy, request("DELETE", "/api/datasets/3",
                                            {{"Host", "127.0.0.1:8080"},
                                             {"X-Elective-CSRF", csrf},
                                             {"Cookie", "elective_csrf=somethingelse1"}})));
  // The dashboard: same origin, header equal to the cookie.
  EXPECT_FALSE(check_request(policy, request("POST", "/api/jobs",
                                             {{"Host", "127.0.0.1:8080"},
                                              {"Origin", "http://127.0.0.1:8080"},
                                              {"X-Elective-CSRF", csrf},
                                              {"Cookie", "theme=dark; elective_csrf=" + csrf}})));
  // Even with the right header, an Origin of another site is refused.
  EXPECT_TRUE(check_request(policy, request("POST", "/api/jobs",
                                            {{"Host", "127.0.0.1:8080"},
                                             {"Origin", "http://localhost:3000"},
                                             {"X-Elective-CSRF", csrf},
                                             {"Cookie", "elective_csrf=" + csrf}})));
}

TEST(RequestPolicy, TheBearerTokenIsEnoughForStateChangingRequests) {
  RequestPolicy policy{"127.0.0.1", {}, std::string("0123456789abcdef-token")};
  EXPECT_FALSE(check_request(
      policy, request("POST", "/api/jobs",
                      {{"Host", "127.0.0.1"}, {"Authorization", "Bearer 0123456789abcdef-token"}})));
  auto refusal = check_request(policy, request("POST", "/api/jobs", {{"Host", "127.0.0.1"}}));
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, 401);
  refusal = check_request(policy, request("GET", "/api/health", {{"Host", "evil.example.com"}}));
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, 403);
}

TEST(RequestPolicy, CookieValue) {
  auto req = request("GET", "/", {{"Cookie", "a=1; elective_csrf=xyz; b=2"}});
  EXPECT_EQ(cookie_value(req, "elective_csrf"), "xyz");
  EXPECT_EQ(cookie_value(req, "b"), "2");
  EXPECT_FALSE(cookie_value(req, "elective"));
  EXPECT_EQ(new_csrf_value().size(), 32u);
  EXPECT_NE(new_csrf_value(), new_csrf_value());
}

// Against a live server.
TEST(RequestPolicyLive, ForeignHostAndCrossOriginPostAreRefused) {
  ServerConfig config;
  config.load_bundled = false;
  RunningServer server(config, "policy");
  auto evil = server.client();
  evil.set_default_headers({{"Host", "evil.example.com"}});
  auto res = evil.Get("/api/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  res = evil.Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);

  auto page = server.bare_client();
  page.set_default_headers({{"Origin", "http://evil.example.com"}});
  res = page.Post("/api/jobs", R"({"kind": "forecast", "scenario": {}})", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(nlohmann::json::parse(res->body)["status"], 403);
  res = server.bare_client().Delete("/api/datasets/1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);

  // The dashboard page sets the CSRF cookie (SameSite=Strict); with it echoed in the header, requests pass.
  res = server.bare_client().Get("/");
  ASSERT_TRUE(res);
  const auto cookie = res->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("elective_csrf=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  const auto value = cookie.substr(14, cookie.find(';') - 14);
  auto dashboard = server.bare_client();
  dashboard.set_default_headers({{"X-Elective-CSRF", value}, {"Cookie", "elective_csrf=" + value}});
  res = dashboard.Post("/api/jobs", R"({"kind": "dance"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);  // past the policy: refused for its content
}

}  // namespace
}  // namespace elective::server
