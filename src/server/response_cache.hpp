#pragma once
// Compressed JSON of answers that do not change, kept in memory: e.g. /api/national for one dataset and range
// (a stored dataset never changes; its id is never reused). Made once - the JSON, gzip and Brotli - then sent
// as it is (issue 13: rebuilding and Brotli-compressing the 122 kB series took up to 1.65 s per request). The
// oldest entries are dropped beyond a count; clear() drops everything (after a dataset is deleted).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "server/compression.hpp"

namespace elective::server {

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_entries = 64) : max_entries_(max_entries) {}
  // The cached body for `key`, made by `make` (returning the JSON text) when missing.
  std::shared_ptr<const EncodedBody> get(const std::string& key, const std::function<std::string()>& make);
  void clear();
  std::size_t size() const;

 private:
  struct Entry {
    std::uint64_t stamp = 0;
    std::shared_ptr<const EncodedBody> body;
  };
  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::uint64_t clock_ = 0;
};

}  // namespace elective::server
