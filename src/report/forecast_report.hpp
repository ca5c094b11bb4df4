#pragma once
// Human-readable renderings of a forecast: the text headline + monthly table (`--format table`), the CSV of
// months, and the inputs of the HTML report (`--out DIR`). Presentation only: the forecast itself (and its
// JSON, the contract shared by the CLI and the server) is plan::forecast.
#include <string>
#include <utility>
#include <vector>

#include "plan/forecast.hpp"
#include "report/html_report.hpp"

namespace elective::report {

std::string forecast_text(const plan::Scenario& scenario, const plan::ForecastResult& result);
std::string forecast_csv(const plan::ForecastResult& result);
HtmlReportInput forecast_html_input(const plan::Scenario& scenario, const plan::ForecastResult& result);
// The report of `forecast --out DIR`: index.html, months.csv and forecast.json, rendered in full before any
// is written (the caller writes them as one unit, data/output_set.hpp).
std::vector<std::pair<std::string, std::string>> forecast_report_files(const plan::Scenario& scenario,
                                                                       const plan::ForecastResult& result);

}  // namespace elective::report
