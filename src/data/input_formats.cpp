#include "data/input_formats.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "data/input_file.hpp"

namespace elective::data {

namespace {

std::string_view first_line(std::string_view content) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  return content.substr(0, content.find_first_of("\r\n"));
}

void one_file(const std::vector<InputFile>& files, std::string_view what) {
  if (files.size() != 1) throw InputError(fmt::format("a {} dataset is one file", what));
}

// ---- RTT Full CSV extracts -------------------------------------------------------------------------------

Dataset parse_rtt(const std::vector<InputFile>& files, const ReadOptions&) {
  RttExtract combined;
  std::string source;
  for (const InputFile& file : files) {
    combined.append(RttExtract::parse(file.content, file.name));
    source += (source.empty() ? "" : ", ") + file.name;
  }
  Dataset d;
  d.kind = InputKind::rtt;
  d.source = source;
  d.rtt = std::make_shared<const RttExtract>(std::move(combined));
  return d;
}

nlohmann::json rtt_summary(const Dataset& d) {
  const RttExtract& extract = *d.rtt;
  nlohmann::json months = nlohmann::json::array();
  for (const auto& month : extract.months()) months.push_back(month.to_string());
  nlohmann::json providers = nlohmann::json::array();
  for (const auto& code : extract.providers())
    providers.push_back({{"code", code}, {"name", extract.provider_name(code)}});
  nlohmann::json tfcs = nlohmann::json::array();
  for (const auto& code : extract.tfcs()) tfcs.push_back({{"code", code}, {"name", extract.tfc_name(code)}});
  nlohmann::json commissioners = nlohmann::json::array();
  for (const auto& code : extract.commissioners())
    commissioners.push_back({{"code", code}, {"name", extract.commissioner_name(code)}});
  return {{"months", months}, {"providers", providers}, {"tfcs", tfcs}, {"commissioners", commissioners}};
}

// ---- RTT national time series ----------------------------------------------------------------------------

Dataset parse_national(const std::vector<InputFile>& files, const ReadOptions&) {
  one_file(files, "national time series");
  Dataset d;
  d.kind = InputKind::national;
  d.source = files.front().name;
  d.national = std::make_shared<const NationalSeries>(NationalSeries::parse(files.front().content, d.source));
  return d;
}

nlohmann::json national_summary(const Dataset& d) {
  nlohmann::json summary = nlohmann::json::object();
  if (d.national->size() > 0) {
    summary["first_month"] = d.national->months().front().to_string();
    summary["last_month"] = d.national->months().back().to_string();
  }
  return summary;
}

// ---- Patient-level lists (ptl.csv) -----------------------------------------------------------------------

bool looks_like_patient_list(std::string_view head) {
  const std::string_view header = first_line(head);
  return header.find("patient_id") != std::string_view::npos &&
         header.find("pathway_id") != std::string_view::npos &&
         header.find("snapshot_date") != std::string_view::npos;
}

Dataset parse_patients(const std::vector<InputFile>& files, const ReadOptions& options) {
  one_file(files, "patient-level list");
  Dataset d;
  d.kind = InputKind::patient_list;
  d.source = files.front().name;
  d.patients = std::make_shared<const PatientList>(
      parse_patient_list(files.front().content, d.source, options.patients));
  return d;
}

// The reader's report carries counts and line numbers only (never identifiers), so it is safe to publish.
nlohmann::json patients_summary(const Dataset& d) {
  const PatientList& list = *d.patients;
  return {{"snapshot_date", format_iso_date(list.snapshot)},
          {"open_pathways", list.size()},
          {"providers", list.providers},
          {"tfcs", list.tfcs},
          {"report", list.report.to_json()}};
}

// ---- Provider-level RTT files (shared data README sections 5, 8, 9) ---------------------------------------

template <class T, std::shared_ptr<const T> Dataset::*member, InputKind kind>
Dataset parse_one(const std::vector<InputFile>& files, const ReadOptions&) {
  one_file(files, input_kind_name(kind));
  Dataset d;
  d.kind = kind;
  d.source = files.front().name;
  d.*member = std::make_shared<const T>(T::parse(files.front().content, d.source));
  return d;
}

nlohmann::json provider_months_summary(const Dataset& d) {
  const ProviderMonths& pm = *d.provider_months;
  nlohmann::json merged = nlohmann::json::array();
  std::size_t providers = 0;
  for (const ProviderGroup& g : pm.groups()) {
    if (g.merged())
      merged.push_back({{"provider", g.key}, {"codes", g.codes}});
    else
      ++providers;
  }
  nlohmann::json summary = {{"providers", providers},
                            {"merged_provider_groups", merged},
                            {"unreported_provider_months", pm.unreported_pairs()},
                            {"undercounted_completed_provider_months", pm.undercounted_pairs()}};
  if (!pm.months().empty()) {
    summary["first_month"] = pm.months().front().to_string();
    summary["last_month"] = pm.months().back().to_string();
  }
  return summary;
}

// ---- Diagnostics DM01 and cancer waiting times (issue 12) ------------------------------------------------

Dataset parse_dm01(const std::vector<InputFile>& files, const ReadOptions&) {
  one_file(files, "DM01 diagnostics");
  Dataset d;
  d.kind = InputKind::dm01;
  d.source = files.front().name;
  d.dm01 = std::make_shared<const Dm01List>(Dm01List::parse(files.front().content, d.source));
  return d;
}

nlohmann::json months_json(const std::vector<YearMonth>& months) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : months) out.push_back(m.to_string());
  return out;
}

