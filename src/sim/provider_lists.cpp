#include "sim/provider_lists.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "stats/month_bin_estimate.hpp"
#include "stats/provider_stats.hpp"

namespace elective::sim {

namespace {

std::uint64_t row_key(int month, std::uint32_t group, std::uint16_t specialty, data::MonthsType type) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(month)) << 40) |
         (static_cast<std::uint64_t>(group) << 8) | (static_cast<std::uint64_t>(specialty) << 2) |
         static_cast<std::uint64_t>(type);
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Where a group is: its own code's place; for a merged group the code whose name the row carries (the
// file names a merged row after one of its codes), else the first of its codes (sorted) that has a location.
void place_provider(RealProvider& p, const data::ProviderGroup& g, const data::ProviderReference* ref) {
  if (ref == nullptr) return;
  const data::ProviderInfo* at = nullptr;
  if (!g.merged()) {
    at = ref->find(g.codes.front());
  } else {
    for (const auto& code : g.codes) {
      const data::ProviderInfo* info = ref->find(code);
      if (info && same_name(info->name, g.name)) {
        at = info;
        break;
      }
    }
    if (at == nullptr) {
      for (const auto& code : g.codes) {
        const data::ProviderInfo* info = ref->find(code);
        if (info && info->lat) {
          at = info;
          break;
        }
      }
    }
  }
  if (at == nullptr) return;
  p.region = at->region_name;
  p.lat = at->lat;
  p.lon = at->lon;
  if (at->lat) p.located_at = at->code;
}

}  // namespace

std::array<std::int64_t, data::kMonthBins> round_bins(const data::MonthBins& bins) {
  std::array<std::int64_t, data::kMonthBins> out{};
  // Work in exact sevenths (the file's values are multiples of 1/7) so that rounding never depends on the
  // floating-point sum.
  std::array<std::int64_t, data::kMonthBins> sevenths{};
  std::int64_t total7 = 0;
  for (int j = 0; j < data::kMonthBins; ++j) {
    sevenths[static_cast<size_t>(j)] =
        std::max<std::int64_t>(0, std::llround(bins[static_cast<size_t>(j)] * 7));
    total7 += sevenths[static_cast<size_t>(j)];
    out[static_cast<size_t>(j)] = sevenths[static_cast<size_t>(j)] / 7;
  }
  const std::int64_t target = (total7 + 3) / 7;  // nearest whole (4/7 and more round up)
  std::int64_t left = target - std::accumulate(out.begin(), out.end(), std::int64_t{0});
  std::array<int, data::kMonthBins> order{};
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return sevenths[static_cast<size_t>(a)] % 7 > sevenths[static_cast<size_t>(b)] % 7;
  });
  for (int j : order) {
    if (left <= 0) break;
    if (sevenths[static_cast<size_t>(j)] % 7 == 0) break;
    ++out[static_cast<size_t>(j)];
    --left;
  }
  return out;
}

void place_in_bin(YearMonth reporting_month, int bin, std::int64_t n, double tail_mean_days,
                  std::vector<std::int32_t>& out) {
  if (n <= 0) return;
  const auto [lo, hi] = stats::month_bin_wait_days(reporting_month, bin);
  const auto first = static_cast<std::int32_t>(lo);
  for (std::int64_t i = 0; i < n; ++i) {
    const double u = (static_cast<double>(i) + 0.5) / static_cast<double>(n);
    if (std::isinf(hi)) {
      const double excess = -tail_mean_days * std::log(1 - u);
      out.push_back(first + static_cast<std::int32_t>(std::min(36500.0, std::floor(excess))));
    } else {
      out.push_back(first + static_cast<std::int32_t>(std::floor(u * (hi - lo))));
    }
  }
}

