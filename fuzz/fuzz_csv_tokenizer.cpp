// The CSV tokenizer (data::CsvReader) on arbitrary bytes: records and fields must stay inside the input,
// every reported position must be a real line and column, and errors must be InputErrors.
#include <cstdlib>
#include <string>
#include <vector>

#include "data/csv.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  elective::fuzz::expect_only_input_errors([&] {
    elective::data::CsvLimits limits;
    limits.max_field_bytes = 512;  // small limits so that the limit paths are reached too
    limits.max_record_bytes = 2048;
    limits.max_fields = 64;
    elective::data::CsvReader reader(text, "fuzz.csv", limits);
    std::vector<std::string_view> fields;
    std::int64_t previous_line = 0;
    while (reader.next(fields)) {
      if (reader.line() <= previous_line || reader.line() < 1) std::abort();
      previous_line = reader.line();
      if (fields.empty() || fields.size() > limits.max_fields) std::abort();
      for (size_t i = 0; i < fields.size(); ++i) {
        if (reader.column_of(i) < 1 || fields[i].size() > limits.max_field_bytes) std::abort();
        // Unquoted fields are views into the input; force a read of every byte for ASan.
        volatile char sink = 0;
        for (char c : fields[i]) sink = static_cast<char>(sink ^ c);
        (void)elective::data::parse_double(fields[i]);
        (void)elective::data::parse_int64(fields[i]);
      }
    }
  });
  return 0;
}
