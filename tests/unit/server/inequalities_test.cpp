// Patient-level lists through the server: only aggregates (stats::equity_breakdown) leave it,
// and no identifier ever appears in a response.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "data/patient_list.hpp"
#include "server/inequalities.hpp"
#include "server_test_util.hpp"
#include "support/sample_patient_list.hpp"

namespace elective::server {
namespace {
using nlohmann::json;

std::string make_ptl() {
  return test_support::sample_patient_list_csv();
}

TEST(PatientListApi, UploadAggregatesOnlyNeverIdentifiers) {
  testing::RunningServer server(ServerConfig{}, "ptl");
  auto client = server.client();
  httplib::MultipartFormDataItems items = {{"file", make_ptl(), "ptl.csv", "text/csv"}};
  auto res = client.Post("/api/datasets", items);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(res->body.find("SECRETPATIENT"), std::string::npos);
  const auto id = json::parse(res->body)["id"].get<int>();
  EXPECT_EQ(json::parse(res->body)["kind"], "patient_list");
  for (const std::string path :
       {"/api/datasets", "/api/inequalities?by=imd_quintile", "/api/inequalities?by=ethnic_group",
        "/api/inequalities?by=age_band&tfc=110", "/api/inequalities?by=sex&provider=RBD"}) {
    auto r = client.Get(path.c_str());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path << r->body;
    EXPECT_EQ(r->body.find("SECRETPATIENT"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("PW1"), std::string::npos) << path;
  }
  auto r = client.Get(("/api/inequalities?dataset=" + std::to_string(id) + "&by=planet").c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  // A row with a real NHS number as patient_id is rejected, and the message does not echo it.
  std::string bad = make_ptl();
  bad += "2024-11-30,9434765919,PWX,RBD,110,2024-01-01,3,A,40,1\n";
  httplib::MultipartFormDataItems bad_items = {{"file", bad, "bad.csv", "text/csv"}};
  res = client.Post("/api/datasets", bad_items);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->body.find("9434765919"), std::string::npos) << res->body;
}

}  // namespace
}  // namespace elective::server
