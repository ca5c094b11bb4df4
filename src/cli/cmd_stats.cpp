// `elective stats`: official RTT statistics of RTT Full CSV extracts (any selection and breakdown), or the
// monthly headline series of the national time series. Each file's type is sniffed from its header.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_registry.hpp"
#include "cli/output_options.hpp"
#include "cli/stats_lists.hpp"
#include "cli/stats_provider_months.hpp"
#include "core/error.hpp"
#include "core/table.hpp"
#include "data/csv.hpp"
#include "data/national_series.hpp"
#include "data/provider_months.hpp"
#include "data/rtt_extract.hpp"
#include "stats/capacity_stats.hpp"
#include "stats/national_stats.hpp"
#include "stats/rtt_checks.hpp"
#include "stats/rtt_query.hpp"

namespace elective::cli {
namespace {

struct StatsOptions {
  std::vector<std::string> files;
  std::string part = "incomplete";
  std::string provider, tfc, commissioner, month;
  std::string icb, region, providers;  // the provider months file only
  std::vector<std::string> by;
  OutputOptions output;  // --format, --out
  bool check = false;
  bool bands = false;
  bool estimates = false;
  int last = -1;
  std::string from, until;
  std::string test, standard, cancer_type, route;  // DM01 and cancer waiting times (stats_lists.hpp)
};

// DM01 and cancer waiting-time files go to stats_lists.cpp with the options that apply to them.
std::string run_other_list(const StatsOptions& o, const std::string& path, const std::string& text,
                           Format format) {
  if (o.files.size() > 1)
    throw InputError(
        fmt::format("{}: a diagnostics or cancer waiting times file must be the only file given", path));
  ListStatsOptions lo{o.provider, o.test, o.standard, o.cancer_type, o.route,
                      o.month,    o.from, o.until,    o.by,          {}};
  for (const auto& [name, given] :
       {std::pair{"--tfc", !o.tfc.empty()}, std::pair{"--commissioner", !o.commissioner.empty()},
        std::pair{"--part", o.part != "incomplete"}, std::pair{"--bands", o.bands},
        std::pair{"--check", o.check}, std::pair{"--estimates", o.estimates},
        std::pair{"--last", o.last >= 0}})
    if (given) lo.rtt_only.emplace_back(name);
  return other_list_stats(data::parse_input({{path, text}}), lo, format);
}

YearMonth parse_month_option(const std::string& name, const std::string& value) {
  auto m = YearMonth::parse(value);
  if (!m) throw InputError(fmt::format("{}: expected a month as YYYY-MM, got '{}'", name, value));
  return *m;
}

bool is_capacity_file(data::InputKind kind) {
  return kind == data::InputKind::workforce_fte || kind == data::InputKind::workforce_total ||
         kind == data::InputKind::sickness_absence || kind == data::InputKind::beds_kh03;
}

// The workforce, sickness absence and beds files (issue 16; stats/capacity_stats.hpp): England by month,
// one organisation (--provider), or every organisation of a month (--by provider).
std::string run_capacity(const StatsOptions& o, const std::string& path, const std::string& text,
                         Format format) {
  if (o.files.size() > 1)
    throw InputError(
        fmt::format("{}: a workforce, sickness absence or beds file must be the only file given", path));
  for (const auto& [name, given] :
       {std::pair{"--tfc", !o.tfc.empty()}, std::pair{"--commissioner", !o.commissioner.empty()},
        std::pair{"--icb", !o.icb.empty()}, std::pair{"--region", !o.region.empty()},
        std::pair{"--part", o.part != "incomplete"}, std::pair{"--bands", o.bands},
        std::pair{"--check", o.check}, std::pair{"--estimates", o.estimates},
        std::pair{"--last", o.last >= 0}, std::pair{"--from", !o.from.empty()},
        std::pair{"--until", !o.until.empty()}, std::pair{"--test", !o.test.empty()},
        std::pair{"--standard", !o.standard.empty()}})
    if (given)
      throw InputError(
          fmt::format("{}: does not apply to {}, a workforce, sickness absence or beds file "
                      "(--provider, --month and --by provider|month do)",
                      name, path));
  stats::CapacitySelection s;
  if (!o.provider.empty()) s.provider = o.provider;
  if (!o.month.empty()) s.month = parse_month_option("--month", o.month);
  for (const auto& item : o.by) {
    std::string_view rest(item);
    while (true) {  // repeatable or a comma list, as for the other files
      const auto comma = rest.find(',');
      const std::string_view b = rest.substr(0, comma);
      if (b == "provider")
        s.by_provider = true;
      else if (b != "month" && b != "none" && !b.empty())
        throw InputError(fmt::format("--by: expected provider or month for {}; got '{}'", path, b));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  const data::Dataset d = data::parse_input({{path, text}});
  Table table;
  std::string title;
  switch (d.kind) {
    case data::InputKind::workforce_fte:
      table = stats::workforce_fte_stats(*d.workforce_fte, s);
      title = "HCHS staff FTE by staff group (each group at its own level, never added to its subtotal)";
      break;
    case data::InputKind::workforce_total:
      table = stats::workforce_total_stats(*d.workforce_total, s);
      title = "Total HCHS staff FTE";
      break;
    case data::InputKind::sickness_absence:
      table = stats::sickness_absence_stats(*d.sickness_absence, s);
      title = "Sickness absence: FTE days lost / FTE days available";
      break;
    default:
      table = stats::beds_stats(*d.beds_kh03, s);
      title = "Overnight beds (KH03), average daily available and occupied";
      break;
  }
  if (format != Format::table) return render(table, format);
  return fmt::format("{}{}\n\n", title, s.provider ? ", " + *s.provider : std::string(", England")) +
         render(table, format);
}

std::string first_line(std::string_view text) {
  const size_t end = text.find('\n');
  return std::string(text.substr(0, end));
}

std::string describe_selection(const stats::Selection& s, const std::vector<stats::Breakdown>& by) {
  auto has = [&](stats::Breakdown b) { return std::find(by.begin(), by.end(), b) != by.end(); };
  std::string text = fmt::format("{} ({})", data::part_description(s.part), data::part_code(s.part));
  if (s.provider) text += fmt::format(", provider {}", *s.provider);
  if (s.commissioner) text += fmt::format(", commissioner {}", *s.commissioner);
  if (s.tfc) {
    text += fmt::format(", treatment function {}", data::normalise_tfc(*s.tfc));
  } else if (has(stats::Breakdown::tfc)) {
    text += ", by treatment function (specialty rows)";
  } else {
    text += ", all specialties (C_999 rows)";
  }
  if (!has(stats::Breakdown::commissioner) && !s.commissioner) text += ", summed over commissioners";
  return text;
}

std::string run_national(const StatsOptions& o, const std::string& path, const std::string& text,
                         Format format) {
  for (const auto& [name, value] : {std::pair{"--provider", o.provider}, std::pair{"--tfc", o.tfc},
                                    std::pair{"--commissioner", o.commissioner}}) {
    if (!value.empty()) {
      throw InputError(
          fmt::format("{}: applies to RTT Full CSV extracts; {} is the national time series", name, path));
    }
  }
  for (const auto b : stats::parse_breakdowns(o.by)) {
    if (b != stats::Breakdown::month) {
      throw InputError(
          fmt::format("--by {}: the national time series has one row per month (only --by month applies)",
                      stats::breakdown_name(b)));
    }
  }
  if (o.check || o.bands) {
    throw InputError(fmt::format("{}: applies to RTT Full CSV extracts; {} is the national time series",
                                 o.check ? "--check" : "--bands", path));
  }
  const auto series = data::NationalSeries::parse(text, path);
  stats::NationalOptions n;
  n.part = data::parse_part(o.part);
  n.estimates = o.estimates;
  if (!o.from.empty()) n.from = parse_month_option("--from", o.from);
  if (!o.until.empty()) n.until = parse_month_option("--until", o.until);
  if (!o.month.empty()) n.from = n.until = parse_month_option("--month", o.month);
  if (o.last >= 0) n.last = o.last;
  const auto rows = stats::national_stats(series, n);
  if (rows.empty()) throw InputError(fmt::format("{}: no months match the selection", path));
  const auto table = stats::national_stats_table(rows, n.part, format == Format::table);
  if (format != Format::table) return render(table, format);
  return fmt::format("England, {} ({}){}\n\n", data::part_description(n.part), data::part_code(n.part),
                     n.estimates ? ", with estimates for missing trusts" : "") +
         render(table, format);
}

std::string run_extract(const StatsOptions& o, const data::RttExtract& extract, Format format) {
  if (o.estimates || o.last >= 0 || !o.from.empty() || !o.until.empty()) {
    throw InputError("--estimates, --last, --from and --until apply to the national time series only");
  }
  if (o.check) {
    const auto findings = stats::check_extract(extract);
    const auto table = stats::findings_table(findings);
    if (format != Format::table) return render(table, format);
    size_t errors = 0;
    for (const auto& f : findings) errors += f.severity == stats::Severity::error ? 1 : 0;
    std::string out = fmt::format("Validation of {} rows: {} error(s), {} warning(s)\n", extract.size(),
                                  errors, findings.size() - errors);
    if (!findings.empty()) out += "\n" + render(table, format);
    return out;
  }
  stats::Selection s;
  s.part = data::parse_part(o.part);
  if (!o.provider.empty()) s.provider = o.provider;
  if (!o.tfc.empty()) s.tfc = data::normalise_tfc(o.tfc);
  if (!o.commissioner.empty()) s.commissioner = o.commissioner;
  if (!o.month.empty()) s.month = parse_month_option("--month", o.month);
  const auto by = stats::parse_breakdowns(o.by);
  const auto rows = stats::query(extract, s, by);
  if (rows.empty()) {
    auto list = [](const std::vector<std::string>& v) {
      std::string out;
      for (size_t i = 0; i < v.size() && i < 12; ++i) out += (i ? ", " : "") + v[i];
      return v.size() > 12 ? out + ", ..." : out;
    };
    std::string why;
    if (s.provider && extract.find_text(*s.provider) == std::nullopt) {
      why = fmt::format("provider '{}' is not in the extract (providers: {})", *s.provider,
                        list(extract.providers()));
    } else if (s.tfc && extract.find_text(*s.tfc) == std::nullopt) {
      why = fmt::format("treatment function '{}' is not in the extract (codes: {})", *s.tfc,
                        list(extract.tfcs()));
    } else if (s.commissioner && extract.find_text(*s.commissioner) == std::nullopt) {
      why = fmt::format("commissioner '{}' is not in the extract", *s.commissioner);
    } else if (s.month) {
      std::vector<std::string> months;
      for (auto m : extract.months()) months.push_back(m.to_string());
      why = fmt::format("no {} rows for {} (months: {})", data::part_code(s.part), s.month->to_string(),
                        list(months));
    } else {
      why = fmt::format("no {} rows match", data::part_code(s.part));
    }
    throw InputError(fmt::format("{}: {}", extract.sources().front(), why));
  }
  stats::StatsTableOptions topt;
  topt.for_text = format == Format::table;
  topt.bands = o.bands;
  const auto table = stats::stats_table(rows, topt);
  if (format != Format::table) return render(table, format);
  return describe_selection(s, by) + "\n\n" + render(table, format);
}

void run(const StatsOptions& o) {
  const Format format = o.output.format();
  // Sniff each file: the national time series, or a Full CSV extract (several extracts can be combined).
  std::optional<data::RttExtract> extract;
  std::string output;
  for (const auto& path : o.files) {
    std::string text = data::read_input_file(path);  // .csv, .csv.gz or .zip
    if (const auto* kind = data::detect_input_format(text); kind && is_capacity_file(kind->value)) {
      output = run_capacity(o, path, text, format);
      break;
    }
    if (const auto* kind = data::detect_input_format(text); kind && is_other_list(kind->value)) {
      output = run_other_list(o, path, text, format);
      break;
    }
    if (data::looks_like_national_series(first_line(text))) {
      if (o.files.size() > 1) {
        throw InputError(fmt::format("{}: the national time series must be the only file given", path));
      }
      output = run_national(o, path, text, format);
      break;
    }
    if (data::looks_like_provider_months(first_line(text))) {
      if (o.files.size() > 1)
        throw InputError(fmt::format("{}: the provider months file must be the only file given", path));
      if (!o.commissioner.empty() || o.check || o.estimates || o.last >= 0 || !o.from.empty() ||
          !o.until.empty())
        throw InputError(
            fmt::format("--commissioner, --check, --estimates, --last, --from and --until do not "
                        "apply to the provider months file {}",
                        path));
      output = run_provider_months_stats(
          {path, o.part, o.provider, o.tfc, o.icb, o.region, o.month, o.by, o.providers, o.bands}, text,
          format);
      break;
    }
    if (!o.icb.empty() || !o.region.empty() || !o.providers.empty())
      throw InputError(fmt::format(
          "--icb, --region and --providers apply to the provider months file; {} is not one", path));
    auto one = data::RttExtract::parse(text, path);
    text.clear();
    text.shrink_to_fit();
    if (!extract) {
      extract = std::move(one);
    } else {
      extract->append(std::move(one));
    }
  }
  if (extract) output = run_extract(o, *extract, format);
  o.output.write(output);
}

const CommandRegistration registration("stats", [](CLI::App& app) {
  auto options = std::make_shared<StatsOptions>();
  auto* cmd = app.add_subcommand("stats",
                                 "Official RTT statistics of RTT Full CSV extracts (selection and "
                                 "breakdowns), of the national time series or of the provider months file; "
                                 "diagnostics (DM01) and cancer waiting times files");
  cmd->add_option(
         "files", options->files,
         "RTT Full CSV extract(s) (several months allowed), the national time series CSV, the provider "
         "months file (rtt_provider_months_waited.csv.gz), a DM01 or a cancer waiting times file, a "
         "workforce, "
         "sickness absence or beds file")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--part", options->part, "incomplete (default), admitted, nonadmitted, new or dta");
  cmd->add_option("--provider", options->provider, "provider org code, e.g. RBD");
  cmd->add_option("--tfc", options->tfc,
                  "treatment function code, e.g. 110 or C_110 (default: all specialties, C_999)");
  cmd->add_option("--commissioner", options->commissioner, "commissioner org code, e.g. 11J");
  cmd->add_option("--icb", options->icb, "provider months file: ICB code, e.g. QVV");
  cmd->add_option("--region", options->region, "provider months file: NHS region code, e.g. Y58");
  cmd->add_option("--providers", options->providers,
                  "provider months file: the provider reference for ICB and region (default: providers.csv "
                  "beside the file, else the bundled one)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--month", options->month, "YYYY-MM (default: the latest month in the files)");
  cmd->add_option(
         "--by", options->by,
         "breakdown: provider, tfc, commissioner, month (RTT); provider, icb, region, specialty, month "
         "(provider months file); provider, region, test, month (DM01); standard, provider, "
         "cancer_type, route, month (cancer); provider, month (workforce, absence, beds); repeatable or "
         "comma "
         "list")
      ->allow_extra_args(false);
  options->output.add_to(*cmd);
  cmd->add_flag("--bands", options->bands,
                "add the count of every weekly band (band_0 ... band_104); for the provider months file the "
                "month bins m00 ... m12_plus");
  cmd->add_flag("--check", options->check,
                "run NHS England's validation checks on the extract(s) and list findings");
  cmd->add_flag("--estimates", options->estimates,
                "national series: use the figures with estimates for missing trusts");
  cmd->add_option("--last", options->last, "national series: only the last N months")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--from", options->from, "national series: first month YYYY-MM");
  cmd->add_option("--until", options->until, "national series: last month YYYY-MM");
  cmd->add_option("--test", options->test, "DM01: a diagnostic test ID (1-15), its name, or ALL (default)");
  cmd->add_option("--standard", options->standard,
                  "cancer: \"28-day FDS\", \"31-day Combined\" or \"62-day Combined\" (default: all three)");
  cmd->add_option("--cancer-type", options->cancer_type, "cancer: a cancer type as published, e.g. Lung");
  cmd->add_option("--route", options->route, "cancer: a route or stage as published, e.g. Screening");
  cmd->callback([options] { run(*options); });
});

}  // namespace
}  // namespace elective::cli
