#pragma once
// Summaries of replications: per-group waits, inequality gaps, priority breaches, mutual aid and quoted
// waits, each as a plain value (one replication) or P10/P50/P90 across replications, in JSON and as tables.
#include <vector>

#include <nlohmann/json.hpp>

#include "core/table.hpp"
#include "plan/outcomes.hpp"
#include "sim/engine.hpp"
#include "sim/model.hpp"

namespace elective::sim {

// Groups with fewer pathways than this (P50 across replications) are suppressed in public outputs.
inline constexpr double kSuppressBelow = 5;

struct Summaries {
  nlohmann::json groups, gaps, priority_breaches, mutual_aid, wait_estimates, totals, replication_results;
  Table groups_table, gaps_table, priority_table, wait_estimates_table, replications_table;
};

Summaries summarise(const SimModel& model, const std::vector<ReplicationResult>& runs,
                    const std::vector<std::vector<plan::TargetOutcome>>& targets);

// The label of group g of a dimension ("P2", "1".."5"/"unknown", "asian", "0-17", "female", a provider code).
std::string group_label(const SimModel& model, Dimension d, int g);

}  // namespace elective::sim
