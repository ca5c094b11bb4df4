// elective._core: the C++ library behind the Python package (python/elective). Every function returns the
// JSON text that the command line prints with --format json, from the same library code: scenarios go
// through the one scenario gate and plan::run_forecast / plan::run_solve / sim::run_simulation; the other
// commands (stats, backtest, ...) run in-process through the CLI's own command table with their output
// captured. No model is re-implemented here or in Python.
//
// Errors become Python exceptions: elective.InputError (a ValueError: bad file, scenario or option; with
// .file, .line, .column and .key) and elective.ElectiveError (its base: files that cannot be read, models
// that cannot do what was asked).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_registry.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/progress.hpp"
#include "data/data_source.hpp"
#include "plan/forecast_api.hpp"
#include "plan/scenario.hpp"
#include "sim/simulate_api.hpp"

namespace py = pybind11;
using namespace elective;

namespace {

PyObject* g_error = nullptr;        // elective._core.ElectiveError
PyObject* g_input_error = nullptr;  // elective._core.InputError (ElectiveError, ValueError)

const char* category_name(ErrorCategory c) {
  switch (c) {
    case ErrorCategory::input:
      return "input";
    case ErrorCategory::io:
      return "io";
    case ErrorCategory::runtime:
      return "runtime";
    case ErrorCategory::cancelled:
      return "cancelled";
  }
  return "runtime";
}

// Raises the Python exception for an elective::Error, with its location when it has one.
void raise_error(const Error& e) {
  PyObject* type = e.category() == ErrorCategory::input ? g_input_error : g_error;
  py::object instance = py::reinterpret_borrow<py::object>(type)(e.what());
  SourceLocation where;
  if (const auto* input = dynamic_cast<const InputError*>(&e)) where = input->where();
  instance.attr("category") = category_name(e.category());
  instance.attr("file") = where.file.empty() ? py::object(py::none()) : py::object(py::str(where.file));
  instance.attr("line") = where.line > 0 ? py::object(py::int_(where.line)) : py::object(py::none());
  instance.attr("column") = where.column > 0 ? py::object(py::int_(where.column)) : py::object(py::none());
  std::string key = where.column_name;
  if (key.empty() && !where.file.empty()) {
    // Scenario errors read "file:line:column: key: what"; the key is the word after the location.
    const std::string message = e.what();
    const std::string prefix = format_location(where) + ": ";
    if (message.rfind(prefix, 0) == 0) {
      const auto end = message.find(": ", prefix.size());
      const std::string word =
          message.substr(prefix.size(), end == std::string::npos ? 0 : end - prefix.size());
      if (!word.empty() && word.find(' ') == std::string::npos) key = word;
    }
  }
  instance.attr("key") = key.empty() ? py::object(py::none()) : py::object(py::str(key));
  PyErr_SetObject(type, instance.ptr());
}

plan::Scenario scenario_from(const std::string& text, bool is_path, bool is_json, const std::string& name,
                             const std::string& base_dir) {
  if (is_path) return plan::load_scenario(text);
  return plan::parse_scenario(text, is_json ? plan::ScenarioSyntax::json : plan::ScenarioSyntax::toml, name,
                              base_dir);
}

std::string forecast(const std::string& text, bool is_path, bool is_json, const std::string& name,
                     const std::string& base_dir, std::optional<int> samples,
                     std::optional<std::uint64_t> seed) {
  py::gil_scoped_release release;
  const plan::Scenario scenario = scenario_from(text, is_path, is_json, name, base_dir);
  plan::RunOptions options;
  options.samples = samples;
  options.seed = seed;
  return json_text(plan::run_forecast(scenario, options, Progress{}));
}

std::string solve(const std::string& text, bool is_path, bool is_json, const std::string& name,
                  const std::string& base_dir, std::optional<std::string> target,
                  std::optional<std::string> lever) {
  py::gil_scoped_release release;
  const plan::Scenario scenario = scenario_from(text, is_path, is_json, name, base_dir);
  plan::RunOptions options;
  options.target = std::move(target);
  options.lever = std::move(lever);
  return json_text(plan::run_solve(scenario, options, Progress{}));
}

std::string simulate(const std::string& text, bool is_path, bool is_json, const std::string& name,
                     const std::string& base_dir, std::optional<std::string> policy,
                     std::optional<int> replications, std::optional<std::uint64_t> seed,
                     std::optional<int> threads, std::optional<std::string> patients,
                     std::optional<bool> skip_invalid) {
  py::gil_scoped_release release;
  const plan::Scenario scenario = scenario_from(text, is_path, is_json, name, base_dir);
  sim::SimRunOptions options;
  options.policy = std::move(policy);
  options.replications = replications;
  options.seed = seed;
  options.threads = threads;
  options.skip_invalid = skip_invalid;
  if (patients) options.patient_list = scenario.data->resolve(*patients, {}, "patients");
  return json_text(sim::run_simulation(scenario, options, Progress{}));
}

// Runs one `elective` command line (without the program name) and returns what it printed.
std::string run_command(const std::vector<std::string>& args) {
  std::string output;
  {
    py::gil_scoped_release release;
    CLI::App app{"elective"};
    app.require_subcommand(1);
    cli::setup_commands(app);
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
    try {
      cli::OutputCapture capture(output);
      app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
      output = app.help();  // the help of the command named, as `elective CMD --help` prints it
    } catch (const CLI::ParseError& e) {
      throw InputError(std::string(e.get_name()) + ": " + e.what());
    }
  }
  return output;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "Elective's C++ library (use the elective package, not this module)";
  g_error = PyErr_NewException("elective._core.ElectiveError", PyExc_RuntimeError, nullptr);
  py::tuple input_bases = py::make_tuple(py::reinterpret_borrow<py::object>(g_error),
                                         py::reinterpret_borrow<py::object>(PyExc_ValueError));
  g_input_error = PyErr_NewException("elective._core.InputError", input_bases.ptr(), nullptr);
  m.add_object("ElectiveError", py::reinterpret_borrow<py::object>(g_error));
  m.add_object("InputError", py::reinterpret_borrow<py::object>(g_input_error));
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      raise_error(e);
    }
  });

  m.def("forecast", &forecast, py::arg("text"), py::arg("is_path"), py::arg("is_json"), py::arg("name"),
        py::arg("base_dir"), py::arg("samples") = py::none(), py::arg("seed") = py::none());
  m.def("solve", &solve, py::arg("text"), py::arg("is_path"), py::arg("is_json"), py::arg("name"),
        py::arg("base_dir"), py::arg("target") = py::none(), py::arg("lever") = py::none());
  m.def("simulate", &simulate, py::arg("text"), py::arg("is_path"), py::arg("is_json"), py::arg("name"),
        py::arg("base_dir"), py::arg("policy") = py::none(), py::arg("replications") = py::none(),
        py::arg("seed") = py::none(), py::arg("threads") = py::none(), py::arg("patients") = py::none(),
        py::arg("skip_invalid") = py::none());
  m.def(
      "default_data_dir", [] { return data::bundled_data_dirs().back(); },
      "The bundled data folder this build was made with");
  m.def("run_command", &run_command, py::arg("args"),
        "Runs `elective ARGS...` in-process and returns its standard output");
}
