// The byte layer every reader uses (data::decode_input): gzip and zip archives, corrupt or truncated ones,
// and decompression bombs must give an InputError or the text, never a crash or unbounded memory. Limits are
// small here so that the limit paths are reached.
#include <cstdlib>
#include <string>
#include <vector>

#include "data/csv.hpp"
#include "data/input_file.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = elective::fuzz::as_text(data, size);
  elective::fuzz::expect_only_input_errors([&] {
    using namespace elective::data;
    InputLimits limits;
    limits.max_text_bytes = 1 << 20;
    limits.max_expansion_ratio = 200;
    limits.expansion_allowance = 64 << 10;
    const std::string text = decode_input(std::string(bytes), "fuzz.bin", limits);
    if (text.size() > limits.max_text_bytes) std::abort();
    if (detect_compression(bytes) != Compression::none && detect_compression(text) != Compression::none)
      std::abort();  // one layer only
    CsvReader reader(text, "fuzz.bin");
    std::vector<std::string_view> fields;
    while (reader.next(fields)) {
    }
  });
  return 0;
}
