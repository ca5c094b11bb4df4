// A strict JSON reader (RFC 8259) for scenario documents, built for positions and safety rather than speed:
// every key and value gets its line and column, nesting is limited (a 200 KB file of '[' is an error, not a
// stack overflow), numbers must fit a double, strings must be valid UTF-8 without NUL, keys must be unique.
// nlohmann::json gives no positions (3.11), hence this reader.
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "plan/document.hpp"

namespace elective::plan {

namespace {

class JsonReader {
 public:
  JsonReader(std::string_view text, const std::string& file, const DocumentLimits& limits)
      : text_(text), file_(file), limits_(limits) {}

  Document read() {
    Document doc;
    doc.file = file_;
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
      pos_ = 3;
    }
    skip_space();
    const Position start = here();
    if (peek() != '{') {
      if (peek() < 0) syntax("the document is empty (a scenario is a JSON object)");
      fail_at(file_, start, {}, "a JSON scenario must be an object");
    }
    value(doc.root, 1, "");
    skip_space();
    if (peek() >= 0) syntax("unexpected text after the end of the JSON document");
    return doc;
  }

 private:
  int peek() const { return pos_ < text_.size() ? static_cast<unsigned char>(text_[pos_]) : -1; }
  Position here() const { return {line_, column_}; }
  void advance() {
    const auto c = static_cast<unsigned char>(text_[pos_++]);
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column_;  // columns count characters: UTF-8 continuation bytes are not new columns
    }
  }
  void skip_space() {
    for (int c = peek(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek()) advance();
  }
  [[noreturn]] void syntax(std::string_view what) const {
    fail_at(file_, here(), {}, fmt::format("invalid JSON: {}", what));
  }
  static std::string member_path(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
  }

  void value(Node& out, int depth, const std::string& path) {
    out.position = here();
    check_value_count(++values_, limits_, file_, out.position);
    const int c = peek();
    if (c == '{' || c == '[') {
      if (depth > limits_.max_depth)
        fail_at(file_, out.position, path,
                fmt::format("nested more than {} levels deep (the limit for a scenario)", limits_.max_depth));
      if (c == '{') {
        object(out, depth, path);
      } else {
        array(out, depth, path);
      }
    } else if (c == '"') {
      out.type = Node::Type::string;
      out.text = string(path);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      number(out, path);
    } else if (literal("true")) {
      out.type = Node::Type::boolean;
      out.boolean = true;
    } else if (literal("false")) {
      out.type = Node::Type::boolean;
      out.boolean = false;
    } else if (literal("null")) {
      fail_at(file_, out.position, path, "null is not allowed in a scenario (leave the key out instead)");
    } else if (c < 0) {
      syntax("the document ends where a value was expected");
    } else {
      syntax("expected a value (an object, array, string, number, true or false)");
    }
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    for (size_t i = 0; i < word.size(); ++i) advance();
    return true;
  }

  void object(Node& out, int depth, const std::string& path) {
    out.type = Node::Type::table;
    advance();  // {
    skip_space();
    if (peek() == '}') {
      advance();
      return;
    }
    while (true) {
      skip_space();
      if (peek() != '"') syntax("expected a key in double quotes");
      Node member;
      member.key_position = here();
      member.key = string(path);
      const std::string member_key = member_path(path, member.key);
      if (out.find(member.key) != nullptr) fail_at(file_, member.key_position, member_key, "duplicate key");
      skip_space();
      if (peek() != ':') syntax("expected ':' after a key");
      advance();
      skip_space();
      value(member, depth + 1, member_key);
      out.children.push_back(std::move(member));
      skip_space();
      if (peek() == ',') {
        advance();
        continue;
      }
      if (peek() == '}') {
        advance();
        return;
      }
      syntax("expected ',' or '}'");
    }
  }

  void array(Node& out, int depth, const std::string& path) {
    out.type = Node::Type::array;
    advance();  // [
    skip_space();
    if (peek() == ']') {
      advance();
      return;
    }
    while (true) {
      skip_space();
      Node item;
      value(item, depth + 1, fmt::format("{}[{}]", path, out.children.size()));
      out.children.push_back(std::move(item));
      skip_space();
      if (peek() == ',') {
        advance();
        continue;
      }
      if (peek() == ']') {
        advance();
        return;
      }
      syntax("expected ',' or ']'");
    }
  }

  unsigned hex4() {
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const int c = peek();
      unsigned d = 0;
      if (c >= '0' && c <= '9') {
        d = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        d = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        d = static_cast<unsigned>(c - 'A' + 10);
      } else {
        syntax("expected four hexadecimal digits after \\u");
      }
      v = v * 16 + d;
      advance();
    }
    return v;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // One UTF-8 encoded character starting at pos_ (c >= 0x80), validated (no overlong forms, surrogates or
  // code points beyond U+10FFFF) and copied.
  void utf8_char(std::string& out, int c) {
    int extra = 0;
    int lo = 0x80, hi = 0xBF;  // range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      syntax("the text is not valid UTF-8");
    }
    const size_t start = pos_;
    for (int i = 1; i <= extra; ++i) {
      if (pos_ + static_cast<size_t>(i) >= text_.size()) syntax("the text is not valid UTF-8");
      const auto b = static_cast<unsigned char>(text_[pos_ + static_cast<size_t>(i)]);
      const int min = i == 1 ? lo : 0x80, max = i == 1 ? hi : 0xBF;
      if (b < min || b > max) syntax("the text is not valid UTF-8");
    }
    out.append(text_.substr(start, static_cast<size_t>(extra) + 1));
    for (int i = 0; i <= extra; ++i) advance();
  }

