#include "sim/aid_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/result_table.hpp"
#include "stats/disclosure.hpp"
#include "stats/wait_summary.hpp"

namespace elective::sim {

namespace {

ResultColumn column(const char* key, const char* title, CellKind kind, bool uncertain, int decimals = 2) {
  ResultColumn c;
  c.key = key;
  c.title = title;
  c.kind = kind;
  c.decimals = decimals;
  c.uncertain = uncertain;
  return c;
}

// The waits of one list in every replication.
struct ListWaits {
  Samples list, median, p92, over_52;
};

ListWaits waits_of(const std::vector<WaitHistogram>& hists) {
  ListWaits w;
  for (const WaitHistogram& h : hists) {
    const stats::WaitSummary s = stats::summarise_waits(h);
    w.list.push_back(s.known);
    w.median.push_back(s.known > 0 ? s.median_weeks.weeks : std::nullopt);
    w.p92.push_back(s.known > 0 ? s.p92_weeks.weeks : std::nullopt);
    w.over_52.push_back(s.over_52_weeks.value_or(0));
  }
  return w;
}

bool small(const Samples& count) {
  return stats::is_small_count(samples_percentile(count, 0.5).value_or(0));
}

// Counts of 1-4 withheld; the waits of a list that small with them.
void withhold_small(ListWaits& w) {
  const size_t n = w.list.size();
  if (small(w.list)) w.list = w.median = w.p92 = w.over_52 = Samples(n);
  if (small(w.over_52)) w.over_52 = Samples(n);
}

nlohmann::json waits_json(ListWaits w, bool multi) {
  withhold_small(w);
  return {{"list_size", samples_json(w.list, multi)},
          {"median_weeks", samples_json(w.median, multi)},
          {"p92_weeks", samples_json(w.p92, multi)},
          {"over_52_weeks", samples_json(w.over_52, multi)}};
}

std::vector<WaitHistogram> start_lists(const SimModel& m) {
  std::vector<WaitHistogram> by_provider(m.providers.size(), WaitHistogram(kCurrentTopBand));
  const auto day0 = static_cast<std::int32_t>(m.start.time_since_epoch().count());
  for (const InitialPatient& p : m.initial)
    by_provider[m.queues[p.queue].provider]
        .counts[static_cast<size_t>(band_of_wait_days(day0 - p.clock_start))] += 1;
  return by_provider;
}

// A provider key short enough for a text table: a merged group's key lists every code.
std::string short_key(const ProviderInfo& p, const ProviderDetail& d) {
  if (!d.merged() || p.code.size() <= 24) return p.code;
  return fmt::format("merged:{}+{} more", d.merged_codes.front(), d.merged_codes.size() - 1);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ";") + s;
  return out;
}

}  // namespace

