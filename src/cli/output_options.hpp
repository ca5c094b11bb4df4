#pragma once
// `--format` and `--out`, declared, checked and written the same way by every command that prints a result.
// The formats a command offers, their help and the "expected one of ..." message come from the output-format
// registry (core/output_format.hpp); writes are atomic (data/atomic_file.hpp) or all-or-nothing for a folder
// (data/output_set.hpp), so an error never leaves partial output.
#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/output_format.hpp"

namespace elective::cli {

// What --out names: the file that receives what would go to stdout, or a folder of extra files (a report)
// while the main output still goes to stdout.
enum class OutTarget { file, folder };

class OutputOptions {
 public:
  // Declares --format (default: the registry's first format) and --out on `cmd`. `out_help` describes --out;
  // empty: "write the output to this file instead of stdout".
  void add_to(CLI::App& cmd, OutTarget target = OutTarget::file, std::string out_help = {});

  // The --format given, checked against the formats this command offers (throws InputError). A workbook
  // (--format xlsx) is Format::json to the command: write() turns that JSON into the workbook.
  Format format() const;
  // True for --format xlsx (a workbook written to --out, which it needs).
  bool workbook() const;
  // --out as given ("" when absent).
  const std::string& out() const { return out_; }

  // The command's main output: to --out (atomically) for a file target, else to stdout. With --format xlsx,
  // `content` is the command's JSON and --out receives the workbook (with the scenario or sweep file on its
  // Inputs sheet and the command line on its Provenance sheet).
  void write(std::string_view content) const;
  // Folder target: writes every file into --out, all or none; nothing when --out is absent or names a
  // workbook.
  void write_folder(std::vector<std::pair<std::string, std::string>> files) const;

 private:
  const CLI::App* app_ = nullptr;
  std::string command_;
  std::string format_;
  std::string out_;
  OutTarget target_ = OutTarget::file;
};

}  // namespace elective::cli
