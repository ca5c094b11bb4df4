#pragma once
// A command-line data source that counts how often each file is actually read and parsed, for the tests that
// every input file is opened once per command (the cache in DataSource::open sits above load()).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "data/data_source.hpp"

namespace elective::test_support {

class CountingFileSource : public data::FileDataSource {
 public:
  using data::FileDataSource::FileDataSource;

  // Reads of each resolved file path.
  std::map<std::string, int> loads() const {
    std::lock_guard lock(mutex_);
    return loads_;
  }
  int total() const {
    int n = 0;
    for (const auto& [path, count] : loads()) n += count;
    return n;
  }

 protected:
  std::shared_ptr<const data::Dataset> load(const data::DataRef& ref,
                                            const data::ReadOptions& options) override {
    {
      std::lock_guard lock(mutex_);
      ++loads_[ref.key];
    }
    return data::FileDataSource::load(ref, options);
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int> loads_;
};

// Each file read exactly once, and these files (by name) only.
inline void expect_each_once(const CountingFileSource& files, const std::vector<std::string>& names) {
  const auto loads = files.loads();
  EXPECT_EQ(loads.size(), names.size());
  for (const auto& [path, count] : loads) {
    EXPECT_EQ(count, 1) << path;
    const std::string file = std::filesystem::path(path).filename().string();
    EXPECT_NE(std::find(names.begin(), names.end(), file), names.end()) << path;
  }
}

}  // namespace elective::test_support
