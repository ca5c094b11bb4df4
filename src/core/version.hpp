#pragma once
// The version of Elective, from `project(elective VERSION ...)` in the top-level CMakeLists.txt (the one
// place it is written): `elective --version`, GET /api/health and the HTML report's footer print it.
#include <string_view>

namespace elective {

std::string_view version();

}  // namespace elective
