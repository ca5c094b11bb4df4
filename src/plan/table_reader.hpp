#pragma once
// The scenario gate's one way of reading a table of a Document: every section, the forecast's and
// [simulation]'s alike, is read through it, so every error has one format,
//
//   file:line:column: key.path: what was expected
//
// A TableReader is made with the keys its table may hold: any other key is an error naming it and the
// expected ones. Every getter checks the type, that numbers are finite and within their range, and says
// what was expected (with the unit) when they are not.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "core/enum_names.hpp"
#include "plan/document.hpp"
#include "plan/range.hpp"

namespace elective::plan {

// An upper bound meaning "no upper bound" in messages ("a number >= 0").
inline constexpr double kUnbounded = 1e300;

class TableReader {
 public:
  // Throws when `table` is not a table, or holds a key not in `keys`.
  TableReader(const Node& table, std::string path, const std::string& file,
              std::vector<std::string_view> keys);

  const std::string& path() const { return path_; }
  const std::string& file() const { return *file_; }
  const Node& node() const { return *table_; }
  std::string key_path(std::string_view key) const;
  const Node* get(std::string_view key) const { return table_->find(key); }
  bool has(std::string_view key) const { return get(key) != nullptr; }

  // An error about `key`: at its value when present, else at the table.
  [[noreturn]] void fail(std::string_view key, std::string_view what) const;
  // An error about this table as a whole.
  [[noreturn]] void fail_table(std::string_view what) const;

  std::optional<double> number(std::string_view key, double lo, double hi,
                               std::string_view unit = "a number") const;
  double number_or(std::string_view key, double fallback, double lo, double hi,
                   std::string_view unit = "a number") const {
    return number(key, lo, hi, unit).value_or(fallback);
  }
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<std::string> string(std::string_view key) const;
  std::optional<YearMonth> month(std::string_view key) const;  // "YYYY-MM"
  std::optional<Date> date(std::string_view key) const;        // "YYYY-MM-DD"
  // A number or { low = ..., high = ... }, each within [lo, hi].
  Range range(std::string_view key, double lo, double hi, std::string_view unit, Range fallback) const;
  // One of the names of an EnumName-like table.
  template <typename Table>
  auto choice(std::string_view key, const Table& names) const -> decltype(enum_value(names, "")) {
    const auto text = string(key);
    if (!text) return std::nullopt;
    const auto value = enum_value(names, *text);
    if (!value) fail(key, "expected " + names_or(names) + ", got \"" + *text + "\"");
    return value;
  }

  // A sub-table (nullopt when absent).
  std::optional<TableReader> table(std::string_view key, std::vector<std::string_view> keys) const;
  // An array of tables ([[key]]); empty when absent. `expected` describes the form for the error message.
  std::vector<TableReader> tables(std::string_view key, std::vector<std::string_view> keys,
                                  std::string_view expected = {}) const;
  // An array of numbers, each within [lo, hi].
  std::optional<std::vector<double>> numbers(std::string_view key, double lo, double hi,
                                             std::string_view unit = "a number") const;
  // An array of [number, number] pairs.
  std::optional<std::vector<std::pair<double, double>>> pairs(std::string_view key,
                                                              std::string_view expected) const;
  // A table of name = number; names checked against `allowed` (empty: any name).
  std::optional<std::vector<std::pair<std::string, double>>> named_numbers(
      std::string_view key, double lo, double hi, const std::vector<std::string>& allowed) const;

 private:
  [[noreturn]] void fail_node(const Node& node, std::string_view key_path, std::string_view what) const;
  double checked_number(const Node& node, const std::string& key_path, double lo, double hi,
                        std::string_view unit) const;

  const Node* table_;
  std::string path_;
  const std::string* file_;
};

// "a number from 0 to 1", "a number >= 0"
std::string range_text(double lo, double hi, std::string_view unit);

}  // namespace elective::plan
