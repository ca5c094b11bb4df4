#include "stats/rtt_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

namespace elective::stats {
namespace {

using data::RttExtract;
using data::RttPart;
using Row = RttExtract::Row;

Finding finding_for(const RttExtract& x, const Row& r, std::string check, Severity severity,
                    std::string message) {
  Finding f;
  f.check = std::move(check);
  f.severity = severity;
  f.file = x.sources()[r.source];
  f.line = r.line;
  f.month = r.month.to_string();
  f.provider = x.text(r.provider);
  f.message = std::move(message);
  return f;
}

std::string row_label(const RttExtract& x, const Row& r) {
  return fmt::format("{} {} commissioner {}", data::part_code(r.part), x.text(r.tfc), x.text(r.commissioner));
}

void check_totals(const RttExtract& x, std::vector<Finding>& out) {
  for (const Row& r : x.rows()) {
    if (!data::part_has_bands(r.part)) {
      if (r.total_all == RttExtract::kBlank) {
        out.push_back(finding_for(
            x, r, "totals_consistent", Severity::error,
            fmt::format("{}: Total All is blank (new periods carry only Total All)", row_label(x, r))));
      }
      continue;
    }
    const std::uint64_t bands = x.band_sum(r);
    const std::uint64_t unknown = r.unknown_clock_start == RttExtract::kBlank ? 0 : r.unknown_clock_start;
    if (r.total != RttExtract::kBlank && r.total != bands) {
      out.push_back(finding_for(x, r, "totals_consistent", Severity::error,
                                fmt::format("{}: Total {} differs from the sum of the weekly bands {}",
                                            row_label(x, r), r.total, bands)));
    }
    if (r.total_all == RttExtract::kBlank) {
      out.push_back(finding_for(x, r, "totals_consistent", Severity::error,
                                fmt::format("{}: Total All is blank", row_label(x, r))));
    } else if (r.total_all != bands + unknown) {
      out.push_back(finding_for(
          x, r, "totals_consistent", Severity::error,
          fmt::format("{}: Total All {} differs from the weekly bands {} plus unknown clock starts {} (= {})",
                      row_label(x, r), r.total_all, bands, unknown, bands + unknown)));
    }
  }
}

void check_dta(const RttExtract& x, std::vector<Finding>& out) {
  using Key = std::tuple<int, std::uint32_t, std::uint32_t, std::uint32_t>;
  std::map<Key, const Row*> incomplete;
  for (const Row& r : x.rows()) {
    if (r.part == RttPart::incomplete) incomplete[{r.month.index(), r.provider, r.commissioner, r.tfc}] = &r;
  }
  for (const Row& r : x.rows()) {
    if (r.part != RttPart::dta) continue;
    auto it = incomplete.find({r.month.index(), r.provider, r.commissioner, r.tfc});
    const std::uint64_t dta_total = x.band_sum(r);
    if (it == incomplete.end()) {
      if (dta_total > 0) {
        out.push_back(finding_for(x, r, "dta_within_incomplete", Severity::error,
                                  fmt::format("{}: {} pathways with a decision to admit but no Part_2 row",
                                              row_label(x, r), dta_total)));
      }
      continue;
    }
    const Row& p2 = *it->second;
    const std::uint64_t p2_total = x.band_sum(p2);
    if (dta_total > p2_total) {
      out.push_back(
          finding_for(x, r, "dta_within_incomplete", Severity::error,
                      fmt::format("{}: {} pathways with a decision to admit exceed the {} incomplete "
                                  "pathways (Part_2A must be a subset of Part_2)",
                                  row_label(x, r), dta_total, p2_total)));
      continue;
    }
    if (p2.top_band != r.top_band) continue;
    const std::uint32_t* a = x.bands(r);
    const std::uint32_t* b = x.bands(p2);
    for (int k = 0; k <= r.top_band; ++k) {
      if (a[k] > b[k]) {
        out.push_back(
            finding_for(x, r, "dta_within_incomplete", Severity::error,
                        fmt::format("{}: band {} has {} pathways with a decision to admit but only {} "
                                    "incomplete pathways",
                                    row_label(x, r), k, a[k], b[k])));
        break;
      }
    }
  }
}

void check_completed_implies_incomplete(const RttExtract& x, std::vector<Finding>& out) {
  std::set<std::pair<int, std::uint32_t>> with_incomplete;
  std::map<std::pair<int, std::uint32_t>, const Row*> with_completed;
  for (const Row& r : x.rows()) {
    const std::pair<int, std::uint32_t> key{r.month.index(), r.provider};
    if (r.part == RttPart::incomplete) with_incomplete.insert(key);
    if ((r.part == RttPart::admitted || r.part == RttPart::nonadmitted) && !with_completed.count(key)) {
      with_completed[key] = &r;
    }
  }
  for (const auto& [key, row] : with_completed) {
    if (!with_incomplete.count(key)) {
      Finding f =
          finding_for(x, *row, "completed_implies_incomplete", Severity::error,
                      fmt::format("provider {} reports completed pathways in {} but no incomplete pathways "
                                  "(Part_2)",
                                  x.text(row->provider), row->month.to_string()));
      f.line = 0;
      out.push_back(std::move(f));
    }
  }
}

void check_new_periods(const RttExtract& x, std::vector<Finding>& out) {
  const auto all = x.find_text(data::kAllSpecialtiesTfc);
  if (!all) return;
  struct Sums {
    std::uint64_t short_waits = 0;
    std::uint64_t new_periods = 0;
    bool has_incomplete = false;
    bool has_new = false;
    const Row* first = nullptr;
  };
  std::map<std::pair<int, std::uint32_t>, Sums> sums;
  for (const Row& r : x.rows()) {
    if (r.tfc != *all) continue;
    Sums& s = sums[{r.month.index(), r.provider}];
    if (!s.first) s.first = &r;
    if (r.part == RttPart::incomplete) {
      const std::uint32_t* b = x.bands(r);
      for (int k = 0; k <= std::min(3, static_cast<int>(r.top_band)); ++k) s.short_waits += b[k];
      s.has_incomplete = true;
    } else if (r.part == RttPart::new_periods) {
      s.new_periods += r.total_all == RttExtract::kBlank ? 0 : r.total_all;
      s.has_new = true;
    }
  }
  for (const auto& [key, s] : sums) {
    if (!s.has_incomplete || !s.has_new) continue;  // Part_3 exists only since October 2015
    if (s.new_periods < s.short_waits) {
      Finding f = finding_for(
          x, *s.first, "new_periods_cover_short_waits", Severity::warning,
          fmt::format("provider {} in {}: {} new RTT periods (Part_3) are fewer than the {} "
                      "incomplete pathways waiting up to 4 weeks (Part_2 bands 0-3)",
                      x.text(s.first->provider), s.first->month.to_string(), s.new_periods, s.short_waits));
      f.line = 0;
      out.push_back(std::move(f));
    }
  }
}

bool valid_commissioner_code(std::string_view code) {
  if (code == "NONC") return true;
  if (code.size() != 3 && code.size() != 5) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c));
  });
}

