#include "core/result_table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include "core/parallel_for.hpp"

namespace elective {
namespace {

// Below this many samples in a table, rendering on one thread is quicker than starting more.
constexpr std::size_t kParallelSamples = 200000;

std::vector<double> present(const Samples& values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (const auto& v : values) {
    if (v) out.push_back(*v);
  }
  return out;
}

// Type-7 percentiles of a non-empty sample at ascending fractions ps, found by selection rather than a full
// sort (10,000 Monte Carlo samples x every month and output): each is the order statistic at floor(h) plus a
// share of the gap to the next one, h = (n - 1) p, exactly the values a sort gives. Reorders `v`.
template <std::size_t N>
std::array<double, N> select_percentiles(std::vector<double>& v, const std::array<double, N>& ps) {
  std::array<double, N> out{};
  const std::size_t n = v.size();
  std::size_t placed = 0;  // v[0 .. placed) holds the smallest `placed` values; v[placed - 1] is in its place
  for (std::size_t i = 0; i < N; ++i) {
    const double h = (static_cast<double>(n) - 1.0) * std::clamp(ps[i], 0.0, 1.0);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, n - 1);
    if (lo + 1 > placed) {
      std::nth_element(v.begin() + static_cast<std::ptrdiff_t>(placed),
                       v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
      placed = lo + 1;
    }
    const double at_lo = v[lo];
    // The next order statistic is the least of the values after lo (all of them are not below v[lo]).
    const double at_hi =
        hi == lo ? at_lo : *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo + 1), v.end());
    out[i] = at_lo + (h - static_cast<double>(lo)) * (at_hi - at_lo);
  }
  return out;
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
  return select_percentiles<1>(values, {p})[0];
}

std::optional<double> samples_percentile(const Samples& values, double p) {
  return sample_percentile(present(values), p);
}

nlohmann::json samples_json(const Samples& values, bool multi) {
  auto v = present(values);
  if (v.empty()) return nullptr;
  if (!multi) return v.front();
  const auto p = select_percentiles<3>(v, {0.10, 0.50, 0.90});
  return {{"p10", p[0]}, {"p50", p[1]}, {"p90", p[2]}};
}

nlohmann::json ResultTable::json() const {
  std::vector<nlohmann::json> objects(rows.size());
  auto render_row = [&](std::size_t r) {
    const auto& row = rows[r];
    nlohmann::json obj = nlohmann::json::object();
    for (size_t c = 0; c < columns.size(); ++c) {
      const ResultCell& cell = c < row.size() ? row[c] : ResultCell{};
      if (columns[c].omit_when_missing && missing(cell)) continue;
      obj[columns[c].key] = cell_json(cell, columns[c], multi);
    }
    objects[r] = std::move(obj);
  };
  // The percentiles of many Monte Carlo samples per cell (10,000 x every month and output of a forecast) are
  // most of the time: the rows are then rendered on every core, each into its own slot, the same JSON.
  std::size_t samples = 0;
  for (const auto& row : rows)
    for (const ResultCell& cell : row)
      if (const auto* v = std::get_if<Samples>(&cell)) samples += v->size();
  parallel_for(rows.size(), samples >= kParallelSamples ? 0 : 1, render_row);
  nlohmann::json out = nlohmann::json::array();
  for (nlohmann::json& obj : objects) out.push_back(std::move(obj));
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
        std::vector<double> values = present(*v);
        if (values.empty()) {
          for (int k = spread ? 3 : 1; k > 0; --k) cells.push_back(optional_cell(std::nullopt));
          continue;
        }
        const auto p = select_percentiles<3>(values, {0.1, 0.5, 0.9});
        cells.push_back(optional_cell(p[1]));
        if (spread) {
          cells.push_back(optional_cell(p[0]));
          cells.push_back(optional_cell(p[2]));
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
