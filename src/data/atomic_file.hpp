#pragma once
// Output files are written atomically: content goes to a temporary file in the same folder, is flushed to
// disk, and is renamed over the target, so a reader never sees half a file and a failure leaves nothing.
// Several files that belong together (a `--out DIR`) are written as one unit by data::OutputSet
// (data/output_set.hpp).
#include <string>
#include <string_view>

namespace elective::data {

// Throws IoError naming the path on failure; the temporary file is removed.
void write_file_atomically(const std::string& path, std::string_view content);

// Creates a directory (and parents) if missing; throws IoError on failure.
void ensure_directory(const std::string& path);

}  // namespace elective::data
