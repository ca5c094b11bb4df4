// /api/datasets: list, one, delete, upload.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "data/csv.hpp"
#include "server/dataset_service.hpp"
#include "server/response_cache.hpp"
#include "server/routes.hpp"
#include "server/server.hpp"
#include "server/upload_budget.hpp"

namespace elective::server {
namespace {

// Form fields other than files ("name", "kind") are short.
constexpr std::size_t kMaxFieldBytes = 1000;

std::optional<std::uint64_t> content_length(const httplib::Request& req) {
  if (!req.has_header("Content-Length")) return std::nullopt;
  const auto value = data::parse_int64(req.get_header_value("Content-Length"));
  if (!value || *value < 0) throw HttpError{400, "Content-Length: expected a whole number of bytes"};
  return static_cast<std::uint64_t>(*value);
}

struct Upload {
  std::vector<UploadedFile> files;
  std::string name;
  std::optional<std::string> kind;
};

// Receives the body straight into the files' buffers (one copy of each file in memory, reserved up front from
// Content-Length), instead of the library's body string, its multipart copy and a third copy for the import.
Upload receive_upload(const httplib::Request& req, httplib::Response& res,
                      const httplib::ContentReader& reader, std::uint64_t expected) {
  Upload upload;
  std::uint64_t received = 0;
  bool ok = true;
  if (req.is_multipart_form_data()) {
    std::string* target = nullptr;
    bool field = false;
    ok = reader(
        [&](const httplib::MultipartFormData& part) {
          field = part.filename.empty();
          if (!field) {
            upload.files.push_back({part.filename, {}});
            upload.files.back().content.reserve(static_cast<size_t>(expected - std::min(expected, received)));
            target = &upload.files.back().content;
          } else if (part.name == "name") {
            target = &upload.name;
          } else if (part.name == "kind") {
            upload.kind.emplace();
            target = &*upload.kind;
          } else {
            target = nullptr;  // other fields are ignored
          }
          return true;
        },
        [&](const char* data, size_t size) {
          received += size;
          if (target == nullptr) return true;
          if (field && target->size() + size > kMaxFieldBytes) return false;
          target->append(data, size);
          return true;
        });
    if (upload.kind && upload.kind->empty()) upload.kind.reset();
  } else {
    UploadedFile file{param(req, "filename").value_or("upload.csv"), {}};
    file.content.reserve(static_cast<size_t>(expected));
    ok = reader([&](const char* data, size_t size) {
      file.content.append(data, size);
      return true;
    });
    if (!file.content.empty()) upload.files.push_back(std::move(file));
    upload.name = param(req, "name").value_or("");
    upload.kind = param(req, "kind");
  }
  if (!ok) {
    if (res.status == 413) throw HttpError{413, "request body too large"};
    throw HttpError{400, "upload: the request body is incomplete or not valid multipart/form-data"};
  }
  return upload;
}

}  // namespace

void add_dataset_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/datasets", guarded(context.log, [&context](const httplib::Request&, httplib::Response& res) {
             nlohmann::json list = nlohmann::json::array();
             for (const auto& info : context.datasets.list()) list.push_back(dataset_json(info));
             send_json(res, {{"datasets", list}});
           }));
  http.Get(R"(/api/datasets/(\d+))",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             auto info = context.datasets.find(parse_id(req.matches[1], "dataset id"));
             if (!info) throw HttpError{404, "no dataset " + std::string(req.matches[1])};
             send_json(res, dataset_json(*info));
           }));
  http.Delete(R"(/api/datasets/(\d+))",
              guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
                const auto id = parse_id(req.matches[1], "dataset id");
                if (!context.datasets.remove(id)) throw HttpError{404, "no dataset " + std::to_string(id)};
                context.responses.clear();
                send_json(res, {{"deleted", id}});
              }));
  // Upload: multipart/form-data with one or more file fields (any field name; "file" by convention) and
  // optional "name" and "kind" fields; or a raw text/csv body with ?name=&kind= query parameters. The upload
  // memory budget is reserved before the body is read (503 with Retry-After when it is spent).
  http.Post(
      "/api/datasets", guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res,
                                                       const httplib::ContentReader& reader) {
        const auto length = content_length(req);
        const std::uint64_t expected = length ? *length : context.config.max_body_bytes;
        if (expected == 0)
          throw HttpError{400, "no file: send multipart/form-data with a \"file\" field, or a CSV body"};
        const auto reservation =
            context.uploads.try_reserve(static_cast<std::size_t>(expected) * kUploadMemoryPerByte);
        if (!reservation)
          throw HttpError{503,
                          fmt::format("the server is receiving other uploads and has no upload memory left "
                                      "for this one ({} MiB in use of {} MiB); try again in a few seconds",
                                      context.uploads.in_use() >> 20, context.uploads.limit() >> 20)};
        auto upload = receive_upload(req, res, reader, expected);
        if (upload.files.empty())
          throw HttpError{400, "no file: send multipart/form-data with a \"file\" field, or a CSV body"};
        std::optional<store::DatasetKind> kind;
        if (upload.kind) {
          kind = store::parse_dataset_kind(*upload.kind);
          if (!kind)
            throw HttpError{400,
                            "kind: expected rtt, national or patient_list, got \"" + *upload.kind + "\""};
        }
        const auto info = context.datasets.import_files(upload.name, kind, std::move(upload.files));
        context.log(fmt::format("imported dataset {} ({}, {} rows)", info.id, store::to_string(info.kind),
                                info.rows));
        res.set_header("Location", "/api/datasets/" + std::to_string(info.id));
        send_json(res, dataset_json(info), 201);
      }));
}

}  // namespace elective::server
