#pragma once
// One error family for the whole engine. Every message is user-facing: it says where (file:line:column when
// the error comes from input) and what was expected. The CLI maps InputError to exit code 2 and every other
// Error to exit code 1.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace elective {

enum class ErrorCategory {
  input,     // bad user input: a file, a scenario, an option (exit 2)
  io,        // a file could not be read or written (exit 1)
  runtime,   // a model could not do what was asked (exit 1)
  cancelled  // the caller asked the work to stop
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCategory category, const std::string& message)
      : std::runtime_error(message), category_(category) {}
  ErrorCategory category() const noexcept { return category_; }

 private:
  ErrorCategory category_;
};

// Where in an input a problem is. line and column are 1-based; 0 means "not known / whole file".
struct SourceLocation {
  std::string file;
  std::int64_t line = 0;
  std::int64_t column = 0;
  std::string column_name;  // e.g. a CSV header or a TOML key, when there is one
};

std::string format_location(const SourceLocation& where);

class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(ErrorCategory::input, message) {}
  InputError(const SourceLocation& where, const std::string& message)
      : Error(ErrorCategory::input, format_location(where) + ": " + message), where_(where) {}
  const SourceLocation& where() const noexcept { return where_; }

 private:
  SourceLocation where_;
};

class IoError : public Error {
 public:
  explicit IoError(const std::string& message) : Error(ErrorCategory::io, message) {}
};

class RuntimeError : public Error {
 public:
  explicit RuntimeError(const std::string& message) : Error(ErrorCategory::runtime, message) {}
};

class CancelledError : public Error {
 public:
  CancelledError() : Error(ErrorCategory::cancelled, "cancelled") {}
};

// Process exit code for an error category: 2 for input/usage errors, 1 for everything else.
int exit_code_for(ErrorCategory category) noexcept;

}  // namespace elective
