#include "core/output_format.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/enum_names.hpp"
#include "core/error.hpp"

namespace elective {

bool OutputFormat::offered_by(std::string_view command) const {
  if (!only_for.empty()) return std::find(only_for.begin(), only_for.end(), command) != only_for.end();
  return std::find(not_for.begin(), not_for.end(), command) == not_for.end();
}

const OutputFormat* find_output_format(std::string_view name) {
  for (const OutputFormat& f : output_formats())
    if (f.name == name) return &f;
  return nullptr;
}

const std::vector<OutputFormat>& output_formats() {
  static const std::vector<OutputFormat> table = {
      {Format::table, "table", "text for people: aligned tables and headline sentences", "txt", {}},
      // The overview is several tables of different shapes; `elective stats` gives each as CSV.
      {Format::csv, "csv", "CSV with a header row of snake_case keys; fractions 0-1", "csv", {"overview"}},
      {Format::json, "json", "JSON with snake_case keys; the same document the HTTP API returns", "json", {}},
      // Built from the command's JSON, so a workbook holds exactly what --format json prints.
      {Format::json,
       "xlsx",
       "Excel workbook (with --out FILE.xlsx): a sheet per table, charts, inputs and provenance",
       "xlsx",
       {},
       {"stats", "forecast", "solve", "simulate", "backtest", "sweep", "standards"},
       true},
  };
  return table;
}

const OutputFormat& output_format(Format format) {
  for (const OutputFormat& f : output_formats())
    if (f.value == format && !f.workbook) return f;
  return output_formats().front();  // unreachable: every enumerator has an entry (tested)
}

std::vector<const OutputFormat*> output_formats_for(std::string_view command) {
  std::vector<const OutputFormat*> out;
  for (const OutputFormat& f : output_formats())
    if (command.empty() || f.offered_by(command)) out.push_back(&f);
  return out;
}

std::string output_format_help(std::string_view command) {
  std::vector<std::string_view> names;
  std::string first;
  for (const OutputFormat* f : output_formats_for(command)) {
    if (names.empty()) {
      first = fmt::format("{} (default)", f->name);
      names.push_back(first);
    } else {
      names.push_back(f->name);
    }
  }
  return join_or(names);
}

Format parse_format(std::string_view text, std::string_view command) {
  std::string names;
  for (const OutputFormat* f : output_formats_for(command)) {
    if (f->name == text) return f->value;
    names += (names.empty() ? "" : ", ") + std::string(f->name);
  }
  throw InputError(fmt::format("--format: expected one of {}; got '{}'", names, text));
}

std::string file_name(std::string_view stem, Format format) {
  return fmt::format("{}.{}", stem, output_format(format).extension);
}

}  // namespace elective
