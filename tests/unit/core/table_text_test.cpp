#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/table.hpp"

namespace elective {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

size_t chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Table wide_table(int columns) {
  Table t;
  t.columns.push_back({"month", "Month", CellKind::text});
  for (int c = 0; c < columns; ++c)
    t.columns.push_back({"value_" + std::to_string(c), "Value number " + std::to_string(c), CellKind::count});
  for (int r = 0; r < 3; ++r) {
    std::vector<Cell> row{std::string("2025-0") + std::to_string(r + 1)};
    for (int c = 0; c < columns; ++c) row.emplace_back(std::int64_t{1000 * r + c});
    t.add_row(row);
  }
  return t;
}

TEST(RenderText, ANarrowTableIsOnePanel) {
  const auto lines = lines_of(render_text(wide_table(3)));
  ASSERT_EQ(lines.size(), 5u);  // header, rule, three rows
  EXPECT_EQ(lines[0], "Month    Value number 0  Value number 1  Value number 2");
  EXPECT_EQ(lines[4], "2025-03           2,000           2,001           2,002");
}

TEST(RenderText, AWideTableIsSplitIntoPanelsThatRepeatTheFirstColumn) {
  const std::string text = render_text(wide_table(12));
  const auto lines = lines_of(text);
  for (const auto& line : lines) EXPECT_LE(chars(line), kTextTableWidth) << line;
  int headers = 0;
  for (const auto& line : lines)
    if (line.starts_with("Month ")) ++headers;
  EXPECT_EQ(headers, 3);  // 7 + 2 + 12 x (2 + 14) = 201 characters in one line: three panels
  for (int c = 0; c < 12; ++c) {
    const std::string title = "Value number " + std::to_string(c);
    EXPECT_TRUE(text.find(title + " ") != std::string::npos || text.find(title + "\n") != std::string::npos)
        << c;
    EXPECT_NE(text.find(format_count(2000 + c)), std::string::npos) << c;
  }
  for (int r = 1; r <= 3; ++r) {
    int rows = 0;
    for (const auto& line : lines)
      if (line.starts_with("2025-0" + std::to_string(r))) ++rows;
    EXPECT_EQ(rows, 3) << r;
  }
}

TEST(RenderText, WidthCountsCharactersNotBytes) {
  Table t;
  t.columns = {{"band", "Band", CellKind::text}, {"n", "Patients", CellKind::count}};
  t.add_row({std::string("≥ 52 weeks"), std::int64_t{5}});
  t.add_row({std::string("0–18 weeks"), std::int64_t{12}});
  const auto lines = lines_of(render_text(t));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(chars(lines[2]), chars(lines[3]));
  EXPECT_EQ(lines[2], "≥ 52 weeks         5");
}

TEST(RenderText, ATableNarrowerThanAskedIsNeverSplit) {
  const auto lines = lines_of(render_text(wide_table(12), 1000));
  EXPECT_EQ(lines.size(), 5u);
}

}  // namespace
}  // namespace elective

namespace elective {
namespace {

TEST(WrapLines, LongProseBreaksBetweenWordsWithAHangingIndent) {
  std::string words;
  for (int i = 0; i < 40; ++i) words += (i ? " " : "") + std::string("word") + std::to_string(i);
  const std::string text = "Short line\n  " + words + "\nEnd\n";
  const std::string wrapped = wrap_lines(text, 60);
  const auto lines = lines_of(wrapped);
  EXPECT_EQ(lines.front(), "Short line");
  EXPECT_EQ(lines.back(), "End");
  EXPECT_TRUE(lines[1].starts_with("  word0 word1"));
  std::string rejoined;
  for (size_t i = 1; i + 1 < lines.size(); ++i) {
    EXPECT_LE(chars(lines[i]), 60u) << lines[i];
    if (i > 1) {
      EXPECT_TRUE(lines[i].starts_with("    ")) << lines[i];
    }
    const size_t first = lines[i].find_first_not_of(' ');
    rejoined += (rejoined.empty() ? "" : " ") + lines[i].substr(first);
  }
  EXPECT_EQ(rejoined, words);  // no word lost, split or reordered
}

TEST(WrapLines, ShortTextAndLongWordsAreLeftAlone) {
  EXPECT_EQ(wrap_lines("a b\nc\n", 10), "a b\nc\n");
  EXPECT_EQ(wrap_lines("no newline at end", 100), "no newline at end");
  const std::string path(150, 'x');
  EXPECT_EQ(wrap_lines("see " + path + " here", 100), "see\n  " + path + "\n  here");
}

}  // namespace
}  // namespace elective
