#include "server/dataset_service.hpp"

#include <algorithm>
#include <filesystem>

#include "core/error.hpp"
#include "data/csv.hpp"

namespace elective::server {
std::string safe_file_name(const std::string& name) {
  std::string base = name;
  const auto slash = base.find_last_of("/\\");
  if (slash != std::string::npos) base = base.substr(slash + 1);
  for (char& c : base) {
    const bool ok =
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == ' ';
    if (!ok) c = '_';
  }
  if (base.empty() || base == "." || base == "..") base = "upload.csv";
  if (base.size() > 200) base = base.substr(base.size() - 200);
  return base;
}

std::optional<store::DatasetKind> detect_dataset_kind(std::string_view content) {
  // A .csv.gz or .zip upload is recognised by its text (the readers' limits apply to the decompression).
  if (data::detect_compression(content) != data::Compression::none) {
    const std::string text = data::decode_input(std::string(content), "upload");
    return detect_dataset_kind(text);
  }
  const data::InputFormat* format = data::detect_input_format(content);
  if (format == nullptr) return std::nullopt;
  return format->value;
}

store::DatasetInfo DatasetService::import_files(const std::string& name,
                                                std::optional<store::DatasetKind> kind,
                                                std::vector<UploadedFile> files, const Progress& progress,
                                                bool bundled) {
  if (files.empty()) throw InputError("no file uploaded: send the file(s) as multipart form field \"file\"");
  store::ImportRequest request;
  for (auto& file : files) {
    file.name = safe_file_name(file.name);
    if (file.content.empty()) throw InputError(file.name + ": the file is empty");
    const auto detected = detect_dataset_kind(file.content);
    if (!detected) throw InputError(SourceLocation{file.name, 1, 1, {}}, data::unrecognised_file_message());
    if (kind && *kind != *detected)
      throw InputError(SourceLocation{file.name, 1, 1, {}},
                       "the file looks like " + store::to_string(*detected) +
                           " data but kind=" + store::to_string(*kind) + " was asked for");
    if (request.files.empty())
      request.kind = *detected;
    else if (request.kind != *detected)
      throw InputError(file.name + ": all files of one dataset must be of the same kind (" +
                       store::to_string(request.kind) + ")");
    request.files.push_back({file.name, std::move(file.content)});
  }

  // Parse everything before writing anything: an invalid file is a 400 and the store is untouched. The parse
  // is kept for the dataset's queries and jobs.
  progress.throw_if_cancelled();
  std::vector<data::InputFile> inputs;
  for (const auto& file : request.files) inputs.push_back({file.name, file.content});
  data::ReadOptions options;
  options.as = request.kind;
  auto parsed = std::make_shared<const data::Dataset>(data::parse_input(inputs, options));
  const data::InputFormat& format = data::input_format(request.kind);
  request.rows = format.rows(*parsed);
  request.summary = format.summary(*parsed);
  request.bundled = bundled;
  request.name = name.empty() ? request.files.front().name : name;
  if (request.name.size() > 200) request.name.resize(200);
  const auto id = store_.import_dataset(request, progress);
  invalidate_list();
  keep(id, std::move(parsed));
  auto info = store_.find_dataset(id);
  if (!info) throw IoError("database: the imported dataset disappeared");
  return *info;
}

int DatasetService::load_bundled(const std::string& data_dir) {
  if (store_.meta("bundled_loaded")) return 0;
  int loaded = 0;
  const std::pair<const char*, const char*> bundled[] = {
      {"rtt_national_timeseries.csv", "England RTT time series (NHS England, Apr 2007 - Jun 2025)"},
      {"rtt_full_2024-11_RBD.csv", "RTT Full CSV, November 2024, Dorset County Hospital (RBD)"},
  };
  for (const auto& [file, title] : bundled) {
    const auto path = (std::filesystem::path(data_dir) / file).string();
    if (!std::filesystem::exists(path)) continue;
    std::vector<UploadedFile> files{{file, data::read_file(path)}};
    const auto kind = detect_dataset_kind(files.front().content);
    import_files(title, kind, std::move(files), {}, true);
    ++loaded;
  }
  store_.set_meta("bundled_loaded", store::utc_now_iso());
  return loaded;
}

void DatasetService::keep(std::int64_t id, std::shared_ptr<const data::Dataset> parsed) {
  std::promise<std::shared_ptr<const data::Dataset>> promise;
  promise.set_value(std::move(parsed));
  std::lock_guard lock(mutex_);
  cache_[id] = promise.get_future().share();
  touch(id);
}

std::shared_ptr<const data::Dataset> DatasetService::dataset(std::int64_t id) {
  Parsed future;
  std::promise<std::shared_ptr<const data::Dataset>> promise;
  bool owner = false;
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(id);
    if (it != cache_.end()) {
      future = it->second;
    } else {
      future = promise.get_future().share();
      cache_.emplace(id, future);
      owner = true;
    }
    touch(id);
  }
  if (owner) {
    try {
      const auto info = store_.find_dataset(id);
      if (!info) throw InputError("dataset " + std::to_string(id) + " does not exist");
      const auto files = store_.dataset_files(id);
      if (files.empty()) throw IoError("dataset " + std::to_string(id) + " has no file");
      std::vector<data::InputFile> inputs;
      for (const auto& file : files) inputs.push_back({file.name, file.content});
      data::ReadOptions options;
      options.as = info->kind;
      promise.set_value(std::make_shared<const data::Dataset>(data::parse_input(inputs, options)));
    } catch (...) {
      promise.set_exception(std::current_exception());
      std::lock_guard lock(mutex_);
      cache_.erase(id);  // let a later request try again
    }
  }
  return future.get();
}

