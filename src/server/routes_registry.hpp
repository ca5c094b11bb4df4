#pragma once
// GET /api/policies and GET /api/levers: the policy and solve-lever registries (core/policies.hpp,
// plan/levers.hpp) as JSON arrays, so that the dashboard's choices come from the same table as the CLI's
// help and the scenario gate's messages.
#include <httplib.h>

namespace elective::server {

void add_registry_routes(httplib::Server& http);

}  // namespace elective::server
