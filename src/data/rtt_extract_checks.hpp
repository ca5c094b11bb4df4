#pragma once
// Checks of a whole RTT Full CSV extract after its rows are read (internal to the data module: used by the
// parser and by RttExtract::append).
#include <cstddef>

#include "data/rtt_extract.hpp"

namespace elective::data {

// Throws InputError naming both places when a row from `first_new` on repeats the (month, provider,
// commissioner, part, treatment function) of an earlier row. Rows before `first_new` are known to be unique.
void check_unique_rows(const RttExtract& x, std::size_t first_new);

}  // namespace elective::data
