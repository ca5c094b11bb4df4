#include "server/routes_registry.hpp"

#include "core/policies.hpp"
#include "plan/levers.hpp"
#include "server/api_util.hpp"

namespace elective::server {

void add_registry_routes(httplib::Server& http) {
  // [{"name", "label", "help", "engines": ["forecast", "simulation"], "parameters": [{"name", "where",
  // "help"}]}]
  http.Get("/api/policies",
           [](const httplib::Request&, httplib::Response& res) { send_json(res, policies_json()); });
  // [{"name", "help", "unit", "needs_target", "sets", "parameters": [...]}]
  http.Get("/api/levers",
           [](const httplib::Request&, httplib::Response& res) { send_json(res, plan::levers_json()); });
}

}  // namespace elective::server
