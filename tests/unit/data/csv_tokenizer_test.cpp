// The CSV tokenizer's records, positions and end-of-input flag, against a plain reference reading of RFC 4180
// written here byte by byte. The tokenizer splits ordinary lines a block of bytes at a time (simple quoted
// fields included) and hands escaped quotes, line breaks inside quotes and lone carriage returns to its
// general loop; random texts over the bytes that matter (separators, quotes, CR, LF, '-' and digits, whose
// patterns are close to ',' and '"') and random well-formed lines with quoted fields check that both paths
// agree with the reference on every record, line and column.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "data/csv.hpp"

namespace elective::data {
namespace {

struct Record {
  std::vector<std::string> fields;
  std::vector<std::int64_t> columns;
  std::int64_t line = 0;
  bool unterminated = false;
  bool operator==(const Record&) const = default;
};

// nullopt: the text is malformed (an unterminated quote or a character after a closing quote).
std::optional<std::vector<Record>> reference_records(std::string_view text) {
  std::vector<Record> out;
  size_t pos = 0;
  std::int64_t line = 1;
  const size_t n = text.size();
  while (true) {
    while (pos < n && (text[pos] == '\n' || text[pos] == '\r')) {
      if (text[pos] == '\n') ++line;
      ++pos;
    }
    if (pos >= n) return out;
    Record record;
    record.line = line;
    size_t line_start = pos;
    while (true) {
      record.columns.push_back(static_cast<std::int64_t>(pos - line_start) + 1);
      std::string field;
      if (text[pos] == '"') {
        ++pos;
        while (true) {
          if (pos >= n) return std::nullopt;
          if (text[pos] == '"') {
            if (pos + 1 < n && text[pos + 1] == '"') {
              field.push_back('"');
              pos += 2;
              continue;
            }
            ++pos;
            break;
          }
          if (text[pos] == '\n') {
            ++line;
            line_start = pos + 1;
          }
          field.push_back(text[pos++]);
        }
        if (pos < n && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') return std::nullopt;
      } else {
        while (pos < n && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r')
          field.push_back(text[pos++]);
      }
      record.fields.push_back(field);
      if (pos >= n) {
        record.unterminated = true;
        out.push_back(record);
        return out;
      }
      if (text[pos] == ',') {
        ++pos;
        continue;
      }
      if (text[pos] == '\r') ++pos;
      if (pos < n && text[pos] == '\n') ++pos;
      ++line;
      out.push_back(record);
      break;
    }
  }
}

std::optional<std::vector<Record>> tokenizer_records(const std::string& text) {
  std::vector<Record> out;
  try {
    CsvReader reader(text, "t.csv");
    std::vector<std::string_view> fields;
    while (reader.next(fields)) {
      Record record;
      record.line = reader.line();
      record.unterminated = reader.last_record_unterminated();
      for (size_t i = 0; i < fields.size(); ++i) {
        record.fields.emplace_back(fields[i]);
        record.columns.push_back(reader.column_of(i));
      }
      out.push_back(record);
    }
  } catch (const InputError&) {
    return std::nullopt;
  }
  return out;
}

TEST(CsvTokenizer, OrdinaryLinesSplitIntoFieldsWithColumns) {
  const auto records = tokenizer_records("a,bb,,ccc\r\n1,22222222222,333\n\nlast,line");
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"a", "bb", "", "ccc"}));
  EXPECT_EQ((*records)[0].columns, (std::vector<std::int64_t>{1, 3, 6, 7}));
  EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"1", "22222222222", "333"}));
  EXPECT_EQ((*records)[2].line, 4);
  EXPECT_TRUE((*records)[2].unterminated);
  EXPECT_FALSE((*records)[1].unterminated);
}

TEST(CsvTokenizer, QuotesAndLoneCarriageReturnsTakeTheGeneralPath) {
  const auto records = tokenizer_records("x,\"a,b\"\"c\",y\rz,\"multi\nline\",w\n-1,\"\"\n");
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"x", "a,b\"c", "y"}));
  EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"z", "multi\nline", "w"}));
  EXPECT_EQ((*records)[2].line, 4);  // a lone CR ends a line, as in old Mac files
  EXPECT_EQ((*records)[2].fields, (std::vector<std::string>{"-1", ""}));
}

