#pragma once
// The output-format registry: what `--format` can name. Each entry carries its name, help text, the file
// extension of a file written in it and the commands that do not offer it; `--format`'s help, its "expected
// one of ..." message (cli/output_options.hpp) and the renderer of a Table (core/table.hpp `render`) read
// this one table.
//
// Adding an output format: an enumerator and an entry here (output_format.{hpp,cpp}) and its rendering of a
// Table in core/table.cpp - 3 files. Every command whose output is a Table then offers it; a command with a
// hand-written text report lists itself in the entry's `not_for` until it renders the new format.
#include <string>
#include <string_view>
#include <vector>

namespace elective {

enum class Format { table, csv, json };

struct OutputFormat {
  Format value;
  std::string_view name;                  // what --format takes
  std::string_view help;                  // one line for help text and docs
  std::string_view extension;             // of a file written in this format, without the dot
  std::vector<std::string_view> not_for;  // commands that do not offer it (every other command does)
  // Commands that offer it when only some do (empty: all but not_for).
  std::vector<std::string_view> only_for = {};
  // A workbook: the command renders its JSON (value is Format::json) and the output options turn that
  // document into an Excel file (report/xlsx_workbook.hpp), which needs --out FILE.xlsx.
  bool workbook = false;

  bool offered_by(std::string_view command) const;
};

// In the order help text lists them; the first is every command's default.
const std::vector<OutputFormat>& output_formats();
const OutputFormat& output_format(Format format);
// The formats `command` offers (all of them for an empty name), in registry order.
std::vector<const OutputFormat*> output_formats_for(std::string_view command = {});
// "table (default), csv or json": --format's help for a command.
std::string output_format_help(std::string_view command = {});
// The registry entry of a --format name, or nullptr.
const OutputFormat* find_output_format(std::string_view name);
// Parses a --format value for a command; throws InputError
// "--format: expected one of table, csv, json; got 'xml'" (the command's formats) otherwise.
Format parse_format(std::string_view text, std::string_view command = {});
// "months" + csv -> "months.csv".
std::string file_name(std::string_view stem, Format format);

}  // namespace elective
