#pragma once
// Where a run's data come from. A scenario names files (start.data, [simulation.population] patients,
// tfc_mix_from) or, on the server, stored datasets; a DataSource decides what may be named (the path policy)
// and hands out parsed Datasets, each read and parsed at most once per source: calibration, drivers, history
// and simulation all share it.
//
//   - FileDataSource (the CLI): relative names resolve against the current folder, then the scenario's
//     folder, then the bundled data folder ($ELECTIVE_DATA_DIR, else the build's data/); only regular files
//     are read (never a device, folder or pipe), within the byte layer's limits (data/input_file.hpp).
//   - The server's source (src/server/job_runners.cpp): stored datasets by id, bundled data files by name,
//     nothing else; already parsed by the dataset service, so a job never parses a stored file again.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "data/input_file.hpp"
#include "data/input_formats.hpp"

namespace elective::data {

// What a name resolved to.
struct DataRef {
  std::string name;  // as written (messages use this, never a server path)
  std::string key;   // the source's identity for it: a file path, or "dataset:ID"
  bool empty() const { return key.empty(); }
};


class DataSource {
 public:
  virtual ~DataSource() = default;

  // The path policy: the file `name` (as written in a scenario or on the command line) if it may be read and
  // is there, else nullopt. Never reads the file.
  virtual std::optional<DataRef> find(const std::string& name) const = 0;
  // As find, but an InputError at `where` (naming `key`) when the name is not allowed or not there. The
  // message never says whether a path exists outside what the policy allows.
  virtual DataRef resolve(const std::string& name, const SourceLocation& where,
                          std::string_view key) const = 0;
  // A stored dataset (`start.dataset = ID`). Only the server has stored datasets.
  virtual DataRef resolve_dataset(std::int64_t id, const SourceLocation& where, std::string_view key) const;

  // The parsed dataset: read and parsed on the first call, shared afterwards (options.patients are part of
  // what is cached; options.as is checked against what was parsed).
  std::shared_ptr<const Dataset> open(const DataRef& ref, const ReadOptions& options = {});

 protected:
  // Reads and parses (called at most once per ref and patient-list options).
  virtual std::shared_ptr<const Dataset> load(const DataRef& ref, const ReadOptions& options) = 0;

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const Dataset>> cache_;
};

// The command line's source.
class FileDataSource : public DataSource {
 public:
  // `base_dir`: the scenario's folder (empty: none). `data_dirs`: the bundled data folders (default:
  // bundled_data_dirs()).
  explicit FileDataSource(std::string base_dir = {}, std::optional<std::vector<std::string>> data_dirs = {});

  std::optional<DataRef> find(const std::string& name) const override;
  DataRef resolve(const std::string& name, const SourceLocation& where, std::string_view key) const override;

 protected:
  std::shared_ptr<const Dataset> load(const DataRef& ref, const ReadOptions& options) override;

 private:
  std::string base_dir_;
  std::vector<std::string> data_dirs_;
};

// $ELECTIVE_DATA_DIR (when set), then the data/ folder of the source tree the program was built from.
std::vector<std::string> bundled_data_dirs();

// A text the user named directly (a scenario file, also `<(...)` or /dev/stdin): read whatever it is, but
// never more than max_bytes (InputError beyond); a folder is an IoError.
std::string read_bounded(const std::string& path, std::uint64_t max_bytes);

}  // namespace elective::data
