#include "cli/output_options.hpp"

#include "cli/command_registry.hpp"
#include "data/output_set.hpp"

namespace elective::cli {

void OutputOptions::add_to(CLI::App& cmd, OutTarget target, std::string out_help) {
  command_ = cmd.get_name();
  format_ = std::string(output_formats_for(command_).front()->name);
  target_ = target;
  cmd.add_option("--format", format_, output_format_help(command_));
  cmd.add_option(
      "--out", out_,
      out_help.empty() ? std::string("write the output to this file instead of stdout") : out_help);
}

Format OutputOptions::format() const {
  return parse_format(format_, command_);
}

void OutputOptions::write(std::string_view content) const {
  emit(content, target_ == OutTarget::file ? out_ : std::string());
}

void OutputOptions::write_folder(std::vector<std::pair<std::string, std::string>> files) const {
  if (target_ != OutTarget::folder || out_.empty()) return;
  data::OutputSet set(out_);
  for (auto& [name, text] : files) set.add(name, std::move(text));
  set.commit();
}

}  // namespace elective::cli
