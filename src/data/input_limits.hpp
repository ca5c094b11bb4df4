#pragma once
// Size and plausibility limits of every reader, in one place (documented in docs/security.md, "Parser
// limits"). Each limit is far above anything NHS England publishes, so that real files never meet one, and
// low enough that a hostile or broken input fails with a clear message instead of exhausting memory.
#include <cstddef>
#include <cstdint>

namespace elective::data {

// Bytes of one file on disk (compressed or not) and of its text after decompression. A national month of the
// RTT Full CSV extract is about 60 MB; a patient-level list of all of England (~7.6 million pathways) about
// 2 GB.
inline constexpr std::uint64_t kMaxInputFileBytes = std::uint64_t{4} << 30;  // 4 GiB
inline constexpr std::uint64_t kMaxInputTextBytes = std::uint64_t{4} << 30;  // 4 GiB
// Decompression-bomb limit: text may be at most this many times the compressed size, once past
// kExpansionAllowance bytes. Real CSV files compress 5-50 times (the bundled extract 20 times); deflate's own
// maximum is about 1,030 times.
inline constexpr std::uint64_t kMaxExpansionRatio = 200;
inline constexpr std::uint64_t kExpansionAllowance = std::uint64_t{64} << 20;  // 64 MiB

// CSV tokenizer: one field, one record (a line, or several when a quoted field spans lines) and the number of
// fields in a record. The widest real layout is the Full CSV extract: 121 columns, about 700 bytes a row.
inline constexpr std::size_t kMaxCsvFieldBytes = 64 * 1024;
inline constexpr std::size_t kMaxCsvRecordBytes = 1024 * 1024;
inline constexpr std::size_t kMaxCsvFields = 1024;

// Data rows per file, by reader (a national month of the Full CSV extract has ~205,000 rows). The national
// series needs none: its months ascend without repeats within the plausible years, so it has at most 1,320.
inline constexpr std::size_t kMaxExtractRows = 50'000'000;
inline constexpr std::size_t kMaxPatientListRows = 100'000'000;
// The provider months layout has ~10,300 rows a month (all providers x 20 specialties x 3 types); the
// provider reference and the commissioner lookup a few thousand in all.
inline constexpr std::size_t kMaxProviderMonthsRows = 10'000'000;
inline constexpr std::size_t kMaxReferenceRows = 1'000'000;

// Plausible calendar range of any month or date in an input (RTT statistics start in 2007; a clock start
// in 1800 or a period in 2199 is a typing error, never a real figure).
inline constexpr int kEarliestPlausibleYear = 1990;
inline constexpr int kLatestPlausibleYear = 2099;

// Largest plausible count in an aggregate file: England's population is about 57 million.
inline constexpr double kMaxPlausibleCount = 1e9;
// Largest plausible wait, in weeks, in a published median or percentile (20 years).
inline constexpr double kMaxPlausibleWaitWeeks = 1040;

}  // namespace elective::data
