#include "stats/capacity_stats.hpp"

#include <fmt/format.h>

#include <map>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace elective::stats {
namespace {

// One output row in the making: its key (period and organisation), its sums and how many organisations.
struct Sums {
  std::string period, provider, provider_name;
  std::vector<double> values;
  std::int64_t organisations = 0;
};

// Applies the selection to (period index, period text, code, name, values) items and sums them by key.
class Aggregate {
 public:
  Aggregate(const CapacitySelection& s, int latest, std::size_t width, std::string what)
      : s_(s), latest_(latest), width_(width), what_(std::move(what)) {}

  // `period` identifies the month (or quarter end) the item belongs to.
  void add(YearMonth period, const std::string& text, const std::string& code, const std::string& name,
           const std::vector<double>& values) {
    if (s_.provider && code != *s_.provider) return;
    if (s_.month && period != *s_.month) return;
    if (s_.by_provider && !s_.month && period.index() != latest_) return;
    const auto key = std::pair{period.index(), s_.by_provider ? code : std::string()};
    auto [it, fresh] = rows_.try_emplace(key);
    Sums& r = it->second;
    if (fresh) {
      r.period = text;
      r.values.assign(width_, 0.0);
      if (s_.by_provider || s_.provider) {
        r.provider = code;
        r.provider_name = name;
      }
    }
    for (std::size_t i = 0; i < width_; ++i) r.values[i] += values[i];
    ++r.organisations;
  }

  const std::map<std::pair<int, std::string>, Sums>& rows() const {
    if (rows_.empty()) {
      std::string why = s_.provider ? fmt::format("organisation '{}'", *s_.provider) : std::string("rows");
      if (s_.month) why += fmt::format(" in {}", s_.month->to_string());
      throw InputError(fmt::format("{}: no {} match the selection", what_, why));
    }
    return rows_;
  }
  bool with_provider() const { return s_.by_provider || s_.provider.has_value(); }

 private:
  const CapacitySelection& s_;
  int latest_;
  std::size_t width_;
  std::string what_;
  std::map<std::pair<int, std::string>, Sums> rows_;
};

void key_columns(Table& t, const Aggregate& a, const char* period_key, const char* period_title) {
  t.columns.push_back({period_key, period_title, CellKind::text});
  if (a.with_provider()) {
    t.columns.push_back({"provider", "Provider", CellKind::text});
    t.columns.push_back({"provider_name", "Name", CellKind::text});
  } else {
    t.columns.push_back({"organisations", "Organisations", CellKind::count});
  }
}

std::vector<Cell> key_cells(const Sums& r, const Aggregate& a) {
  std::vector<Cell> cells{r.period};
  if (a.with_provider()) {
    cells.emplace_back(r.provider);
    cells.emplace_back(r.provider_name);
  } else {
    cells.emplace_back(r.organisations);
  }
  return cells;
}

Cell ratio(double num, double den) {
  return den > 0 ? Cell{num / den} : Cell{};
}

int latest(const std::vector<YearMonth>& months) {
  return months.empty() ? 0 : months.back().index();
}

}  // namespace

Table workforce_fte_stats(const data::WorkforceFte& file, const CapacitySelection& s) {
  using G = data::StaffGroup;
  const std::vector<G> groups = {G::total,      G::hchs_doctors,
                                 G::consultant, G::nurses_health_visitors,
                                 G::midwives,   G::scientific_therapeutic_technical};
  Aggregate a(s, latest(file.months()), groups.size() + 1, file.source());
  for (const auto& r : file.records()) {
    std::vector<double> v;
    for (G g : groups) v.push_back(r[g]);
    v.push_back(r.subtotal_disagreement.empty() ? 0.0 : 1.0);
    a.add(r.month, r.month.to_string(), r.provider_code, r.provider_name, v);
  }
  Table t;
  key_columns(t, a, "month", "Month");
  t.columns.push_back({"total_fte", "Total FTE", CellKind::count});
  t.columns.push_back({"doctors_fte", "Doctors", CellKind::count});
  t.columns.push_back({"consultant_fte", "Consultants", CellKind::count});
  t.columns.push_back({"nurses_fte", "Nurses & HV", CellKind::count});
  t.columns.push_back({"midwives_fte", "Midwives", CellKind::count});
  t.columns.push_back({"scientific_therapeutic_technical_fte", "ST&T", CellKind::count});
  t.columns.push_back({"subtotal_disagreements", "Subtotals off", CellKind::count});
  for (const auto& [key, r] : a.rows()) {
    auto cells = key_cells(r, a);
    for (std::size_t i = 0; i < groups.size(); ++i) cells.emplace_back(r.values[i]);
    cells.emplace_back(static_cast<std::int64_t>(r.values.back()));
    t.add_row(std::move(cells));
  }
  return t;
}