nlohmann::json dm01_summary(const Dataset& d) {
  return {{"months", months_json(d.dm01->months())},
          {"providers", d.dm01->providers().size()},
          {"rows_disagreeing_with_bands", d.dm01->disagreements().size()}};
}

Dataset parse_cwt_provider(const std::vector<InputFile>& files, const ReadOptions&) {
  one_file(files, "cancer waiting times provider");
  Dataset d;
  d.kind = InputKind::cwt_provider;
  d.source = files.front().name;
  d.cwt_provider = std::make_shared<const CwtProvider>(CwtProvider::parse(files.front().content, d.source));
  return d;
}

nlohmann::json cwt_provider_summary(const Dataset& d) {
  return {{"months", months_json(d.cwt_provider->months())},
          {"providers", d.cwt_provider->providers().size()},
          {"rows_disagreeing", d.cwt_provider->disagreements()}};
}

Dataset parse_cwt_national(const std::vector<InputFile>& files, const ReadOptions&) {
  one_file(files, "national cancer waiting times");
  Dataset d;
  d.kind = InputKind::cwt_national;
  d.source = files.front().name;
  d.cwt_national = std::make_shared<const CwtNational>(CwtNational::parse(files.front().content, d.source));
  return d;
}

nlohmann::json cwt_national_summary(const Dataset& d) {
  nlohmann::json summary = nlohmann::json::object();
  if (d.cwt_national->size() > 0) {
    summary["first_month"] = d.cwt_national->months().front().month.to_string();
    summary["last_month"] = d.cwt_national->months().back().month.to_string();
  }
  return summary;
}

// ---- Workforce, sickness absence and beds (issue 16) ------------------------------------------------------

nlohmann::json workforce_fte_summary(const Dataset& d) {
  return {{"months", months_json(d.workforce_fte->months())},
          {"organisations", d.workforce_fte->organisations()},
          {"subtotal_disagreements", d.workforce_fte->subtotal_disagreements().size()}};
}

nlohmann::json workforce_total_summary(const Dataset& d) {
  nlohmann::json summary = {{"organisations", d.workforce_total->organisations()}};
  if (!d.workforce_total->months().empty()) {
    summary["first_month"] = d.workforce_total->months().front().to_string();
    summary["last_month"] = d.workforce_total->months().back().to_string();
  }
  return summary;
}

nlohmann::json sickness_absence_summary(const Dataset& d) {
  return {{"months", months_json(d.sickness_absence->months())},
          {"organisations", d.sickness_absence->organisations()},
          {"rate_disagreements", d.sickness_absence->rate_disagreements().size()}};
}

nlohmann::json beds_kh03_summary(const Dataset& d) {
  return {{"quarter_ends", months_json(d.beds_kh03->period_ends())},
          {"trusts", d.beds_kh03->trusts()},
          {"sectors_over_occupied", d.beds_kh03->over_occupied().size()}};
}

}  // namespace

