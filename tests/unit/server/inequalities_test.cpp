// Patient-level lists through the server: only aggregates (stats::equity_breakdown) leave it,
// and no identifier ever appears in a response.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "data/patient_list.hpp"
#include "server/inequalities.hpp"
#include "server_test_util.hpp"

namespace elective::server {
namespace {
using nlohmann::json;

// 60 open pathways on 2024-11-30: deprived deciles (1-2) wait 40 weeks, the least deprived (9-10) 10 weeks,
// the rest 20 weeks; three pathways have ethnic category H (Asian) - a group under 5.
std::string make_ptl() {
  std::string csv =
      "snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date,imd_decile,ethnic_category,age_"
      "years,sex\n";
  for (int i = 0; i < 60; ++i) {
    const int decile = i % 10 + 1;
    const char* start = decile <= 2 ? "2024-02-24" : decile >= 9 ? "2024-09-21" : "2024-07-13";
    const char* ethnic = i < 3 ? "H" : "A";
    csv += "2024-11-30,SECRETPATIENT" + std::to_string(1000 + i) + ",PW" + std::to_string(i) + ",RBD," +
           (i % 2 == 0 ? "110" : "130") + "," + start + "," + std::to_string(decile) + "," + ethnic + "," +
           std::to_string(20 + i) + "," + (i % 2 == 0 ? "1" : "2") + "\n";
  }
  return csv;
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
