// The human renderings of a forecast (text, CSV of months, self-contained HTML) on a bundled scenario.
#include "report/forecast_report.hpp"

#include <gtest/gtest.h>

#include "plan/forecast.hpp"

namespace elective::report {
namespace {

const std::string kBase = ELECTIVE_SOURCE_DIR;

TEST(Forecast, ReportsRender) {
  const plan::Scenario s = plan::load_scenario(kBase + "/scenarios/current-trends.toml");
  const plan::ForecastResult r = plan::forecast(s, plan::RunOptions{}, Progress{});
  const std::string text = forecast_text(s, r);
  EXPECT_NE(text.find("92% within 18 weeks by 2029-03"), std::string::npos);
  EXPECT_NE(text.find("Key months"), std::string::npos);
  const std::string csv = forecast_csv(r);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "month,list_size,referrals,removals_treated,removals_other,pct_within_18_weeks,over_18_weeks,"
            "over_52_weeks,"
            "over_65_weeks,over_78_weeks,over_104_weeks,median_weeks,p92_weeks");
  const std::string html = render_html_report(forecast_html_input(s, r));
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
}

}  // namespace
}  // namespace elective::report
