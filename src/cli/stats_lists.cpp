#include "cli/stats_lists.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "stats/cancer_stats.hpp"
#include "stats/dm01_stats.hpp"

namespace elective::cli {
namespace {

YearMonth month_option(const std::string& name, const std::string& value) {
  auto m = YearMonth::parse(value);
  if (!m) throw InputError(fmt::format("{}: expected a month as YYYY-MM, got '{}'", name, value));
  return *m;
}

void reject(const std::vector<std::pair<const char*, const std::string*>>& options, std::string_view what) {
  for (const auto& [name, value] : options)
    if (!value->empty()) throw InputError(fmt::format("{}: does not apply to {}", name, what));
}

std::string dm01_stats(const data::Dm01List& list, const ListStatsOptions& o, Format format) {
  reject({{"--standard", &o.standard},
          {"--cancer-type", &o.cancer_type},
          {"--route", &o.route},
          {"--from", &o.from},
          {"--until", &o.until}},
         "a DM01 diagnostics file");
  stats::Dm01Selection s;
  if (!o.provider.empty()) s.provider = o.provider;
  if (!o.test.empty()) s.test = o.test;
  if (!o.month.empty()) s.month = month_option("--month", o.month);
  const auto rows = stats::dm01_query(list, s, stats::parse_dm01_breakdowns(o.by));
  const Table table = stats::dm01_table(rows, format == Format::table);
  if (format != Format::table) return render(table, format);
  std::string out = fmt::format(
      "Diagnostics waiting list (DM01), {}: standard 6 weeks (under 1% waiting 6+ "
      "weeks; recovery plan ambition 95% within 6 weeks by 2025-03)\n\n",
      s.test ? "test " + *s.test : "all tests");
  out += render(table, format);
  // Rows whose published totals disagree with their bands are shown, never silently used.
  const auto disagreeing = list.disagreements();
  if (!disagreeing.empty()) {
    out += fmt::format("\n{} source row(s) disagree with their week bands (figures use the bands):\n",
                       disagreeing.size());
    for (size_t i = 0; i < disagreeing.size() && i < 10; ++i)
      out += fmt::format("  {}:{}: {} {} {}: published {} differ(s)\n", list.source(), disagreeing[i]->line,
                         disagreeing[i]->month.to_string(), disagreeing[i]->provider_code,
                         disagreeing[i]->test, disagreeing[i]->disagreement);
  }
  return out;
}

stats::CwtSelection cwt_selection(const ListStatsOptions& o) {
  stats::CwtSelection s;
  if (!o.standard.empty()) {
    s.standard = data::parse_cancer_standard(o.standard);
    if (!s.standard)
      throw InputError(fmt::format(
          "--standard: expected \"28-day FDS\", \"31-day Combined\" or \"62-day Combined\"; got '{}'",
          o.standard));
  }
  if (!o.provider.empty()) s.provider = o.provider;
  if (!o.cancer_type.empty()) s.cancer_type = o.cancer_type;
  if (!o.route.empty()) s.route = o.route;
  if (!o.month.empty()) s.month = month_option("--month", o.month);
  if (!o.from.empty()) s.from = month_option("--from", o.from);
  if (!o.until.empty()) s.until = month_option("--until", o.until);
  return s;
}

std::string cwt_render(const std::vector<stats::CwtStatsRow>& rows, Format format, std::string_view title) {
  const Table table = stats::cwt_table(rows, format == Format::table);
  if (format != Format::table) return render(table, format);
  return fmt::format("{}: completed pathways, not a waiting list (docs/statistics.md)\n\n", title) +
         render(table, format);
}

}  // namespace

bool is_other_list(data::InputKind kind) {
  return kind == data::InputKind::dm01 || kind == data::InputKind::cwt_provider ||
         kind == data::InputKind::cwt_national;
}

std::string other_list_stats(const data::Dataset& d, const ListStatsOptions& o, Format format) {
  if (!o.rtt_only.empty())
    throw InputError(fmt::format("{}: applies to RTT files; {} is {}", o.rtt_only.front(), d.source,
                                 data::input_format(d.kind).label));
  switch (d.kind) {
    case data::InputKind::dm01:
      return dm01_stats(*d.dm01, o, format);
    case data::InputKind::cwt_provider: {
      reject({{"--test", &o.test}, {"--from", &o.from}, {"--until", &o.until}},
             "the cancer provider extract");
      const auto rows =
          stats::cwt_query(*d.cwt_provider, cwt_selection(o), stats::parse_cwt_breakdowns(o.by));
      return cwt_render(rows, format, "Cancer waiting times by provider (CWT-CRS)");
    }
    case data::InputKind::cwt_national: {
      reject({{"--test", &o.test}}, "the national cancer series");
      const auto rows =
          stats::cwt_national_query(*d.cwt_national, cwt_selection(o), stats::parse_cwt_breakdowns(o.by));
      return cwt_render(rows, format, "Cancer waiting times, England (national series)");
    }
    default:
      throw InputError(fmt::format("{}: not a diagnostics or cancer waiting times file", d.source));
  }
}

}  // namespace elective::cli
