#pragma once
// `elective stats` on the waiting-time files other than RTT (issue 12): the diagnostics DM01 file and the
// cancer waiting times (the provider extract and the national series). cmd_stats.cpp sniffs each file and
// hands these kinds here, so the RTT path stays as it was.
#include <optional>
#include <string>
#include <vector>

#include "core/table.hpp"
#include "data/input_formats.hpp"

namespace elective::cli {

struct ListStatsOptions {
  std::string provider, test, standard, cancer_type, route, month, from, until;
  std::vector<std::string> by;
  // RTT-only options the user gave (e.g. "--tfc"), rejected with a message naming the file kind.
  std::vector<std::string> rtt_only;
};

// The kinds handled here.
bool is_other_list(data::InputKind kind);
// The whole output of `elective stats` on one such file (already parsed). Throws InputError for options
// that do not apply or selections that match nothing.
std::string other_list_stats(const data::Dataset& dataset, const ListStatsOptions& options, Format format);

}  // namespace elective::cli
