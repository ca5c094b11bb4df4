#include "core/error.hpp"

#include <fmt/format.h>

namespace elective {

std::string format_location(const SourceLocation& where) {
  std::string out = where.file.empty() ? std::string("<input>") : where.file;
  if (where.line > 0) out += fmt::format(":{}", where.line);
  if (where.line > 0 && where.column > 0) out += fmt::format(":{}", where.column);
  if (!where.column_name.empty()) out += fmt::format(" (column '{}')", where.column_name);
  return out;
}

int exit_code_for(ErrorCategory category) noexcept {
  return category == ErrorCategory::input ? 2 : 1;
}

}  // namespace elective