RealLists real_lists(const data::ProviderMonths& file, const data::ProviderReference* reference,
                     YearMonth month, int flow_months) {
  RealLists out;
  out.month = month;
  std::unordered_map<std::uint64_t, const data::ProviderMonthsRow*> index;
  index.reserve(file.size());
  for (const auto& r : file.rows()) index[row_key(r.month.index(), r.group, r.specialty, r.type)] = &r;
  auto total_of = [&](YearMonth mo, std::uint32_t g, std::uint16_t s, data::MonthsType t) {
    const auto it = index.find(row_key(mo.index(), g, s, t));
    return it == index.end() ? 0.0 : it->second->total;
  };
  std::vector<YearMonth> candidates;
  for (const YearMonth mo : file.months())
    if (mo <= month) candidates.push_back(mo);
  std::reverse(candidates.begin(), candidates.end());  // latest first
  const auto specialties = static_cast<std::uint16_t>(data::specialty_groups().size());

  for (std::uint32_t g = 0; g < file.groups().size(); ++g) {
    const data::ProviderGroup& group = file.groups()[g];
    RealProvider p;
    p.key = group.key;
    p.label = stats::provider_group_label(group);
    p.codes = group.codes;
    p.merged = group.merged();
    place_provider(p, group, reference);
    // Flow months: the latest reported ones up to the start.
    std::vector<YearMonth> flows;
    for (const YearMonth mo : candidates) {
      if (static_cast<int>(flows.size()) >= flow_months) break;
      if (file.unreported(mo, g)) {
        p.unreported_months = true;
        continue;
      }
      flows.push_back(mo);
    }
    std::vector<double> referrals(specialties, 0.0), completed(specialties, 0.0);
    std::vector<double> list_now(specialties, 0.0);
    for (std::uint16_t s = 0; s < specialties; ++s)
      list_now[s] = s == data::kTotalSpecialty ? 0.0 : total_of(month, g, s, data::MonthsType::incomplete);
    const double list_sum = std::accumulate(list_now.begin(), list_now.end(), 0.0);
    for (const YearMonth mo : flows) {
      std::vector<double> done(specialties, 0.0);
      double sum = 0;
      for (std::uint16_t s = 0; s < specialties; ++s) {
        if (s == data::kTotalSpecialty) continue;
        referrals[s] += total_of(mo, g, s, data::MonthsType::referrals);
        done[s] = total_of(mo, g, s, data::MonthsType::completed);
        sum += done[s];
      }
      const double total = total_of(mo, g, data::kTotalSpecialty, data::MonthsType::completed);
      if (file.undercounted_completed(mo, g) && total > sum) {
        // NHSRtt <= 0.4.0 lost clock stops by specialty (shared data README section 5): scale the specialties
        // up to the Total row (by their own completed, else by their list).
        p.undercounted_completed = true;
        for (std::uint16_t s = 0; s < specialties; ++s) {
          if (s == data::kTotalSpecialty) continue;
          if (sum > 0)
            done[s] *= total / sum;
          else if (list_sum > 0)
            done[s] = total * list_now[s] / list_sum;
        }
      }
      for (std::uint16_t s = 0; s < specialties; ++s) completed[s] += done[s];
    }
    const auto n_flows = static_cast<double>(std::max<size_t>(1, flows.size()));
    // The list's growth per month over the flow months: from the month before the earliest (when reported)
    // to the latest, else between the earliest and the latest.
    std::optional<YearMonth> from, to;
    double span = 0;
    if (!flows.empty()) {
      to = flows.front();
      const YearMonth before = flows.back() - 1;
      const bool has_before =
          std::find(file.months().begin(), file.months().end(), before) != file.months().end() &&
          !file.unreported(before, g);
      from = has_before ? before : flows.back();
      span = static_cast<double>(*to - *from);
    }
    const auto provider_index = static_cast<std::uint32_t>(out.providers.size());
    bool any = false;
    for (std::uint16_t s = 0; s < specialties; ++s) {
      if (s == data::kTotalSpecialty) continue;
      RealQueue q;
      q.provider = provider_index;
      q.specialty = s;
      const auto it = index.find(row_key(month.index(), g, s, data::MonthsType::incomplete));
      if (it != index.end()) q.pathways = round_bins(it->second->bins);
      q.referrals_per_month = flows.empty() ? 0.0 : referrals[s] / n_flows;
      q.completed_per_month = flows.empty() ? 0.0 : completed[s] / n_flows;
      const double growth = span > 0 ? (total_of(*to, g, s, data::MonthsType::incomplete) -
                                        total_of(*from, g, s, data::MonthsType::incomplete)) /
                                           span
                                     : 0.0;
      q.inflow_per_month = std::max(0.0, q.completed_per_month + growth);
      const std::int64_t listed = std::accumulate(q.pathways.begin(), q.pathways.end(), std::int64_t{0});
      if (listed == 0 && q.referrals_per_month <= 0 && q.inflow_per_month <= 0) continue;
      out.queues.push_back(q);
      any = true;
    }
    if (any) out.providers.push_back(std::move(p));
  }
  for (const YearMonth mo : candidates) {
    if (static_cast<int>(out.flow_months.size()) >= flow_months) break;
    out.flow_months.push_back(mo);
  }
  std::reverse(out.flow_months.begin(), out.flow_months.end());
  return out;
}

}  // namespace elective::sim
