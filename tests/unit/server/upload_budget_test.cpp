// The upload memory budget (issue 9 item 6): uploads reserve memory before their body is read; one that does
// not fit is refused with 503 and Retry-After, and the budget is free again once an upload is answered.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "data/csv.hpp"
#include "server/upload_budget.hpp"
#include "server_test_util.hpp"

namespace elective::server {
namespace {
using namespace std::chrono_literals;
using testing::RunningServer;

TEST(UploadBudget, ReservesAndReleases) {
  UploadBudget budget(100);
  {
    auto a = budget.try_reserve(60);
    ASSERT_TRUE(a);
    EXPECT_EQ(budget.in_use(), 60u);
    EXPECT_FALSE(budget.try_reserve(50));
    auto b = budget.try_reserve(40);
    ASSERT_TRUE(b);
    EXPECT_EQ(budget.in_use(), 100u);
  }
  EXPECT_EQ(budget.in_use(), 0u);
  // One request larger than the whole budget is admitted when nothing else holds any of it.
  auto big = budget.try_reserve(500);
  ASSERT_TRUE(big);
  EXPECT_FALSE(budget.try_reserve(1));
}

std::string rtt_copies(int copies) {
  const auto content = data::read_file(std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_full_2024-11_RBD.csv");
  const auto header_end = content.find('\n') + 1;
  std::string out = content.substr(0, header_end);
  // Each copy under its own provider code: a row repeating an earlier one is refused (it would be counted
  // twice), so the copies must be distinct rows.
  const std::string rows = content.substr(header_end);
  for (int i = 0; i < copies; ++i) {
    std::string copy = rows;
    const std::string code = ",R" + std::to_string(10 + i) + ",";
    for (size_t at = copy.find(",RBD,"); at != std::string::npos; at = copy.find(",RBD,", at + code.size()))
      copy.replace(at, 5, code);
    out += copy;
  }
  return out;
}

TEST(UploadBudgetLive, AnUploadThatDoesNotFitIs503UntilTheFirstIsDone) {
  ServerConfig config;
  config.load_bundled = false;
  config.upload_memory_bytes = 3u << 20;                        // 3 MiB: one 1.4 MB upload (2.8 MiB reserved)
  config.import_chunk_delay = std::chrono::milliseconds(1500);  // keeps the first upload in progress
  RunningServer server(config, "budget");
  const auto body = rtt_copies(6);  // about 1.4 MB
  ASSERT_GT(body.size(), 1'300'000u);
  int first_status = 0;
  std::thread first([&] {
    auto client = server.client();
    auto res = client.Post("/api/datasets?name=first", body, "text/csv");
    first_status = res ? res->status : -1;
  });
  std::this_thread::sleep_for(700ms);  // the first is parsed and being written (1.5 s per MiB chunk)
  auto client = server.client();
  auto res = client.Post("/api/datasets?name=second", body, "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503) << res->body;
  EXPECT_EQ(res->get_header_value("Retry-After"), "2");
  EXPECT_NE(nlohmann::json::parse(res->body)["error"].get<std::string>().find("upload memory"),
            std::string::npos);
  // Requests without a body are not held up meanwhile.
  auto health = client.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  first.join();
  EXPECT_EQ(first_status, 201);
  res = client.Post("/api/datasets?name=second", body, "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
}

TEST(UploadBudgetLive, MultipartUploadsAreReceivedIntoTheirFiles) {
  ServerConfig config;
  config.load_bundled = false;
  RunningServer server(config, "multipart");
  const auto content = data::read_file(std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_full_2024-11_RBD.csv");
  auto client = server.client();
  httplib::MultipartFormDataItems items = {
      {"name", "two parts", "", ""}, {"file", content, "a.csv", "text/csv"}, {"kind", "rtt", "", ""}};
  auto res = client.Post("/api/datasets", items);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const auto created = nlohmann::json::parse(res->body);
  EXPECT_EQ(created["name"], "two parts");
  EXPECT_EQ(created["bytes"], content.size());
  // A field other than a file is short.
  httplib::MultipartFormDataItems long_name = {{"name", std::string(5000, 'n'), "", ""},
                                               {"file", content, "a.csv", "text/csv"}};
  res = client.Post("/api/datasets", long_name);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  // An empty raw body.
  res = client.Post("/api/datasets", "", "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

}  // namespace
}  // namespace elective::server
