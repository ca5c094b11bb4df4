// TOML scenario documents: toml++ parses, this file turns its tree into the neutral Document with positions.
// toml++ limits the nesting of arrays and inline tables (256) but not the number of parts of a dotted key or
// table header, and a key of half a million parts overflows the stack when toml++ destroys its tree; a short
// lexical scan bounds both before toml++ sees the text.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "plan/document.hpp"

namespace elective::plan {

namespace {

// Rejects a key or table header of more than `max` dotted parts and arrays or inline tables nested more than
// `max` deep. Strings and comments are skipped; anything else malformed is left for toml++ to report.
void check_nesting(std::string_view t, const std::string& file, int max) {
  enum class Mode { line_start, key, header, value };
  Mode mode = Mode::line_start;
  std::vector<char> stack;
  int parts = 1;
  Position at{1, 1};
  size_t i = 0;
  auto step = [&](size_t n) {
    for (size_t k = 0; k < n && i < t.size(); ++k, ++i) {
      if (t[i] == '\n') {
        ++at.line;
        at.column = 1;
      } else {
        ++at.column;
      }
    }
  };
  auto too_many_parts = [&] {
    if (++parts > max)
      fail_at(file, at, {}, fmt::format("invalid TOML: a key of more than {} dotted parts (the limit)", max));
  };
  auto push = [&](char c) {
    stack.push_back(c);
    if (static_cast<int>(stack.size()) > max)
      fail_at(file, at, {}, fmt::format("invalid TOML: nested more than {} levels deep (the limit)", max));
  };
  while (i < t.size()) {
    const char c = t[i];
    if (c == '"' || c == '\'') {
      const bool multi = t.substr(i, 3) == std::string(3, c);
      if (mode == Mode::line_start) {
        mode = Mode::key;
        parts = 1;
      }
      step(multi ? 3 : 1);
      while (i < t.size()) {
        if (c == '"' && t[i] == '\\') {
          step(2);
          continue;
        }
        if (multi && t.substr(i, 3) == std::string(3, c)) {
          step(3);
          for (int extra = 0; extra < 2 && i < t.size() && t[i] == c; ++extra) step(1);  // """a"""" is legal
          break;
        }
        if (!multi && (t[i] == c || t[i] == '\n')) {
          if (t[i] == c) step(1);
          break;
        }
        step(1);
      }
      continue;
    }
    if (c == '#') {
      while (i < t.size() && t[i] != '\n') step(1);
      continue;
    }
    if (c == '\n') {
      step(1);
      if (stack.empty()) mode = Mode::line_start;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      step(1);
      continue;
    }
    switch (mode) {
      case Mode::line_start:
        parts = 1;
        if (c == '[') {
          mode = Mode::header;
          step(1);
          if (i < t.size() && t[i] == '[') step(1);
        } else {
          mode = Mode::key;  // the character is read again as part of the key
        }
        continue;
      case Mode::key:
        if (c == '.') too_many_parts();
        if (c == '=') mode = Mode::value;
        if (c == '}') {  // an empty inline table
          if (!stack.empty()) stack.pop_back();
          mode = Mode::value;
        }
        break;
      case Mode::header:
        if (c == '.') too_many_parts();
        if (c == ']') mode = Mode::value;
        break;
      case Mode::value:
        if (c == '[') push(c);
        if (c == '{') {
          push(c);
          mode = Mode::key;
          parts = 1;
        }
        if ((c == ']' || c == '}') && !stack.empty()) stack.pop_back();
        if (c == ',' && !stack.empty() && stack.back() == '{') {
          mode = Mode::key;
          parts = 1;
        }
        break;
    }
    step(1);
  }
}

Position position_of(const toml::source_region& region) {
  return {static_cast<std::int64_t>(region.begin.line), static_cast<std::int64_t>(region.begin.column)};
}

// toml++ descriptions can span lines; messages are one line.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += "; ";
    } else {
      out += c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

class Converter {
 public:
  Converter(const std::string& file, const DocumentLimits& limits) : file_(file), limits_(limits) {}

  void convert(const toml::node& n, Node& out, int depth, const std::string& path) {
    out.position = position_of(n.source());
    check_value_count(++values_, limits_, file_, out.position);
    if (const auto* table = n.as_table()) {
      check_depth(out, depth, path);
      out.type = Node::Type::table;
      for (const auto& [k, v] : *table) {
        Node child;
        child.key = std::string(k.str());
        child.key_position = position_of(k.source());
        convert(v, child, depth + 1, path.empty() ? child.key : path + "." + child.key);
        if (child.key_position.line == 0) child.key_position = child.position;
        out.children.push_back(std::move(child));
      }
      // toml++ keeps keys sorted; messages follow the document's order.
      std::stable_sort(out.children.begin(), out.children.end(), [](const Node& a, const Node& b) {
        return std::pair(a.key_position.line, a.key_position.column) <
               std::pair(b.key_position.line, b.key_position.column);
      });
    } else if (const auto* array = n.as_array()) {
      check_depth(out, depth, path);
      out.type = Node::Type::array;
      for (size_t i = 0; i < array->size(); ++i) {
        Node item;
        convert(*array->get(i), item, depth + 1, fmt::format("{}[{}]", path, i));
        out.children.push_back(std::move(item));
      }
    } else if (const auto* s = n.as_string()) {
      out.type = Node::Type::string;
      out.text = s->get();
      if (out.text.find('\0') != std::string::npos)
        fail_at(file_, out.position, path, "a string may not contain a NUL character");
    } else if (const auto* i = n.as_integer()) {
      out.type = Node::Type::integer;
      out.integer = i->get();
    } else if (const auto* f = n.as_floating_point()) {
      out.type = Node::Type::floating;
      out.floating = f->get();
      if (!std::isfinite(out.floating))
        fail_at(file_, out.position, path, fmt::format("{} is not a finite number", out.floating));
    } else if (const auto* b = n.as_boolean()) {
      out.type = Node::Type::boolean;
      out.boolean = b->get();
    } else {
      out.type = Node::Type::other;
      out.text = "a TOML date or time (write dates as strings in quotes, e.g. \"2025-01-06\")";
    }
  }

 private:
  void check_depth(const Node& out, int depth, const std::string& path) const {
    if (depth > limits_.max_depth)
      fail_at(file_, out.position, path,
              fmt::format("nested more than {} levels deep (the limit for a scenario)", limits_.max_depth));
  }

  const std::string& file_;
  const DocumentLimits& limits_;
  std::size_t values_ = 0;
};

}  // namespace

Document parse_toml_document(std::string_view text, const std::string& file, const DocumentLimits& limits) {
  check_nesting(text, file, limits.max_depth);
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    fail_at(file, position_of(e.source()), {}, "invalid TOML: " + one_line(e.description()));
  }
  Document doc;
  doc.file = file;
  Converter(file, limits).convert(root, doc.root, 1, "");
  doc.root.position = {};
  return doc;
}

}  // namespace elective::plan
