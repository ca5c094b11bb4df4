#pragma once
// A scenario document, TOML or JSON, parsed once into one neutral tree that keeps the line and column of
// every key and value. Every section of a scenario, [simulation] included, is validated from this tree (see
// table_reader.hpp), and errors found after parsing still say where a key came from (Document::where). The
// parsers (toml++ and a strict JSON reader) stay behind this header.
//
// Limits, so that no document can exhaust the stack or memory: at most DocumentLimits::max_bytes of text,
// max_depth levels of nesting (tables, arrays, dotted keys) and max_values values. Numbers must be finite:
// nan, inf and JSON numbers beyond a double (1e400) are errors with their line and column.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace elective::plan {

enum class ScenarioSyntax { toml, json };

struct Position {
  std::int64_t line = 0;  // 1-based; 0 = unknown
  std::int64_t column = 0;
};

// One value of the document. Table members carry their key and the key's position.
class Node {
 public:
  enum class Type : std::uint8_t { boolean, integer, floating, string, array, table, other };

  Type type = Type::table;
  Position position;  // of the value
  std::string key;    // for a table member: its key
  Position key_position;
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0;
  std::string text;            // a string; for Type::other, what it is ("a TOML date")
  std::vector<Node> children;  // array items, or table members in document order

  bool is_table() const { return type == Type::table; }
  bool is_array() const { return type == Type::array; }
  bool is_string() const { return type == Type::string; }
  bool is_number() const { return type == Type::integer || type == Type::floating; }
  double number() const { return type == Type::integer ? static_cast<double>(integer) : floating; }
  // A table member, or nullptr.
  const Node* find(std::string_view member) const;
  // "a string", "a table", "the number 3", ... for messages.
  std::string describe() const;
};

// Far above any real scenario (a few hundred values; a national [[simulation.provider]] list a few thousand).
struct DocumentLimits {
  std::size_t max_bytes = 1u << 20;  // 1 MiB
  int max_depth = 32;
  std::size_t max_values = 250000;
};

// Throws when a document holds more than limits.max_values values (`count` values so far, at `at`).
void check_value_count(std::size_t count, const DocumentLimits& limits, const std::string& file, Position at);

struct Document {
  std::string file;  // the name used in messages
  Node root;         // a table

  // The location of a dotted key ("start.month", "shock[1].from", "simulation.hub[0]"): its value's line and
  // column; when the key is absent, the nearest enclosing value that is present; the file alone otherwise.
  SourceLocation where(std::string_view dotted_key) const;
};

// Throws InputError (file:line:column) on a syntax error, a document over the limits, a duplicate key, a
// non-finite number or a JSON document that is not an object.
Document parse_document(std::string_view text, ScenarioSyntax syntax, const std::string& file,
                        const DocumentLimits& limits = {});
Document parse_toml_document(std::string_view text, const std::string& file, const DocumentLimits& limits);
Document parse_json_document(std::string_view text, const std::string& file, const DocumentLimits& limits);

// The error every scenario check throws: "file:line:column: key: what" (line and column when known).
[[noreturn]] void fail_at(const std::string& file, Position at, std::string_view key, std::string_view what);

}  // namespace elective::plan
