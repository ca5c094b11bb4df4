#include "server/response_cache.hpp"

#include <algorithm>

namespace elective::server {

std::shared_ptr<const EncodedBody> ResponseCache::get(const std::string& key,
                                                      const std::function<std::string()>& make) {
  {
    std::lock_guard lock(mutex_);
    if (auto found = entries_.find(key); found != entries_.end()) {
      found->second.stamp = ++clock_;
      return found->second.body;
    }
  }
  // Made outside the lock: two requests racing for a new key both make it, and one copy is kept.
  // Brotli quality 9 rather than 11: a new range of the series is asked for while a user waits.
  auto body = std::make_shared<const EncodedBody>(EncodedBody::make(make(), "application/json", 9, 9));
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_) {
    const auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
      return a.second.stamp < b.second.stamp;
    });
    entries_.erase(oldest);
  }
  auto& entry = entries_[key];
  if (!entry.body) entry.body = body;
  entry.stamp = ++clock_;
  return entry.body;
}

void ResponseCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

std::size_t ResponseCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace elective::server