const std::vector<InputFormat>& input_formats() {
  static const std::vector<InputFormat> table = {
      {InputKind::rtt, "rtt", "an NHS England RTT Full CSV extract", "a header with \"Provider Org Code\"",
       "NHS England's monthly RTT Full CSV data file: counts by provider, commissioner, part and treatment "
       "function in weekly wait bands (several months may form one dataset)",
       true, &looks_like_rtt_extract, &parse_rtt,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.rtt->size()); }, &rtt_summary},
      {InputKind::national, "national", "the RTT national time series", "\"month\", \"incomplete_total\"",
       "NHS England's RTT overview time series for England, one row per month (data/README.md)", false,
       [](std::string_view head) { return looks_like_national_series(first_line(head)); }, &parse_national,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.national->size()); }, &national_summary},
      {InputKind::patient_list, "patient_list", "a patient-level list",
       "\"snapshot_date\", \"patient_id\", \"pathway_id\", ...",
       "a pseudonymised patient-level waiting list (ptl.csv, docs/simulation.md): one row per RTT period",
       false, &looks_like_patient_list, &parse_patients,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.patients->report.rows_read); },
       &patients_summary},
      {InputKind::provider_months, "provider_months", "the RTT provider months file",
       "\"month\", \"type\", \"m00\" ... \"m12_plus\"",
       "RTT pathways by provider, specialty and calendar months waited (NHSRtt's layout, "
       "rtt_provider_months_waited.csv)",
       false, [](std::string_view head) { return looks_like_provider_months(first_line(head)); },
       &parse_one<ProviderMonths, &Dataset::provider_months, InputKind::provider_months>,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.provider_months->size()); },
       &provider_months_summary},
      {InputKind::providers, "providers", "the provider reference",
       "\"provider_code\", \"icb_code\", \"lat\"",
       "providers.csv: code, name, NHS region, ICB, postcode and location of each provider", false,
       [](std::string_view head) { return looks_like_provider_reference(first_line(head)); },
       &parse_one<ProviderReference, &Dataset::providers, InputKind::providers>,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.providers->size()); },
       [](const Dataset& d) -> nlohmann::json {
         return {{"providers", d.providers->size()}};
       }},
      {InputKind::commissioner_lookup, "commissioner_lookup", "the RTT commissioner lookup",
       "\"provider_parent_code\", \"provider_code\", \"commissioner_code\"",
       "rtt_commissioner_lookup.csv: provider -> commissioner -> ICB -> region", false,
       [](std::string_view head) { return looks_like_commissioner_lookup(first_line(head)); },
       &parse_one<CommissionerLookup, &Dataset::commissioner_lookup, InputKind::commissioner_lookup>,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.commissioner_lookup->size()); },
       [](const Dataset& d) -> nlohmann::json {
         return {{"links", d.commissioner_lookup->size()},
                 {"providers", d.commissioner_lookup->provider_count()},
                 {"commissioners", d.commissioner_lookup->commissioner_count()}};
       }},
      {InputKind::dm01, "dm01", "the DM01 diagnostics waiting list by provider",
       "\"provider_code\", \"total_waiting\", \"w13_plus\"",
       "NHS England's monthly diagnostics waiting list (DM01) by provider and test: patients waiting by "
       "completed weeks (0 to 13+) and tests done (data/README.md)",
       false, [](std::string_view head) { return looks_like_dm01(first_line(head)); }, &parse_dm01,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.dm01->size()); }, &dm01_summary},
      {InputKind::cwt_provider, "cwt_provider", "the cancer waiting times provider extract",
       "\"standard\", \"provider_code\", \"within_standard\", \"breaches\"",
       "NHS England's Cancer Waiting Times provider extract: completed pathways within and outside the "
       "28-day, "
       "31-day and 62-day standards by provider, route, modality and cancer type (data/README.md)",
       false, [](std::string_view head) { return looks_like_cwt_provider(first_line(head)); },
       &parse_cwt_provider,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.cwt_provider->size()); },
       &cwt_provider_summary},
      {InputKind::cwt_national, "cwt_national", "the national cancer waiting times series",
       "\"month\", \"fds28_total\", \"d62_total\"",
       "NHS England's national monthly cancer waiting times for England, 2009-2023 (data/README.md)", false,
       [](std::string_view head) { return looks_like_cwt_national(first_line(head)); }, &parse_cwt_national,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.cwt_national->size()); },
       &cwt_national_summary},
      {InputKind::workforce_fte, "workforce_fte", "the workforce FTE by staff group file",
       "\"provider_code\", \"staff_group\", \"fte\"",
       "NHS Workforce Statistics: HCHS staff FTE by organisation, month and staff group (27 groups in a "
       "tree: "
       "Total, doctors, consultants, nurses, ...; data/README.md)",
       false, [](std::string_view head) { return looks_like_workforce_fte(first_line(head)); },
       &parse_one<WorkforceFte, &Dataset::workforce_fte, InputKind::workforce_fte>,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.workforce_fte->size()); },
       &workforce_fte_summary},
      {InputKind::workforce_total, "workforce_total", "the workforce total FTE time series",
       "\"provider_code\", \"fte_total\"",
       "NHS Workforce Statistics: total HCHS staff FTE by organisation and month since 2009 (data/README.md)",
       false, [](std::string_view head) { return looks_like_workforce_total(first_line(head)); },
       &parse_one<WorkforceTotal, &Dataset::workforce_total, InputKind::workforce_total>,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.workforce_total->size()); },
       &workforce_total_summary},
      {InputKind::sickness_absence, "sickness_absence", "the sickness absence file",
       "\"provider_code\", \"fte_days_lost\", \"fte_days_available\"",
       "NHS sickness absence by organisation and month: FTE days lost, FTE days available and the rate "
       "(data/README.md)",
       false, [](std::string_view head) { return looks_like_sickness_absence(first_line(head)); },
       &parse_one<SicknessAbsence, &Dataset::sickness_absence, InputKind::sickness_absence>,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.sickness_absence->size()); },
       &sickness_absence_summary},
      {InputKind::beds_kh03, "beds_kh03", "the KH03 overnight beds file",
       "\"provider_code\", \"available_general_acute\", \"occupied_general_acute\"",
       "NHS England KH03: average overnight beds available and occupied by trust, quarter and sector "
       "(data/README.md)",
       false, [](std::string_view head) { return looks_like_beds_kh03(first_line(head)); },
       &parse_one<BedsKh03, &Dataset::beds_kh03, InputKind::beds_kh03>,
       [](const Dataset& d) { return static_cast<std::int64_t>(d.beds_kh03->size()); }, &beds_kh03_summary},
  };
  return table;
}

