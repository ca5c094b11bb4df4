#pragma once
// Human-readable renderings of a forecast: the text headline + monthly table (`--format table`), the CSV of
// months, and the inputs of the HTML report (`--out DIR`).
#include <string>

#include "plan/forecast.hpp"
#include "report/html_report.hpp"

namespace elective::plan {

std::string forecast_text(const Scenario& scenario, const ForecastResult& result);
std::string forecast_csv(const ForecastResult& result);
report::HtmlReportInput forecast_html_input(const Scenario& scenario, const ForecastResult& result);
// Writes index.html, months.csv and forecast.json into dir (created if missing), each atomically.
void write_forecast_report(const std::string& dir, const Scenario& scenario, const ForecastResult& result);

}  // namespace elective::plan
