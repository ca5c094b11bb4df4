#include "data/csv.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>

namespace elective::data {

std::string read_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw IoError(fmt::format("{}: cannot open file: {}", path, std::strerror(errno)));
  std::string content;
  // Size the buffer once from the file size (regular files), so that a national-size extract is read with one
  // allocation and no copies; the loop still handles pipes and files that grow while being read.
  if (std::fseek(f.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(f.get());
    std::rewind(f.get());
    if (size > 0) {
      content.resize(static_cast<size_t>(size));
      const size_t got = std::fread(content.data(), 1, content.size(), f.get());
      content.resize(got);
    }
  }
  char buffer[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f.get())) > 0) content.append(buffer, n);
  if (std::ferror(f.get())) throw IoError(fmt::format("{}: read failed", path));
  return content;
}

CsvReader::CsvReader(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
  if (text_.size() >= 3 && static_cast<unsigned char>(text_[0]) == 0xEF &&
      static_cast<unsigned char>(text_[1]) == 0xBB && static_cast<unsigned char>(text_[2]) == 0xBF) {
    pos_ = 3;
  }
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  field_columns_.clear();
  unescaped_.clear();
  const size_t n = text_.size();
  // Skip blank lines between records.
  while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= n) return false;
  record_line_ = line_;
  size_t line_start = pos_;
  const char* data = text_.data();
  while (true) {
    field_columns_.push_back(static_cast<std::int64_t>(pos_ - line_start) + 1);
    if (pos_ < n && data[pos_] == '"') {
      // Quoted field.
      const size_t start = pos_ + 1;
      size_t i = start;
      bool has_escape = false;
      while (true) {
        const void* q = std::memchr(data + i, '"', n - i);
        if (q == nullptr) {
          throw InputError(where(fields.size()), "unterminated quoted field (a closing '\"' was expected)");
        }
        const size_t qpos = static_cast<size_t>(static_cast<const char*>(q) - data);
        for (size_t j = i; j < qpos; ++j) {
          if (data[j] == '\n') {
            ++line_;
            line_start = j + 1;
          }
        }
        if (qpos + 1 < n && data[qpos + 1] == '"') {
          has_escape = true;
          i = qpos + 2;
          continue;
        }
        i = qpos;
        break;
      }
      std::string_view raw(data + start, i - start);
      if (has_escape) {
        std::string s;
        s.reserve(raw.size());
        for (size_t j = 0; j < raw.size(); ++j) {
          s.push_back(raw[j]);
          if (raw[j] == '"') ++j;  // skip the second quote of ""
        }
        unescaped_.push_back(std::move(s));
        fields.emplace_back(unescaped_.back());
      } else {
        fields.push_back(raw);
      }
      pos_ = i + 1;  // after closing quote
      if (pos_ < n && data[pos_] != ',' && data[pos_] != '\n' && data[pos_] != '\r') {
        throw InputError(SourceLocation{file_, line_, static_cast<std::int64_t>(pos_ - line_start) + 1, {}},
                         "unexpected character after a closing quote (expected ',' or end of line)");
      }
    } else {
      size_t i = pos_;
      while (i < n && data[i] != ',' && data[i] != '\n' && data[i] != '\r') ++i;
      fields.emplace_back(data + pos_, i - pos_);
      pos_ = i;
    }
    if (pos_ >= n) {
      unterminated_ = true;
      return true;
    }
    const char c = data[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    // End of record: \n, \r\n or a lone \r.
    if (c == '\r') ++pos_;
    if (pos_ < n && data[pos_] == '\n') ++pos_;
    ++line_;
    unterminated_ = false;
    return true;
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<double> parse_double(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace elective::data
