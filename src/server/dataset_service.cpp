#include "server/dataset_service.hpp"

#include <algorithm>
#include <filesystem>

#include "core/error.hpp"
#include "data/csv.hpp"

namespace elective::server {
namespace {

std::string first_line(std::string_view content) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  const auto end = content.find_first_of("\r\n");
  return std::string(content.substr(0, end));
}

bool looks_like_patient_list(std::string_view content) {
  const std::string header = first_line(content);
  return header.find("patient_id") != std::string::npos && header.find("pathway_id") != std::string::npos &&
         header.find("snapshot_date") != std::string::npos;
}

nlohmann::json rtt_summary(const data::RttExtract& extract) {
  nlohmann::json months = nlohmann::json::array();
  for (const auto& month : extract.months()) months.push_back(month.to_string());
  nlohmann::json providers = nlohmann::json::array();
  for (const auto& code : extract.providers())
    providers.push_back({{"code", code}, {"name", extract.provider_name(code)}});
  nlohmann::json tfcs = nlohmann::json::array();
  for (const auto& code : extract.tfcs()) tfcs.push_back({{"code", code}, {"name", extract.tfc_name(code)}});
  nlohmann::json commissioners = nlohmann::json::array();
  for (const auto& code : extract.commissioners())
    commissioners.push_back({{"code", code}, {"name", extract.commissioner_name(code)}});
  return {{"months", months}, {"providers", providers}, {"tfcs", tfcs}, {"commissioners", commissioners}};
}

nlohmann::json national_summary(const data::NationalSeries& series) {
  nlohmann::json summary = nlohmann::json::object();
  if (series.size() > 0) {
    summary["first_month"] = series.months().front().to_string();
    summary["last_month"] = series.months().back().to_string();
  }
  return summary;
}

}  // namespace

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
  if (data::looks_like_national_series(first_line(content))) return store::DatasetKind::national;
  if (looks_like_patient_list(content)) return store::DatasetKind::patient_list;
  if (data::looks_like_rtt_extract(content)) return store::DatasetKind::rtt;
  return std::nullopt;
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
    if (!detected)
      throw InputError(
          SourceLocation{file.name, 1, 1, {}},
          "not a recognised file: expected an NHS England RTT Full CSV extract (a header with "
          "\"Provider Org Code\"), the RTT national time series (\"month\", \"incomplete_total\") or "
          "a patient-level list (\"snapshot_date\", \"patient_id\", \"pathway_id\", ...)");
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

  // Parse everything before writing anything: an invalid file is a 400 and the store is untouched.
  switch (request.kind) {
    case store::DatasetKind::rtt: {
      data::RttExtract combined;
      for (const auto& file : request.files) {
        progress.throw_if_cancelled();
        combined.append(data::RttExtract::parse(file.content, file.name));
      }
      request.rows = static_cast<std::int64_t>(combined.size());
      request.summary = rtt_summary(combined);
      break;
    }
    case store::DatasetKind::national: {
      if (request.files.size() != 1) throw InputError("a national time series dataset is one file");
      const auto series =
          data::NationalSeries::parse(request.files.front().content, request.files.front().name);
      request.rows = static_cast<std::int64_t>(series.size());
      request.summary = national_summary(series);
      break;
    }
    case store::DatasetKind::patient_list: {
      if (request.files.size() != 1) throw InputError("a patient-level list dataset is one file");
      // The reader rejects rows with bad dates, duplicates or real NHS numbers; its report carries counts and
      // line numbers only (never identifiers), so it is safe to keep in the public summary.
      const auto list = data::parse_patient_list(request.files.front().content, request.files.front().name);
      request.rows = static_cast<std::int64_t>(list.report.rows_read);
      request.summary = {{"snapshot_date", format_iso_date(list.snapshot)},
                         {"open_pathways", list.size()},
                         {"providers", list.providers},
                         {"tfcs", list.tfcs},
                         {"report", list.report.to_json()}};
      break;
    }
  }
  request.bundled = bundled;
  request.name = name.empty() ? request.files.front().name : name;
  if (request.name.size() > 200) request.name.resize(200);
  const auto id = store_.import_dataset(request, progress);
  invalidate_list();
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

template <typename T, typename Parse>
std::shared_ptr<const T> DatasetService::cached(
    std::map<std::int64_t, std::shared_future<std::shared_ptr<const T>>>& cache, std::int64_t id,
    Parse parse) {
  std::shared_future<std::shared_ptr<const T>> future;
  std::promise<std::shared_ptr<const T>> promise;
  bool owner = false;
  {
    std::lock_guard lock(mutex_);
    auto it = cache.find(id);
    if (it != cache.end()) {
      future = it->second;
    } else {
      future = promise.get_future().share();
      cache.emplace(id, future);
      owner = true;
    }
    touch(id);
  }
  if (owner) {
    try {
      promise.set_value(parse());
    } catch (...) {
      promise.set_exception(std::current_exception());
      std::lock_guard lock(mutex_);
      cache.erase(id);  // let a later request try again
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
    rtt_cache_.erase(oldest->first);
    national_cache_.erase(oldest->first);
    patient_cache_.erase(oldest->first);
    last_used_.erase(oldest);
  }
}

std::shared_ptr<const data::RttExtract> DatasetService::rtt(std::int64_t id) {
  return cached<data::RttExtract>(rtt_cache_, id, [&] {
    data::RttExtract combined;
    for (auto& file : store_.dataset_files(id))
      combined.append(data::RttExtract::parse(file.content, file.name));
    return std::make_shared<const data::RttExtract>(std::move(combined));
  });
}

std::shared_ptr<const data::NationalSeries> DatasetService::national(std::int64_t id) {
  return cached<data::NationalSeries>(national_cache_, id, [&] {
    auto files = store_.dataset_files(id);
    if (files.empty()) throw IoError("dataset " + std::to_string(id) + " has no file");
    return std::make_shared<const data::NationalSeries>(
        data::NationalSeries::parse(files.front().content, files.front().name));
  });
}

std::shared_ptr<const data::PatientList> DatasetService::patient_list(std::int64_t id) {
  return cached<data::PatientList>(patient_cache_, id, [&] {
    auto files = store_.dataset_files(id);
    if (files.empty()) throw IoError("dataset " + std::to_string(id) + " has no file");
    return std::make_shared<const data::PatientList>(
        data::parse_patient_list(files.front().content, files.front().name));
  });
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
  rtt_cache_.erase(id);
  national_cache_.erase(id);
  patient_cache_.erase(id);
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
