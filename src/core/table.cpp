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

std::string render_text(const Table& table) {
  const size_t ncol = table.columns.size();
  std::vector<size_t> width(ncol);
  std::vector<std::vector<std::string>> cells;
  cells.reserve(table.rows.size());
  for (size_t c = 0; c < ncol; ++c) width[c] = table.columns[c].title.size();
  for (const auto& row : table.rows) {
    std::vector<std::string> out;
    for (size_t c = 0; c < ncol; ++c) {
      out.push_back(c < row.size() ? text_cell(row[c], table.columns[c]) : "-");
      width[c] = std::max(width[c], out.back().size());
    }
    cells.push_back(std::move(out));
  }
  auto line = [&](const std::vector<std::string>& values, bool header) {
    std::string s;
    for (size_t c = 0; c < ncol; ++c) {
      const bool left = table.columns[c].kind == CellKind::text;
      const size_t pad = width[c] - values[c].size();
      if (c > 0) s += "  ";
      if (left || header) {
        s += values[c];
        if (c + 1 < ncol) s += std::string(pad, ' ');
      } else {
        s += std::string(pad, ' ') + values[c];
      }
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s + "\n";
  };
  std::vector<std::string> titles;
  for (const auto& column : table.columns) titles.push_back(column.title);
  std::string out = line(titles, true);
  std::string rule;
  for (size_t c = 0; c < ncol; ++c) rule += (c > 0 ? "  " : "") + std::string(width[c], '-');
  out += rule + "\n";
  for (const auto& row : cells) out += line(row, false);
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
