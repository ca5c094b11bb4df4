#include "sim/toml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace elective::sim {

namespace {

SourceLocation location_of(const toml::source_region& region, const std::string& file,
                           const std::string& key) {
  return SourceLocation{file, static_cast<std::int64_t>(region.begin.line),
                        static_cast<std::int64_t>(region.begin.column), key};
}

std::string range_text(double min, double max) {
  if (max >= 1e300) return fmt::format("a number >= {}", min);
  return fmt::format("a number from {} to {}", min, max);
}

}  // namespace

TomlReader::TomlReader(const toml::table& table, std::string path, std::string file)
    : table_(table), path_(std::move(path)), file_(std::move(file)) {}

void TomlReader::fail(const std::string& key, const std::string& message) const {
  const toml::node* node = table_.get(key);
  if (node) fail_at(*node, key, message);
  throw InputError(location_of(table_.source(), file_, key_path(key)),
                   fmt::format("[{}] {}: {}", path_, key, message));
}

void TomlReader::fail_at(const toml::node& node, const std::string& key, const std::string& message) const {
  throw InputError(location_of(node.source(), file_, key_path(key)),
                   fmt::format("{}: {}", key_path(key), message));
}

const toml::node* TomlReader::get(const std::string& key) {
  used_.insert(key);
  return table_.get(key);
}

std::optional<double> TomlReader::number(const std::string& key, double min, double max) {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  if (!n->is_number()) fail_at(*n, key, "expected " + range_text(min, max));
  const double v = n->value<double>().value_or(0);
  if (!std::isfinite(v) || v < min || v > max) {
    fail_at(*n, key, fmt::format("{} is out of range (expected {})", v, range_text(min, max)));
  }
  return v;
}

std::optional<std::int64_t> TomlReader::integer(const std::string& key, std::int64_t min, std::int64_t max) {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) fail_at(*n, key, fmt::format("expected a whole number from {} to {}", min, max));
  const std::int64_t v = n->value<std::int64_t>().value_or(0);
  if (v < min || v > max)
    fail_at(*n, key, fmt::format("{} is out of range (expected {} to {})", v, min, max));
  return v;
}

std::optional<bool> TomlReader::boolean(const std::string& key) {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) fail_at(*n, key, "expected true or false");
  return n->value<bool>();
}

std::optional<std::string> TomlReader::string(const std::string& key) {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  if (!n->is_string()) fail_at(*n, key, "expected a string");
  return n->value<std::string>();
}

const toml::table* TomlReader::table(const std::string& key) {
  const toml::node* n = get(key);
  if (!n) return nullptr;
  if (!n->is_table()) fail_at(*n, key, "expected a table");
  return n->as_table();
}

std::vector<const toml::table*> TomlReader::table_array(const std::string& key) {
  const toml::node* n = get(key);
  std::vector<const toml::table*> out;
  if (!n) return out;
  if (!n->is_array_of_tables())
    fail_at(*n, key, fmt::format("expected an array of tables ([[{}]])", key_path(key)));
  for (const auto& e : *n->as_array()) out.push_back(e.as_table());
  return out;
}

std::optional<std::vector<double>> TomlReader::numbers(const std::string& key, double min, double max) {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  if (!n->is_array()) fail_at(*n, key, "expected an array of numbers");
  std::vector<double> out;
  for (const auto& e : *n->as_array()) {
    if (!e.is_number()) fail_at(e, key, "expected an array of numbers");
    const double v = e.value<double>().value_or(0);
    if (!std::isfinite(v) || v < min || v > max) {
      fail_at(e, key, fmt::format("{} is out of range (expected {})", v, range_text(min, max)));
    }
    out.push_back(v);
  }
  return out;
}

std::optional<std::vector<std::pair<double, double>>> TomlReader::pairs(const std::string& key) {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  const char* expected = "expected an array of [wait_weeks, value] pairs, e.g. [[0, 0.002], [52, 0.004]]";
  if (!n->is_array()) fail_at(*n, key, expected);
  std::vector<std::pair<double, double>> out;
  for (const auto& e : *n->as_array()) {
    const toml::array* a = e.as_array();
    if (!a || a->size() != 2 || !(*a)[0].is_number() || !(*a)[1].is_number()) fail_at(e, key, expected);
    out.emplace_back((*a)[0].value<double>().value_or(0), (*a)[1].value<double>().value_or(0));
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, double>>> TomlReader::named_numbers(
    const std::string& key, double min, double max, const std::vector<std::string>& allowed) {
  const toml::table* t = table(key);
  if (!t) return std::nullopt;
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [k, v] : *t) {
    const std::string name(k.str());
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string list;
      for (size_t i = 0; i < allowed.size(); ++i) list += (i ? ", " : "") + allowed[i];
      fail_at(v, key + "." + name, fmt::format("unknown name '{}' (expected one of {})", name, list));
    }
    if (!v.is_number()) fail_at(v, key + "." + name, "expected " + range_text(min, max));
    const double x = v.value<double>().value_or(0);
    if (!std::isfinite(x) || x < min || x > max) {
      fail_at(v, key + "." + name, fmt::format("{} is out of range (expected {})", x, range_text(min, max)));
    }
    out.emplace_back(name, x);
  }
  return out;
}

void TomlReader::finish() const {
  for (const auto& [k, v] : table_) {
    const std::string name(k.str());
    if (!used_.count(name)) {
      throw InputError(
          location_of(k.source(), file_, key_path(name)),
          fmt::format("unknown key '{}' in [{}] (see docs/simulation.md for the keys)", name, path_));
    }
  }
}

}  // namespace elective::sim
