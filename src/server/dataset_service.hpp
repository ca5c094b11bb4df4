#pragma once
// Datasets as the server sees them: uploads are detected and parsed through the input-format registry
// (data/input_formats.hpp) *before* anything is stored, then written to the store in one transaction. The
// parse of an upload is kept: queries and jobs use that parsed dataset (parsing a national month takes about
// a second; queries then take milliseconds), and a dataset dropped from the cache is parsed once again even
// when many requests ask at once.
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "data/input_formats.hpp"
#include "data/national_series.hpp"
#include "data/patient_list.hpp"
#include "data/rtt_extract.hpp"
#include "store/store.hpp"

namespace elective::server {

struct UploadedFile {
  std::string name;  // client-supplied file name (only its base name is kept)
  std::string content;
};

// The base name of a client-supplied file name, with anything but [A-Za-z0-9._ -] replaced by '_'.
std::string safe_file_name(const std::string& name);

// Detects what a file is from its content. nullopt when it is none of the known kinds.
std::optional<store::DatasetKind> detect_dataset_kind(std::string_view content);

class DatasetService {
 public:
  explicit DatasetService(store::Store& store) : store_(store) {}

  // Validates and stores an upload. `kind` (optional) must match the detected kind. Throws InputError (400)
  // naming the file, line and column of the first problem. Returns the stored dataset.
  store::DatasetInfo import_files(const std::string& name, std::optional<store::DatasetKind> kind,
                                  std::vector<UploadedFile> files, const Progress& progress = {},
                                  bool bundled = false);

  // Loads the real data bundled in `data_dir` (the RTT national time series and the RTT Full CSV extract)
  // once per store: a flag in the store's meta table records that it was done, so deleting them is respected.
  // Returns the number of datasets loaded.
  int load_bundled(const std::string& data_dir);

  // The parsed dataset (any kind); the typed accessors below check its kind (InputError otherwise).
  std::shared_ptr<const data::Dataset> dataset(std::int64_t id);
  std::shared_ptr<const data::RttExtract> rtt(std::int64_t id);
  std::shared_ptr<const data::NationalSeries> national(std::int64_t id);
  std::shared_ptr<const data::PatientList> patient_list(std::int64_t id);

  // The dataset to use when a request names none: the newest of that kind.
  std::optional<store::DatasetInfo> default_dataset(store::DatasetKind kind);
  // The dataset `id_text` names (a decimal id), checked to be of `kind`; without id_text, the default one.
  // Throws InputError when the id is malformed, unknown or of another kind.
  store::DatasetInfo resolve(const std::optional<std::string>& id_text, store::DatasetKind kind);

  bool remove(std::int64_t id);
  // All datasets, from an in-memory copy refreshed after every import or removal through this service (the
  // listing is asked for on every page; reading it from SQLite and re-parsing summaries each time is waste).
  std::vector<store::DatasetInfo> list();
  std::optional<store::DatasetInfo> find(std::int64_t id);
  store::Store& store() { return store_; }

 private:
  using Parsed = std::shared_future<std::shared_ptr<const data::Dataset>>;
  // Keeps an import's parse, so the first query does not parse the files again.
  void keep(std::int64_t id, std::shared_ptr<const data::Dataset> parsed);

  void invalidate_list();

  store::Store& store_;
  std::mutex mutex_;
  // Least recently used parsed datasets are dropped beyond kMaxParsed (a national month is ~100 MB parsed);
  // requests holding one keep it alive through their shared_ptr.
  static constexpr size_t kMaxParsed = 6;
  void touch(std::int64_t id);
  std::map<std::int64_t, std::uint64_t> last_used_;
  std::uint64_t clock_ = 0;
  std::optional<std::vector<store::DatasetInfo>> list_cache_;
  std::map<std::int64_t, Parsed> cache_;
};

// Public, aggregate-only summary of a dataset for GET /api/datasets.
nlohmann::json dataset_json(const store::DatasetInfo& info);

}  // namespace elective::server
