#pragma once
// A results table defined once and rendered three ways: JSON rows, where a field that varies across
// replications (or Monte Carlo samples) is {"p10", "p50", "p90"}, and a Table for text and CSV, which shows
// its P50 and adds <key>_p10 and <key>_p90 columns. The forecast's months and targets and every summary of a
// simulation are ResultTables, so a key, its title and its kind are written once.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/table.hpp"

namespace elective {

// The values of one field across replications; nullopt where a replication has none.
using Samples = std::vector<std::optional<double>>;

struct ResultColumn {
  std::string key;    // snake_case: JSON key and CSV header
  std::string title;  // heading in the text table
  CellKind kind = CellKind::number;
  int decimals = 2;
  // Samples across replications: {"p10","p50","p90"} in JSON when there are several, P50 plus _p10/_p90
  // columns in tables. A plain value in such a column is a fixed parameter: JSON shows it as it is, tables
  // repeat it in the three columns.
  bool uncertain = false;
  // Left out of a JSON row when missing (an optional key) instead of null.
  bool omit_when_missing = false;
  // Shown in text and CSV for a missing value (JSON keeps null): e.g. "never" for a month never reached.
  std::optional<std::string> missing_text;
};

// A cell: missing, text, whole number, decimal number, flag (JSON true/false; "yes"/"no" in a text column,
// CellKind::flag renders it as that kind does), or Samples.
using ResultCell = std::variant<std::monostate, std::string, std::int64_t, double, bool, Samples>;

struct ResultTable {
  std::vector<ResultColumn> columns;
  std::vector<std::vector<ResultCell>> rows;
  bool multi = false;  // several replications: uncertain columns spread into P10/P50/P90
  std::string
      central_title_suffix;  // appended to an uncertain column's title for its P50 column, e.g. " P50"

  void add_row(std::vector<ResultCell> row) { rows.push_back(std::move(row)); }
  nlohmann::json json() const;  // array of objects keyed by column key
  Table table() const;          // for render_text (central_columns drops the intervals) and render_csv
};

// JSON of Samples: null when no replication has a value; the first value with one replication (multi false);
// {"p10","p50","p90"} otherwise.
nlohmann::json samples_json(const Samples& values, bool multi);
// Percentile p in [0,1] of the present values; nullopt when none.
std::optional<double> samples_percentile(const Samples& values, double p);

// Percentile (p in [0,1]) of a sample by linear interpolation between order statistics (type 7, as R's
// default); the input need not be sorted. nullopt for an empty sample.
std::optional<double> sample_percentile(std::vector<double> values, double p);

}  // namespace elective
