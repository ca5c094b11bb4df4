#pragma once
// Human-readable renderings of a forecast: the text headline + monthly table (`--format table`), the CSV of
// months, and the inputs of the HTML report (`--out DIR`). Presentation only: the forecast itself (and its
// JSON, the contract shared by the CLI and the server) is plan::forecast.
#include <string>

#include "plan/forecast.hpp"
#include "report/html_report.hpp"

namespace elective::report {

std::string forecast_text(const plan::Scenario& scenario, const plan::ForecastResult& result);
std::string forecast_csv(const plan::ForecastResult& result);
HtmlReportInput forecast_html_input(const plan::Scenario& scenario, const plan::ForecastResult& result);
// Writes index.html, months.csv and forecast.json into dir (created if missing), each atomically.
void write_forecast_report(const std::string& dir, const plan::Scenario& scenario,
                           const plan::ForecastResult& result);

}  // namespace elective::report
