#include "stats/productivity_report.hpp"

#include "core/table.hpp"

namespace elective::stats {

LoadedProductivitySources load_productivity_sources(const ProductivityFiles& files, ProductivityLevel by,
                                                    const OpenProductivityFile& open) {
  LoadedProductivitySources out;
  auto keep = [&out](std::shared_ptr<const data::Dataset> d) {
    out.held.push_back(d);
    return d;
  };
  out.sources.rtt = keep(open(files.rtt, "--rtt", data::InputKind::provider_months))->provider_months.get();
  out.sources.workforce =
      keep(open(files.workforce, "--workforce", data::InputKind::workforce_fte))->workforce_fte.get();
  out.sources.beds = keep(open(files.beds, "--beds", data::InputKind::beds_kh03))->beds_kh03.get();
  out.sources.org_types =
      keep(open(files.absence, "--org-types", data::InputKind::sickness_absence))->sickness_absence.get();
  if (by != ProductivityLevel::provider)
    out.sources.reference =
        keep(open(files.providers, "--providers", data::InputKind::providers))->providers.get();
  return out;
}

std::string productivity_json(const ProductivityResult& result, ProductivityLevel by) {
  return render(productivity_table(result, by, false), Format::json);
}

std::string productivity_json(const ProductivitySources& sources, const ProductivityOptions& options) {
  return productivity_json(productivity(sources, options), options.by);
}

std::string elasticity_json(const ProductivitySources& sources, const ElasticityOptions& options) {
  return render(elasticity_table(capacity_elasticity(sources, options)), Format::json);
}

}  // namespace elective::stats
