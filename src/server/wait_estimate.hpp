#pragma once
// GET /api/wait-estimate is stats::estimate_waits on a stored RTT extract: the server adds only the dataset
// id, so the body equals `elective wait-estimate --format json` (docs/api.md). The names below keep the
// server's interface.
#include "stats/wait_estimate.hpp"

namespace elective::server {

using stats::estimate_waits;
using stats::ProviderWaitEstimate;
using stats::wait_estimate_json;
using stats::WaitEstimate;
using stats::WaitEstimateQuery;

}  // namespace elective::server
