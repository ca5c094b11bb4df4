#pragma once
// Summaries of replications: per-group waits, inequality gaps, priority breaches, mutual aid and quoted
// waits. Each summary is one ResultTable (core/result_table.hpp) rendered as JSON - a plain value for one
// replication, {"p10","p50","p90"} across several - and as the table behind text and CSV output.
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result_table.hpp"
#include "core/table.hpp"
#include "plan/outcomes.hpp"
#include "sim/engine.hpp"
#include "sim/model.hpp"

namespace elective::sim {

struct Summaries {
  nlohmann::json groups, gaps, priority_breaches, mutual_aid, wait_estimates, totals, replication_results;
  Table groups_table, gaps_table, priority_table, wait_estimates_table, replications_table;
};

Summaries summarise(const SimModel& model, const std::vector<ReplicationResult>& runs,
                    const std::vector<std::vector<plan::TargetOutcome>>& targets);

// The label of group g of a dimension ("P2", "1".."5"/"unknown", "asian", "0-17", "female", a provider code).
std::string group_label(const SimModel& model, Dimension d, int g);

}  // namespace elective::sim
