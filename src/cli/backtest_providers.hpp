#pragma once
// `elective backtest --by provider[,specialty] | icb | region`: the provider-level back-test on the provider
// months file (flow/provider_backtest.hpp, docs/backtest.md "Provider level"). Kept apart from
// cmd_backtest.cpp, which routes --by here.
#include <string>

#include "core/output_format.hpp"

namespace elective::cli {

struct ProviderBacktestCliOptions {
  std::string data;  // the provider months file
  std::string by;    // comma list of provider, specialty, icb, region
  int window = 12;
  int first_origin_months = 6;
  int threads = 0;  // groups in parallel; 0 = one per core
};

// The rendered output (JSON, CSV of every row, or the text table of England and the specialties).
std::string run_provider_backtest(const ProviderBacktestCliOptions& options, Format format);

}  // namespace elective::cli
