#pragma once
// A command-line data source that counts how often each file is actually read and parsed, for the tests that
// every input file is opened once per command (the cache in DataSource::open sits above load()).
#include <map>
#include <memory>
#include <mutex>
#include <string>

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

}  // namespace elective::test_support
