#include "report/xlsx_workbook.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "core/version.hpp"

namespace elective {
namespace {

namespace fs = std::filesystem;

// Removes the temporary file however render_xlsx ends.
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) std::remove(path.c_str());
  }
};

std::string temp_path() {
  std::string pattern = (fs::temp_directory_path() / "elective-xlsx-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw IoError("xlsx: cannot create a temporary file in " + fs::temp_directory_path().string());
  ::close(fd);
  return pattern;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("xlsx: cannot read back " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Excel sheet names: at most 31 characters, none of []:*?/\ .
std::string sheet_name(std::string name) {
  for (char& c : name)
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '_';
  if (name.size() > 31) name.resize(31);
  return name;
}

void check(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR) throw IoError(std::string("xlsx: ") + what + ": " + lxw_strerror(e));
}

struct Formats {
  lxw_format *header, *count, *number, *percent, *weeks, *text;
};

lxw_format* format_for(const Formats& f, CellKind kind) {
  switch (kind) {
    case CellKind::count:
      return f.count;
    case CellKind::fraction:
      return f.percent;
    case CellKind::weeks:
      return f.weeks;
    case CellKind::number:
      return f.number;
    case CellKind::flag:
    case CellKind::text:
      return f.text;
  }
  return f.text;
}

void write_table(lxw_worksheet* ws, const Table& table, const Formats& f) {
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    check(worksheet_write_string(ws, 0, col, table.columns[c].key.c_str(), f.header), "header");
    const double width = std::clamp(static_cast<double>(table.columns[c].key.size()) + 2, 10.0, 40.0);
    worksheet_set_column(ws, col, col, width, nullptr);
  }
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (std::size_t c = 0; c < table.columns.size() && c < table.rows[r].size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      const Cell& cell = table.rows[r][c];
      const CellKind kind = table.columns[c].kind;
      if (const auto* s = std::get_if<std::string>(&cell)) {
        worksheet_write_string(ws, row, col, s->c_str(), f.text);
      } else if (const auto* i = std::get_if<std::int64_t>(&cell)) {
        if (kind == CellKind::flag)
          worksheet_write_boolean(ws, row, col, *i != 0, nullptr);
        else
          worksheet_write_number(ws, row, col, static_cast<double>(*i), format_for(f, kind));
      } else if (const auto* d = std::get_if<double>(&cell); d != nullptr && std::isfinite(*d)) {
        worksheet_write_number(ws, row, col, *d, format_for(f, kind));
      }  // missing: an empty cell
    }
  }
  worksheet_freeze_panes(ws, 1, 0);
}

void add_chart(lxw_workbook* wb, lxw_worksheet* ws, const std::string& sheet, const Table& table,
               const WorkbookChart& chart, int position) {
  auto column_of = [&](const std::string& key) -> std::optional<lxw_col_t> {
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      if (table.columns[c].key == key) return static_cast<lxw_col_t>(c);
    return std::nullopt;
  };
  const auto x = column_of(chart.x_key);
  if (!x || table.rows.empty()) return;
  const auto last = static_cast<lxw_row_t>(table.rows.size());
  lxw_chart* ch = workbook_add_chart(wb, LXW_CHART_LINE);
  for (const auto& key : chart.y_keys) {
    const auto y = column_of(key);
    if (!y) continue;
    lxw_chart_series* s = chart_add_series(ch, nullptr, nullptr);
    chart_series_set_categories(s, sheet.c_str(), 1, *x, last, *x);
    chart_series_set_values(s, sheet.c_str(), 1, *y, last, *y);
    chart_series_set_name(s, key.c_str());
  }
  if (chart.target) {
    // The target as its own column beside the table, so the line is a plain series Excel can restyle.
    const auto col = static_cast<lxw_col_t>(table.columns.size() + 1);
    const std::string name = chart.target_name.empty() ? "target" : chart.target_name;
    worksheet_write_string(ws, 0, col, name.c_str(), nullptr);
    for (lxw_row_t r = 1; r <= last; ++r) worksheet_write_number(ws, r, col, *chart.target, nullptr);
    lxw_chart_series* s = chart_add_series(ch, nullptr, nullptr);
    chart_series_set_categories(s, sheet.c_str(), 1, *x, last, *x);
    chart_series_set_values(s, sheet.c_str(), 1, col, last, col);
    chart_series_set_name(s, name.c_str());
    lxw_chart_line dash{};
    dash.color = LXW_COLOR_RED;
    dash.dash_type = LXW_CHART_LINE_DASH_DASH;
    chart_series_set_line(s, &dash);
  }
  chart_title_set_name(ch, chart.title.c_str());
  chart_axis_set_name(ch->y_axis, chart.y_title.c_str());
  chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
  lxw_chart_options place{};
  place.x_scale = 1.8;
  place.y_scale = 1.4;
  // Charts of one sheet stacked to the right of its table.
  worksheet_insert_chart_opt(ws, static_cast<lxw_row_t>(1 + 22 * position),
                             static_cast<lxw_col_t>(table.columns.size() + 3), ch, &place);
}