AidReport aid_report(const SimModel& m, const std::vector<ReplicationResult>& with_aid,
                     const std::vector<ReplicationResult>& without_aid) {
  AidReport out;
  if (!m.mutual_aid.enabled || with_aid.empty()) return out;
  const size_t R = with_aid.size(), P = m.providers.size();
  const bool multi = R > 1, compare = without_aid.size() == R;
  const auto provider_dim = static_cast<size_t>(Dimension::provider);

  const std::vector<WaitHistogram> start_by_provider = start_lists(m);
  auto moved = [&](const ReplicationResult& r, bool in, size_t p) {
    const auto& v = in ? r.mutual_aid.moved_in_by_provider : r.mutual_aid.moved_out_by_provider;
    return p < v.size() ? v[p] : 0.0;
  };
  auto ends = [&](const std::vector<ReplicationResult>& runs, const std::vector<bool>& chosen) {
    std::vector<WaitHistogram> h(runs.size(), WaitHistogram(kCurrentTopBand));
    for (size_t r = 0; r < runs.size(); ++r) {
      const auto& lists = runs[r].list_by_group[provider_dim];
      for (size_t p = 0; p < P && p < lists.size(); ++p) {
        if (!chosen[p]) continue;
        for (int k = 0; k <= lists[p].top_band(); ++k)
          h[r].counts[static_cast<size_t>(std::min(k, kCurrentTopBand))] +=
              lists[p].counts[static_cast<size_t>(k)];
      }
    }
    return h;
  };

  std::vector<ResultColumn> columns{column("provider", "Provider", CellKind::text, false),
                                    column("label", "Name", CellKind::text, false),
                                    column("merged_codes", "Merged codes", CellKind::count, false),
                                    column("region", "Region", CellKind::text, false),
                                    column("located_at", "Located at", CellKind::text, false),
                                    column("flags", "Flags", CellKind::text, false),
                                    column("moved_out", "Moved out", CellKind::count, true),
                                    column("moved_in", "Moved in", CellKind::count, true),
                                    column("list_at_start", "List at start", CellKind::count, true),
                                    column("median_weeks_at_start", "Median at start", CellKind::weeks, true),
                                    column("p92_weeks_at_start", "P92 at start", CellKind::weeks, true),
                                    column("over_52_weeks_at_start", "52+ at start", CellKind::count, true),
                                    column("list_at_end", "List at end", CellKind::count, true),
                                    column("median_weeks_at_end", "Median at end", CellKind::weeks, true),
                                    column("p92_weeks_at_end", "P92 at end", CellKind::weeks, true),
                                    column("over_52_weeks_at_end", "52+ at end", CellKind::count, true)};
  if (compare) {
    columns.push_back(column("list_at_end_without_aid", "List, no aid", CellKind::count, true));
    columns.push_back(column("median_weeks_at_end_without_aid", "Median, no aid", CellKind::weeks, true));
    columns.push_back(column("p92_weeks_at_end_without_aid", "P92, no aid", CellKind::weeks, true));
    columns.push_back(column("over_52_weeks_at_end_without_aid", "52+, no aid", CellKind::count, true));
  }
  columns.push_back(column("suppressed", "Suppressed", CellKind::flag, false));
  ResultTable t;
  t.multi = multi;
  t.columns = std::move(columns);

  std::vector<bool> receiving(P, false), sending(P, false);
  for (size_t p = 0; p < P; ++p) {
    const ProviderInfo& info = m.providers[p];
    const ProviderDetail detail = p < m.provider_details.size() ? m.provider_details[p] : ProviderDetail{};
    Samples out_n, in_n;
    for (const auto& r : with_aid) {
      out_n.push_back(moved(r, false, p));
      in_n.push_back(moved(r, true, p));
    }
    receiving[p] = samples_percentile(in_n, 1.0).value_or(0) > 0;
    sending[p] = samples_percentile(out_n, 1.0).value_or(0) > 0;
    std::vector<bool> just(P, false);
    just[p] = true;
    ListWaits at_start = waits_of(std::vector<WaitHistogram>(R, start_by_provider[p]));
    ListWaits at_end = waits_of(ends(with_aid, just));
    ListWaits no_aid = compare ? waits_of(ends(without_aid, just)) : ListWaits{};
    const bool suppressed = small(out_n) || small(in_n) || small(at_start.list) || small(at_end.list) ||
                            (compare && small(no_aid.list));
    if (small(out_n)) out_n = Samples(R);
    if (small(in_n)) in_n = Samples(R);
    withhold_small(at_start);
    withhold_small(at_end);
    std::vector<ResultCell> row{short_key(info, detail),
                                detail.label.empty() ? info.code : detail.label,
                                static_cast<std::int64_t>(detail.merged_codes.size()),
                                info.region,
                                detail.located_at,
                                joined(detail.flags),
                                out_n,
                                in_n,
                                at_start.list,
                                at_start.median,
                                at_start.p92,
                                at_start.over_52,
                                at_end.list,
                                at_end.median,
                                at_end.p92,
                                at_end.over_52};
    if (compare) {
      withhold_small(no_aid);
      row.insert(row.end(), {no_aid.list, no_aid.median, no_aid.p92, no_aid.over_52});
    }
    row.emplace_back(suppressed);
    t.add_row(std::move(row));
  }
  nlohmann::json rows = t.json();
  // JSON keeps the full key of a merged group (the table shortens it).
  for (size_t p = 0; p < P; ++p) {
    rows[p]["provider"] = m.providers[p].code;
    rows[p].erase("merged_codes");
    if (p < m.provider_details.size() && m.provider_details[p].merged())
      rows[p]["merged_provider_codes"] = m.provider_details[p].merged_codes;
  }

  auto area = [&](const std::vector<bool>& chosen) {
    WaitHistogram start(kCurrentTopBand);
    std::int64_t n = 0;
    for (size_t p = 0; p < P; ++p) {
      if (!chosen[p]) continue;
      ++n;
      for (size_t k = 0; k < start.counts.size(); ++k) start.counts[k] += start_by_provider[p].counts[k];
    }
    nlohmann::json j{{"providers", n},
                     {"at_start", waits_json(waits_of(std::vector<WaitHistogram>(R, start)), multi)},
                     {"at_end", waits_json(waits_of(ends(with_aid, chosen)), multi)}};
    if (compare) j["at_end_without_aid"] = waits_json(waits_of(ends(without_aid, chosen)), multi);
    return j;
  };
  out.json = {{"compared_without_aid", compare},
              {"national", area(std::vector<bool>(P, true))},
              {"receiving_providers", area(receiving)},
              {"sending_providers", area(sending)},
              {"by_provider", std::move(rows)}};
  out.table = t.table();
  return out;
}

}  // namespace elective::sim
