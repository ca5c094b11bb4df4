#pragma once
// JSON as output text. nlohmann's dump() throws on a string that is not valid UTF-8 (a file name, or text
// from a file in Latin-1); output must never fail on text, so invalid bytes are written as U+FFFD instead.
// The readers reject such files first (data::validate_text), so this only guards what else reaches a string.
#include <string>

#include <nlohmann/json.hpp>

namespace elective {

// Indented (2 spaces) with a final newline, as every command writes JSON.
inline std::string json_text(const nlohmann::json& value) {
  return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Compact, no newline (for storage).
inline std::string json_compact(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace elective
