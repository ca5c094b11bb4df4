#include "data/input_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace elective::data {
namespace {

std::string mib(std::uint64_t bytes) {
  return fmt::format("{:.0f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

std::string_view kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a pipe";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

InputError whole_file_error(const std::string& file, const std::string& message) {
  return InputError(SourceLocation{file, 0, 0, {}}, message);
}

// The most text a compressed input of `compressed` bytes may expand to.
std::uint64_t text_limit(std::uint64_t compressed, const InputLimits& limits) {
  const std::uint64_t ratio = std::max<std::uint64_t>(limits.max_expansion_ratio, 1);
  const bool overflows = compressed > (UINT64_MAX - limits.expansion_allowance) / ratio;
  const std::uint64_t by_ratio = overflows ? UINT64_MAX : compressed * ratio + limits.expansion_allowance;
  return std::min(limits.max_text_bytes, by_ratio);
}

[[noreturn]] void too_much_text(const std::string& file, std::uint64_t compressed,
                                const InputLimits& limits) {
  const std::uint64_t limit = text_limit(compressed, limits);
  if (limit == limits.max_text_bytes) {
    throw whole_file_error(file, fmt::format("decompressed content is larger than the limit of {} (expected "
                                             "an input of at most {} of text)",
                                             mib(limit), mib(limit)));
  }
  throw whole_file_error(
      file, fmt::format("decompressed content is more than {} times its compressed size of {} bytes (a "
                        "decompression bomb, not a published data file)",
                        limits.max_expansion_ratio, compressed));
}

std::string gunzip(std::string_view bytes, const std::string& file, const InputLimits& limits) {
  const std::uint64_t limit = text_limit(bytes.size(), limits);
  z_stream z{};
  // 15 + 16: a gzip wrapper only (zlib or raw deflate streams are not published files).
  if (inflateInit2(&z, 15 + 16) != Z_OK) throw RuntimeError(fmt::format("{}: cannot start zlib", file));
  std::unique_ptr<z_stream, void (*)(z_stream*)> guard(&z, [](z_stream* s) { inflateEnd(s); });
  std::string out;
  out.reserve(static_cast<size_t>(std::min<std::uint64_t>(limit, std::uint64_t{bytes.size()} * 8 + 4096)));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = 0;
  size_t offset = 0;  // bytes handed to zlib so far
  char buffer[1 << 16];
  while (true) {
    if (z.avail_in == 0 && offset < bytes.size()) {
      const size_t chunk = std::min<size_t>(bytes.size() - offset, 1u << 30);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + offset));
      z.avail_in = static_cast<uInt>(chunk);
      offset += chunk;
    }
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    const int rc = inflate(&z, Z_NO_FLUSH);
    const size_t got = sizeof buffer - z.avail_out;
    if (out.size() + got > limit) too_much_text(file, bytes.size(), limits);
    out.append(buffer, got);
    if (rc == Z_STREAM_END) {
      // A gzip file may hold several members one after another (as `cat a.gz b.gz` makes): read them all.
      if (z.avail_in == 0 && offset >= bytes.size()) break;
      if (inflateReset(&z) != Z_OK) throw RuntimeError(fmt::format("{}: cannot restart zlib", file));
      continue;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0 && offset >= bytes.size()) {
      throw whole_file_error(file,
                             "truncated gzip data (the file ends before the compressed stream does; "
                             "expected a complete .gz file)");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      throw whole_file_error(file, fmt::format("corrupt gzip data ({}; expected a valid .gz file)",
                                               z.msg != nullptr ? z.msg : "inflate failed"));
    }
  }
  return out;
}

bool is_metadata_entry(std::string_view name) {
  return name.empty() || name.back() == '/' || name.rfind("__MACOSX/", 0) == 0 ||
         name.find("/._") != std::string_view::npos || name.rfind("._", 0) == 0 ||
         name.find(".DS_Store") != std::string_view::npos;
}

bool ends_with_csv(std::string_view name) {
  if (name.size() < 4) return false;
  std::string tail(name.substr(name.size() - 4));
  std::transform(tail.begin(), tail.end(), tail.begin(),
                 [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return tail == ".csv";
}

// A name from an archive, safe to print on one line.
std::string printable(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 120)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
  return out;
}

std::string unzip(std::string_view bytes, const std::string& file, const InputLimits& limits) {
  const std::uint64_t limit = text_limit(bytes.size(), limits);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    throw RuntimeError(fmt::format("{}: cannot open the zip archive", file));
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    throw whole_file_error(file, fmt::format("not a readable zip archive ({}; expected the .zip of an NHS "
                                             "England CSV file)",
                                             why));
  }
  zip_error_fini(&error);
  std::unique_ptr<zip_t, void (*)(zip_t*)> guard(archive, [](zip_t* a) { zip_discard(a); });

  // The one data file: the only entry besides folders and macOS metadata, or the only .csv among several.
  std::vector<zip_uint64_t> candidates;
  std::vector<zip_uint64_t> csvs;
  const zip_int64_t n = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    if (name == nullptr || is_metadata_entry(name)) continue;
    candidates.push_back(static_cast<zip_uint64_t>(i));
    if (ends_with_csv(name)) csvs.push_back(static_cast<zip_uint64_t>(i));
  }
  zip_uint64_t index = 0;
  if (candidates.size() == 1) {
    index = candidates.front();
  } else if (csvs.size() == 1) {
    index = csvs.front();
  } else if (candidates.empty()) {
    throw whole_file_error(file, "the zip archive holds no file (expected one CSV file)");
  } else {
    std::string names;
    for (size_t i = 0; i < candidates.size() && i < 5; ++i)
      names += (i ? ", " : "") + printable(zip_get_name(archive, candidates[i], 0));
    if (candidates.size() > 5) names += ", ...";
    throw whole_file_error(file, fmt::format("the zip archive holds {} files ({}); expected exactly one CSV "
                                             "file",
                                             candidates.size(), names));
  }
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive, index, 0, &st) != 0) {
    throw whole_file_error(file, "cannot read the zip archive's directory (expected a valid .zip file)");
  }
  const std::string entry = printable(st.name != nullptr ? st.name : "");
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    throw whole_file_error(file, fmt::format("'{}' in the zip archive is encrypted (expected an unencrypted "
                                             "archive as NHS England publishes)",
                                             entry));
  }
  if ((st.valid & ZIP_STAT_SIZE) && st.size > limit) too_much_text(file, bytes.size(), limits);
  zip_file_t* f = zip_fopen_index(archive, index, 0);
  if (f == nullptr) {
    throw whole_file_error(file, fmt::format("cannot read '{}' in the zip archive ({}; expected a valid .zip "
                                             "file)",
                                             entry, zip_strerror(archive)));
  }
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> fguard(f, &zip_fclose);
  std::string out;
  if (st.valid & ZIP_STAT_SIZE) out.reserve(static_cast<size_t>(st.size));
  char buffer[1 << 16];
  while (true) {
    const zip_int64_t got = zip_fread(f, buffer, sizeof buffer);
    if (got < 0) {
      throw whole_file_error(file,
                             fmt::format("corrupt data for '{}' in the zip archive ({}; expected a valid "
                                         ".zip file)",
                                         entry, zip_file_strerror(f)));
    }
    if (got == 0) break;
    if (out.size() + static_cast<std::uint64_t>(got) > limit) too_much_text(file, bytes.size(), limits);
    out.append(buffer, static_cast<size_t>(got));
  }
  return out;
}

}  // namespace

