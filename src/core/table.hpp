#pragma once
// One tabular result, three renderings: an aligned text table for people, CSV and JSON for programs. Every
// command builds a Table and lets the user pick `--format table|csv|json` (core/output_format.hpp). Keys are
// snake_case; fractions are 0-1 in CSV/JSON and shown as percentages in the text table.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/output_format.hpp"

namespace elective {

enum class CellKind {
  text,      // shown as is
  count,     // whole number, shown with thousands separators
  number,    // decimal number
  fraction,  // 0-1, shown as a percentage in the text table
  weeks,     // weeks with 2 decimals
  flag,      // true/false held as a whole number 1/0: JSON true/false, CSV true/false, text yes/no
};

struct Column {
  std::string key;    // snake_case key for CSV headers and JSON
  std::string title;  // heading in the text table
  CellKind kind = CellKind::text;
  int decimals = 2;
};

// A cell: missing (null), text, whole number or decimal number.
using Cell = std::variant<std::monostate, std::string, std::int64_t, double>;

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;

  void add_row(std::vector<Cell> row) { rows.push_back(std::move(row)); }
};

// Text for people, at most max_width characters a line: a wider table is split into panels of columns, each
// repeating the first column (docs/cli.md).
inline constexpr size_t kTextTableWidth = 100;
std::string render_text(const Table& table, size_t max_width = kTextTableWidth);
// Prose for people at the same width: a longer line is broken between words, its continuation lines indented
// two spaces more than the line; a single word longer than the width (a path) is left whole.
std::string wrap_lines(std::string_view text, size_t max_width = kTextTableWidth);
// The same table without its P10/P90 columns (keys ending in _p10 or _p90): text output for people shows the
// central value (P50) and leaves the intervals to CSV/JSON, where a 30-column table stays readable.
Table central_columns(const Table& table);
std::string render_csv(const Table& table);
// JSON array of objects keyed by column key (null for missing cells).
nlohmann::json to_json_rows(const Table& table);
// The inverse: a table of the given columns from a JSON array of objects (a missing or null value is a
// missing cell, true/false a flag 1/0), for commands whose result is a JSON document from the library.
Table table_from_json_rows(const nlohmann::json& rows, std::vector<Column> columns);
// Renders a table in the chosen format; JSON is {"rows": [...]}.
std::string render(const Table& table, Format format);

// Formatting helpers shared by all text output.
std::string format_count(double value);                         // 7,621,297
std::string format_percent(double fraction, int decimals = 1);  // 58.8%
std::string csv_escape(std::string_view field);

}  // namespace elective
