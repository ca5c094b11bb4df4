// API tests against a live server on a loopback ephemeral port: health, bundled datasets, statistics equal to
// the library's (and so to `elective stats --format json`), uploads (valid, invalid, too large), auth, static
// files without path traversal, wait estimates, and concurrent requests.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/policies.hpp"
#include "core/table.hpp"
#include "data/csv.hpp"
#include "data/rtt_extract.hpp"
#include "server_test_util.hpp"
#include "stats/rtt_query.hpp"

namespace elective::server {
namespace {
using nlohmann::json;
using testing::RunningServer;

const std::string kRtt = std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_full_2024-11_RBD.csv";

json get_json(httplib::Client& client, const std::string& path, int expected_status = 200) {
  auto res = client.Get(path.c_str());
  EXPECT_TRUE(res) << path;
  if (!res) return {};
  EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type").rfind("application/json", 0), 0u) << path;
  return json::parse(res->body);
}

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new RunningServer(ServerConfig{}, "api"); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static RunningServer* server_;
};
RunningServer* ApiTest::server_ = nullptr;

TEST_F(ApiTest, HealthAndBundledDatasets) {
  auto client = server_->client();
  const auto health = get_json(client, "/api/health");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["auth_required"], false);
  const auto datasets = get_json(client, "/api/datasets")["datasets"];
  ASSERT_GE(datasets.size(), 2u);
  bool rtt = false, national = false;
  for (const auto& d : datasets) {
    if (d["kind"] == "rtt" && d["bundled"] == true) {
      rtt = true;
      EXPECT_EQ(d["summary"]["months"][0], "2024-11");
      EXPECT_EQ(d["summary"]["providers"][0]["code"], "RBD");
    }
    if (d["kind"] == "national" && d["bundled"] == true) national = true;
  }
  EXPECT_TRUE(rtt);
  EXPECT_TRUE(national);
}

TEST_F(ApiTest, StatsEqualTheLibraryOutput) {
  auto client = server_->client();
  const auto extract = data::RttExtract::load({kRtt});
  for (const std::string query :
       {"", "?by=tfc", "?part=admitted&by=tfc", "?tfc=110", "?part=new", "?by=commissioner&tfc=C_999"}) {
    auto res = client.Get(("/api/stats" + query).c_str());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << query << res->body;
    stats::Selection selection;
    std::vector<std::string> by;
    if (query.find("part=admitted") != std::string::npos) selection.part = data::RttPart::admitted;
    if (query.find("part=new") != std::string::npos) selection.part = data::RttPart::new_periods;
    if (query.find("tfc=110") != std::string::npos) selection.tfc = "110";
    if (query.find("tfc=C_999") != std::string::npos) selection.tfc = "C_999";
    if (query.find("by=tfc") != std::string::npos) by.push_back("tfc");
    if (query.find("by=commissioner") != std::string::npos) by.push_back("commissioner");
    const auto rows = stats::query(extract, selection, stats::parse_breakdowns(by));
    const auto expected = render(stats::stats_table(rows), Format::json);
    EXPECT_EQ(res->body, expected) << query;
  }
  const auto t_and_o = get_json(client, "/api/stats?tfc=110")["rows"][0];
  EXPECT_EQ(t_and_o["tfc"], "C_110");
  EXPECT_EQ(t_and_o["total"], 3439);
}

TEST_F(ApiTest, StatsValidationErrorsAre400WithAMessage) {
  auto client = server_->client();
  for (const std::string query :
       {"?part=bogus", "?by=planet", "?month=2024-13", "?dataset=abc", "?dataset=99999"}) {
    const auto body = get_json(client, "/api/stats" + query, 400);
    EXPECT_TRUE(body["error"].is_string()) << query;
    EXPECT_FALSE(body["error"].get<std::string>().empty()) << query;
    EXPECT_EQ(body["status"], 400);
  }
  // The national series is not an RTT extract.
  const auto datasets = get_json(client, "/api/datasets")["datasets"];
  for (const auto& d : datasets)
    if (d["kind"] == "national")
      get_json(client, "/api/stats?dataset=" + std::to_string(d["id"].get<int>()), 400);
}