CellKind kind_for(const std::string& key) {
  auto has = [&](std::string_view part) { return key.find(part) != std::string::npos; };
  if (key.rfind("pct_", 0) == 0 || has(".pct_") || has("performance") || has("coverage") || has("share") ||
      has("_mape") || has("pct_within"))
    return CellKind::fraction;
  if (has("_mae") || has("gap")) return CellKind::number;
  if (has("weeks") && !has("over_")) return CellKind::weeks;
  return CellKind::count;
}

void flatten(const nlohmann::json& value, const std::string& prefix,
             std::vector<std::pair<std::string, nlohmann::json>>& out) {
  if (value.is_object()) {
    if (value.contains("p50") && value.contains("p10") && value.contains("p90") && value.size() == 3) {
      out.emplace_back(prefix, value["p50"]);
      out.emplace_back(prefix + "_p10", value["p10"]);
      out.emplace_back(prefix + "_p90", value["p90"]);
      return;
    }
    for (const auto& [k, v] : value.items()) flatten(v, prefix.empty() ? k : prefix + "." + k, out);
    return;
  }
  if (value.is_array()) {
    out.emplace_back(prefix, value.dump());  // a list inside a row: kept as its JSON text
    return;
  }
  out.emplace_back(prefix, value);
}

Cell cell_of(const nlohmann::json& v) {
  if (v.is_boolean()) return std::int64_t{v.get<bool>() ? 1 : 0};
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return std::monostate{};
  return v.dump();
}

Table records_table(const nlohmann::json& records) {
  Table table;
  std::map<std::string, std::size_t> index;
  std::vector<std::vector<std::pair<std::string, nlohmann::json>>> rows;
  for (const auto& record : records) {
    rows.emplace_back();
    flatten(record, "", rows.back());
    for (const auto& [key, v] : rows.back()) {
      if (index.count(key)) continue;
      index[key] = table.columns.size();
      Column c;
      c.key = key;
      c.title = key;
      c.kind = v.is_string() ? CellKind::text : v.is_boolean() ? CellKind::flag : kind_for(key);
      table.columns.push_back(c);
    }
  }
  for (const auto& fields : rows) {
    std::vector<Cell> row(table.columns.size());
    for (const auto& [key, v] : fields) row[index[key]] = cell_of(v);
    table.add_row(std::move(row));
  }
  return table;
}

bool is_records(const nlohmann::json& v) {
  return v.is_array() && !v.empty() &&
         std::all_of(v.begin(), v.end(), [](const auto& x) { return x.is_object(); });
}

