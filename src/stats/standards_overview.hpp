#pragma once
// Every waiting-time standard side by side for one area (issue 12 item 4; `elective standards`): RTT 18
// weeks (92%), the 52/65/78-week waits, diagnostics within 6 weeks (the recovery plan's 95% and the older
// 99%), cancer 28-day Faster Diagnosis (75%/77%/80% by date), 31-day (96%) and 62-day (85%, interim 75% by
// March 2026), each from the bundled file that publishes it, on one basis: latest value, month, threshold,
// deadline, whether it was met, and its change over the last year.
//
// Areas: England, an NHS region, an ICB or a provider. England's RTT figures are the national series'; an
// area's are the provider months file's, estimated from its calendar-month bins (`estimated` true; over 65
// and 78 weeks are not in that layout and are null). DM01 and cancer figures are sums of the providers of the
// area (England: every provider, which equals NHS England's England rows; tests/golden). ICBs and regions are
// those of the provider reference (providers.csv); DM01 rows carry their own region.
//
// Rules (docs/statistics.md "All the standards"):
// - value, month: the latest month of the source with a figure for the area.
// - met: judged at the deadline month when the source has it, else at the latest month (a standard without a
//   deadline, such as 31-day 96%, always at the latest month); null without a value.
// - trend: value minus the value 12 months earlier; when the source starts later than that, minus the value
//   in its earliest month of the last year (the DM01 file starts in August 2024); null with one month only.
// Shares are fractions 0-1; the long-wait standards are counts of patients (threshold 0).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "core/table.hpp"
#include "data/cancer_cwt.hpp"
#include "data/dm01.hpp"
#include "data/national_series.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"

namespace elective::stats {

enum class AreaKind { england, region, icb, provider };

struct Area {
  AreaKind kind = AreaKind::england;
  std::string code;  // region, ICB or provider code (empty for England)
  std::string name;  // for the `area` column: "England", "region Y62 North West", ...
};

// Resolves --provider / --icb / --region (at most one; a region by code or name, case-insensitive, "North
// West" or "Y62") against the provider reference. Throws InputError naming the option when unknown.
Area resolve_area(const data::ProviderReference* reference, const std::optional<std::string>& provider,
                  const std::optional<std::string>& icb, const std::optional<std::string>& region);

// The files the overview reads; any may be absent (its standards are then left out).
struct StandardsSources {
  const data::NationalSeries* rtt_national = nullptr;
  const data::ProviderMonths* rtt_provider_months = nullptr;
  const data::ProviderReference* providers = nullptr;
  const data::Dm01List* dm01 = nullptr;
  const data::CwtProvider* cancer = nullptr;
};

struct StandardRow {
  std::string standard;  // "RTT 18 weeks (92%)", ...
  std::string area;
  std::optional<YearMonth> month;
  std::optional<double> value;
  double threshold = 0;
  bool share = true;  // value and threshold are fractions (else counts, met when value <= threshold)
  std::optional<YearMonth> deadline;
  std::optional<bool> met;
  std::optional<double> trend;
  std::string source;  // the file
  bool estimated = false;
  // Every month of the source with a figure for the area, in month order (the dashboard's sparkline; not in
  // the CLI's table).
  std::vector<std::pair<YearMonth, double>> history;
  // The projection at the deadline, when the deadline is after the latest month: filled by the caller from
  // the forecast of the list (stats has no models; `elective standards` runs them, docs/statistics.md).
  // `list` and `target` say what to forecast: "rtt", "dm01" or "cancer" (with `cancer_standard`), and the
  // standard as a target at its deadline ("92% within 18 weeks by 2029-03"; empty without a deadline).
  std::string list;
  std::optional<data::CancerStandard> cancer_standard;
  std::string target;
  std::optional<double> projected;
  std::optional<YearMonth> projected_month;
  // Met at the deadline: the published value there when the data have it, else the projection's.
  std::optional<bool> met_at_deadline;
};

std::vector<StandardRow> standards_overview(const StandardsSources& sources, const Area& area);

// Whether a value meets a row's threshold (shares: at least it; counts: no more than it).
bool meets_standard(const StandardRow& row, double value);

// JSON {"standards": [{"standard", "area", "month", "value", "threshold", "deadline", "met", "trend",
// "source", "estimated", "projected", "projected_month", "met_at_deadline"}]} and, as a table, the same
// columns (text tables show percentages and leave out the area, which the command prints above them).
Table standards_table(const std::vector<StandardRow>& rows, bool for_text);

}  // namespace elective::stats
