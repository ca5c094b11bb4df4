// elective: NHS elective-care waiting lists: official RTT statistics, forecasts, plans and simulation.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

#include "cli/command_registry.hpp"
#include "core/error.hpp"
#include "core/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"elective: NHS elective-care waiting lists (RTT statistics, forecasts, plans, simulation)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "elective " + std::string(elective::version()));
  elective::cli::setup_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
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
