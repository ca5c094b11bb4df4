// The patient-level England start from the real provider x specialty lists (sim/provider_lists.hpp) and
// mutual aid between real providers (sim/mutual_aid.hpp, sim/aid_report.hpp): docs/simulation.md "Real
// provider lists" and "Mutual aid by provider".
#include "sim/provider_lists.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>
#include <string>

#include "core/error.hpp"
#include "plan/document.hpp"
#include "plan/scenario.hpp"
#include "sim/config.hpp"
#include "sim/engine.hpp"
#include "sim/mutual_aid.hpp"
#include "sim/simulate_api.hpp"
#include "sim/synth_list.hpp"
#include "stats/month_bin_estimate.hpp"

namespace elective::sim {
namespace {

const std::string kBase = ELECTIVE_SOURCE_DIR;

const data::ProviderMonths& months_file() {
  static const data::ProviderMonths file =
      data::ProviderMonths::load(kBase + "/data/rtt_provider_months_waited.csv.gz");
  return file;
}

const data::ProviderReference& reference() {
  static const data::ProviderReference ref = data::ProviderReference::load(kBase + "/data/providers.csv");
  return ref;
}

std::string config_error(const std::string& text) {
  try {
    const plan::Document doc = plan::parse_document(text, plan::ScenarioSyntax::toml, "s.toml");
    const data::FileDataSource files;
    parse_sim_config(doc, files);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(RealListsConfig, KeysAndErrors) {
  const plan::Document doc = plan::parse_document(R"(
[simulation.population]
from = "rtt_provider_months_waited.csv.gz"
providers = "providers.csv"
flow_months = 2
tail_mean_weeks = 6
[simulation.mutual_aid]
compare = true
scope = "distance"
travel_km = 40
)",
                                                  plan::ScenarioSyntax::toml, "s.toml");
  const data::FileDataSource files;
  const SimConfig c = parse_sim_config(doc, files);
  ASSERT_TRUE(c.population.lists_from && c.population.provider_reference);
  EXPECT_EQ(c.population.flow_months, 2);
  EXPECT_DOUBLE_EQ(c.population.tail_mean_weeks, 6);
  EXPECT_TRUE(c.mutual_aid.compare);
  EXPECT_FALSE(c.mutual_aid.same_region);
  EXPECT_DOUBLE_EQ(c.mutual_aid.travel_km.value_or(0), 40);
  EXPECT_NE(config_error("[simulation.population]\nproviders = \"providers.csv\"\n")
                .find("s.toml:2:13: simulation.population.providers: a provider reference file needs `from`"),
            std::string::npos)
      << config_error("[simulation.population]\nproviders = \"providers.csv\"\n");
  EXPECT_NE(config_error("[simulation.population]\nfrom = \"rtt_provider_months_waited.csv.gz\"\n"
                         "providers = 40\n")
                .find("simulation.population.providers: with `from`"),
            std::string::npos);
  EXPECT_NE(config_error("[simulation.mutual_aid]\nscope = \"distance\"\n")
                .find("simulation.mutual_aid.scope: \"distance\" needs travel_km"),
            std::string::npos);
}

TEST(RoundBins, EveryBinWithinOneOfItsValueAndTheRowKeepsItsTotal) {
  // Sevenths: 3/7, 4/7, 10/7, 6/7, 5/7 -> total 28/7 = 4.
  data::MonthBins bins{};
  bins[0] = 3.0 / 7;
  bins[1] = 4.0 / 7;
  bins[2] = 10.0 / 7;
  bins[3] = 6.0 / 7;
  bins[12] = 5.0 / 7;
  const auto n = round_bins(bins);
  EXPECT_EQ(std::accumulate(n.begin(), n.end(), std::int64_t{0}), 4);
  // Floors 0,0,1,0,0 (1); three more units go to the largest remainders 6/7 (bin 3), 5/7 (bin 12), 4/7 (bin
  // 1).
  EXPECT_EQ(n[0], 0);
  EXPECT_EQ(n[1], 1);
  EXPECT_EQ(n[2], 1);
  EXPECT_EQ(n[3], 1);
  EXPECT_EQ(n[12], 1);
  // Whole values stay as they are.
  data::MonthBins whole{};
  whole[5] = 12;
  whole[12] = 3;
  const auto w = round_bins(whole);
  EXPECT_EQ(w[5], 12);
  EXPECT_EQ(w[12], 3);
}

TEST(RealLists, PathwaysPerProviderSpecialtyAndBinAreTheFilesCounts) {
  const data::ProviderMonths& file = months_file();
  const YearMonth month = file.months().back();
  const RealLists lists = real_lists(file, &reference(), month, 3);
  ASSERT_GT(lists.queues.size(), 1000u);
  std::map<std::pair<std::string, std::uint16_t>, const data::ProviderMonthsRow*> rows;
  double file_total = 0;
  for (const auto& r : file.rows()) {
    if (r.month != month || r.type != data::MonthsType::incomplete || r.specialty == data::kTotalSpecialty)
      continue;
    rows[{file.groups()[r.group].key, r.specialty}] = &r;
    file_total += r.total;
  }
  double listed = 0;
  for (const RealQueue& q : lists.queues) {
    const auto it = rows.find({lists.providers[q.provider].key, q.specialty});
    if (it == rows.end()) {  // a queue with referrals but no list row this month starts empty
      EXPECT_EQ(std::accumulate(q.pathways.begin(), q.pathways.end(), std::int64_t{0}), 0);
      EXPECT_GT(q.referrals_per_month + q.inflow_per_month, 0);
      continue;
    }
    const data::ProviderMonthsRow& row = *it->second;
    std::int64_t sum = 0;
    for (int j = 0; j < data::kMonthBins; ++j) {
      const double v = row.bins[static_cast<size_t>(j)];
      const auto n = q.pathways[static_cast<size_t>(j)];
      EXPECT_GE(static_cast<double>(n), std::floor(v + 1e-6) - 1e-9) << row.group << " bin " << j;
      EXPECT_LE(static_cast<double>(n), std::ceil(v - 1e-6) + 1e-9) << row.group << " bin " << j;
      sum += n;
    }
    EXPECT_EQ(sum, std::llround(row.total));  // incomplete totals are whole numbers
    listed += static_cast<double>(sum);
  }
  EXPECT_DOUBLE_EQ(listed, file_total);
  // Merged rows are one group each, keyed by their codes and never labelled with the trust name they carry.
  int merged = 0;
  for (const RealProvider& p : lists.providers) {
    if (!p.merged) continue;
    ++merged;
    EXPECT_EQ(p.key.rfind("merged:", 0), 0u);
    EXPECT_GT(p.codes.size(), 1u);
    EXPECT_EQ(p.label.rfind("merged group of ", 0), 0u) << p.label;
    // Located at one of its own codes, or nowhere when none of them has a location (Dorking: NNE, NMG).
    EXPECT_TRUE(p.located_at.empty() ||
                std::find(p.codes.begin(), p.codes.end(), p.located_at) != p.codes.end())
        << p.key;
  }
  EXPECT_EQ(merged, 7);
  // Clock stops by specialty scaled up where the file undercounts them.
  EXPECT_GT(std::count_if(lists.providers.begin(), lists.providers.end(),
                          [](const RealProvider& p) { return p.undercounted_completed; }),
            0);
}

TEST(RealLists, AMergedGroupIsLocatedAtTheCodeWhoseNameItCarries) {
  const RealLists lists = real_lists(months_file(), &reference(), months_file().months().back(), 3);
  for (const RealProvider& p : lists.providers) {
    if (p.merged && std::find(p.codes.begin(), p.codes.end(), "RTH") != p.codes.end()) {
      EXPECT_EQ(p.located_at, "RTH");
      EXPECT_EQ(p.codes.size(), 25u);
      return;
    }
  }
  FAIL() << "no merged group holds RTH";
}

TEST(PlaceInBin, EveryWaitIsInsideItsCalendarMonth) {
  const YearMonth month(2025, 1);
  for (int j = 0; j < data::kMonthBins; ++j) {
    for (std::int64_t n : {1, 2, 7, 31, 100}) {
      std::vector<std::int32_t> waits;
      place_in_bin(month, j, n, 35.0, waits);
      ASSERT_EQ(static_cast<std::int64_t>(waits.size()), n);
      const auto [lo, hi] = stats::month_bin_wait_days(month, j);
      for (const std::int32_t w : waits) {
        EXPECT_GE(w, lo);
        if (j + 1 < data::kMonthBins) {
          EXPECT_LT(w, hi);
        }
        // The clock start's calendar month is M - j (m12_plus: M - 12 or earlier).
        const Date start = month.last_day() - std::chrono::days{w};
        if (j + 1 < data::kMonthBins) {
          EXPECT_EQ(month_of(start), month - j) << "bin " << j << " wait " << w;
        } else {
          EXPECT_LE(month_of(start), month - 12);
        }
      }
    }
  }
}

TEST(RealListsModel, TheStartListHoldsTheFilesCountsAtWeeksInsideTheirBins) {
  const plan::Scenario s = plan::load_scenario(kBase + "/scenarios/england-providers-patient-level.toml");
  const SimModel m = prepare_synthetic_model(s, 7);
  const YearMonth month = month_of(m.start);
  const RealLists lists = real_lists(months_file(), &reference(), month, 3);
  ASSERT_EQ(m.queues.size(), lists.queues.size());
  std::vector<std::array<std::int64_t, data::kMonthBins>> got(m.queues.size());
  for (const InitialPatient& p : m.initial) {
    const YearMonth started = month_of(Date{std::chrono::days{p.clock_start}});
    const int j = std::min(12, month - started);
    ASSERT_GE(j, 0);
    ++got[p.queue][static_cast<size_t>(j)];
  }
  for (size_t q = 0; q < m.queues.size(); ++q) {
    EXPECT_EQ(m.providers[m.queues[q].provider].code, lists.providers[lists.queues[q].provider].key);
    EXPECT_EQ(got[q], lists.queues[q].pathways) << "queue " << q;
  }
  ASSERT_EQ(m.provider_details.size(), m.providers.size());
}

// Six providers on a line of latitude 52N, 0.5 degrees of longitude apart (about 34 km), one specialty each;
// provider 0 has a long list and little capacity, the others short lists.
SimModel line_of_providers(double travel_km, bool same_region) {
  SimModel m;
  m.start = Date{std::chrono::days{20000}};
  m.weeks = 12;
  m.tfcs = {"C_110"};
  for (int i = 0; i < 6; ++i) {
    ProviderInfo p;
    p.code = "R0" + std::to_string(i);
    p.region = i < 3 ? "North" : "South";
    p.lat = 52.0;
    p.lon = 0.5 * i;
    m.providers.push_back(p);
    QueueInfo q;
    q.provider = static_cast<std::uint16_t>(i);
    q.tfc = 0;
    q.capacity_per_week = i == 0 ? 2.0 : 5.0 + i;
    q.referrals_per_week = 1.0;
    m.queues.push_back(q);
  }
  // Provider 5 has a longer expected wait than provider 0's long waiters could gain anything from.
  m.queues[5].capacity_per_week = 0.5;
  for (int i = 0; i < 400; ++i)
    m.initial.push_back({0, static_cast<std::int32_t>(20000 - 7 * 60 - i % 30),
                         pack_profile(data::Priority::p4, 5, data::EthnicGroup::white,
                                      data::AgeBand::age_40_64, data::Sex::female)});
  for (int q = 1; q < 6; ++q)
    for (int i = 0; i < (q == 5 ? 300 : 10); ++i)
      m.initial.push_back({static_cast<std::uint32_t>(q), 20000 - 7 * 5,
                           pack_profile(data::Priority::p4, 5, data::EthnicGroup::white,
                                        data::AgeBand::age_40_64, data::Sex::female)});
  m.mutual_aid.enabled = true;
  m.mutual_aid.every_weeks = 1;
  m.mutual_aid.threshold_weeks = 52;
  m.mutual_aid.min_advantage_weeks = 1;
  m.mutual_aid.max_share_of_capacity = 2;
  m.mutual_aid.acceptance = 1.0;
  m.mutual_aid.same_region = same_region;
  m.mutual_aid.travel_km = travel_km;
  m.finalise_calendar();
  return m;
}

TEST(MutualAidReach, NeverBeyondTheDistanceNorToALongerExpectedWait) {
  for (const double km : {20.0, 40.0, 80.0, 500.0}) {
    for (const bool region : {false, true}) {
      const SimModel m = line_of_providers(km, region);
      const ReplicationResult r = run_replication(m, 11, 0);
      const auto& in = r.mutual_aid.moved_in_by_provider;
      const auto& out = r.mutual_aid.moved_out_by_provider;
      ASSERT_EQ(in.size(), m.providers.size());
      for (size_t p = 1; p < m.providers.size(); ++p) {
        const double d = detail::great_circle_km(52.0, 0.0, 52.0, 0.5 * static_cast<double>(p));
        if (d > km || (region && m.providers[p].region != "North")) {
          EXPECT_EQ(in[p], 0) << km << " km, " << p;
        }
      }
      // Provider 5's expected wait (300 / 0.5 = 600 weeks) is longer than provider 0's: never a destination.
      EXPECT_EQ(in[5], 0);
      EXPECT_EQ(out[0], r.mutual_aid.moved);
      if (km >= 40) {
        EXPECT_GT(r.mutual_aid.moved, 0) << km;
      } else {
        EXPECT_EQ(r.mutual_aid.moved, 0) << km;
      }
    }
  }
  // A provider without a location is never in reach when a distance is set.
  SimModel m = line_of_providers(500, false);
  m.providers[1].lat.reset();
  m.providers[1].lon.reset();
  EXPECT_EQ(run_replication(m, 11, 0).mutual_aid.moved_in_by_provider[1], 0);
  // ... nor a merged group.
  SimModel merged = line_of_providers(500, false);
  merged.provider_details.resize(merged.providers.size());
  merged.provider_details[2].merged_codes = {"RAA", "RBB"};
  EXPECT_EQ(run_replication(merged, 11, 0).mutual_aid.moved_in_by_provider[2], 0);
}

TEST(MutualAidReach, OnlyToTheSameTreatmentFunction) {
  // Provider 1 also runs another treatment function with no list and no referrals: the shortest expected
  // wait in reach (0), but not a place for provider 0's long waiters. Its capacity, a pathway a week, is less
  // than what mutual aid would send it (twice that), so any moved there would still be on its list.
  SimModel m = line_of_providers(80, false);
  m.tfcs.push_back("C_130");
  QueueInfo other;
  other.provider = 1;
  other.tfc = 1;
  other.capacity_per_week = 1;
  m.queues.push_back(other);
  const ReplicationResult r = run_replication(m, 11, 0);
  EXPECT_GT(r.mutual_aid.moved, 0);
  EXPECT_EQ(r.queues.back().list_size, 0);
}

TEST(MutualAidReach, MovedOutEqualsMovedInAndPathwaysAreConserved) {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    const SimModel m = line_of_providers(80, false);
    const ReplicationResult with = run_replication(m, seed, 0);
    const auto& in = with.mutual_aid.moved_in_by_provider;
    const auto& out = with.mutual_aid.moved_out_by_provider;
    EXPECT_DOUBLE_EQ(std::accumulate(in.begin(), in.end(), 0.0),
                     std::accumulate(out.begin(), out.end(), 0.0));
    EXPECT_DOUBLE_EQ(std::accumulate(in.begin(), in.end(), 0.0), with.mutual_aid.moved);
    // Pathways conserved: start + referrals = treated + other removals + list at the end.
    double at_end = 0;
    for (const auto& h : with.list_by_group[static_cast<size_t>(Dimension::provider)]) at_end += h.total();
    EXPECT_DOUBLE_EQ(static_cast<double>(m.initial.size()) + with.referrals_total,
                     with.treated_total + with.other_removals_total + at_end);
    // Without mutual aid the same replication moves nobody.
    const ReplicationResult without = run_replication(m, seed, 0, {}, nullptr, nullptr, true);
    EXPECT_EQ(without.mutual_aid.moved, 0);
    double end_without = 0;
    for (const auto& h : without.list_by_group[static_cast<size_t>(Dimension::provider)])
      end_without += h.total();
    EXPECT_DOUBLE_EQ(static_cast<double>(m.initial.size()) + without.referrals_total,
                     without.treated_total + without.other_removals_total + end_without);
  }
}

}  // namespace
}  // namespace elective::sim