Compression detect_compression(std::string_view bytes) {
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
      static_cast<unsigned char>(bytes[1]) == 0x8b)
    return Compression::gzip;
  if (bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K' &&
      ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6)))
    return Compression::zip;
  return Compression::none;
}

std::string read_file(const std::string& path) {
  return read_file(path, InputLimits{});
}

std::string read_file(const std::string& path, const InputLimits& limits) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) throw IoError(fmt::format("{}: cannot open file: {}", path, std::strerror(errno)));
  std::unique_ptr<int, void (*)(int*)> guard(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  });
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    throw IoError(fmt::format("{}: cannot read file: {}", path, std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) {
    throw whole_file_error(path, fmt::format("{}, not a file (expected a CSV file)", kind_of(st.st_mode)));
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > limits.max_file_bytes) {
    throw whole_file_error(path, fmt::format("the file is {} bytes, more than the limit of {} (expected an "
                                             "input of at most {})",
                                             size, mib(limits.max_file_bytes), mib(limits.max_file_bytes)));
  }
  // Opened non-blocking so that a FIFO could not hang the open; a regular file reads normally.
  std::string content;
  content.resize(static_cast<size_t>(size));
  size_t got = 0;
  while (true) {
    if (got == content.size()) {
      // The file may have grown since fstat: read on, within the limit.
      if (content.size() >= limits.max_file_bytes) {
        char probe = 0;
        const ssize_t more = ::read(fd, &probe, 1);
        if (more == 0) break;
        if (more > 0) {
          throw whole_file_error(path, fmt::format("the file grew past the limit of {} while being read",
                                                   mib(limits.max_file_bytes)));
        }
        if (errno == EINTR) continue;
        throw IoError(fmt::format("{}: read failed: {}", path, std::strerror(errno)));
      }
      content.resize(std::min<std::uint64_t>(limits.max_file_bytes, content.size() + (1 << 16)));
    }
    const ssize_t n = ::read(fd, content.data() + got, content.size() - got);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(fmt::format("{}: read failed: {}", path, std::strerror(errno)));
    }
    got += static_cast<size_t>(n);
  }
  content.resize(got);
  return content;
}

