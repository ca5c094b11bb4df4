#include "core/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/json_text.hpp"

namespace elective {

std::string format_count(double value) {
  const bool negative = value < 0;
  const auto whole = static_cast<long long>(std::llround(std::fabs(value)));
  std::string digits = std::to_string(whole);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return negative && whole != 0 ? "-" + out : out;
}

std::string format_percent(double fraction, int decimals) {
  return fmt::format("{:.{}f}%", fraction * 100.0, decimals);
}

std::string csv_escape(std::string_view field) {
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

namespace {

double as_double(const Cell& cell) {
  if (const auto* i = std::get_if<std::int64_t>(&cell)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&cell)) return *d;
  return 0;
}

std::string text_cell(const Cell& cell, const Column& column) {
  if (std::holds_alternative<std::monostate>(cell)) return "-";
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  const double v = as_double(cell);
  switch (column.kind) {
    case CellKind::count:
      return format_count(v);
    case CellKind::fraction:
      return format_percent(v, column.decimals > 2 ? column.decimals - 2 : 1);
    case CellKind::weeks:
      return fmt::format("{:.2f}", v);
    case CellKind::number:
      return fmt::format("{:.{}f}", v, column.decimals);
    case CellKind::flag:
      return v != 0 ? "yes" : "no";
    case CellKind::text:
      break;
  }
  return std::holds_alternative<std::int64_t>(cell) ? std::to_string(std::get<std::int64_t>(cell))
                                                    : fmt::format("{}", v);
}

std::string machine_cell(const Cell& cell, const Column& column) {
  if (std::holds_alternative<std::monostate>(cell)) return "";
  if (column.kind == CellKind::flag && !std::holds_alternative<std::string>(cell)) {
    return as_double(cell) != 0 ? "true" : "false";
  }
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&cell)) return std::to_string(*i);
  const double d = std::get<double>(cell);
  if (std::nearbyint(d) == d && std::fabs(d) < 1e15) return fmt::format("{:.0f}", d);
  return fmt::format("{}", d);  // shortest representation that round-trips
}

}  // namespace

