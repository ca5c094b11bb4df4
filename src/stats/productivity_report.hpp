#pragma once
// `elective productivity` as one function of its files, shared by the CLI (cli/cmd_productivity.cpp) and
// GET /api/productivity (server/routes_productivity.cpp) so that both answer the same JSON byte for byte
// (tests/cli/cli_api_productivity_parity.sh): which files it reads, how they become ProductivitySources,
// and the JSON of the league table and of the elasticity fit.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "data/input_formats.hpp"
#include "stats/capacity_elasticity.hpp"
#include "stats/productivity.hpp"

namespace elective::stats {

// The bundled files read by default (names in the data folder).
struct ProductivityFiles {
  std::string rtt = "rtt_provider_months_waited.csv.gz";
  std::string workforce = "workforce_fte_provider.csv.gz";
  std::string beds = "beds_kh03_provider.csv";
  std::string providers = "providers.csv";
  std::string absence = "sickness_absence_provider.csv";
};

// Opens one file as `kind`; `option` names the CLI option that chose it (for messages). The CLI resolves
// names on disk, the server reads its bundled files parsed once.
using OpenProductivityFile = std::function<std::shared_ptr<const data::Dataset>(
    const std::string& name, std::string_view option, data::InputKind kind)>;

// The sources and the datasets that hold them (the pointers in `sources` live as long as `held`).
struct LoadedProductivitySources {
  std::vector<std::shared_ptr<const data::Dataset>> held;
  ProductivitySources sources;
};

// The provider reference is read only for --by icb|region.
LoadedProductivitySources load_productivity_sources(const ProductivityFiles& files, ProductivityLevel by,
                                                    const OpenProductivityFile& open);

// `elective productivity --format json`: {"rows": [...]}, indented, with a final newline.
std::string productivity_json(const ProductivityResult& result, ProductivityLevel by);
std::string productivity_json(const ProductivitySources& sources, const ProductivityOptions& options);

// `elective productivity --elasticity --format json`.
std::string elasticity_json(const ProductivitySources& sources, const ElasticityOptions& options);

}  // namespace elective::stats
