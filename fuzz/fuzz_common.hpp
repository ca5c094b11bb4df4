#pragma once
// Shared by the fuzz targets: every reader may throw elective::Error (an InputError with file:line:column, or
// an IoError); anything else escaping - another exception type, a crash, undefined behaviour, a leak - is a
// bug that libFuzzer reports.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"

namespace elective::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs `body`; expected errors are swallowed, any other exception aborts (libFuzzer reports it as a crash).
template <typename Body>
void expect_only_input_errors(Body&& body) {
  try {
    body();
  } catch (const elective::Error&) {
    // Bad input reported as such: what a reader must do.
  }
}

}  // namespace elective::fuzz
