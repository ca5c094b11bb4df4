#include "report/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>

#include "core/band_layout.hpp"
#include "core/result_table.hpp"
#include "core/version.hpp"

namespace elective::report {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

namespace {

using Getter = std::function<std::optional<double>(const plan::MonthOutcome&)>;

struct Series {
  std::vector<int> x;  // month index
  std::vector<double> mid, lo, hi;
  bool has_band = false;
};

Series build_series(const HtmlReportInput& in, const Getter& get) {
  Series s;
  for (size_t i = 0; i < in.months.size(); ++i) {
    const auto v = get(in.months[i]);
    if (!v) continue;
    s.x.push_back(in.months[i].month.index());
    s.mid.push_back(*v);
    if (!in.replications.empty()) {
      std::vector<double> values;
      for (const auto& rep : in.replications)
        if (i < rep.size())
          if (auto r = get(rep[i])) values.push_back(*r);
      s.lo.push_back(sample_percentile(values, 0.1).value_or(*v));
      s.hi.push_back(sample_percentile(values, 0.9).value_or(*v));
      s.has_band = true;
    }
  }
  return s;
}

std::string chart(const HtmlReportInput& in, const std::string& title, const Getter& get, bool fraction,
                  bool share_targets) {
  const Series s = build_series(in, get);
  std::vector<std::pair<int, double>> history;
  for (const auto& m : in.history)
    if (auto v = get(m)) history.emplace_back(m.month.index(), *v);
  if (s.x.empty()) return {};
  const double W = 860, H = 300, L = 80, R = 20, T = 30, B = 40;
  int x0 = s.x.front(), x1 = s.x.back();
  if (!history.empty()) x0 = std::min(x0, history.front().first);
  double y0 = std::numeric_limits<double>::infinity(), y1 = -y0;
  auto grow = [&](double v) {
    y0 = std::min(y0, v);
    y1 = std::max(y1, v);
  };
  for (size_t i = 0; i < s.mid.size(); ++i) {
    grow(s.mid[i]);
    if (s.has_band) {
      grow(s.lo[i]);
      grow(s.hi[i]);
    }
  }
  for (const auto& [x, v] : history) grow(v);
  for (const auto& t : in.target_lines)
    if (t.on_share_chart == share_targets) grow(t.value);
  y0 = fraction ? std::max(0.0, y0 - 0.05) : 0.0;
  y1 = fraction ? std::min(1.0, y1 + 0.05) : y1 * 1.08;
  if (y1 <= y0) y1 = y0 + 1;
  if (x1 == x0) x1 = x0 + 1;
  auto px = [&](double x) { return L + (x - x0) / (x1 - x0) * (W - L - R); };
  auto py = [&](double y) { return T + (1 - (y - y0) / (y1 - y0)) * (H - T - B); };
  auto label = [&](double v) {
    if (fraction) return fmt::format("{:.0f}%", v * 100);
    if (y1 >= 2e6) return fmt::format("{:.1f}m", v / 1e6);
    if (y1 >= 2e4) return fmt::format("{:.0f}k", v / 1e3);
    return fmt::format("{:.0f}", v);
  };
  std::string svg = fmt::format(
      "<figure><figcaption>{}</figcaption><svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">",
      html_escape(title), W, H, html_escape(title));
  for (int i = 0; i <= 4; ++i) {
    const double v = y0 + (y1 - y0) * i / 4.0;
    svg += fmt::format("<line class=\"grid\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>", L,
                       W - R, py(v), py(v));
    svg += fmt::format("<text class=\"axis\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", L - 6,
                       py(v) + 4, label(v));
  }
  for (int m = x0; m <= x1; ++m) {
    // Year labels at each January, and at the first month unless a January follows within four months.
    const bool first_label = m == x0 && YearMonth::from_index(m).month() <= 9;
    if (YearMonth::from_index(m).month() != 1 && !first_label) continue;
    svg += fmt::format("<text class=\"axis\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
                       px(m), H - B + 18, YearMonth::from_index(m).year());
  }
  if (s.has_band) {
    std::string pts;
    for (size_t i = 0; i < s.x.size(); ++i) pts += fmt::format("{:.1f},{:.1f} ", px(s.x[i]), py(s.hi[i]));
    for (size_t i = s.x.size(); i-- > 0;) pts += fmt::format("{:.1f},{:.1f} ", px(s.x[i]), py(s.lo[i]));
    svg += fmt::format("<polygon class=\"fan\" points=\"{}\"><title>P10-P90</title></polygon>", pts);
  }
  if (!history.empty()) {
    std::string pts;
    for (const auto& [x, v] : history) pts += fmt::format("{:.1f},{:.1f} ", px(x), py(v));
    svg += fmt::format("<polyline class=\"history\" points=\"{}\"/>", pts);
  }
  std::string pts;
  for (size_t i = 0; i < s.x.size(); ++i) pts += fmt::format("{:.1f},{:.1f} ", px(s.x[i]), py(s.mid[i]));
  svg += fmt::format("<polyline class=\"line\" points=\"{}\"/>", pts);
  for (const auto& t : in.target_lines) {
    if (t.on_share_chart != share_targets) continue;
    svg += fmt::format("<line class=\"target\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>", L,
                       W - R, py(t.value), py(t.value));
    if (const auto d = YearMonth::parse(t.deadline_month); d && d->index() >= x0 && d->index() <= x1)
      svg += fmt::format(
          "<circle class=\"deadline\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5\"><title>{}</title></circle>",
          px(d->index()), py(t.value), html_escape(t.label));
    svg += fmt::format("<text class=\"tlabel\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", L + 4, py(t.value) - 4,
                       html_escape(t.label));
  }
  svg += "</svg></figure>\n";
  return svg;
}

}  // namespace

std::string render_html_report(const HtmlReportInput& in) {
  std::string html =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  html += fmt::format("<title>{}</title>", html_escape(in.title));
  html +=
      "<style>body{font-family:system-ui,-apple-system,Segoe UI,Arial,sans-serif;margin:2rem "
      "auto;max-width:960px;"
      "color:#212b32;padding:0 1rem}h1{color:#005eb8;margin-bottom:.2rem}.sub{color:#4c6272}"
      "figure{margin:1.5rem 0}figcaption{font-weight:600;margin-bottom:.3rem}svg{width:100%;height:auto;"
      "background:#fff;border:1px solid #d8dde0}.grid{stroke:#e8edee}.axis{font-size:11px;fill:#4c6272}"
      ".line{fill:none;stroke:#005eb8;stroke-width:2.5}.history{fill:none;stroke:#768692;stroke-width:2}"
      ".fan{fill:#005eb8;opacity:.18}.target{stroke:#da291c;stroke-dasharray:6 4}.deadline{fill:#da291c}"
      ".tlabel{font-size:11px;fill:#da291c}table{border-collapse:collapse;font-size:13px;width:100%}"
      "th,td{border-bottom:1px solid #d8dde0;padding:4px 6px;text-align:right}th:first-child,td:first-child"
      "{text-align:left}.met{color:#007f3b;font-weight:600}.missed{color:#da291c;font-weight:600}"
      "</style></head><body>\n";
  html +=
      fmt::format("<h1>{}</h1><p class=\"sub\">{}</p>\n", html_escape(in.title), html_escape(in.subtitle));
  if (!in.notes.empty()) {
    html += "<ul>";
    for (const auto& n : in.notes) html += "<li>" + html_escape(n) + "</li>";
    html += "</ul>\n";
  }
  if (!in.targets.empty()) {
    html +=
        "<h2>Targets</h2><table><tr><th>Target</th><th>Met at deadline</th><th>First met</th><th>Value at "
        "deadline</th><th>Gap</th><th>Probability met</th></tr>";
    for (const auto& t : in.targets) {
      const bool share =
          t.value_at_deadline && *t.value_at_deadline <= 1.0 && t.text.find('%') != std::string::npos;
      auto show = [&](const std::optional<double>& v) {
        if (!v) return std::string("-");
        return share ? fmt::format("{:.1f}%", *v * 100) : fmt::format("{:.0f}", *v);
      };
      auto show_gap = [&](const std::optional<double>& v) {
        if (!v) return std::string("-");
        return share ? fmt::format("{:+.1f} points", *v * 100) : fmt::format("{:+.0f}", *v);
      };
      html += fmt::format(
          "<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
          html_escape(t.text), t.met ? "met" : "missed", t.met ? "yes" : "no",
          t.first_met_month ? t.first_met_month->to_string() : "never", show(t.value_at_deadline),
          show_gap(t.gap_at_deadline),
          t.probability_met ? fmt::format("{:.0f}%", *t.probability_met * 100) : "-");
    }
    html += "</table>\n";
  }
  // The diagnostics list (DM01) shows its own standard (6 weeks) and its open 13+ band instead of RTT's.
  const bool dm01 = !in.months.empty() && in.months.front().list == dm01_list().name;
  html += chart(
      in, dm01 ? "Waiting list (diagnostic tests)" : "Waiting list (incomplete pathways)",
      [](const plan::MonthOutcome& m) { return std::optional(m.list_size); }, false, false);
  if (dm01) {
    html += chart(
        in, "Share waiting under 6 weeks", [](const plan::MonthOutcome& m) { return m.pct_within_6_weeks; },
        true, true);
    html += chart(
        in, "Waiting 13 weeks or more", [](const plan::MonthOutcome& m) { return m.over_13_weeks; }, false,
        false);
  } else {
    html += chart(
        in, "Share waiting 18 weeks or less",
        [](const plan::MonthOutcome& m) { return m.pct_within_18_weeks; }, true, true);
    html += chart(
        in, "Waiting over 52 weeks", [](const plan::MonthOutcome& m) { return m.over_52_weeks; }, false,
        false);
  }
  html += fmt::format(
      "<h2>Monthly "
      "projection</h2><table><tr><th>Month</th><th>List</th><th>Referrals</th><th>Treated</th><th>Other "
      "removals</th><th>{}</th><th>{}</th><th>{}</th><th>Median</th><th>{}</th></tr>",
      dm01 ? "Within 6 wks" : "Within 18 wks", dm01 ? "Over 6 wks" : "Over 52 wks",
      dm01 ? "Over 13 wks" : "Over 65 wks", dm01 ? "" : "P92");
  auto num = [](const std::optional<double>& v) { return v ? fmt::format("{:.0f}", *v) : std::string("-"); };
  for (const auto& m : in.months) {
    const auto share = dm01 ? m.pct_within_6_weeks : m.pct_within_18_weeks;
    html += fmt::format(
        "<tr><td>{}</td><td>{:.0f}</td><td>{:.0f}</td><td>{:.0f}</td><td>{:.0f}</td><td>{}</td><td>{}</"
        "td><td>{}</td>"
        "<td>{}</td><td>{}</td></tr>",
        m.month.to_string(), m.list_size, m.referrals, m.removals_treated, m.removals_other,
        share ? fmt::format("{:.1f}%", *share * 100) : "-", num(dm01 ? m.over_6_weeks : m.over_52_weeks),
        num(dm01 ? m.over_13_weeks : m.over_65_weeks),
        m.median_weeks ? fmt::format("{:.1f}", *m.median_weeks) : "-",
        m.p92_weeks ? fmt::format("{:.1f}", *m.p92_weeks) : (dm01 ? "" : "-"));
  }
  html += fmt::format(
      "</table>\n<p class=\"sub\">Generated by elective {}. Percentages are of pathways with a known clock "
      "start.</p>"
      "</body></html>\n",
      version());
  return html;
}

}  // namespace elective::report
