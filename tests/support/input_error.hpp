#pragma once
// The one-line error of something that must not run, for tests of bad input.
#include <string>

#include "core/error.hpp"

namespace elective::test {

// The message of the InputError that run() throws, or "" when it throws none.
template <typename Run>
std::string input_error_of(Run&& run) {
  try {
    run();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace elective::test
