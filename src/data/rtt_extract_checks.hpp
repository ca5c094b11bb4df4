#pragma once
// Checks of a whole RTT Full CSV extract after its rows are read (internal to the data module: used by the
// parser and by RttExtract::append), and the reader's reference path for tests.
#include <cstddef>
#include <string>
#include <string_view>

#include "data/rtt_extract.hpp"

namespace elective::data {

// Throws InputError naming both places when a row from `first_new` on repeats the (month, provider,
// commissioner, part, treatment function) of an earlier row. Rows before `first_new` are known to be unique.
void check_unique_rows(const RttExtract& x, std::size_t first_new);

// RttExtract::parse with its fast row scan turned off, every row read through the CSV tokenizer: the
// reference that tests and the fuzzer hold the fast scan to (the same extract, or the same error message).
RttExtract parse_rtt_extract_by_tokenizer(std::string_view text, const std::string& file);

}  // namespace elective::data
