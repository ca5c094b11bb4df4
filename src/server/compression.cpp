#include "server/compression.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/error.hpp"

namespace elective::server {
namespace {

constexpr const char* kAcceptEncodingCopy = "X-Elective-Accept-Encoding";

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

void replace_header(httplib::Response& res, const std::string& key, const std::string& value) {
  res.headers.erase(key);
  res.set_header(key, value);
}

void add_vary(httplib::Response& res) {
  if (!res.has_header("Vary")) res.set_header("Vary", "Accept-Encoding");
}

}  // namespace

Qualities accepted_encodings(std::string_view header) {
  double gzip_q = -1, br_q = -1, star_q = -1;
  size_t start = 0;
  while (start <= header.size()) {
    auto end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    auto item = trim(header.substr(start, end - start));
    double q = 1;
    if (const auto semi = item.find(';'); semi != std::string_view::npos) {
      const auto params = lower(trim(item.substr(semi + 1)));
      item = trim(item.substr(0, semi));
      if (params.rfind("q=", 0) == 0) q = std::strtod(params.c_str() + 2, nullptr);
    }
    const auto name = lower(item);
    if (name == "gzip" || name == "x-gzip") gzip_q = q;
    if (name == "br") br_q = q;
    if (name == "*") star_q = q;
    start = end + 1;
  }
  return {gzip_q < 0 ? std::max(0.0, star_q) : gzip_q, br_q < 0 ? std::max(0.0, star_q) : br_q};
}

ContentEncoding preferred_encoding(std::string_view header) {
  const auto q = accepted_encodings(header);
  if (q.br > 0 && q.br >= q.gzip) return ContentEncoding::br;
  if (q.gzip > 0) return ContentEncoding::gzip;
  return ContentEncoding::identity;
}

std::string gzip_compress(std::string_view data, int level) {
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw RuntimeError("gzip: cannot start the compressor");
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw RuntimeError("gzip: compression failed");
  return out;
}

std::string brotli_compress(std::string_view data, int quality) {
  std::string out(BrotliEncoderMaxCompressedSize(data.size()), '\0');
  size_t size = out.size();
  if (out.empty() || !BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                                            reinterpret_cast<const uint8_t*>(data.data()), &size,
                                            reinterpret_cast<uint8_t*>(out.data())))
    throw RuntimeError("brotli: compression failed");
  out.resize(size);
  return out;
}

bool is_compressible(std::string_view content_type) {
  const auto type = lower(content_type.substr(0, content_type.find(';')));
  return type.rfind("text/", 0) == 0 || type == "application/json" || type == "application/javascript" ||
         type == "application/yaml" || type == "image/svg+xml" || type == "application/xml" ||
         type == "image/x-icon";
}

EncodedBody EncodedBody::make(std::string body, std::string content_type, int gzip_level,
                              int brotli_quality) {
  EncodedBody out;
  out.content_type = std::move(content_type);
  out.identity = std::move(body);
  if (out.identity.size() >= 256 && is_compressible(out.content_type)) {
    out.gzip = gzip_compress(out.identity, gzip_level);
    if (out.gzip.size() >= out.identity.size()) out.gzip.clear();
    out.br = brotli_compress(out.identity, brotli_quality);
    if (out.br.size() >= out.identity.size()) out.br.clear();
  }
  return out;
}

void send_encoded(const httplib::Request& req, httplib::Response& res, const EncodedBody& body, int status) {
  res.status = status;
  if (!body.gzip.empty() || !body.br.empty()) add_vary(res);
  auto q = accepted_encodings(accept_encoding(req));
  if (req.has_header("Range")) q = {0, 0};
  const bool br = q.br > 0 && !body.br.empty();
  const bool gzip = q.gzip > 0 && !body.gzip.empty();
  if (br && (!gzip || q.br >= q.gzip)) {
    replace_header(res, "Content-Encoding", "br");
    res.set_content(body.br, body.content_type.c_str());
  } else if (gzip) {
    replace_header(res, "Content-Encoding", "gzip");
    res.set_content(body.gzip, body.content_type.c_str());
  } else {
    res.set_content(body.identity, body.content_type.c_str());
  }
}

void hide_accept_encoding(httplib::Request& req) {
  const auto value = req.get_header_value("Accept-Encoding");
  req.headers.erase(kAcceptEncodingCopy);
  req.headers.erase("Accept-Encoding");
  if (!value.empty()) req.set_header(kAcceptEncodingCopy, value);
}

std::string accept_encoding(const httplib::Request& req) {
  return req.get_header_value(kAcceptEncodingCopy);
}

void compress_response(const httplib::Request& req, httplib::Response& res) {
  if (res.status != 200 || res.has_header("Content-Encoding") || res.body.size() < 1024 ||
      !is_compressible(res.get_header_value("Content-Type")))
    return;
  add_vary(res);
  if (accepted_encodings(accept_encoding(req)).gzip <= 0) return;
  auto compressed = gzip_compress(res.body, 4);
  if (compressed.size() >= res.body.size()) return;
  res.body = std::move(compressed);
  replace_header(res, "Content-Encoding", "gzip");
  replace_header(res, "Content-Length", std::to_string(res.body.size()));
}

}  // namespace elective::server
