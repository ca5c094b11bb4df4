#include "cli/command_registry.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/progress.hpp"
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

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

namespace {

// The closest of `names` to `typed`, when it is near enough to be a typing error: at most 2 edits (1 for
// names of up to 4 characters), or `typed` is the start of exactly one name.
std::string closest(std::string_view typed, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_distance = 0;
  for (const auto& name : names) {
    const std::size_t distance = edit_distance(typed, name);
    if (best.empty() || distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  const std::size_t allowed = typed.size() <= 4 ? 1 : 2;
  if (!best.empty() && best_distance <= allowed) return best;
  std::vector<std::string> starting;
  for (const auto& name : names)
    if (typed.size() >= 2 && name.rfind(typed, 0) == 0) starting.push_back(name);
  return starting.size() == 1 ? starting.front() : std::string{};
}

std::string fmt_unknown_option(const std::string& name, const std::string& command) {
  return "unknown option '" + name + "' (see " + command + " --help)";
}

std::vector<std::string> long_names(const CLI::App& scope) {
  std::vector<std::string> names;
  for (const CLI::Option* option : scope.get_options())
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  return names;
}

std::string command_path(const CLI::App& scope) {
  std::string path;
  for (const CLI::App* a = &scope; a != nullptr && a->get_parent() != nullptr; a = a->get_parent())
    path = a->get_name() + (path.empty() ? "" : " " + path);
  return path.empty() ? "elective" : "elective " + path;
}

}  // namespace

std::string unknown_name_message(const CLI::App& app, int argc, const char* const* argv) {
  const CLI::App* scope = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;  // everything after is a value
    if (arg.size() > 2 && arg.substr(0, 2) == "--") {
      const std::string name(arg.substr(0, arg.find('=')));
      const CLI::Option* option = scope->get_option_no_throw(name);
      if (option == nullptr && scope != &app) option = app.get_option_no_throw(name);
      if (option == nullptr) {
        const std::string near = closest(name, long_names(*scope));
        return near.empty() ? fmt_unknown_option(name, command_path(*scope))
                            : "unknown option '" + name + "'; did you mean '" + near + "'?";
      }
      // A value given as the next argument is skipped (it may start with '-', like -0.5).
      if (arg.find('=') == std::string_view::npos && option->get_type_size() != 0 && i + 1 < argc) ++i;
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      const CLI::Option* option = scope->get_option_no_throw(std::string(arg.substr(0, 2)));
      if (option != nullptr && arg.size() == 2 && option->get_type_size() != 0 && i + 1 < argc) ++i;
      continue;
    }
    const std::string word(arg);
    const auto subs = scope->get_subcommands([&](const CLI::App* s) { return s->check_name(word); });
    if (!subs.empty()) {
      scope = subs.front();
      continue;
    }
    if (scope == &app) {
      std::vector<std::string> commands;
      for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        commands.push_back(sub->get_name());
      const std::string near = closest(arg, commands);
      std::string list;
      for (const auto& c : commands) list += (list.empty() ? "" : ", ") + c;
      return "unknown command '" + std::string(arg) + "'; " +
             (near.empty() ? "the commands are " + list : "did you mean '" + near + "'?");
    }
  }
  return {};
}

std::function<void(double)> progress_line(std::string what) {
  if (!stderr_is_terminal()) return [](double) {};
  struct State {
    std::string what;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::string last;
    std::mutex mutex;  // progress may be reported from worker threads
  };
  auto state = std::make_shared<State>();
  state->what = std::move(what);
  return [state](double fraction) {
    const std::lock_guard<std::mutex> lock(state->mutex);
    if (fraction >= 1.0) {
      std::fprintf(stderr, "\r%*s\r", static_cast<int>(state->last.size()), "");
      state->last.clear();
      return;
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - state->start).count();
    // Redraw only when the text changes (a percent or a second), not on every report.
    std::string text = progress_text(state->what, fraction, elapsed);
    if (text == state->last) return;
    const std::size_t width = std::max(text.size(), state->last.size());
    state->last = text;
    text.resize(width, ' ');
    std::fprintf(stderr, "\r%s", text.c_str());
    std::fflush(stderr);
  };
}

}  // namespace elective::cli
