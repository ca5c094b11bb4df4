#include "plan/table_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace elective::plan {

std::string range_text(double lo, double hi, std::string_view unit) {
  if (hi >= kUnbounded) return fmt::format("{} >= {}", unit, lo);
  return fmt::format("{} from {} to {}", unit, lo, hi);
}

TableReader::TableReader(const Node& table, std::string path, const std::string& file,
                         std::vector<std::string_view> keys)
    : table_(&table), path_(std::move(path)), file_(&file) {
  if (!table.is_table()) fail_at(file, table.position, path_, "expected a table, got " + table.describe());
  for (const Node& member : table.children) {
    if (std::find(keys.begin(), keys.end(), member.key) != keys.end()) continue;
    fail_at(file, member.key_position, key_path(member.key),
            fmt::format("unknown key '{}' (expected one of: {})", member.key, fmt::join(keys, ", ")));
  }
}

std::string TableReader::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void TableReader::fail_node(const Node& node, std::string_view key_path, std::string_view what) const {
  fail_at(*file_, node.position, key_path, what);
}

void TableReader::fail(std::string_view key, std::string_view what) const {
  const Node* n = get(key);
  fail_at(*file_, n != nullptr ? n->position : table_->position, key_path(key), what);
}

void TableReader::fail_table(std::string_view what) const {
  fail_at(*file_, table_->position, path_, what);
}

double TableReader::checked_number(const Node& n, const std::string& key, double lo, double hi,
                                   std::string_view unit) const {
  if (!n.is_number()) {
    std::string what = fmt::format("expected {}, got {}", range_text(lo, hi, unit), n.describe());
    if (n.is_string() && n.text.find('%') != std::string::npos) what += " (write fractions: 0.015 for 1.5%)";
    fail_node(n, key, what);
  }
  const double v = n.number();
  if (!std::isfinite(v) || v < lo || v > hi)
    fail_node(n, key, fmt::format("{} is out of range (expected {})", v, range_text(lo, hi, unit)));
  return v;
}

std::optional<double> TableReader::number(std::string_view key, double lo, double hi,
                                          std::string_view unit) const {
  const Node* n = get(key);
  if (n == nullptr) return std::nullopt;
  return checked_number(*n, key_path(key), lo, hi, unit);
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t lo,
                                                 std::int64_t hi) const {
  const Node* n = get(key);
  if (n == nullptr) return std::nullopt;
  if (n->type != Node::Type::integer)
    fail_node(*n, key_path(key),
              fmt::format("expected a whole number from {} to {}, got {}", lo, hi, n->describe()));
  if (n->integer < lo || n->integer > hi)
    fail_node(*n, key_path(key),
              fmt::format("{} is out of range (expected a whole number from {} to {})", n->integer, lo, hi));
  return n->integer;
}

std::optional<bool> TableReader::boolean(std::string_view key) const {
  const Node* n = get(key);
  if (n == nullptr) return std::nullopt;
  if (n->type != Node::Type::boolean)
    fail_node(*n, key_path(key), "expected true or false, got " + n->describe());
  return n->boolean;
}

std::optional<std::string> TableReader::string(std::string_view key) const {
  const Node* n = get(key);
  if (n == nullptr) return std::nullopt;
  if (!n->is_string()) fail_node(*n, key_path(key), "expected a string, got " + n->describe());
  return n->text;
}

std::optional<YearMonth> TableReader::month(std::string_view key) const {
  const auto s = string(key);
  if (!s) return std::nullopt;
  const auto m = YearMonth::parse(*s);
  if (!m) fail(key, fmt::format("expected a month \"YYYY-MM\", got \"{}\"", *s));
  return m;
}

std::optional<Date> TableReader::date(std::string_view key) const {
  const auto s = string(key);
  if (!s) return std::nullopt;
  const auto d = parse_iso_date(*s);
  if (!d) fail(key, fmt::format("'{}' is not a date (expected YYYY-MM-DD)", *s));
  return d;
}