const InputFormat& input_format(InputKind kind) {
  for (const InputFormat& f : input_formats())
    if (f.value == kind) return f;
  return input_formats().front();  // unreachable: every enumerator has an entry (tested)
}

std::string_view input_kind_name(InputKind kind) {
  return enum_name(input_formats(), kind);
}

std::optional<InputKind> parse_input_kind(std::string_view name) {
  return enum_value(input_formats(), name);
}

std::string input_kind_names() {
  return names_or(input_formats());
}

const InputFormat* detect_input_format(std::string_view content) {
  const std::string_view head = content.substr(0, 64 * 1024);
  for (const InputFormat& f : input_formats())
    if (f.detect(head)) return &f;
  return nullptr;
}

std::string unrecognised_file_message() {
  std::vector<std::string> items;
  for (const InputFormat& f : input_formats())
    items.push_back(fmt::format("{} ({})", f.label, f.recognised_by));
  std::vector<std::string_view> views(items.begin(), items.end());
  return "not a recognised file: expected " + join_or(views);
}

Dataset parse_input(const std::vector<InputFile>& raw_files, const ReadOptions& options) {
  if (raw_files.empty()) throw InputError("no file to read");
  // Compressed inputs (.csv.gz, the .zip of an extract) are decoded once here, so that the format is
  // recognised from the text; the readers' own decode_input is then a no-op.
  std::vector<std::string> decoded_text;
  std::vector<InputFile> decoded;
  const bool any_compressed = std::any_of(raw_files.begin(), raw_files.end(), [](const InputFile& f) {
    return detect_compression(f.content) != Compression::none;
  });
  if (any_compressed) {
    decoded_text.reserve(raw_files.size());
    for (const InputFile& f : raw_files) decoded_text.push_back(decode_input(std::string(f.content), f.name));
    for (size_t i = 0; i < raw_files.size(); ++i) decoded.push_back({raw_files[i].name, decoded_text[i]});
  }
  const std::vector<InputFile>& files = any_compressed ? decoded : raw_files;
  const InputFormat* format = options.as ? &input_format(*options.as) : nullptr;
  if (format == nullptr) {
    for (const InputFile& file : files) {
      const InputFormat* detected = detect_input_format(file.content);
      if (detected == nullptr)
        throw InputError(SourceLocation{file.name, 1, 1, {}}, unrecognised_file_message());
      if (format != nullptr && detected != format)
        throw InputError(fmt::format("{}: all files of one dataset must be of the same kind ({})", file.name,
                                     format->name));
      format = detected;
    }
  }
  if (!format->multi_file && files.size() != 1)
    throw InputError(fmt::format("{} dataset is one file", format->label));
  return format->parse(files, options);
}

}  // namespace elective::data