Table workforce_total_stats(const data::WorkforceTotal& file, const CapacitySelection& s) {
  Aggregate a(s, latest(file.months()), 1, file.source());
  for (const auto& r : file.rows())
    a.add(r.month, r.month.to_string(), r.provider_code, r.provider_name, {r.fte_total});
  Table t;
  key_columns(t, a, "month", "Month");
  t.columns.push_back({"fte_total", "Total FTE", CellKind::count});
  for (const auto& [key, r] : a.rows()) {
    auto cells = key_cells(r, a);
    cells.emplace_back(r.values[0]);
    t.add_row(std::move(cells));
  }
  return t;
}

Table sickness_absence_stats(const data::SicknessAbsence& file, const CapacitySelection& s) {
  Aggregate a(s, latest(file.months()), 3, file.source());
  for (const auto& r : file.rows())
    a.add(r.month, r.month.to_string(), r.provider_code, r.provider_name,
          {r.fte_days_lost, r.fte_days_available,
           r.fte_days_available / static_cast<double>(r.month.days_in_month())});
  Table t;
  key_columns(t, a, "month", "Month");
  t.columns.push_back({"fte_days_lost", "FTE days lost", CellKind::count});
  t.columns.push_back({"fte_days_available", "FTE days available", CellKind::count});
  t.columns.push_back({"absence_rate", "Absence rate", CellKind::fraction, 4});
  // Days available over the days of the month: the FTE the rows stand for (README section 12: within a few
  // per cent of the workforce file's Total); one percentage point of absence is 1% of it.
  t.columns.push_back({"fte_available", "FTE available", CellKind::count});
  t.columns.push_back({"fte_per_absence_point", "FTE per 1 pt", CellKind::count});
  for (const auto& [key, r] : a.rows()) {
    auto cells = key_cells(r, a);
    cells.emplace_back(r.values[0]);
    cells.emplace_back(r.values[1]);
    cells.push_back(ratio(r.values[0], r.values[1]));
    cells.emplace_back(r.values[2]);
    cells.emplace_back(r.values[2] / 100);
    t.add_row(std::move(cells));
  }
  return t;
}

Table beds_stats(const data::BedsKh03& file, const CapacitySelection& selection) {
  CapacitySelection s = selection;
  if (s.month) s.month = data::quarter_end_of(*s.month);
  Aggregate a(s, latest(file.period_ends()), 4, file.source());
  using B = data::BedSector;
  for (const auto& r : file.rows())
    a.add(r.period_end, r.quarter, r.provider_code, r.provider_name,
          {r.available_in(B::total), r.occupied_in(B::total), r.available_in(B::general_acute),
           r.occupied_in(B::general_acute)});
  Table t;
  key_columns(t, a, "quarter", "Quarter");
  t.columns.push_back({"available_total", "Beds", CellKind::count});
  t.columns.push_back({"occupied_total", "Occupied", CellKind::count});
  t.columns.push_back({"occupancy_total", "Occupancy", CellKind::fraction, 3});
  t.columns.push_back({"available_general_acute", "G&A beds", CellKind::count});
  t.columns.push_back({"occupied_general_acute", "G&A occupied", CellKind::count});
  t.columns.push_back({"occupancy_general_acute", "G&A occupancy", CellKind::fraction, 3});
  for (const auto& [key, r] : a.rows()) {
    auto cells = key_cells(r, a);
    cells.emplace_back(r.values[0]);
    cells.emplace_back(r.values[1]);
    cells.push_back(ratio(r.values[1], r.values[0]));
    cells.emplace_back(r.values[2]);
    cells.emplace_back(r.values[3]);
    cells.push_back(ratio(r.values[3], r.values[2]));
    t.add_row(std::move(cells));
  }
  return t;
}

}  // namespace elective::stats
