// elective: NHS elective-care waiting lists: official RTT statistics, forecasts, plans and simulation.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

#include "cli/command_registry.hpp"
#include "core/error.hpp"
#include "core/huge_page_malloc.hpp"
#include "core/version.hpp"

int main(int argc, char** argv) {
  // Before anything else: this may restart the program (core/huge_page_malloc.hpp).
  elective::restart_with_huge_page_malloc(argv);
  CLI::App app{"elective: NHS elective-care waiting lists (RTT statistics, forecasts, plans, simulation)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "elective " + std::string(elective::version()));
  elective::cli::setup_commands(app);
  // A mistyped command or option is named with the closest known one before CLI11 sees it (issue 13).
  if (const auto unknown = elective::cli::unknown_name_message(app, argc, argv); !unknown.empty()) {
    std::fprintf(stderr, "elective: error: %s\n", unknown.c_str());
    return 2;  // usage error
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line with the program's prefix, like every other error ("elective: error: files: File does not
    // exist: x.csv"), and where to read the options.
    std::fprintf(stderr, "elective: error: %s (see elective%s --help)\n", e.what(),
                 argc > 1 && argv[1][0] != '-' ? (std::string(" ") + argv[1]).c_str() : "");
    return 2;  // usage error
  } catch (const elective::Error& e) {
    std::fprintf(stderr, "elective: error: %s\n", e.what());
    return elective::exit_code_for(e.category());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "elective: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
