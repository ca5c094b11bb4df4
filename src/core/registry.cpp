#include "core/registry.hpp"

namespace elective {

nlohmann::json parameters_json(const std::vector<Parameter>& parameters) {
  nlohmann::json out = nlohmann::json::array();
  for (const Parameter& p : parameters)
    out.push_back({{"name", p.name}, {"where", p.where}, {"help", p.help}});
  return out;
}

}  // namespace elective
