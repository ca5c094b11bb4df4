#include "core/version.hpp"

#ifndef ELECTIVE_VERSION
#error "ELECTIVE_VERSION is defined by src/core/CMakeLists.txt from project(VERSION)"
#endif

namespace elective {

std::string_view version() {
  return ELECTIVE_VERSION;
}

}  // namespace elective
