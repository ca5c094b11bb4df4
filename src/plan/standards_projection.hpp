#pragma once
// The projection column of `elective standards` and GET /api/standards (docs/statistics.md "All the
// standards"): each standard's forecast value at its deadline, from the forecast of its list - RTT from the
// national series (the calibrated model, current trends), DM01 from its own start, cancer from the cancer
// forecast (no further than 12 months). One function for the command line and the server, so that both print
// the same bytes.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/data_source.hpp"
#include "stats/standards_overview.hpp"

namespace elective::plan {

// The forecast scenario (TOML) of a row's projection: the list's bundled file from its latest month to the
// deadline, the row's standard as the one target (RTT: England from the national series, a region, ICB or
// provider from the provider months file; DM01 and cancer: England or a provider). nullopt when none applies
// (no deadline after the data, or an area the list's file cannot forecast).
std::optional<std::string> standard_projection_scenario(const stats::StandardRow& row,
                                                        const stats::Area& area);

// Fills `projected`, `projected_month` and (when the data do not reach the deadline) `met_at_deadline` of
// each row. The bundled files are found through `data`. A forecast the data cannot make (a provider not in a
// file, a deadline beyond the cancer back-test) leaves the row's projection null.
void add_standard_projections(std::vector<stats::StandardRow>& rows, const stats::Area& area,
                              const std::shared_ptr<data::DataSource>& data);

}  // namespace elective::plan
