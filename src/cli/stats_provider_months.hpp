#pragma once
// `elective stats` on the RTT provider months file (rtt_provider_months_waited.csv[.gz]): selection,
// breakdowns by provider, ICB, region, specialty and month, and the weekly figures estimated from month bins
// (stats/provider_stats.hpp). Kept apart from cmd_stats.cpp, which only routes the file here.
#include <string>
#include <vector>

#include "core/table.hpp"

namespace elective::cli {

struct ProviderMonthsStatsOptions {
  std::string path;  // the provider months file, for messages and to find providers.csv beside it
  std::string part = "incomplete";
  std::string provider, tfc, icb, region, month;
  std::vector<std::string> by;
  std::string providers_file;  // --providers; default: providers.csv beside the file, else the bundled one
  bool bins = false;
};

// The rendered output. `text` is the file's text (already decompressed or not).
std::string run_provider_months_stats(const ProviderMonthsStatsOptions& options, const std::string& text,
                                      Format format);

}  // namespace elective::cli