namespace elective::sim {
namespace {

// The comparison without mutual aid runs as extra replications on the same workers: the output is still the
// same bytes on any thread count, and summed over providers moved out = moved in = moved.
TEST(MutualAidCompare, SameSeedSameBytesOnAnyThreadCount) {
  std::string hist = "[";
  for (int k = 0; k < 70; ++k) hist += (k ? ", " : "") + std::to_string(900 - 12 * k);
  hist += "]";
  const std::string text = "[start]\nmonth = \"2024-06\"\nhistogram = " + hist +
                           "\nreferrals_per_week = 700\ncapacity_per_week = 720\n"
                           "[horizon]\nuntil = \"2025-06\"\n"
                           "[simulation]\nreplications = 3\nseed = 5\n"
                           "[simulation.population]\nproviders = 8\nregions = 2\nprovider_pressure_cv = 0.6\n"
                           "[simulation.mutual_aid]\ncompare = true\nthreshold_weeks = 30\nevery_weeks = 2\n"
                           "min_advantage_weeks = 1\nacceptance = 0.8\n";
  const plan::Scenario s =
      plan::parse_scenario(text, plan::ScenarioSyntax::toml, "t.toml", kBase + "/scenarios");
  std::string first;
  for (const int threads : {1, 2, 4}) {
    SimRunOptions o;
    o.threads = threads;
    const nlohmann::json j = run_simulation(s, o, Progress{});
    const std::string bytes = j.dump();
    if (first.empty()) {
      first = bytes;
      const auto& ma = j.at("mutual_aid");
      EXPECT_TRUE(ma.at("compared_without_aid").get<bool>());
      ASSERT_EQ(ma.at("by_provider").size(), 8u);
      EXPECT_TRUE(ma.at("national").contains("at_end_without_aid"));
      EXPECT_GT(ma.at("moved").at("p50").get<double>(), 0);
    } else {
      EXPECT_EQ(bytes, first) << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace elective::sim