TEST_F(ApiTest, UploadValidatesThenStoresAndQueries) {
  auto client = server_->client();
  const auto content = data::read_file(kRtt);
  httplib::MultipartFormDataItems items = {{"file", content, "../../evil/name.csv", "text/csv"},
                                           {"name", "my upload", "", ""}};
  auto res = client.Post("/api/datasets", items);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const auto created = json::parse(res->body);
  EXPECT_EQ(created["name"], "my upload");
  EXPECT_EQ(created["kind"], "rtt");
  EXPECT_EQ(created["files"][0], "name.csv");  // only the base name is kept
  const auto id = created["id"].get<int>();
  const auto rows = get_json(client, "/api/stats?dataset=" + std::to_string(id) + "&tfc=110")["rows"];
  EXPECT_EQ(rows[0]["total"], 3439);

  // A truncated copy: the reader's message names the file and line; nothing is stored.
  const auto before = get_json(client, "/api/datasets")["datasets"].size();
  const auto cut = content.substr(0, content.size() / 2);
  httplib::MultipartFormDataItems bad = {{"file", cut + "\n", "cut.csv", "text/csv"}};
  res = client.Post("/api/datasets", bad);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const auto error = json::parse(res->body)["error"].get<std::string>();
  EXPECT_NE(error.find("cut.csv:"), std::string::npos) << error;
  // Not a CSV we know.
  httplib::MultipartFormDataItems junk = {{"file", "hello,world\n1,2\n", "junk.csv", "text/csv"}};
  res = client.Post("/api/datasets", junk);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(get_json(client, "/api/datasets")["datasets"].size(), before);

  // Delete it again.
  res = client.Delete(("/api/datasets/" + std::to_string(id)).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  get_json(client, "/api/datasets/" + std::to_string(id), 404);
}

TEST_F(ApiTest, StaticFilesAndNoPathTraversal) {
  auto client = server_->client();
  auto res = client.Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("dashboard"), std::string::npos);
  res = client.Get("/overview");  // client-side route -> index.html
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("dashboard"), std::string::npos);
  res = client.Get("/assets/app-1234.js");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Cache-Control").find("immutable"), std::string::npos);
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                           "/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt",
                           "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/..\\secret.txt", "/secret.txt"}) {
    res = client.Get(path);
    if (!res) continue;  // the library may refuse the request line outright
    EXPECT_EQ(res->body.find("outside the static root"), std::string::npos) << path;
    EXPECT_NE(res->status, 200) << path;
  }
  get_json(client, "/api/nothing-here", 404);
}

TEST_F(ApiTest, WaitEstimate) {
  auto client = server_->client();
  const auto body = get_json(client, "/api/wait-estimate?tfc=110");
  EXPECT_EQ(body["tfc"], "C_110");
  EXPECT_EQ(body["month"], "2024-11");
  ASSERT_EQ(body["providers"].size(), 1u);
  const auto& rbd = body["providers"][0];
  EXPECT_EQ(rbd["provider"], "RBD");
  EXPECT_EQ(rbd["suppressed"], false);
  // Cross-check with the statistics of completed pathways for the same selection.
  const auto admitted = get_json(client, "/api/stats?part=admitted&tfc=110")["rows"][0];
  const auto nonadmitted = get_json(client, "/api/stats?part=nonadmitted&tfc=110")["rows"][0];
  const double completed = admitted["total"].get<double>() - admitted["unknown_clock_start"].get<double>() +
                           nonadmitted["total"].get<double>() -
                           nonadmitted["unknown_clock_start"].get<double>();
  EXPECT_DOUBLE_EQ(rbd["completed_pathways"].get<double>(), completed);
  const double median = rbd["median_weeks"].get<double>();
  EXPECT_GT(median, 0);
  EXPECT_GT(rbd["p90_weeks"].get<double>(), median);
  EXPECT_EQ(rbd["waiting_list"], 3439);
  get_json(client, "/api/wait-estimate", 400);  // tfc is required
}

TEST_F(ApiTest, NationalSeries) {
  auto client = server_->client();
  const auto body = get_json(client, "/api/national?from=2024-06&to=2024-06");
  ASSERT_EQ(body["months"].size(), 1u);
  EXPECT_EQ(body["months"][0]["month"], "2024-06");
  EXPECT_EQ(body["months"][0]["incomplete_total_est"], 7621297);  // data/README.md cross-check
}

