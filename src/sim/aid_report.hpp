#pragma once
// What mutual aid did, provider by provider (docs/simulation.md "Mutual aid by provider"): pathways moved out
// and in, each provider's waiting list at the start and at the end, and - when the scenario asks for the
// comparison (mutual_aid.compare) - at the end of the same replications run without mutual aid; the same for
// England as a whole (the national tail) and for the providers that received and sent patients together.
// Counts of 1 to 4 are withheld (stats/disclosure.hpp), with the waits of a list that small.
#include <vector>

#include <nlohmann/json.hpp>

#include "core/table.hpp"
#include "sim/engine.hpp"
#include "sim/model.hpp"

namespace elective::sim {

struct AidReport {
  nlohmann::json json;  // keys added to the output's "mutual_aid" object; null without mutual aid
  Table table;          // one row per provider
};

// `without_aid` is empty, or holds the replications of `with_aid` run again without mutual aid.
AidReport aid_report(const SimModel& model, const std::vector<ReplicationResult>& with_aid,
                     const std::vector<ReplicationResult>& without_aid);

}  // namespace elective::sim
