#include "core/policies.hpp"

#include "core/enum_names.hpp"

namespace elective {

const Policy& policy_info(PolicyKind kind) {
  for (const Policy& p : policies())
    if (p.value == kind) return p;
  return policies().front();  // unreachable: every enumerator has an entry (tested)
}

std::string_view policy_name(PolicyKind kind) {
  return enum_name(policies(), kind);
}

std::optional<PolicyKind> parse_policy(std::string_view name, Engine engine) {
  for (const Policy& p : policies())
    if (p.name == name && p.supports(engine)) return p.value;
  return std::nullopt;
}

std::string policy_names(Engine engine) {
  return join_or(enum_names(policies(), [engine](const Policy& p) { return p.supports(engine); }));
}

std::string policy_help(Engine engine) {
  std::string out;
  for (const Policy& p : policies()) {
    if (!p.supports(engine)) continue;
    if (!out.empty()) out += "; ";
    out += std::string(p.name) + ": " + std::string(p.label);
  }
  return out;
}

nlohmann::json policies_json() {
  nlohmann::json out = nlohmann::json::array();
  for (const Policy& p : policies()) {
    nlohmann::json engines = nlohmann::json::array();
    if (p.forecast) engines.push_back("forecast");
    if (p.simulation) engines.push_back("simulation");
    out.push_back({{"name", std::string(p.name)},
                   {"label", std::string(p.label)},
                   {"help", std::string(p.help)},
                   {"engines", engines},
                   {"parameters", parameters_json(p.parameters)}});
  }
  return out;
}

}  // namespace elective