  std::string string(const std::string& path) {
    const Position start = here();
    advance();  // "
    std::string out;
    while (true) {
      const int c = peek();
      if (c < 0) fail_at(file_, start, path, "invalid JSON: a string is not closed");
      if (c == '"') {
        advance();
        break;
      }
      if (c < 0x20) syntax("a control character (such as a line break) must be escaped in a string");
      if (c == '\\') {
        advance();
        const int e = peek();
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += static_cast<char>(e);
            advance();
            break;
          case 'b':
            out += '\b';
            advance();
            break;
          case 'f':
            out += '\f';
            advance();
            break;
          case 'n':
            out += '\n';
            advance();
            break;
          case 'r':
            out += '\r';
            advance();
            break;
          case 't':
            out += '\t';
            advance();
            break;
          case 'u': {
            advance();
            unsigned cp = hex4();
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              if (!literal("\\u")) syntax("a \\u surrogate pair is incomplete");
              const unsigned low = hex4();
              if (low < 0xDC00 || low > 0xDFFF) syntax("a \\u surrogate pair is invalid");
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              syntax("a \\u surrogate pair is invalid");
            }
            if (cp == 0) fail_at(file_, start, path, "a string may not contain a NUL character");
            append_utf8(out, cp);
            break;
          }
          default:
            syntax("unknown escape in a string (expected \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)");
        }
        continue;
      }
      if (c >= 0x80) {
        utf8_char(out, c);
        continue;
      }
      out += static_cast<char>(c);
      advance();
    }
    return out;
  }

  void number(Node& out, const std::string& path) {
    const size_t start = pos_;
    const Position at = here();
    auto digits = [&] {
      if (peek() < '0' || peek() > '9') syntax("expected a digit");
      while (peek() >= '0' && peek() <= '9') advance();
    };
    bool integral = true;
    if (peek() == '-') advance();
    if (peek() == '0') {
      advance();
      if (peek() >= '0' && peek() <= '9') syntax("a number may not start with 0 (write 7, not 07)");
    } else {
      digits();
    }
    if (peek() == '.') {
      integral = false;
      advance();
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      advance();
      if (peek() == '+' || peek() == '-') advance();
      digits();
    }
    const std::string_view literal_text = text_.substr(start, pos_ - start);
    const char* first = literal_text.data();
    const char* last = first + literal_text.size();
    if (integral) {
      std::int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(first, last, v);
      if (ec == std::errc() && ptr == last) {
        out.type = Node::Type::integer;
        out.integer = v;
        return;
      }
      // A whole number beyond 64 bits: read it as a double like any other large number.
    }
    double v = 0;
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc() || ptr != last || !std::isfinite(v))
      fail_at(file_, at, path,
              fmt::format("{} is out of range (not a finite number a double can hold)", literal_text));
    out.type = Node::Type::floating;
    out.floating = v;
  }

  std::string_view text_;
  const std::string& file_;
  const DocumentLimits& limits_;
  size_t pos_ = 0;
  std::size_t values_ = 0;
  std::int64_t line_ = 1;
  std::int64_t column_ = 1;
};

}  // namespace

Document parse_json_document(std::string_view text, const std::string& file, const DocumentLimits& limits) {
  return JsonReader(text, file, limits).read();
}

}  // namespace elective::plan
