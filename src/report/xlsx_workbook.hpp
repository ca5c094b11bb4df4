#pragma once
// Excel workbooks (`--format xlsx --out FILE.xlsx`, docs/cli.md): one sheet per table with numbers stored as
// numbers in NHS-style formats (thousands separators, percentages, weeks to 2 decimals), frozen header rows,
// an "Inputs" sheet (the scenario or command's assumptions as text), a "Provenance" sheet (what made it, from
// which files, when) and native line charts (a projection with its target line). Written with Debian's
// libxlsxwriter into a private temporary file and returned as bytes, so the caller writes it atomically like
// every other output.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/table.hpp"

namespace elective {

struct WorkbookChart {
  std::string sheet;  // the sheet whose columns it draws (and where it is placed)
  std::string title, y_title;
  std::string x_key;                // category column (e.g. "month")
  std::vector<std::string> y_keys;  // one line each (missing keys are skipped)
  std::optional<double> target;     // a horizontal target line at this value (same units as the column)
  std::string target_name;
};

struct Workbook {
  std::vector<std::pair<std::string, Table>> sheets;            // name (<= 31 characters), table
  std::string inputs_text;                                      // the scenario file or the options, verbatim
  std::vector<std::pair<std::string, std::string>> provenance;  // label, value
  std::vector<WorkbookChart> charts;
};

// The .xlsx bytes of the workbook. Throws IoError when the temporary file cannot be written.
std::string render_xlsx(const Workbook& workbook);

// A command's JSON result as a workbook, so a workbook holds exactly what `--format json` prints:
//   - every top-level array of objects is a sheet (months, targets, rows, summary, groups, ...), nested
//     objects flattened to dotted columns and {p10, p50, p90} to <key> (the P50), <key>_p10, <key>_p90;
//   - the other top-level values are a "Result" sheet (item, value), nested objects flattened;
//   - formats follow the keys: pct_* / performance / coverage as percentages, *_weeks as weeks, counts with
//     thousands separators;
//   - a "months" sheet gets a line chart of the 18-week share with every "N% within ..." target as a line,
//   and
//     one of the list size.
// `inputs_text` (the scenario file, or the command line) and `provenance` fill their own sheets.
Workbook json_workbook(const nlohmann::json& result, std::string inputs_text,
                       std::vector<std::pair<std::string, std::string>> provenance);

// The Provenance sheet of a workbook made from a command's JSON: the program and its version, what made it
// (`made_by_label`, `made_by`: the command line, or the dashboard's job), when (UTC), what the sheets hold
// and the data's licence. The CLI (`--format xlsx`) and the server (GET /api/jobs/{id}/result.xlsx) both use
// it.
std::vector<std::pair<std::string, std::string>> workbook_provenance(std::string made_by_label,
                                                                     std::string made_by);

}  // namespace elective