TEST_F(ApiTest, JobsRejectBadRequests) {
  auto client = server_->client();
  auto res = client.Post("/api/jobs", "{not json", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = client.Post("/api/jobs", R"({"kind": "dance", "scenario": {}})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find("dance"), std::string::npos);
  get_json(client, "/api/jobs/12345", 404);
  res = client.Delete("/api/jobs/12345");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(ApiTest, PoliciesAndLeversComeFromTheRegistries) {
  auto client = server_->client();
  const auto policies = get_json(client, "/api/policies");
  ASSERT_TRUE(policies.is_array());
  EXPECT_EQ(policies, elective::policies_json());
  std::vector<std::string> simulated;
  for (const auto& p : policies)
    for (const auto& engine : p["engines"])
      if (engine == "simulation") simulated.push_back(p["name"]);
  EXPECT_EQ(simulated, (std::vector<std::string>{"in_turn", "clinical_priority", "long_waits_first", "equity",
                                                 "weighted"}));
  const auto levers = get_json(client, "/api/levers");
  ASSERT_EQ(levers.size(), 9u);
  EXPECT_EQ(levers[0]["name"], "growth");
  EXPECT_EQ(levers[0]["sets"], "capacity.growth_per_year");
  EXPECT_EQ(levers[2]["name"], "extra_tests_per_week");  // diagnostics (DM01) starts
  EXPECT_EQ(levers[2]["lists"], nlohmann::json::array({"dm01"}));
  EXPECT_EQ(levers[0]["lists"], nlohmann::json::array({"rtt", "dm01"}));
  // The staff and beds levers (issue 16) for RTT lists: the builder shows its staff fields when they are
  // here.
  EXPECT_EQ(levers[3]["name"], "consultant_fte");
  EXPECT_EQ(levers[3]["sets"], "capacity.workforce.additional_consultant_fte");
  EXPECT_EQ(levers[3]["lists"], nlohmann::json::array({"rtt"}));
  EXPECT_EQ(levers[6]["name"], "beds");
  EXPECT_EQ(levers[6]["sets"], "capacity.beds.freed");
  EXPECT_EQ(levers[7]["name"], "hold_list");
  EXPECT_EQ(levers[7]["needs_target"], false);
}

TEST_F(ApiTest, ADeeplyNestedScenarioIsA400AndTheServerStaysUp) {
  auto client = server_->client();
  const std::string deep =
      data::read_file(std::string(ELECTIVE_SOURCE_DIR) + "/tests/inputs/deep-brackets.json");
  for (const std::string& body :
       {"{\"kind\": \"forecast\", \"scenario\": " + deep.substr(0, deep.size() - 1) + "}",
        "{\"kind\": \"forecast\", \"scenario\": " + json(deep).dump() + "}"}) {
    auto res = client.Post("/api/jobs", body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find("nested more than"), std::string::npos);
  }
  EXPECT_EQ(get_json(client, "/api/health")["status"], "ok");
}

TEST_F(ApiTest, ConcurrentRequestsAllSucceed) {
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto client = server_->client();
      for (int i = 0; i < 25; ++i) {
        const char* path = (i + t) % 3 == 0   ? "/api/stats?by=tfc"
                           : (i + t) % 3 == 1 ? "/api/wait-estimate?tfc=C_999"
                                              : "/api/datasets";
        auto res = client.Get(path);
        if (res && res->status == 200)
          ++ok;
        else
          ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
  EXPECT_EQ(failed.load(), 0);
}

TEST(ApiLimits, BodyOverTheLimitIs413Json) {
  ServerConfig config;
  config.max_body_bytes = 1024;
  RunningServer server(config, "limit");
  auto client = server.client();
  auto res = client.Post("/api/datasets", std::string(4096, 'x'), "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(json::parse(res->body)["status"], 413);
}

TEST(ApiAuth, TokenRequiredWhenConfigured) {
  ServerConfig config;
  config.token = "0123456789abcdef-test-token";
  RunningServer server(config, "auth");
  auto client = server.client();
  auto res = client.Get("/api/datasets");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  client.set_bearer_token_auth("wrong-token-wrong-token");
  res = client.Get("/api/datasets");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  client.set_bearer_token_auth("0123456789abcdef-test-token");
  res = client.Get("/api/datasets");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  auto open = server.client();
  res = open.Get("/api/health");  // health stays open for probes
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(ApiAuth, NonLoopbackHostNeedsAToken) {
  ServerConfig config;
  config.host = "0.0.0.0";
  config.db_path = ":memory:";
  config.load_bundled = false;
  EXPECT_THROW(Server server(config), InputError);
  config.token = "short";
  EXPECT_THROW(Server server(config), InputError);
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(is_loopback_host("192.168.1.2"));
  // A name that merely begins "127." is not loopback (issue 9): binding it still needs a token.
  EXPECT_FALSE(is_loopback_host("127.evil.example.com"));
  config.host = "127.evil.example.com";
  config.token.reset();
  EXPECT_THROW(Server server(config), InputError);
}

}  // namespace
}  // namespace elective::server
