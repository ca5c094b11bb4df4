#pragma once
// GET /api/inequalities is stats::equity_breakdown on a stored patient-level list: the server adds only the
// dataset id, so the body equals `elective inequalities --format json` (docs/api.md). The names below keep
// the server's interface.
#include "stats/inequalities.hpp"

namespace elective::server {

using stats::equity_breakdown;
using stats::equity_dimension_name;
using stats::EquityDimension;
using stats::EquityFilter;
using stats::parse_equity_dimension;

}  // namespace elective::server
