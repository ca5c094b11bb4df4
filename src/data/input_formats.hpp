#pragma once
// The input-format registry: every kind of data file Elective reads (NHS England RTT Full CSV extracts, the
// RTT national time series, patient-level lists), each with its name, help text, how it is recognised from
// its first bytes, how it is parsed and how it is summarised. Format detection lives here and nowhere else:
// scenario data sources (data_source.hpp), the CLI and the server's uploads all go through
// detect_input_format / parse_input, and a parsed Dataset is then shared by everything that uses it.
//
// Adding a format: its reader (src/data/<format>.{hpp,cpp}), an enumerator and a Dataset member here, and an
// entry in input_formats.cpp.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/beds_kh03.hpp"
#include "data/cancer_cwt.hpp"
#include "data/dm01.hpp"
#include "data/national_series.hpp"
#include "data/patient_list.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"
#include "data/rtt_extract.hpp"
#include "data/sickness_absence.hpp"
#include "data/workforce.hpp"

namespace elective::data {

// provider_months, providers, commissioner_lookup: the provider-level RTT files (issue 11); dm01,
// cwt_provider, cwt_national: diagnostics and cancer waiting times (issue 12); workforce_fte,
// workforce_total, sickness_absence, beds_kh03: what capacity is made of (issue 16).
enum class InputKind : std::uint8_t {
  rtt,
  national,
  patient_list,
  provider_months,      // RTT pathways by provider, specialty and calendar months waited
  providers,            // provider reference: names, regions, ICBs, locations
  commissioner_lookup,  // provider -> commissioner -> ICB -> region
  dm01,                 // diagnostics waiting list by provider and test, weekly bands
  cwt_provider,         // cancer waiting times by provider, standard, route, cancer type
  cwt_national,         // national monthly cancer waiting times
  workforce_fte,        // staff FTE by organisation, month and staff group (the staff-group tree)
  workforce_total,      // total staff FTE by organisation and month, 2009 onwards
  sickness_absence,     // FTE days lost to sickness and available, by organisation and month
  beds_kh03,            // overnight beds available and occupied by trust, quarter and sector
};

// A parsed dataset: one file, or several files of one format (months of RTT extracts), read and parsed once.
// Exactly the member of its kind is set.
struct Dataset {
  InputKind kind = InputKind::rtt;
  std::string source;  // file name(s), for messages
  std::shared_ptr<const RttExtract> rtt;
  std::shared_ptr<const NationalSeries> national;
  std::shared_ptr<const PatientList> patients;
  std::shared_ptr<const ProviderMonths> provider_months;
  std::shared_ptr<const ProviderReference> providers;
  std::shared_ptr<const CommissionerLookup> commissioner_lookup;
  std::shared_ptr<const Dm01List> dm01;
  std::shared_ptr<const CwtProvider> cwt_provider;
  std::shared_ptr<const CwtNational> cwt_national;
  std::shared_ptr<const WorkforceFte> workforce_fte;
  std::shared_ptr<const WorkforceTotal> workforce_total;
  std::shared_ptr<const SicknessAbsence> sickness_absence;
  std::shared_ptr<const BedsKh03> beds_kh03;
};

// What changes the result of a parse.
struct ReadOptions {
  std::optional<InputKind> as;  // parse as this format without detection (its reader then says what is wrong)
  PatientListOptions patients;
};

struct InputFile {
  std::string name;  // for messages
  std::string_view content;
};

struct InputFormat {
  InputKind value;
  std::string_view name;           // "rtt", "national", "patient_list": the API's dataset kinds
  std::string_view label;          // "an NHS England RTT Full CSV extract"
  std::string_view recognised_by;  // what detection looks for, for "not a recognised file"
  std::string_view help;
  bool multi_file = false;  // whether one dataset may hold several files of it
  bool (*detect)(std::string_view head) = nullptr;
  Dataset (*parse)(const std::vector<InputFile>& files, const ReadOptions& options) = nullptr;
  std::int64_t (*rows)(const Dataset& dataset) = nullptr;
  nlohmann::json (*summary)(const Dataset& dataset) = nullptr;  // public, aggregate-only (GET /api/datasets)
};

const std::vector<InputFormat>& input_formats();
const InputFormat& input_format(InputKind kind);
std::string_view input_kind_name(InputKind kind);
std::optional<InputKind> parse_input_kind(std::string_view name);
// "rtt, national or patient_list"
std::string input_kind_names();

// The format of a file from its first bytes (a byte-order mark and banner lines allowed); nullptr for none.
const InputFormat* detect_input_format(std::string_view content);
// "not a recognised file: expected an NHS England RTT Full CSV extract (...), ... or ..."
std::string unrecognised_file_message();
// Parses files as options.as, or as the format detected from the first file. Throws InputError naming the
// file when it is of no known format, when files of one dataset differ in format, or when the reader rejects
// it.
Dataset parse_input(const std::vector<InputFile>& files, const ReadOptions& options = {});

}  // namespace elective::data
