// Disclosure control (docs/security.md): for random small patient-level lists held by two providers, the
// breakdowns GET /api/inequalities publishes - the whole list and each provider (the filtered/unfiltered
// pairs), by sex and by age band (two breakdowns of one selection share its total) - never let a count of 1-4
// pathways be recovered.
//
//  1. Linear combinations: the published total minus the shown groups of a breakdown, the whole list's total
//     minus a provider's, and a group of the whole list minus the same group of a provider are never 1-4; and
//     the true remainder behind "total minus shown groups" is never 1-4 either.
//  2. Everything the published figures allow: every provider x group table consistent with all six breakdowns
//     (a shown count is its rounded value and not small, a withheld one anything, totals likewise; the totals
//     of the two breakdowns of a selection are one number) is considered, by dynamic programming over the
//     rows. Every true count of 1-4 - a group of the whole list, a group of one provider (which the whole
//     list minus the other provider would give), a provider's total, the list's total - must take at least
//     two values over those tables.
//  3. An intruder who also knows the rule (which groups the secondary suppression picks, that withheld groups
//     hold 5 or more together): the same, enumerating whole tables and re-applying the rule, on tiny lists.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/patient_list.hpp"
#include "stats/disclosure.hpp"
#include "stats/inequalities.hpp"

namespace elective::stats {
namespace {

using Vec = std::vector<int>;

int sum(const Vec& v) {
  int s = 0;
  for (int x : v) s += x;
  return s;
}

// One published breakdown: the count of each row (nullopt when withheld) and the total.
struct Published {
  std::vector<std::optional<double>> cells;
  std::optional<double> total;
  bool operator==(const Published&) const = default;
};

Published from_json(const nlohmann::json& j) {
  Published p;
  for (const auto& g : j["groups"]) {
    p.cells.push_back(g["count"].is_null() ? std::nullopt : std::optional(g["count"].get<double>()));
  }
  if (!j["total"].is_null()) p.total = j["total"].get<double>();
  return p;
}

bool refused(int total, int list_size) {
  return !publishable_selection(total, {static_cast<double>(list_size)});
}

// The rule as docs/security.md states it, applied to a table of counts within a list of list_size pathways.
Published publish(const Vec& counts, int list_size) {
  Published p;
  if (refused(sum(counts), list_size)) {
    p.cells.assign(counts.size(), std::nullopt);
    return p;
  }
  const auto margin = publish_margin(std::vector<double>(counts.begin(), counts.end()));
  p.cells = margin.cells;
  p.total = margin.total;
  return p;
}

// What a published count says by itself: the values it allows, up to `limit`.
std::vector<int> allowed(const std::optional<double>& shown, int limit) {
  std::vector<int> out;
  for (int x = 0; x <= limit; ++x) {
    if (!shown || (round_to_base(x) == *shown && !is_small_count(x))) out.push_back(x);
  }
  return out;
}

// A total is consistent with its published value (and with the selection rule, which needs the list size).
bool total_shows(int total, int list_size, const Published& p) {
  if (!p.total) return refused(total, list_size) || is_small_count(total);
  return !refused(total, list_size) && !is_small_count(total) && round_to_base(total) == *p.total;
}

// The three breakdowns of one dimension and the true table.
struct Breakdowns {
  Published n, a, b;
  Vec true_a, true_b;
};

// Values of (cell a, cell b, cell n) per row and of (total a, total b, total n) that some table consistent
// with every published figure takes; `totals` restricts the providers' totals to pairs possible in every
// dimension.
struct Feasible {
  std::set<std::pair<int, int>> totals;            // (total of A, total of B)
  std::vector<std::array<std::set<int>, 3>> rows;  // per row: a, b, n
};

// Dynamic programming over the rows: forward[r] = (sum of A, sum of B) reachable over rows < r.
Feasible feasible_tables(const Breakdowns& d, int limit, int list_size,
                         const std::set<std::pair<int, int>>* allowed_totals) {
  const size_t rows = d.n.cells.size();
  const size_t side = static_cast<size_t>(limit) + 1;
  using Grid = std::vector<char>;  // side x side
  auto pairs = [&](size_t r) {
    std::vector<std::pair<int, int>> out;
    const auto na = allowed(d.n.cells[r], limit);
    const std::set<int> n_ok(na.begin(), na.end());
    for (int x : allowed(d.a.cells[r], limit))
      for (int y : allowed(d.b.cells[r], limit))
        if (n_ok.count(x + y)) out.push_back({x, y});
    return out;
  };
  std::vector<std::vector<std::pair<int, int>>> row_pairs(rows);
  for (size_t r = 0; r < rows; ++r) row_pairs[r] = pairs(r);
  std::vector<Grid> forward(rows + 1, Grid(side * side, 0));
  forward[0][0] = 1;
  for (size_t r = 0; r < rows; ++r) {
    for (size_t sa = 0; sa < side; ++sa)
      for (size_t sb = 0; sb < side; ++sb) {
        if (!forward[r][sa * side + sb]) continue;
        for (const auto& [x, y] : row_pairs[r]) {
          const size_t ta = sa + static_cast<size_t>(x), tb = sb + static_cast<size_t>(y);
          if (ta < side && tb < side) forward[r + 1][ta * side + tb] = 1;
        }
      }
  }
  Feasible f;
  for (size_t ta = 0; ta < side; ++ta)
    for (size_t tb = 0; tb < side; ++tb) {
      if (!forward[rows][ta * side + tb]) continue;
      const int a = static_cast<int>(ta), b = static_cast<int>(tb);
      if (!total_shows(a + b, a + b, d.n) || !total_shows(a, a + b, d.a) || !total_shows(b, a + b, d.b))
        continue;
      if (allowed_totals && !allowed_totals->count({a, b})) continue;
      if (a + b != list_size) continue;  // the upload's own size is reported (GET /api/datasets)
      f.totals.insert({a, b});
    }
  // backward[r] = prefix sums over rows < r from which the remaining rows reach an allowed total.
  std::vector<Grid> backward(rows + 1, Grid(side * side, 0));
  for (const auto& [a, b] : f.totals)
    backward[rows][static_cast<size_t>(a) * side + static_cast<size_t>(b)] = 1;
  for (size_t r = rows; r-- > 0;) {
    for (size_t sa = 0; sa < side; ++sa)
      for (size_t sb = 0; sb < side; ++sb) {
        for (const auto& [x, y] : row_pairs[r]) {
          const size_t ta = sa + static_cast<size_t>(x), tb = sb + static_cast<size_t>(y);
          if (ta < side && tb < side && backward[r + 1][ta * side + tb]) {
            backward[r][sa * side + sb] = 1;
            break;
          }
        }
      }
  }
  f.rows.resize(rows);
  for (size_t r = 0; r < rows; ++r) {
    for (const auto& [x, y] : row_pairs[r]) {
      bool ok = false;
      for (size_t sa = 0; sa < side && !ok; ++sa)
        for (size_t sb = 0; sb < side && !ok; ++sb) {
          const size_t ta = sa + static_cast<size_t>(x), tb = sb + static_cast<size_t>(y);
          ok = forward[r][sa * side + sb] && ta < side && tb < side && backward[r + 1][ta * side + tb];
        }
      if (!ok) continue;
      f.rows[r][0].insert(x);
      f.rows[r][1].insert(y);
      f.rows[r][2].insert(x + y);
    }
  }
  return f;
}

// n pathways; each at provider RBB with probability share_b, or exactly the first at_a at RAA when at_a >= 0.
std::string make_list(std::mt19937& rng, int n, double share_b, int at_a = -1) {
  std::string csv =
      "snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date,imd_decile,ethnic_category,age_"
      "years,sex\n";
  std::bernoulli_distribution at_b(share_b), female(0.6);
  std::discrete_distribution<int> age({5, 3, 2, 1});
  static const int ages[] = {30, 50, 70, 10};
  for (int i = 0; i < n; ++i) {
    const bool b = at_a >= 0 ? i >= at_a : at_b(rng);
    csv += "2024-11-30,P" + std::to_string(i) + ",W" + std::to_string(i) + "," + (b ? "RBB" : "RAA") +
           ",110,2024-06-01,5,A," + std::to_string(ages[age(rng)]) + "," + (female(rng) ? "2" : "1") + "\n";
  }
  return csv;
}

// The published breakdowns of a random list (by sex and by age band), checked against the rule.
std::vector<Breakdowns> breakdowns_of(const data::PatientList& list, int seed) {
  std::vector<Breakdowns> out;
  for (const auto dimension : {EquityDimension::sex, EquityDimension::age_band}) {
    const auto jn = equity_breakdown(list, dimension, {});
    Breakdowns d;
    d.n = from_json(jn);
    d.a = from_json(equity_breakdown(list, dimension, {std::string("RAA"), std::nullopt}));
    d.b = from_json(equity_breakdown(list, dimension, {std::string("RBB"), std::nullopt}));
    const size_t rows = jn["groups"].size();
    d.true_a.assign(rows, 0);
    d.true_b.assign(rows, 0);
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string label = dimension == EquityDimension::sex
                                    ? std::string(data::sex_name(list.sex[i]))
                                    : std::string(data::age_band_name(list.age_band[i]));
      for (size_t g = 0; g < rows; ++g) {
        if (jn["groups"][g]["group"] == label) {
          (list.providers[list.provider[i]] == "RBB" ? d.true_b : d.true_a)[g] += 1;
        }
      }
    }
    Vec whole(rows);
    for (size_t g = 0; g < rows; ++g) whole[g] = d.true_a[g] + d.true_b[g];
    // The implementation publishes what the rule says, so the intruders below reason about the real output.
    EXPECT_EQ(d.n, publish(whole, sum(whole))) << "seed " << seed;
    EXPECT_EQ(d.a, publish(d.true_a, sum(whole))) << "seed " << seed;
    EXPECT_EQ(d.b, publish(d.true_b, sum(whole))) << "seed " << seed;
    out.push_back(std::move(d));
  }
  return out;
}

// Values a true count of 1-4 can take for the intruder; one value is a disclosure.
void expect_not_pinned(int truth, const std::set<int>& values, const std::string& what, int* checked) {
  if (!is_small_count(truth)) return;
  ++*checked;
  EXPECT_GE(values.size(), 2u) << what << " = " << truth
                               << " is the only value consistent with the published "
                               << "figures";
}

TEST(DisclosureProperty, NoCombinationOfPublishedFiguresRecoversACountUnderFive) {
  int checked = 0;
  for (int seed = 1; seed <= 200; ++seed) {
    std::mt19937 rng(static_cast<unsigned>(seed));
    const int n = std::uniform_int_distribution<int>(1, 30)(rng);  // a list holds at least one pathway
    const auto list = data::parse_patient_list(
        make_list(rng, n, std::uniform_real_distribution<double>(0, 0.5)(rng)), "l.csv");
    const auto dims = breakdowns_of(list, seed);
    for (const auto& d : dims) {
      // 1. Linear combinations of published counts, and the true remainder behind total minus shown groups.
      const Vec whole = [&] {
        Vec w(d.true_a.size());
        for (size_t g = 0; g < w.size(); ++g) w[g] = d.true_a[g] + d.true_b[g];
        return w;
      }();
      const std::pair<const Published*, const Vec*> margins[] = {
          {&d.n, &whole}, {&d.a, &d.true_a}, {&d.b, &d.true_b}};
      for (const auto& [p, truth] : margins) {
        if (!p->total) continue;
        double rest = *p->total;
        int hidden = 0;
        for (size_t g = 0; g < p->cells.size(); ++g) {
          rest -= p->cells[g].value_or(0);
          if (!p->cells[g]) hidden += (*truth)[g];
        }
        EXPECT_FALSE(is_small_count(rest)) << "seed " << seed << ": total minus shown groups = " << rest;
        EXPECT_FALSE(is_small_count(hidden)) << "seed " << seed << ": the withheld groups hold " << hidden;
      }
      for (const Published* p : {&d.a, &d.b}) {
        if (d.n.total && p->total) {
          EXPECT_FALSE(is_small_count(*d.n.total - *p->total)) << "seed " << seed;
        }
        for (size_t g = 0; g < p->cells.size(); ++g) {
          if (d.n.cells[g] && p->cells[g]) {
            EXPECT_FALSE(is_small_count(*d.n.cells[g] - *p->cells[g])) << "seed " << seed;
          }
        }
      }
    }
    // 2. Every table consistent with the published figures; the two dimensions share the providers' totals.
    const int limit = n + 2;
    auto first = feasible_tables(dims[0], limit, n, nullptr);
    const auto second = feasible_tables(dims[1], limit, n, &first.totals);
    first = feasible_tables(dims[0], limit, n, &second.totals);
    ASSERT_FALSE(second.totals.empty()) << "seed " << seed << ": the true table must be consistent";
    for (size_t i = 0; i < dims.size(); ++i) {
      const Feasible& f = i == 0 ? first : second;
      const Breakdowns& d = dims[i];
      const std::string where = "seed " + std::to_string(seed) + " (" + std::to_string(n) + " pathways), " +
                                (i == 0 ? "sex" : "age band") + ", ";
      std::set<int> ta, tb;
      for (const auto& [a, b] : f.totals) {
        ta.insert(a);
        tb.insert(b);
      }
      expect_not_pinned(sum(d.true_a), ta, where + "provider A's total", &checked);
      expect_not_pinned(sum(d.true_b), tb, where + "provider B's total", &checked);
      for (size_t g = 0; g < d.true_a.size(); ++g) {
        const std::string row = where + "row " + std::to_string(g);
        expect_not_pinned(d.true_a[g], f.rows[g][0], row + " of provider A", &checked);
        expect_not_pinned(d.true_b[g], f.rows[g][1], row + " of provider B", &checked);
        expect_not_pinned(d.true_a[g] + d.true_b[g], f.rows[g][2], row + " of the list", &checked);
      }
    }
  }
  EXPECT_GT(checked, 500);  // the lists do hold many small counts to protect
}

// Every table whose publication under the rule is exactly p, within a list of at most `limit` pathways.
std::vector<Vec> tables_publishing(const Published& p, int limit,
                                   const std::function<bool(const Vec&)>& keep) {
  const size_t n = p.cells.size();
  std::vector<std::vector<int>> per(n);
  for (size_t g = 0; g < n; ++g) per[g] = allowed(p.cells[g], limit);
  std::vector<Vec> out;
  Vec c(n);
  std::function<void(size_t, int)> rec = [&](size_t g, int s) {
    if (s > limit) return;
    if (g == n) {
      if (keep(c)) out.push_back(c);
      return;
    }
    for (int x : per[g]) {
      c[g] = x;
      rec(g + 1, s + x);
    }
  };
  rec(0, 0);
  return out;
}

TEST(DisclosureProperty, AnIntruderWhoKnowsTheRuleRecoversNoCountUnderFiveOnTinyLists) {
  int checked = 0;
  for (int seed = 1; seed <= 120; ++seed) {
    std::mt19937 rng(static_cast<unsigned>(seed) + 1000u);
    const int n = std::uniform_int_distribution<int>(1, 7)(rng);
    const auto list = data::parse_patient_list(
        make_list(rng, n, std::uniform_real_distribution<double>(0, 0.5)(rng)), "l.csv");
    const auto dims = breakdowns_of(list, seed);
    // Per dimension: (total of A, total of B) -> values of each cell (a, b, n per row).
    std::vector<std::map<std::pair<int, int>, std::vector<std::set<int>>>> values(dims.size());
    for (size_t i = 0; i < dims.size(); ++i) {
      const Breakdowns& d = dims[i];
      const size_t rows = d.n.cells.size();
      for (const auto& z :
           tables_publishing(d.n, n + 2, [&](const Vec& c) { return publish(c, sum(c)) == d.n; })) {
        Vec x(rows);
        std::function<void(size_t)> split = [&](size_t g) {
          if (g == rows) {
            Vec y(rows);
            for (size_t k = 0; k < rows; ++k) y[k] = z[k] - x[k];
            if (!(publish(x, sum(z)) == d.a) || !(publish(y, sum(z)) == d.b)) return;
            auto& v = values[i][{sum(x), sum(y)}];
            v.resize(3 * rows);
            for (size_t k = 0; k < rows; ++k) {
              v[3 * k].insert(x[k]);
              v[3 * k + 1].insert(y[k]);
              v[3 * k + 2].insert(z[k]);
            }
            return;
          }
          for (int v = 0; v <= z[g]; ++v) {
            x[g] = v;
            split(g + 1);
          }
        };
        split(0);
      }
    }
    std::set<std::pair<int, int>> common;
    for (const auto& [totals, v] : values[0]) {
      if (totals.first + totals.second != n) continue;  // the upload's own size is reported
      if (values[1].count(totals)) common.insert(totals);
    }
    ASSERT_FALSE(common.empty()) << "seed " << seed;
    std::set<int> ta, tb;
    for (const auto& [a, b] : common) {
      ta.insert(a);
      tb.insert(b);
    }
    const std::string where =
        "tiny list seed " + std::to_string(seed) + " (" + std::to_string(n) + " pathways), ";
    expect_not_pinned(sum(dims[0].true_a), ta, where + "provider A's total", &checked);
    expect_not_pinned(sum(dims[0].true_b), tb, where + "provider B's total", &checked);
    for (size_t i = 0; i < dims.size(); ++i) {
      const size_t rows = dims[i].n.cells.size();
      std::vector<std::set<int>> merged(3 * rows);
      for (const auto& totals : common) {
        const auto& v = values[i].at(totals);
        for (size_t k = 0; k < v.size(); ++k) merged[k].insert(v[k].begin(), v[k].end());
      }
      for (size_t g = 0; g < rows; ++g) {
        const std::string row = where + (i == 0 ? "sex" : "age band") + " row " + std::to_string(g);
        expect_not_pinned(dims[i].true_a[g], merged[3 * g], row + " of provider A", &checked);
        expect_not_pinned(dims[i].true_b[g], merged[3 * g + 1], row + " of provider B", &checked);
        expect_not_pinned(dims[i].true_a[g] + dims[i].true_b[g], merged[3 * g + 2], row + " of the list",
                          &checked);
      }
    }
  }
  EXPECT_GT(checked, 300);
}

}  // namespace
}  // namespace elective::stats
