#pragma once
// What every registry entry (policies, solve levers, input formats) says about a parameter it reads, so that
// help text, the API's listings (GET /api/policies, GET /api/levers) and the dashboard describe it from one
// place.
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace elective {

struct Parameter {
  std::string_view name;   // e.g. "urgent_share"
  std::string_view where;  // where a user sets it, e.g. "[policy] urgent_share" or "--target"
  std::string_view help;   // one sentence, with the unit and default
};

// [{"name", "where", "help"}, ...]
nlohmann::json parameters_json(const std::vector<Parameter>& parameters);

}  // namespace elective
