// The scenario document readers: positions, limits (depth and size: no input may exhaust the stack), strict
// JSON, finite numbers, one-line messages.
#include "plan/document.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "data/data_source.hpp"
#include "plan/scenario.hpp"

namespace elective::plan {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string error_of(const std::string& text, ScenarioSyntax syntax, DocumentLimits limits = {}) {
  try {
    (void)parse_document(text, syntax, "d", limits);
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    return message;
  }
  return "(no error)";
}

std::string json_error(const std::string& text) {
  return error_of(text, ScenarioSyntax::json);
}
std::string toml_error(const std::string& text) {
  return error_of(text, ScenarioSyntax::toml);
}

TEST(Document, TheCrashingScenarioOf100000NestedBracketsIsAnInputError) {
  const std::string text =
      data::read_file(std::string(ELECTIVE_SOURCE_DIR) + "/tests/inputs/deep-brackets.json");
  ASSERT_GT(text.size(), 200000u);
  EXPECT_THAT(json_error(text), StartsWith("d:1:"));
  EXPECT_THAT(json_error(text), HasSubstr("nested more than 32 levels deep"));
  // Through the whole gate too.
  EXPECT_THROW(parse_scenario(text, ScenarioSyntax::json, "deep.json", ""), InputError);
}

TEST(Document, TomlNestingBombsAreInputErrors) {
  // toml++ alone overflows the stack on a key of 500,000 parts (1 MB, about the size limit): the bound holds
  // whatever the size limit.
  const int n = 600000;
  std::string dotted = "a";
  for (int i = 0; i < n; ++i) dotted += ".a";
  DocumentLimits large;
  large.max_bytes = 64u << 20;
  EXPECT_THAT(error_of(dotted + " = 1\n", ScenarioSyntax::toml, large),
              HasSubstr("more than 32 dotted parts"));
  EXPECT_THAT(error_of("[" + dotted + "]\nx = 1\n", ScenarioSyntax::toml, large),
              HasSubstr("more than 32 dotted parts"));
  EXPECT_THAT(error_of("x = { " + dotted + " = 1 }\n", ScenarioSyntax::toml, large),
              HasSubstr("more than 32 dotted parts"));
  EXPECT_THAT(toml_error("x = " + std::string(100000, '[')), HasSubstr("nested more than 32 levels deep"));
  std::string inline_tables = "x = ";
  for (int i = 0; i < 100000; ++i) inline_tables += "{a=";
  EXPECT_THAT(toml_error(inline_tables), HasSubstr("nested more than 32 levels deep"));
  // Nesting within the limits, and dots inside strings and comments, are fine.
  std::string ok =
      "x = [[[1]]]\n\"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.1.2.3.4.5.6.7.8\" = 1\n";
  ok += "s = \"" + std::string(200, '.') + "\" # " + std::string(200, '.') + "\n";
  ok += "m = '''\n" + std::string(100, '[') + "'''\ne = {}\nf = {}\ng = [{}, {a = 1}]\n";
  for (int i = 0; i < 40; ++i) ok += "t" + std::to_string(i) + " = { a = [1, 2], b = {} }\n";
  EXPECT_EQ(toml_error(ok), "(no error)");
  // The tree itself is limited to 32 levels, however it was written.
  EXPECT_THAT(toml_error("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p = [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]\n"),
              HasSubstr("nested more than 32 levels deep"));
}

TEST(Document, SizeLimit) {
  DocumentLimits limits;
  limits.max_bytes = 100;
  EXPECT_THAT(error_of(std::string(200, ' '), ScenarioSyntax::toml, limits),
              HasSubstr("the limit is 100 bytes"));
}

TEST(Document, NumbersMustBeFinite) {
  EXPECT_THAT(toml_error("x = nan\n"), HasSubstr("d:1:5: x: nan is not a finite number"));
  EXPECT_THAT(toml_error("x = -inf\n"), HasSubstr("x: -inf is not a finite number"));
  EXPECT_THAT(toml_error("x = [1.0, +inf]\n"), HasSubstr("x[1]: inf is not a finite number"));
  EXPECT_THAT(json_error("{\"x\": 1e400}"), HasSubstr("d:1:7: x: 1e400 is out of range"));
  EXPECT_THAT(json_error("{\"x\": {\"y\": -1E+999}}"), HasSubstr("x.y: -1E+999 is out of range"));
  EXPECT_THAT(json_error("{\"x\": NaN}"), HasSubstr("invalid JSON"));
  EXPECT_THAT(json_error("{\"x\": Infinity}"), HasSubstr("invalid JSON"));
  // A whole number beyond 64 bits is read as a (finite) double.
  const Document d = parse_document("{\"x\": 123456789012345678901234567890}", ScenarioSyntax::json, "d");
  EXPECT_EQ(d.root.find("x")->type, Node::Type::floating);
}

TEST(Document, StrictJson) {
  EXPECT_THAT(json_error("{\"a\": 1,}"), HasSubstr("d:1:9: invalid JSON"));
  EXPECT_THAT(json_error("{\"a\": [1,]}"), HasSubstr("invalid JSON"));
  EXPECT_THAT(json_error("{\"a\": 01}"), HasSubstr("may not start with 0"));
  EXPECT_THAT(json_error("{\"a\": .5}"), HasSubstr("invalid JSON"));
  EXPECT_THAT(json_error("{\"a\": 1.}"), HasSubstr("expected a digit"));
  EXPECT_THAT(json_error("{a: 1}"), HasSubstr("expected a key in double quotes"));
  EXPECT_THAT(json_error("{\"a\": 'x'}"), HasSubstr("invalid JSON"));
  EXPECT_THAT(json_error("{\"a\": \"x\ny\"}"), HasSubstr("must be escaped"));
  EXPECT_THAT(json_error("{\"a\": \"\\x\"}"), HasSubstr("unknown escape"));
  EXPECT_THAT(json_error("{\"a\": \"\\ud800\"}"), HasSubstr("surrogate"));
  EXPECT_THAT(json_error("{\"a\": \"\\udc00\"}"), HasSubstr("surrogate"));
  EXPECT_THAT(json_error("{\"a\": \"\\u0000\"}"), HasSubstr("a: a string may not contain a NUL character"));
  EXPECT_THAT(json_error("{\"a\": \"\xC0\x80\"}"), HasSubstr("not valid UTF-8"));      // overlong NUL
  EXPECT_THAT(json_error("{\"a\": \"\xED\xA0\x80\"}"), HasSubstr("not valid UTF-8"));  // encoded surrogate
  EXPECT_THAT(json_error("{\"a\": \"\xE9t\xE9\"}"), HasSubstr("not valid UTF-8"));     // Latin-1
  EXPECT_THAT(json_error("{\"a\": 1, \"a\": 2}"), HasSubstr("d:1:10: a: duplicate key"));
  EXPECT_THAT(json_error("{\"a\": 1} x"), HasSubstr("unexpected text after"));
  EXPECT_THAT(json_error("[1]"), HasSubstr("must be an object"));
  EXPECT_THAT(json_error(""), HasSubstr("empty"));
  EXPECT_THAT(json_error("{\"a\": tru}"), HasSubstr("invalid JSON"));
  EXPECT_THAT(json_error("{\"a\": \"open"), HasSubstr("not closed"));
  // Escapes, a byte-order mark and multi-byte characters are read correctly.
  const Document d =
      parse_document("\xEF\xBB\xBF{\"n\": \"caf\\u00e9 \\ud83d\\ude00 \xE2\x82\xAC\", \"t\": true}",
                     ScenarioSyntax::json, "d");
  EXPECT_EQ(d.root.find("n")->text, "caf\xC3\xA9 \xF0\x9F\x98\x80 \xE2\x82\xAC");
  EXPECT_TRUE(d.root.find("t")->boolean);
}

TEST(Document, PositionsCountCharactersNotBytes) {
  const Document d =
      parse_document("{\"\xC3\xA9t\xC3\xA9\": 1,\n  \"b\": [true, \"x\"]}", ScenarioSyntax::json, "d");
  const Node* b = d.root.find("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->key_position.line, 2);
  EXPECT_EQ(b->key_position.column, 3);
  EXPECT_EQ(b->position.column, 8);
  EXPECT_EQ(b->children[1].position.column, 15);
  EXPECT_EQ(d.root.find("\xC3\xA9t\xC3\xA9")->position.column, 9);  // 3 characters, 5 bytes: not 11
  const Document t = parse_document("[a]\nx = 1\n[b.c]\ny = \"z\"\n", ScenarioSyntax::toml, "t");
  EXPECT_EQ(t.where("b.c.y").line, 4);
  EXPECT_EQ(t.where("b.c.y").column, 5);
  EXPECT_EQ(t.where("a.x").line, 2);
  EXPECT_EQ(t.where("a.missing").line, 1);  // the nearest enclosing table present
  EXPECT_EQ(t.where("nowhere").line, 0);    // the file alone
  // Keys keep the document's order (toml++ sorts them).
  const Document o = parse_document("z = 1\na = 2\nm = 3\n", ScenarioSyntax::toml, "o");
  ASSERT_EQ(o.root.children.size(), 3u);
  EXPECT_EQ(o.root.children[0].key, "z");
  EXPECT_EQ(o.root.children[2].key, "m");
}

TEST(Document, TomlMessagesAreOneLineWithAPosition) {
  for (const char* bad : {"x = \n", "x = 1\nx = 2\n", "[a]\n[a]\n", "x = \"open\n", "x = [1, 2\n", "= 1\n",
                          "x = 1979-05-27T07:32:00Z\ny = 99999999999999999999\n", "x = \"\\q\"\n"}) {
    const std::string e = toml_error(bad);
    EXPECT_THAT(e, StartsWith("d:")) << bad;
    EXPECT_THAT(e, HasSubstr("invalid TOML")) << bad;
  }
  // TOML dates are not strings: the message says so.
  const Document d = parse_document("x = 2025-01-06\n", ScenarioSyntax::toml, "d");
  EXPECT_THAT(d.root.find("x")->describe(), HasSubstr("in quotes"));
}

}  // namespace
}  // namespace elective::plan
