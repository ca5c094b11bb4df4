#pragma once
// Each subcommand lives in its own cmd_<name>.cpp and registers itself with a static CommandRegistration,
// so that adding a command touches no shared file. The CLI is thin: a command parses options and calls
// library functions; errors are thrown as elective::Error and turned into exit codes by main().
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace elective::cli {

using CommandSetup = std::function<void(CLI::App& app)>;

struct CommandRegistration {
  CommandRegistration(std::string name, CommandSetup setup);
};

// Calls every registered setup in name order.
void setup_commands(CLI::App& app);

// Writes output: to stdout (or the current OutputCapture), or atomically to `path` when it is non-empty. The
// content is complete before anything is written, so an error never leaves partial output.
void emit(std::string_view content, const std::string& path = {});

// While alive, output that emit() would write to stdout on this thread is appended to `sink` instead. The
// Python package (python/) runs the commands in-process this way, so its results are the CLI's output.
class OutputCapture {
 public:
  explicit OutputCapture(std::string& sink);
  ~OutputCapture();
  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;

 private:
  std::string* previous_;
};

// True when stderr is a terminal (progress is shown only then).
bool stderr_is_terminal();

}  // namespace elective::cli
