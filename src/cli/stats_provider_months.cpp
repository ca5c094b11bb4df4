#include "cli/stats_provider_months.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "core/error.hpp"
#include "data/csv.hpp"
#include "data/data_source.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"
#include "stats/provider_stats.hpp"

namespace elective::cli {

namespace {

namespace fs = std::filesystem;

// providers.csv: the one named, else beside the provider months file, else the bundled data folder.
std::string find_providers_file(const ProviderMonthsStatsOptions& o) {
  if (!o.providers_file.empty()) return o.providers_file;
  std::vector<fs::path> candidates{fs::path(o.path).parent_path() / "providers.csv"};
  for (const auto& dir : data::bundled_data_dirs()) candidates.push_back(fs::path(dir) / "providers.csv");
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(c, ec)) return c.string();
  }
  throw InputError(
      fmt::format("--by icb/region, --icb and --region need the provider reference: give "
                  "--providers providers.csv (none beside {} or in the bundled data)",
                  o.path));
}

}  // namespace

std::string run_provider_months_stats(const ProviderMonthsStatsOptions& o, const std::string& text,
                                      Format format) {
  stats::ProviderQuery q;
  q.selection.type = stats::parse_months_part(o.part);
  if (!o.provider.empty()) q.selection.provider = o.provider;
  if (!o.tfc.empty()) q.selection.specialty = o.tfc;
  if (!o.icb.empty()) q.selection.icb = o.icb;
  if (!o.region.empty()) q.selection.region = o.region;
  if (!o.month.empty()) {
    const auto m = YearMonth::parse(o.month);
    if (!m) throw InputError(fmt::format("--month: expected a month as YYYY-MM, got '{}'", o.month));
    q.selection.month = *m;
  }
  q.by = stats::parse_provider_breakdowns(o.by);
  const auto file = data::ProviderMonths::parse(text, o.path);
  std::optional<data::ProviderReference> reference;
  if (stats::needs_reference(q.by) || q.selection.icb || q.selection.region || !o.providers_file.empty()) {
    const std::string path = find_providers_file(o);
    reference = data::ProviderReference::parse(data::read_input_file(path), path);
  }
  const auto rows = stats::query_provider_months(file, reference ? &*reference : nullptr, q);
  stats::ProviderTableOptions topt;
  topt.for_text = format == Format::table;
  topt.bins = o.bins;
  const Table table = stats::provider_stats_table(rows, topt);
  if (format != Format::table) return render(table, format);
  return fmt::format(
             "{} pathways ({}), {}; weeks estimated from calendar-month bins (docs/statistics.md)\n\n",
             data::months_type_name(q.selection.type),
             q.selection.specialty ? *rows.front().tfc_name
             : std::find(q.by.begin(), q.by.end(), stats::ProviderBreakdown::specialty) != q.by.end()
                 ? std::string("by specialty")
                 : std::string("all specialties (Total rows)"),
             rows.size() == 1 ? rows.front().month.to_string() : std::string("months as listed")) +
         render(table, format);
}

}  // namespace elective::cli