Range TableReader::range(std::string_view key, double lo, double hi, std::string_view unit,
                         Range fallback) const {
  const Node* n = get(key);
  if (n == nullptr) return fallback;
  if (n->is_table()) {
    const TableReader r(*n, key_path(key), *file_, {"low", "high"});
    const auto low = r.number("low", lo, hi, unit);
    const auto high = r.number("high", lo, hi, unit);
    if (!low || !high) r.fail_table("a range needs both low and high: { low = ..., high = ... }");
    if (*low > *high) r.fail_table(fmt::format("low ({}) must not exceed high ({})", *low, *high));
    return Range(*low, *high);
  }
  return Range(checked_number(*n, key_path(key), lo, hi, unit));
}

std::optional<TableReader> TableReader::table(std::string_view key,
                                              std::vector<std::string_view> keys) const {
  const Node* n = get(key);
  if (n == nullptr) return std::nullopt;
  return TableReader(*n, key_path(key), *file_, std::move(keys));
}

std::vector<TableReader> TableReader::tables(std::string_view key, std::vector<std::string_view> keys,
                                             std::string_view expected) const {
  std::vector<TableReader> out;
  const Node* n = get(key);
  if (n == nullptr) return out;
  const std::string what = expected.empty()
                               ? fmt::format("expected an array of tables ([[{}]])", key_path(key))
                               : std::string(expected);
  if (!n->is_array()) fail_node(*n, key_path(key), what);
  for (size_t i = 0; i < n->children.size(); ++i) {
    const Node& item = n->children[i];
    const std::string item_path = fmt::format("{}[{}]", key_path(key), i);
    if (!item.is_table()) fail_node(item, item_path, what);
    out.emplace_back(item, item_path, *file_, keys);
  }
  return out;
}

std::optional<std::vector<double>> TableReader::numbers(std::string_view key, double lo, double hi,
                                                        std::string_view unit) const {
  const Node* n = get(key);
  if (n == nullptr) return std::nullopt;
  if (!n->is_array())
    fail_node(*n, key_path(key),
              fmt::format("expected an array of numbers ({} each)", range_text(lo, hi, unit)));
  std::vector<double> out;
  for (size_t i = 0; i < n->children.size(); ++i)
    out.push_back(checked_number(n->children[i], fmt::format("{}[{}]", key_path(key), i), lo, hi, unit));
  return out;
}

std::optional<std::vector<std::pair<double, double>>> TableReader::pairs(std::string_view key,
                                                                         std::string_view expected) const {
  const Node* n = get(key);
  if (n == nullptr) return std::nullopt;
  if (!n->is_array()) fail_node(*n, key_path(key), expected);
  std::vector<std::pair<double, double>> out;
  for (size_t i = 0; i < n->children.size(); ++i) {
    const Node& e = n->children[i];
    if (!e.is_array() || e.children.size() != 2 || !e.children[0].is_number() || !e.children[1].is_number())
      fail_node(e, fmt::format("{}[{}]", key_path(key), i), expected);
    out.emplace_back(e.children[0].number(), e.children[1].number());
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, double>>> TableReader::named_numbers(
    std::string_view key, double lo, double hi, const std::vector<std::string>& allowed) const {
  const Node* n = get(key);
  if (n == nullptr) return std::nullopt;
  if (!n->is_table()) fail_node(*n, key_path(key), "expected a table of name = number, got " + n->describe());
  std::vector<std::pair<std::string, double>> out;
  for (const Node& member : n->children) {
    const std::string member_path = key_path(key) + "." + member.key;
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), member.key) == allowed.end())
      fail_at(*file_, member.key_position, member_path,
              fmt::format("unknown name '{}' (expected one of {})", member.key, fmt::join(allowed, ", ")));
    out.emplace_back(member.key, checked_number(member, member_path, lo, hi, "a number"));
  }
  return out;
}

}  // namespace elective::plan
