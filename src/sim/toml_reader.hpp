#pragma once
// Strict reading of a TOML table for the [simulation] section: every key read is marked, and finish() rejects
// the keys nobody read, so a misspelt key is an error (file:line:column, key path) rather than silently
// ignored. Numbers are range-checked with messages that say what was expected.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/error.hpp"

namespace elective::sim {

class TomlReader {
 public:
  TomlReader(const toml::table& table, std::string path, std::string file);

  const std::string& path() const { return path_; }
  bool has(const std::string& key) const { return table_.contains(key); }

  std::optional<double> number(const std::string& key, double min, double max);
  double number(const std::string& key, double fallback, double min, double max) {
    return number(key, min, max).value_or(fallback);
  }
  std::optional<std::int64_t> integer(const std::string& key, std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::string> string(const std::string& key);
  // A sub-table (nullptr when absent); throws when the key is not a table.
  const toml::table* table(const std::string& key);
  // An array of tables ([[key]]); empty when absent.
  std::vector<const toml::table*> table_array(const std::string& key);
  // An array of numbers, each within [min, max].
  std::optional<std::vector<double>> numbers(const std::string& key, double min, double max);
  // An array of [number, number] pairs.
  std::optional<std::vector<std::pair<double, double>>> pairs(const std::string& key);
  // A table of name = number, names checked against `allowed` (empty = any).
  std::optional<std::vector<std::pair<std::string, double>>> named_numbers(
      const std::string& key, double min, double max, const std::vector<std::string>& allowed);

  // Throws InputError naming the first key that was not read.
  void finish() const;

  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  [[noreturn]] void fail_at(const toml::node& node, const std::string& key, const std::string& message) const;
  std::string key_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  const std::string& file() const { return file_; }
  const toml::table& raw() const { return table_; }

 private:
  const toml::node* get(const std::string& key);

  const toml::table& table_;
  std::string path_;
  std::string file_;
  std::set<std::string> used_;
};

}  // namespace elective::sim
