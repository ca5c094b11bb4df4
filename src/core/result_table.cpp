#include "core/result_table.hpp"

#include <algorithm>
#include <cmath>

namespace elective {
namespace {

std::vector<double> present(const Samples& values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (const auto& v : values) {
    if (v) out.push_back(*v);
  }
  return out;
}

// Type-7 percentile of an already sorted, non-empty sample.
double sorted_percentile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * std::clamp(p, 0.0, 1.0);
  const auto lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Built this way (not with ?:) because GCC 12 reports a false maybe-uninitialized on a moved std::variant.
Cell optional_cell(const std::optional<double>& v) {
  if (v) return Cell(std::in_place_type<double>, *v);
  return Cell(std::in_place_type<std::monostate>);
}

nlohmann::json cell_json(const ResultCell& cell, const ResultColumn& column, bool multi) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&cell)) return *i;
  if (const auto* d = std::get_if<double>(&cell)) return *d;
  if (const auto* b = std::get_if<bool>(&cell)) return *b;
  if (const auto* v = std::get_if<Samples>(&cell)) return samples_json(*v, multi && column.uncertain);
  return nullptr;
}

// The table cell of a plain (non-Samples) value.
Cell table_cell(const ResultCell& cell, const ResultColumn& column) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&cell)) return *i;
  if (const auto* d = std::get_if<double>(&cell)) return *d;
  if (const auto* b = std::get_if<bool>(&cell)) {
    if (column.kind == CellKind::text) return std::string(*b ? "yes" : "no");
    return std::int64_t{*b ? 1 : 0};
  }
  if (column.missing_text) return *column.missing_text;
  return std::monostate{};
}

bool missing(const ResultCell& cell) {
  if (std::holds_alternative<std::monostate>(cell)) return true;
  if (const auto* v = std::get_if<Samples>(&cell))
    return std::none_of(v->begin(), v->end(), [](const auto& x) { return x.has_value(); });
  return false;
}

}  // namespace

std::optional<double> sample_percentile(std::vector<double> values, double p) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  return sorted_percentile(values, p);
}

std::optional<double> samples_percentile(const Samples& values, double p) {
  return sample_percentile(present(values), p);
}

nlohmann::json samples_json(const Samples& values, bool multi) {
  auto v = present(values);
  if (v.empty()) return nullptr;
  if (!multi) return v.front();
  std::sort(v.begin(), v.end());
  return {{"p10", sorted_percentile(v, 0.10)},
          {"p50", sorted_percentile(v, 0.50)},
          {"p90", sorted_percentile(v, 0.90)}};
}

nlohmann::json ResultTable::json() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : rows) {
    nlohmann::json obj = nlohmann::json::object();
    for (size_t c = 0; c < columns.size(); ++c) {
      const ResultCell& cell = c < row.size() ? row[c] : ResultCell{};
      if (columns[c].omit_when_missing && missing(cell)) continue;
      obj[columns[c].key] = cell_json(cell, columns[c], multi);
    }
    out.push_back(std::move(obj));
  }
  return out;
}

Table ResultTable::table() const {
  Table out;
  for (const auto& column : columns) {
    const bool spread = multi && column.uncertain;
    out.columns.push_back({column.key, spread ? column.title + central_title_suffix : column.title,
                           column.kind, column.decimals});
    if (spread) {
      out.columns.push_back({column.key + "_p10", column.title + " P10", column.kind, column.decimals});
      out.columns.push_back({column.key + "_p90", column.title + " P90", column.kind, column.decimals});
    }
  }
  for (const auto& row : rows) {
    std::vector<Cell> cells;
    for (size_t c = 0; c < columns.size(); ++c) {
      const ResultColumn& column = columns[c];
      const ResultCell& cell = c < row.size() ? row[c] : ResultCell{};
      const bool spread = multi && column.uncertain;
      if (const auto* v = std::get_if<Samples>(&cell)) {
        cells.push_back(optional_cell(samples_percentile(*v, 0.5)));
        if (spread) {
          cells.push_back(optional_cell(samples_percentile(*v, 0.1)));
          cells.push_back(optional_cell(samples_percentile(*v, 0.9)));
        }
        continue;
      }
      const Cell plain = table_cell(cell, column);
      cells.push_back(plain);
      if (spread) {
        cells.push_back(plain);
        cells.push_back(plain);
      }
    }
    out.add_row(std::move(cells));
  }
  return out;
}

}  // namespace elective
