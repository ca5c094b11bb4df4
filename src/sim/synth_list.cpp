#include "sim/synth_list.hpp"

#include <fmt/format.h>

#include <array>
#include <iterator>

#include "plan/engine.hpp"
#include "sim/build_model.hpp"
#include "sim/config.hpp"

namespace elective::sim {

SimModel prepare_synthetic_model(const plan::Scenario& s, std::optional<std::uint64_t> seed) {
  const SimConfig c = parse_sim_config(s);
  const plan::Baseline baseline = plan::prepare_baseline(s);
  return build_model(s, c, baseline, nullptr, seed.value_or(c.seed.value_or(s.uncertainty.seed)));
}

std::string synthetic_list_csv(const SimModel& m) {
  // A representative NHS ethnic category per group (domain.md 6.2) and NHS sex codes.
  static constexpr std::array<const char*, data::kEthnicGroupCount> kEthnic{"A", "G", "L", "P", "S", "Z"};
  static constexpr std::array<const char*, data::kSexCount> kSex{"1", "2", "9", "X"};
  std::string out;
  out.reserve(m.initial.size() * 110 + 256);
  out +=
      "snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date,priority,age_band,sex,ethnic_"
      "category,"
      "imd_decile\n";
  const std::string snapshot = format_iso_date(m.start);
  auto it = std::back_inserter(out);
  for (size_t i = 0; i < m.initial.size(); ++i) {
    const InitialPatient& p = m.initial[i];
    const ProfileFields& f = fields_of(p.profile);
    const QueueInfo& q = m.queues[p.queue];
    const std::string priority =
        f.priority == data::Priority::none ? std::string() : std::string(data::priority_name(f.priority));
    const std::string age =
        f.age_band == data::AgeBand::unknown ? std::string() : std::string(data::age_band_name(f.age_band));
    fmt::format_to(it, "{},SYNTHETIC-{:09d},SYN{:09d},{},{},{},{},{},{},{},{}\n", snapshot, i + 1, i + 1,
                   m.providers[q.provider].code, m.tfcs[q.tfc],
                   format_iso_date(Date{std::chrono::days{p.clock_start}}), priority, age,
                   kSex[static_cast<size_t>(f.sex)], kEthnic[static_cast<size_t>(f.ethnic_group)],
                   f.imd_decile == 0 ? std::string() : std::to_string(f.imd_decile));
  }
  return out;
}

}  // namespace elective::sim
