#include "cli/command_registry.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

#include "data/atomic_file.hpp"

namespace elective::cli {
namespace {

thread_local std::string* capture_sink = nullptr;

std::vector<std::pair<std::string, CommandSetup>>& registry() {
  static std::vector<std::pair<std::string, CommandSetup>> commands;
  return commands;
}

}  // namespace

CommandRegistration::CommandRegistration(std::string name, CommandSetup setup) {
  registry().emplace_back(std::move(name), std::move(setup));
}

void setup_commands(CLI::App& app) {
  auto commands = registry();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, setup] : commands) setup(app);
}

void emit(std::string_view content, const std::string& path) {
  if (!path.empty() && path != "-") {
    data::write_file_atomically(path, content);
    return;
  }
  if (capture_sink != nullptr) {
    capture_sink->append(content);
    return;
  }
  std::fwrite(content.data(), 1, content.size(), stdout);
  std::fflush(stdout);
}

OutputCapture::OutputCapture(std::string& sink) : previous_(capture_sink) {
  capture_sink = &sink;
}

OutputCapture::~OutputCapture() {
  capture_sink = previous_;
}

bool stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) != 0;
}

}  // namespace elective::cli
