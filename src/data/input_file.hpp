#pragma once
// The one way readers get a file's bytes. `read_input_file` accepts files as NHS England publishes them -
// plain `.csv`, gzip (`.csv.gz`) and the `.zip` of a Full CSV extract - so that users never unpack by hand,
// and enforces the limits of data/input_limits.hpp: only regular files (not a directory, device or pipe), a
// maximum size on disk, and a maximum size and expansion ratio after decompression (a decompression bomb
// fails early with a clear message instead of exhausting memory).
//
// The format is recognised by content (gzip and zip magic bytes), never by the file name, so a `.csv.gz`
// uploaded under any name works too: `decode_input` is called by each reader's parse() on the text it is
// given, and is a no-op (no copy) for plain text.
#include <cstdint>
#include <string>
#include <string_view>

#include "data/input_limits.hpp"

namespace elective::data {

struct InputLimits {
  std::uint64_t max_file_bytes = kMaxInputFileBytes;
  std::uint64_t max_text_bytes = kMaxInputTextBytes;
  std::uint64_t max_expansion_ratio = kMaxExpansionRatio;
  std::uint64_t expansion_allowance = kExpansionAllowance;
};

enum class Compression { none, gzip, zip };
// By magic bytes: 1f 8b (gzip), "PK\3\4" or "PK\5\6" (zip).
Compression detect_compression(std::string_view bytes);

// The raw bytes of a regular file, not decoded. Throws InputError naming the file when it is not a regular
// file or is larger than the limit, IoError when it cannot be opened or read.
std::string read_file(const std::string& path);
std::string read_file(const std::string& path, const InputLimits& limits);

// The text of an input: `bytes` itself when it is not compressed, else the decompressed content (a zip must
// hold exactly one file, or one `.csv` file besides folders and macOS metadata). Throws InputError naming
// `file` for corrupt or truncated compressed data, an archive with no or several CSV files, an encrypted
// entry, or text over the limits.
std::string decode_input(std::string bytes, const std::string& file, const InputLimits& limits = {});

// read_file + decode_input: what every reader's load() uses.
std::string read_input_file(const std::string& path, const InputLimits& limits = {});

// The text of an input file for the large readers (a national month, the provider months file): a plain file
// is mapped read-only, so that its bytes reach the parser without a copy through a fresh buffer (at national
// size the kernel's copy and the buffer's page faults were a fifth of parse + summarise); a compressed one is
// decoded as by read_input_file. The same checks and errors as read_file. The view lives as long as this
// object. Mapping relies on the file not being truncated while it is read: the inputs are the user's own data
// files and the server's private upload copies, never files another process rewrites in place.
class InputText {
 public:
  static InputText load(const std::string& path, const InputLimits& limits = {});
  InputText(InputText&& other) noexcept;
  InputText& operator=(InputText&&) = delete;
  InputText(const InputText&) = delete;
  InputText& operator=(const InputText&) = delete;
  ~InputText();
  std::string_view view() const {
    return mapped_ != nullptr ? std::string_view(mapped_, mapped_size_) : owned_;
  }

 private:
  InputText() = default;
  const char* mapped_ = nullptr;
  std::size_t mapped_size_ = 0;
  std::string owned_;
};

}  // namespace elective::data