void DatasetService::touch(std::int64_t id) {
  last_used_[id] = ++clock_;
  while (last_used_.size() > kMaxParsed) {
    auto oldest = last_used_.begin();
    for (auto it = last_used_.begin(); it != last_used_.end(); ++it)
      if (it->second < oldest->second) oldest = it;
    if (oldest->first == id) break;
    cache_.erase(oldest->first);
    last_used_.erase(oldest);
  }
}

namespace {
template <typename T>
std::shared_ptr<const T> member_of(const std::shared_ptr<const data::Dataset>& d,
                                   const std::shared_ptr<const T>& member, std::int64_t id,
                                   data::InputKind kind) {
  if (!member)
    throw InputError("dataset " + std::to_string(id) + " is " + store::to_string(d->kind) +
                     " data; this needs " + store::to_string(kind) + " data");
  return member;
}
}  // namespace

std::shared_ptr<const data::RttExtract> DatasetService::rtt(std::int64_t id) {
  const auto d = dataset(id);
  return member_of(d, d->rtt, id, data::InputKind::rtt);
}

std::shared_ptr<const data::NationalSeries> DatasetService::national(std::int64_t id) {
  const auto d = dataset(id);
  return member_of(d, d->national, id, data::InputKind::national);
}

std::shared_ptr<const data::PatientList> DatasetService::patient_list(std::int64_t id) {
  const auto d = dataset(id);
  return member_of(d, d->patients, id, data::InputKind::patient_list);
}

void DatasetService::invalidate_list() {
  std::lock_guard lock(mutex_);
  list_cache_.reset();
}

std::vector<store::DatasetInfo> DatasetService::list() {
  {
    std::lock_guard lock(mutex_);
    if (list_cache_) return *list_cache_;
  }
  auto fresh = store_.list_datasets();
  std::lock_guard lock(mutex_);
  list_cache_ = fresh;
  return fresh;
}

std::optional<store::DatasetInfo> DatasetService::find(std::int64_t id) {
  for (auto& info : list())
    if (info.id == id) return info;
  return std::nullopt;
}

std::optional<store::DatasetInfo> DatasetService::default_dataset(store::DatasetKind kind) {
  std::optional<store::DatasetInfo> newest;
  for (auto& info : list())
    if (info.kind == kind) newest = std::move(info);
  return newest;
}

store::DatasetInfo DatasetService::resolve(const std::optional<std::string>& id_text,
                                           store::DatasetKind kind) {
  if (!id_text || id_text->empty()) {
    auto info = default_dataset(kind);
    if (!info) throw InputError("no " + store::to_string(kind) + " dataset is loaded: upload one first");
    return *info;
  }
  const auto id = data::parse_int64(*id_text);
  if (!id || *id <= 0)
    throw InputError("dataset: expected a dataset id (a positive whole number), got \"" + *id_text + "\"");
  auto info = find(*id);
  if (!info) throw InputError("dataset " + *id_text + " does not exist");
  if (info->kind != kind)
    throw InputError("dataset " + *id_text + " is " + store::to_string(info->kind) + " data; this needs " +
                     store::to_string(kind) + " data");
  return *info;
}

bool DatasetService::remove(std::int64_t id) {
  const bool removed = store_.delete_dataset(id);
  std::lock_guard lock(mutex_);
  list_cache_.reset();
  cache_.erase(id);
  last_used_.erase(id);
  return removed;
}

nlohmann::json dataset_json(const store::DatasetInfo& info) {
  nlohmann::json out = {{"id", info.id},
                        {"name", info.name},
                        {"kind", store::to_string(info.kind)},
                        {"created_at", info.created_at},
                        {"bytes", info.bytes},
                        {"rows", info.rows},
                        {"bundled", info.bundled},
                        {"files", info.files},
                        {"summary", info.summary}};
  return out;
}

}  // namespace elective::server