// "92% within 18 weeks by 2029-03" -> 0.92 (the targets a share chart can draw).
std::optional<double> share_target(const std::string& text) {
  const auto pct = text.find('%');
  if (pct == std::string::npos || text.find("within", pct) == std::string::npos) return std::nullopt;
  const auto start = text.find_first_of("0123456789");
  if (start == std::string::npos || start > pct) return std::nullopt;
  try {
    return std::stod(text.substr(start, pct - start)) / 100.0;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

Workbook json_workbook(const nlohmann::json& result, std::string inputs_text,
                       std::vector<std::pair<std::string, std::string>> provenance) {
  Workbook wb;
  wb.inputs_text = std::move(inputs_text);
  wb.provenance = std::move(provenance);
  if (!result.is_object()) {
    Table t = records_table(nlohmann::json::array({nlohmann::json{{"value", result}}}));
    wb.sheets.emplace_back("Result", std::move(t));
    return wb;
  }
  Table summary;
  summary.columns = {Column{"item", "item", CellKind::text, 0},
                     Column{"value", "value", CellKind::number, 4}};
  for (const auto& [key, value] : result.items()) {
    if (is_records(value)) {
      wb.sheets.emplace_back(key, records_table(value));
      continue;
    }
    std::vector<std::pair<std::string, nlohmann::json>> fields;
    if (value.is_array() && value.empty()) continue;
    flatten(value, key, fields);
    for (const auto& [k, v] : fields) summary.add_row({k, cell_of(v)});
  }
  if (!summary.rows.empty()) wb.sheets.insert(wb.sheets.begin(), {"Result", std::move(summary)});
  if (result.contains("months") && is_records(result["months"])) {
    std::optional<double> target;
    std::string target_name;
    if (result.contains("targets") && result["targets"].is_array())
      for (const auto& t : result["targets"])
        if (t.is_object() && t.contains("text") && t["text"].is_string() && !target)
          if ((target = share_target(t["text"].get<std::string>())))
            target_name = t["text"].get<std::string>();
    // A cancer forecast's months are completed pathways and the performance against the standard
    // (plan/cancer_forecast.hpp): no list to chart.
    const bool cancer = !result["months"].empty() && result["months"][0].contains("performance");
    if (cancer) {
      wb.charts.push_back({"months",
                           "Performance against the standard",
                           "share within the standard",
                           "month",
                           {"performance", "performance_p10", "performance_p90"},
                           target,
                           target_name});
      wb.charts.push_back({"months",
                           "Completed pathways",
                           "pathways",
                           "month",
                           {"total", "total_p10", "total_p90"},
                           std::nullopt,
                           ""});
      return wb;
    }
    // A diagnostics (DM01) forecast's months carry its own standard, 6 weeks, instead of RTT's 18.
    const bool dm01 = !result["months"].empty() && result["months"][0].contains("pct_within_6_weeks");
    const std::string share = dm01 ? "pct_within_6_weeks" : "pct_within_18_weeks";
    wb.charts.push_back({"months",
                         dm01 ? "% within 6 weeks" : "% within 18 weeks",
                         "share of the list",
                         "month",
                         {share, share + "_p10", share + "_p90"},
                         target,
                         target_name});
    wb.charts.push_back({"months",
                         "Waiting list",
                         "pathways",
                         "month",
                         {"list_size", "list_size_p10", "list_size_p90"},
                         std::nullopt,
                         ""});
  }
  return wb;
}

std::string render_xlsx(const Workbook& workbook) {
  TempFile file{temp_path()};
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;  // charts and frozen panes need the whole sheet
  lxw_workbook* wb = workbook_new_opt(file.path.c_str(), &options);
  if (wb == nullptr) throw IoError("xlsx: cannot start a workbook in " + file.path);

  Formats f{};
  f.header = workbook_add_format(wb);
  format_set_bold(f.header);
  format_set_bottom(f.header, LXW_BORDER_THIN);
  f.count = workbook_add_format(wb);
  format_set_num_format(f.count, "#,##0");
  f.number = workbook_add_format(wb);
  format_set_num_format(f.number, "#,##0.00##");
  f.percent = workbook_add_format(wb);
  format_set_num_format(f.percent, "0.0%");
  f.weeks = workbook_add_format(wb);
  format_set_num_format(f.weeks, "0.00");
  f.text = nullptr;

  std::map<std::string, std::pair<lxw_worksheet*, const Table*>> sheets;
  for (const auto& [name, table] : workbook.sheets) {
    const std::string n = sheet_name(name);
    lxw_worksheet* ws = workbook_add_worksheet(wb, n.c_str());
    if (ws == nullptr) throw IoError("xlsx: cannot add the sheet " + n);
    write_table(ws, table, f);
    sheets[n] = {ws, &table};
  }
  std::map<std::string, int> charts_on;
  for (const auto& chart : workbook.charts) {
    const auto it = sheets.find(sheet_name(chart.sheet));
    if (it != sheets.end())
      add_chart(wb, it->second.first, it->first, *it->second.second, chart, charts_on[it->first]++);
  }
  if (!workbook.inputs_text.empty()) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Inputs");
    std::istringstream lines(workbook.inputs_text);
    std::string line;
    lxw_row_t r = 0;
    while (std::getline(lines, line)) worksheet_write_string(ws, r++, 0, line.c_str(), nullptr);
    worksheet_set_column(ws, 0, 0, 100, nullptr);
  }
  lxw_worksheet* prov = workbook_add_worksheet(wb, "Provenance");
  worksheet_write_string(prov, 0, 0, "item", f.header);
  worksheet_write_string(prov, 0, 1, "value", f.header);
  lxw_row_t r = 1;
  for (const auto& [label, value] : workbook.provenance) {
    worksheet_write_string(prov, r, 0, label.c_str(), nullptr);
    worksheet_write_string(prov, r++, 1, value.c_str(), nullptr);
  }
  worksheet_set_column(prov, 0, 0, 24, nullptr);
  worksheet_set_column(prov, 1, 1, 90, nullptr);

  check(workbook_close(wb), "writing the workbook");
  return read_all(file.path);
}

std::vector<std::pair<std::string, std::string>> workbook_provenance(std::string made_by_label,
                                                                     std::string made_by) {
  return {{"produced by", fmt::format("elective {}", version())},
          {std::move(made_by_label), std::move(made_by)},
          {"created (UTC)", fmt::format("{:%Y-%m-%d %H:%M:%S}", std::chrono::floor<std::chrono::seconds>(
                                                                    std::chrono::system_clock::now()))},
          {"contents",
           "every table of `--format json`, one sheet each (P10/P50/P90 as <key>_p10, <key>, <key>_p90)"},
          {"data", "NHS England statistics, Open Government Licence v3.0 (data/README.md)"}};
}

}  // namespace elective