void check_commissioners(const RttExtract& x, std::vector<Finding>& out) {
  std::set<std::uint32_t> reported;
  for (const Row& r : x.rows()) {
    if (reported.count(r.commissioner)) continue;
    const std::string& code = x.text(r.commissioner);
    if (!valid_commissioner_code(code)) {
      reported.insert(r.commissioner);
      out.push_back(finding_for(
          x, r, "commissioner_code", Severity::warning,
          code.empty()
              ? std::string("blank commissioner code (expected a Sub-ICB or specialised commissioner code, "
                            "or NONC)")
              : fmt::format("commissioner code '{}' is not shaped like an ODS code (3 or 5 letters and "
                            "digits) or NONC",
                            code)));
    }
  }
}

// NHS England flags a return identical to the previous month's: per provider and month, every Part_2 row
// (commissioner x treatment function) with the same band counts as the month before. Only meaningful when
// several months are read together.
void check_identical_returns(const RttExtract& x, std::vector<Finding>& out) {
  using Key = std::tuple<std::uint32_t, int>;  // provider, month index
  std::map<Key, std::vector<const Row*>> returns;
  for (const Row& r : x.rows()) {
    if (r.part == RttPart::incomplete) returns[{r.provider, r.month.index()}].push_back(&r);
  }
  auto signature = [&](const std::vector<const Row*>& rows) {
    std::vector<std::pair<std::pair<std::uint32_t, std::uint32_t>, std::vector<std::uint32_t>>> sig;
    for (const Row* r : rows) {
      sig.push_back({{r->commissioner, r->tfc},
                     std::vector<std::uint32_t>(x.bands(*r), x.bands(*r) + r->top_band + 1)});
    }
    std::sort(sig.begin(), sig.end());
    return sig;
  };
  for (const auto& [key, rows] : returns) {
    const auto previous = returns.find({std::get<0>(key), std::get<1>(key) - 1});
    if (previous == returns.end()) continue;
    std::uint64_t total = 0;
    for (const Row* r : rows) total += x.band_sum(*r);
    if (total == 0 || signature(rows) != signature(previous->second)) continue;
    Finding f = finding_for(
        x, *rows.front(), "identical_to_previous_month", Severity::warning,
        fmt::format(
            "provider {}: the {} Part_2 return ({} rows) is identical, row for row and band for band, to the "
            "previous month's",
            x.text(rows.front()->provider), rows.front()->month.to_string(), rows.size()));
    f.line = 0;
    out.push_back(std::move(f));
  }
}

}  // namespace

std::vector<Finding> check_extract(const data::RttExtract& extract) {
  std::vector<Finding> out;
  check_totals(extract, out);
  check_dta(extract, out);
  check_completed_implies_incomplete(extract, out);
  check_new_periods(extract, out);
  check_commissioners(extract, out);
  check_identical_returns(extract, out);
  return out;
}

std::string_view severity_name(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

Table findings_table(const std::vector<Finding>& findings) {
  Table t;
  t.columns = {{"severity", "Severity", CellKind::text}, {"check", "Check", CellKind::text},
               {"file", "File", CellKind::text},         {"line", "Line", CellKind::text},
               {"month", "Month", CellKind::text},       {"provider", "Provider", CellKind::text},
               {"message", "Message", CellKind::text}};
  for (const auto& f : findings) {
    t.add_row({std::string(severity_name(f.severity)), f.check, f.file,
               f.line > 0 ? Cell{static_cast<std::int64_t>(f.line)} : Cell{}, f.month, f.provider,
               f.message});
  }
  return t;
}

}  // namespace elective::stats