std::string decode_input(std::string bytes, const std::string& file, const InputLimits& limits) {
  switch (detect_compression(bytes)) {
    case Compression::none:
      return bytes;
    case Compression::gzip:
    case Compression::zip: {
      std::string text = detect_compression(bytes) == Compression::gzip ? gunzip(bytes, file, limits)
                                                                        : unzip(bytes, file, limits);
      // One layer only: a compressed file inside a compressed file is not how anything is published, and
      // unpacking layer after layer would multiply the expansion limit.
      if (detect_compression(text) != Compression::none) {
        throw whole_file_error(file,
                               "the compressed file holds another compressed file (expected CSV text "
                               "inside one .gz or .zip)");
      }
      return text;
    }
  }
  return bytes;
}

std::string read_input_file(const std::string& path, const InputLimits& limits) {
  return decode_input(read_file(path, limits), path, limits);
}

InputText InputText::load(const std::string& path, const InputLimits& limits) {
  InputText text;
  {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    struct stat st {};
    const bool mappable = fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
                          static_cast<std::uint64_t>(st.st_size) <= limits.max_file_bytes;
    // MAP_POPULATE: the whole file is read through anyway, and mapping its pages in one call costs less than
    // a page fault for every few pages as the parser reaches them.
    void* map = mappable ? ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ,
                                  MAP_PRIVATE | MAP_POPULATE, fd, 0)
                         : MAP_FAILED;
    if (fd >= 0) ::close(fd);
    if (map != MAP_FAILED) {
      ::madvise(map, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
      text.mapped_ = static_cast<const char*>(map);
      text.mapped_size_ = static_cast<size_t>(st.st_size);
      if (detect_compression(text.view()) == Compression::none) return text;
      text.owned_ = decode_input(std::string(text.view()), path, limits);
      ::munmap(map, text.mapped_size_);
      text.mapped_ = nullptr;
      text.mapped_size_ = 0;
      return text;
    }
  }
  // Anything that cannot be mapped (an empty file, a directory, a device, a file over the limit, an open
  // error) takes the ordinary path, which names the problem.
  text.owned_ = read_input_file(path, limits);
  return text;
}

InputText::InputText(InputText&& other) noexcept
    : mapped_(std::exchange(other.mapped_, nullptr)),
      mapped_size_(std::exchange(other.mapped_size_, 0)),
      owned_(std::move(other.owned_)) {}

InputText::~InputText() {
  if (mapped_ != nullptr) ::munmap(const_cast<char*>(mapped_), mapped_size_);
}

}  // namespace elective::data
