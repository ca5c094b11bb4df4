#include "cli/output_options.hpp"

#include <nlohmann/json.hpp>

#include "cli/command_registry.hpp"
#include "core/error.hpp"
#include "core/table.hpp"
#include "data/data_source.hpp"
#include "data/output_set.hpp"
#include "plan/document.hpp"
#include "report/xlsx_workbook.hpp"

namespace elective::cli {

namespace {

// "elective forecast scenarios/x.toml --samples 100": what made a workbook, for its Provenance sheet.
std::string command_line(const CLI::App& app) {
  std::string line = "elective " + app.get_name();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->count() == 0 || opt->get_name() == "--help") continue;
    const bool positional = opt->get_lnames().empty() && opt->get_snames().empty();
    for (const auto& value : opt->results())
      line += " " + (positional ? value : opt->get_name() + " " + value);
    if (opt->results().empty()) line += " " + opt->get_name();
  }
  return line;
}

// The scenario (or sweep) file the command ran, verbatim, for the Inputs sheet.
std::string inputs_text(const CLI::App& app) {
  for (const char* name : {"scenario", "sweep"}) {
    const CLI::Option* opt = app.get_option_no_throw(name);
    if (opt != nullptr && opt->count() > 0 && !opt->results().empty())
      return data::read_bounded(opt->results().front(), plan::DocumentLimits{}.max_bytes);
  }
  return {};
}

}  // namespace

void OutputOptions::add_to(CLI::App& cmd, OutTarget target, std::string out_help) {
  app_ = &cmd;
  command_ = cmd.get_name();
  format_ = std::string(output_formats_for(command_).front()->name);
  target_ = target;
  cmd.add_option("--format", format_, output_format_help(command_));
  cmd.add_option(
      "--out", out_,
      out_help.empty() ? std::string("write the output to this file instead of stdout") : out_help);
}

Format OutputOptions::format() const {
  const Format f = parse_format(format_, command_);
  if (workbook() && out_.empty())
    throw InputError("--format xlsx: expected --out FILE.xlsx (a workbook is not printed to the terminal)");
  return f;
}

bool OutputOptions::workbook() const {
  const OutputFormat* f = find_output_format(format_);
  return f != nullptr && f->workbook;
}

void OutputOptions::write(std::string_view content) const {
  if (workbook()) {
    const auto provenance = workbook_provenance("command", app_ != nullptr ? command_line(*app_) : command_);
    const std::string bytes = render_xlsx(
        json_workbook(nlohmann::json::parse(content), app_ != nullptr ? inputs_text(*app_) : "", provenance));
    emit(bytes, out_);
    return;
  }
  // Text for people fits a 100-column terminal: tables are split into panels by render_text, prose wraps
  // here.
  if (format() == Format::table)
    emit(wrap_lines(content), target_ == OutTarget::file ? out_ : std::string());
  else
    emit(content, target_ == OutTarget::file ? out_ : std::string());
}

void OutputOptions::write_folder(std::vector<std::pair<std::string, std::string>> files) const {
  if (target_ != OutTarget::folder || out_.empty() || workbook()) return;
  data::OutputSet set(out_);
  for (auto& [name, text] : files) set.add(name, std::move(text));
  set.commit();
}

}  // namespace elective::cli