TEST(CsvTokenizer, AgreesWithTheReferenceOnRandomTexts) {
  // The bytes that steer the tokenizer, plus neighbours of ',' (0x2C: '-' is 0x2D) and '"' (0x22: '#' is
  // 0x23), which a word-at-a-time comparison must not confuse with them.
  const std::string alphabet = ",,,\"\r\n\n-#1234567890abc";
  std::mt19937_64 rng(20261203);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<size_t> length(0, 90);
  int compared = 0, malformed = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text;
    const size_t len = length(rng);
    // Half the texts have no quote at all, so that long plain lines (the fast path) are common.
    const bool plain = trial % 2 == 0;
    for (size_t i = 0; i < len; ++i) {
      char c = alphabet[pick(rng)];
      if (plain && c == '"') c = ',';
      text.push_back(c);
    }
    const auto expected = reference_records(text);
    const auto actual = tokenizer_records(text);
    ASSERT_EQ(expected.has_value(), actual.has_value()) << "text: " << text;
    if (!expected) {
      ++malformed;
      continue;
    }
    ASSERT_EQ(*expected, *actual) << "text: " << text;
    ++compared;
  }
  // Both kinds of input were exercised.
  EXPECT_GT(compared, 10000);
  EXPECT_GT(malformed, 1000);
}

TEST(CsvTokenizer, SimpleQuotedFieldsOnOrdinaryLines) {
  // Quoted fields as NHS England writes names with commas: at the start, middle and end of a line, across
  // the 16-byte blocks, before CRLF, and empty.
  const std::string name = "\"NHS BIRMINGHAM, SOLIHULL AND WEST BIRMINGHAM (SUB ICB LOCATION)\"";
  const auto records =
      tokenizer_records("\"a,b\",1,2\r\n15E," + name + ",Part_1B,0\nx,\"\"\n3," + name + "\r\n");
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"a,b", "1", "2"}));
  EXPECT_EQ((*records)[0].columns, (std::vector<std::int64_t>{1, 7, 9}));
  EXPECT_EQ((*records)[1].fields[1], "NHS BIRMINGHAM, SOLIHULL AND WEST BIRMINGHAM (SUB ICB LOCATION)");
  EXPECT_EQ((*records)[1].columns, (std::vector<std::int64_t>{1, 5, 71, 79}));
  EXPECT_EQ((*records)[2].fields, (std::vector<std::string>{"x", ""}));
  EXPECT_EQ((*records)[3].fields.size(), 2u);
  EXPECT_EQ((*records)[3].line, 4);
  EXPECT_FALSE((*records)[3].unterminated);
}

TEST(CsvTokenizer, AgreesWithTheReferenceOnRandomQuotedLines) {
  // Well-formed records of up to 40 fields, a third of them quoted with commas, CRs and spaces inside (and
  // some with "" escapes or line breaks, which the general loop takes), so that every block offset of an
  // opening and a closing quote is met.
  std::mt19937_64 rng(20261204);
  const std::string inside = ",,, \r-#abc123";
  const std::string outside = "-#abc1234567890";
  int compared = 0;
  for (int trial = 0; trial < 5000; ++trial) {
    std::string text;
    const int lines = 1 + static_cast<int>(rng() % 4);
    for (int l = 0; l < lines; ++l) {
      const int fields = 1 + static_cast<int>(rng() % 40);
      for (int f = 0; f < fields; ++f) {
        if (f > 0) text.push_back(',');
        const size_t len = rng() % 24;
        if (rng() % 3 == 0) {
          text.push_back('"');
          for (size_t i = 0; i < len; ++i) text.push_back(inside[rng() % inside.size()]);
          if (rng() % 20 == 0) text += rng() % 2 ? "\"\"" : "\n";
          text.push_back('"');
        } else {
          for (size_t i = 0; i < len; ++i) text.push_back(outside[rng() % outside.size()]);
        }
      }
      if (l + 1 < lines || rng() % 2) text += rng() % 3 == 0 ? "\r\n" : "\n";
    }
    const auto expected = reference_records(text);
    const auto actual = tokenizer_records(text);
    ASSERT_TRUE(expected.has_value()) << "text: " << text;
    ASSERT_TRUE(actual.has_value()) << "text: " << text;
    ASSERT_EQ(*expected, *actual) << "text: " << text;
    ++compared;
  }
  EXPECT_EQ(compared, 5000);
}

TEST(CsvTokenizer, LimitsHoldOnOrdinaryLines) {
  CsvLimits limits;
  limits.max_fields = 3;
  limits.max_field_bytes = 4;
  auto error_of = [&](const std::string& text) -> std::string {
    try {
      CsvReader reader(text, "t.csv", limits);
      std::vector<std::string_view> fields;
      while (reader.next(fields)) {
      }
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(error_of("a,b,c\n1,2,3\n"), "");
  EXPECT_NE(error_of("a,b,c,d\n").find("more than 3 fields"), std::string::npos);
  EXPECT_NE(error_of("a,b\nabcde,1\n").find("t.csv:2:1"), std::string::npos);
}

}  // namespace
}  // namespace elective::data
