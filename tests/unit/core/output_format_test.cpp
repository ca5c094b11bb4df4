// The output-format registry: one entry per Format, unique names and extensions, and the formats, help and
// "expected one of ..." message each command gets from it.
#include "core/output_format.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/error.hpp"
#include "core/table.hpp"

namespace elective {
namespace {

TEST(OutputFormats, EveryFormatHasOneEntry) {
  std::set<std::string_view> names, extensions;
  for (const OutputFormat& f : output_formats()) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
    EXPECT_TRUE(extensions.insert(f.extension).second) << f.extension;
    EXPECT_FALSE(f.help.empty()) << f.name;
    if (!f.workbook) {  // a workbook is rendered from the JSON
      EXPECT_EQ(&output_format(f.value), &f);
    }
    EXPECT_EQ(parse_format(f.name), f.value);
  }
  for (Format f : {Format::table, Format::csv, Format::json}) EXPECT_EQ(output_format(f).value, f);
  EXPECT_EQ(file_name("months", Format::csv), "months.csv");
}

TEST(OutputFormats, CommandsGetTheirFormatsHelpAndMessage) {
  EXPECT_EQ(output_format_help("stats"), "table (default), csv, json or xlsx");
  EXPECT_EQ(output_format_help("queue"), "table (default), csv or json");
  ASSERT_NE(find_output_format("xlsx"), nullptr);
  EXPECT_TRUE(find_output_format("xlsx")->workbook);
  EXPECT_FALSE(find_output_format("xlsx")->offered_by("queue"));
  EXPECT_EQ(output_format_help("overview"), "table (default) or json");
  EXPECT_EQ(parse_format("csv", "stats"), Format::csv);
  try {
    parse_format("xml", "stats");
    FAIL() << "xml accepted";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "--format: expected one of table, csv, json, xlsx; got 'xml'");
  }
  try {
    parse_format("csv", "overview");
    FAIL() << "csv accepted for the overview";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "--format: expected one of table, json; got 'csv'");
  }
}

TEST(OutputFormats, JsonRowsRoundTrip) {
  Table t;
  t.columns = {{"name", "Name", CellKind::text, 0},
               {"n", "N", CellKind::count, 0},
               {"share", "Share", CellKind::fraction, 3},
               {"ok", "OK", CellKind::flag, 0}};
  t.add_row({std::string("a"), std::int64_t{3}, 0.25, std::int64_t{1}});
  t.add_row({std::string("b"), Cell{}, Cell{}, std::int64_t{0}});
  const Table back = table_from_json_rows(to_json_rows(t), t.columns);
  EXPECT_EQ(render_csv(back), render_csv(t));
  EXPECT_EQ(render_text(back), render_text(t));
}

}  // namespace
}  // namespace elective
