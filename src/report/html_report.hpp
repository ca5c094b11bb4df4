#pragma once
// A self-contained HTML report of a forecast (or simulation): headline, target outcomes, charts of the list
// size and % within 18 weeks (a P10-P90 fan when uncertain) with target lines, and the monthly table. Charts
// are inline SVG generated here; the page loads nothing from the network.
#include <string>
#include <vector>

#include "plan/outcomes.hpp"

namespace elective::report {

struct HtmlTargetLine {
  std::string label;
  double value = 0;            // e.g. 0.92 on the % within 18 weeks chart
  std::string deadline_month;  // "YYYY-MM": drawn as a marker
  bool on_share_chart = true;  // false: on the list size chart
};

struct HtmlReportInput {
  std::string title;
  std::string subtitle;                    // e.g. where the start came from
  std::vector<std::string> notes;          // lines under the headline (calibration, assumptions)
  std::vector<plan::MonthOutcome> months;  // central projection
  std::vector<std::vector<plan::MonthOutcome>> replications;  // optional: fan bands
  std::vector<plan::TargetOutcome> targets;
  std::vector<HtmlTargetLine> target_lines;
  std::vector<plan::MonthOutcome>
      history;  // optional: observed months before the start (drawn as a solid line)
};

std::string render_html_report(const HtmlReportInput& input);

// Escapes &, <, >, " and ' for HTML text and attributes.
std::string html_escape(std::string_view text);

}  // namespace elective::report
