// GET /api/diagnostics, /api/cancer and /api/standards against a live server on the bundled files: bodies
// equal the library's rendering (and so `elective stats` / `elective standards --format json`), England's
// March 2025 figures are NHS England's, the extra keys (names, history) only add, and bad parameters are
// 400s with a message.
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/json_text.hpp"
#include "core/table.hpp"
#include "data/input_file.hpp"
#include "data/input_formats.hpp"
#include "server_test_util.hpp"
#include "stats/cancer_stats.hpp"
#include "stats/dm01_stats.hpp"

namespace elective::server {
namespace {
using nlohmann::json;
using testing::RunningServer;

const std::string kData = std::string(ELECTIVE_SOURCE_DIR) + "/data/";

class StandardsRoutesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new RunningServer(ServerConfig{}, "standards"); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::string body(const std::string& path, int status = 200) {
    auto client = server_->client();
    auto res = client.Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type").rfind("application/json", 0), 0u) << path;
    return res->body;
  }
  static RunningServer* server_;
};
RunningServer* StandardsRoutesTest::server_ = nullptr;

data::Dataset load(const std::string& name) {
  const std::string content = data::read_file(kData + name);
  return data::parse_input({data::InputFile{name, content}});
}

// The month's performance of a standard in rows by standard.
double performance(const json& rows, const std::string& standard) {
  for (const auto& r : rows["rows"])
    if (r["standard"] == standard) return r["performance"].get<double>();
  ADD_FAILURE() << "no row for " << standard;
  return NAN;
}

TEST_F(StandardsRoutesTest, DiagnosticsEqualTheLibraryOutput) {
  const auto dm01 = load("diagnostics_dm01_provider.csv");
  struct Case {
    std::string query;
    stats::Dm01Selection selection;
    std::vector<std::string> by;
  };
  stats::Dm01Selection rbd;
  rbd.provider = "RBD";
  stats::Dm01Selection north_west;
  north_west.region = "Y62";
  stats::Dm01Selection march;
  march.month = YearMonth(2025, 3);
  for (const Case& c : {Case{"", {}, {}}, Case{"?by=month", {}, {"month"}}, Case{"?by=test", {}, {"test"}},
                        Case{"?provider=RBD&by=test", rbd, {"test"}},
                        Case{"?by=provider&region=Y62", north_west, {"provider"}},
                        Case{"?month=2025-03&by=region", march, {"region"}}}) {
    const auto rows = stats::dm01_query(*dm01.dm01, c.selection, stats::parse_dm01_breakdowns(c.by));
    EXPECT_EQ(body("/api/diagnostics" + c.query), render(stats::dm01_table(rows, false), Format::json))
        << c.query;
  }
  // England, March 2025: 81.6% within 6 weeks (NHS England's DM01 statistics).
  const json england = json::parse(body("/api/diagnostics?month=2025-03"));
  EXPECT_NEAR(england["rows"][0]["pct_within_6_weeks"].get<double>(), 0.816, 0.0005);
  // names=1 adds the names; the rows stay as they were.
  const json named = json::parse(body("/api/diagnostics?provider=RBD&names=1"));
  EXPECT_EQ(named["rows"], json::parse(body("/api/diagnostics?provider=RBD"))["rows"]);
  EXPECT_EQ(named["names"]["RBD"], "Dorset County Hospital NHS Foundation Trust");
  EXPECT_EQ(named["months"].front(), "2024-08");
  EXPECT_EQ(named["months"].back(), "2025-03");
}

TEST_F(StandardsRoutesTest, CancerEqualsTheLibraryOutputAndNhsEngland) {
  const auto cwt = load("cancer_cwt_provider.csv.gz");
  stats::CwtSelection none;
  const auto rows = stats::cwt_query(*cwt.cwt_provider, none, {stats::CwtBreakdown::standard});
  EXPECT_EQ(body("/api/cancer?by=standard"), render(stats::cwt_table(rows, false), Format::json));
  // England, March 2025: FDS 78.9%, 31-day 91.4%, 62-day 71.4% (NHS England's CWT statistics).
  const json march = json::parse(body("/api/cancer?by=standard&month=2025-03"));
  EXPECT_NEAR(performance(march, "28-day FDS"), 0.789, 0.0005);
  EXPECT_NEAR(performance(march, "31-day Combined"), 0.914, 0.0005);
  EXPECT_NEAR(performance(march, "62-day Combined"), 0.714, 0.0005);
  // One standard by month, provider and cancer type.
  const json by_month = json::parse(body("/api/cancer?standard=62-day%20Combined&by=month"));
  EXPECT_GE(by_month["rows"].size(), 12u);
  EXPECT_EQ(by_month["rows"].back()["month"], "2025-03");
  const json types = json::parse(body("/api/cancer?standard=28-day%20FDS&by=cancer_type"));
  EXPECT_GT(types["rows"].size(), 5u);
  const json named = json::parse(body("/api/cancer?standard=28-day%20FDS&by=provider&names=1"));
  // Every provider of the extract is named (null when providers.csv does not know it), those of the month
  // too.
  EXPECT_GE(named["names"].size(), named["rows"].size());
  for (const auto& r : named["rows"]) EXPECT_TRUE(named["names"].contains(r["provider"])) << r["provider"];
  EXPECT_EQ(named["names"]["RBD"], "DORSET COUNTY HOSPITAL NHS FOUNDATION TRUST");
  // The national series: England's months with 62-day figures (April 2022 to 2023, before the extract).
  const json national = json::parse(body("/api/cancer?source=national&standard=62-day%20Combined&by=month"));
  ASSERT_GT(national["rows"].size(), 12u);
  EXPECT_EQ(national["rows"].front()["month"], "2022-04");
  EXPECT_LT(national["rows"].back()["month"].get<std::string>(), "2024-01");
}

TEST_F(StandardsRoutesTest, StandardsEqualTheCliJsonAndHistoryOnlyAdds) {
  const json england = json::parse(body("/api/standards"));
  ASSERT_GE(england["standards"].size(), 10u);
  for (const auto& s : england["standards"]) {
    EXPECT_EQ(s["area"], "England");
    EXPECT_FALSE(s.contains("history"));
  }
  const json with_history = json::parse(body("/api/standards?history=1"));
  ASSERT_EQ(with_history["standards"].size(), england["standards"].size());
  for (size_t i = 0; i < england["standards"].size(); ++i) {
    json s = with_history["standards"][i];
    const json history = s["history"];
    s.erase("history");
    EXPECT_EQ(s, england["standards"][i]);
    if (!s["value"].is_null()) {
      ASSERT_FALSE(history.empty()) << s["standard"];
      // The last month of the history is the latest value.
      EXPECT_EQ(history.back()["month"], s["month"]);
      EXPECT_DOUBLE_EQ(history.back()["value"].get<double>(), s["value"].get<double>());
    }
  }
  const json rbd = json::parse(body("/api/standards?area=provider&code=RBD"));
  EXPECT_NE(rbd["standards"][0]["area"].get<std::string>().find("RBD"), std::string::npos);
  const json region = json::parse(body("/api/standards?area=region&code=Y62"));
  EXPECT_NE(region["standards"][0]["area"].get<std::string>().find("Y62"), std::string::npos);
}

TEST_F(StandardsRoutesTest, BadParametersAre400WithAMessage) {
  for (const std::string path :
       {"/api/diagnostics?by=specialty", "/api/diagnostics?provider=NOPE", "/api/diagnostics?region=Z99",
        "/api/diagnostics?month=March", "/api/cancer?standard=14-day", "/api/cancer?source=elsewhere",
        "/api/cancer?source=national&provider=RBD", "/api/standards?area=planet", "/api/standards?area=icb",
        "/api/standards?area=icb&code=NOPE"}) {
    const json error = json::parse(body(path, 400));
    EXPECT_FALSE(error["error"].get<std::string>().empty()) << path;
  }
}

}  // namespace
}  // namespace elective::server