namespace {

// Characters on screen, not bytes: titles and cells hold UTF-8 ("–", "≥", "£").
size_t display_width(std::string_view text) {
  return static_cast<size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Columns in panels no wider than the screen: each panel repeats the first column (the row's label), so a
// wide table reads as two or three narrow ones, top to bottom, instead of lines that wrap.
std::vector<std::vector<size_t>> panels(const std::vector<size_t>& width, size_t max_width) {
  std::vector<std::vector<size_t>> out;
  std::vector<size_t> panel{0};
  size_t used = width.empty() ? 0 : width[0];
  for (size_t c = 1; c < width.size(); ++c) {
    if (panel.size() > 1 && used + 2 + width[c] > max_width) {
      out.push_back(panel);
      panel = {0};
      used = width[0];
    }
    panel.push_back(c);
    used += 2 + width[c];
  }
  if (!width.empty()) out.push_back(panel);
  return out;
}

}  // namespace

std::string render_text(const Table& table, size_t max_width) {
  const size_t ncol = table.columns.size();
  std::vector<size_t> width(ncol);
  std::vector<std::vector<std::string>> cells;
  cells.reserve(table.rows.size());
  for (size_t c = 0; c < ncol; ++c) width[c] = display_width(table.columns[c].title);
  for (const auto& row : table.rows) {
    std::vector<std::string> out;
    for (size_t c = 0; c < ncol; ++c) {
      out.push_back(c < row.size() ? text_cell(row[c], table.columns[c]) : "-");
      width[c] = std::max(width[c], display_width(out.back()));
    }
    cells.push_back(std::move(out));
  }
  auto line = [&](const std::vector<size_t>& columns, const std::vector<std::string>& values, bool header) {
    std::string s;
    for (size_t i = 0; i < columns.size(); ++i) {
      const size_t c = columns[i];
      const bool left = table.columns[c].kind == CellKind::text;
      const size_t pad = width[c] - display_width(values[c]);
      if (i > 0) s += "  ";
      if (left || header) {
        s += values[c];
        if (i + 1 < columns.size()) s += std::string(pad, ' ');
      } else {
        s += std::string(pad, ' ') + values[c];
      }
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s + "\n";
  };
  std::vector<std::string> titles;
  for (const auto& column : table.columns) titles.push_back(column.title);
  std::string out;
  for (const auto& columns : panels(width, max_width)) {
    if (!out.empty()) out += "\n";
    out += line(columns, titles, true);
    std::string rule;
    for (size_t i = 0; i < columns.size(); ++i)
      rule += (i > 0 ? "  " : "") + std::string(width[columns[i]], '-');
    out += rule + "\n";
    for (const auto& row : cells) out += line(columns, row, false);
  }
  return out;
}

std::string wrap_lines(std::string_view text, size_t max_width) {
  std::string out;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const bool newline = end != std::string_view::npos;
    if (display_width(line) <= max_width) {
      out += line;
      if (newline) out += '\n';
      continue;
    }
    const size_t indent = line.find_first_not_of(' ');
    const std::string lead(indent == std::string_view::npos ? 0 : indent, ' ');
    std::string current = lead;
    bool first_word = true;
    size_t pos = lead.size();
    while (pos < line.size()) {
      const size_t next = std::min(line.find(' ', pos), line.size());
      const std::string_view word = line.substr(pos, next - pos);
      pos = line.find_first_not_of(' ', next);
      if (pos == std::string_view::npos) pos = line.size();
      if (word.empty()) continue;
      if (!first_word && display_width(current) + 1 + display_width(word) > max_width) {
        out += current + '\n';
        current = lead + "  ";
        first_word = true;
      }
      if (!first_word) current += ' ';
      current += word;
      first_word = false;
    }
    out += current;
    if (newline) out += '\n';
  }
  return out;
}

Table central_columns(const Table& table) {
  auto is_interval = [](const std::string& key) {
    return key.size() > 4 && (key.ends_with("_p10") || key.ends_with("_p90"));
  };
  Table out;
  std::vector<size_t> keep;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (is_interval(table.columns[c].key)) continue;
    keep.push_back(c);
    out.columns.push_back(table.columns[c]);
  }
  for (const auto& row : table.rows) {
    std::vector<Cell> cells;
    for (size_t c : keep) cells.push_back(c < row.size() ? row[c] : Cell{});
    out.rows.push_back(std::move(cells));
  }
  return out;
}

std::string render_csv(const Table& table) {
  std::string out;
  for (size_t c = 0; c < table.columns.size(); ++c) out += (c ? "," : "") + csv_escape(table.columns[c].key);
  out += "\n";
  for (const auto& row : table.rows) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (c) out += ",";
      if (c < row.size()) out += csv_escape(machine_cell(row[c], table.columns[c]));
    }
    out += "\n";
  }
  return out;
}

nlohmann::json to_json_rows(const Table& table) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : table.rows) {
    nlohmann::json obj = nlohmann::json::object();
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const Cell& cell = c < row.size() ? row[c] : Cell{};
      auto& slot = obj[table.columns[c].key];
      if (const auto* s = std::get_if<std::string>(&cell)) {
        slot = *s;
      } else if (table.columns[c].kind == CellKind::flag && !std::holds_alternative<std::monostate>(cell)) {
        slot = as_double(cell) != 0;
      } else if (const auto* i = std::get_if<std::int64_t>(&cell)) {
        slot = *i;
      } else if (const auto* d = std::get_if<double>(&cell)) {
        slot = *d;
      } else {
        slot = nullptr;
      }
    }
    rows.push_back(std::move(obj));
  }
  return rows;
}

Table table_from_json_rows(const nlohmann::json& rows, std::vector<Column> columns) {
  Table table;
  table.columns = std::move(columns);
  for (const auto& object : rows) {
    std::vector<Cell> row;
    for (const Column& column : table.columns) {
      const auto it = object.find(column.key);
      if (it == object.end() || it->is_null()) {
        row.emplace_back();
      } else if (it->is_string()) {
        row.emplace_back(it->get<std::string>());
      } else if (it->is_boolean()) {
        row.emplace_back(std::int64_t{it->get<bool>() ? 1 : 0});
      } else if (it->is_number_integer()) {
        row.emplace_back(it->get<std::int64_t>());
      } else if (it->is_number()) {
        row.emplace_back(it->get<double>());
      } else {
        row.emplace_back(it->dump());
      }
    }
    table.add_row(std::move(row));
  }
  return table;
}

std::string render(const Table& table, Format format) {
  switch (format) {
    case Format::table:
      return render_text(table);
    case Format::csv:
      return render_csv(table);
    case Format::json:
      return json_text(nlohmann::json{{"rows", to_json_rows(table)}});
  }
  return {};
}

}  // namespace elective
