#pragma once
// Each subcommand lives in its own cmd_<name>.cpp and registers itself with a static CommandRegistration,
// so that adding a command touches no shared file. The CLI is thin: a command parses options and calls
// library functions; errors are thrown as elective::Error and turned into exit codes by main().
#include <CLI/CLI.hpp>

#include <cstddef>
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

// Checks the command and the long options of a command line against those `app` defines, before CLI11 parses
// it (CLI11 reports a mistyped command as "A subcommand is required" and can take a mistyped option's value
// for a file name). Returns the one-line error for the first unknown name, with the closest known name when
// one is near ("unknown command 'stat'; did you mean 'stats'?", "unknown option '--fromat'; did you mean
// '--format'?"), or an empty string when every name is known.
std::string unknown_name_message(const CLI::App& app, int argc, const char* const* argv);

// Edit distance with adjacent transpositions (optimal string alignment): "fromat" is 1 from "format".
std::size_t edit_distance(std::string_view a, std::string_view b);

// Progress on stderr as "what: 42% (about 1 min 10 s left)" on one line rewritten in place, only when stderr
// is a terminal; the estimate appears once 3% and 2 s have passed. The returned function takes the fraction
// done (0-1); at 1 the line is cleared.
std::function<void(double)> progress_line(std::string what);

}  // namespace elective::cli
