#include "plan/document.hpp"

#include <fmt/format.h>

#include <charconv>

namespace elective::plan {

const Node* Node::find(std::string_view member) const {
  if (type != Type::table) return nullptr;
  for (const Node& child : children)
    if (child.key == member) return &child;
  return nullptr;
}

std::string Node::describe() const {
  switch (type) {
    case Type::boolean:
      return boolean ? "true" : "false";
    case Type::integer:
      return fmt::format("the number {}", integer);
    case Type::floating:
      return fmt::format("the number {}", floating);
    case Type::string:
      return fmt::format("the string \"{}\"", text.size() > 60 ? text.substr(0, 57) + "..." : text);
    case Type::array:
      return "an array";
    case Type::table:
      return "a table";
    case Type::other:
      return text;
  }
  return "a value";
}

SourceLocation Document::where(std::string_view dotted_key) const {
  const Node* node = &root;
  Position at = root.position;
  std::string_view rest = dotted_key;
  while (!rest.empty() && node != nullptr) {
    const size_t end = rest.find_first_of(".[");
    const std::string_view name = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    if (!name.empty()) {
      node = node->find(name);
      if (node == nullptr) break;
      at = node->position;
    }
    while (!rest.empty() && rest.front() == '[') {
      const size_t close = rest.find(']');
      size_t index = 0;
      const auto digits = rest.substr(1, close == std::string_view::npos ? 0 : close - 1);
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      rest = close == std::string_view::npos ? std::string_view{} : rest.substr(close + 1);
      if (ec != std::errc() || ptr != digits.data() + digits.size() || !node->is_array() ||
          index >= node->children.size()) {
        node = nullptr;
        break;
      }
      node = &node->children[index];
      at = node->position;
    }
    if (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
  }
  return SourceLocation{file, at.line, at.line > 0 ? at.column : 0, {}};
}

void fail_at(const std::string& file, Position at, std::string_view key, std::string_view what) {
  throw InputError(SourceLocation{file, at.line, at.line > 0 ? at.column : 0, {}},
                   key.empty() ? std::string(what) : fmt::format("{}: {}", key, what));
}

void check_value_count(std::size_t count, const DocumentLimits& limits, const std::string& file,
                       Position at) {
  if (count > limits.max_values)
    fail_at(file, at, {}, fmt::format("more than {} values (the limit for a scenario)", limits.max_values));
}

Document parse_document(std::string_view text, ScenarioSyntax syntax, const std::string& file,
                        const DocumentLimits& limits) {
  if (text.size() > limits.max_bytes)
    throw InputError(
        SourceLocation{file, 0, 0, {}},
        fmt::format("the scenario is {} bytes; the limit is {} bytes", text.size(), limits.max_bytes));
  return syntax == ScenarioSyntax::toml ? parse_toml_document(text, file, limits)
                                        : parse_json_document(text, file, limits);
}

}  // namespace elective::plan
