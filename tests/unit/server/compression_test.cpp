// Pre-compressed answers (issue 13): static files are compressed once and sent in the encoding the browser
// prefers, with Vary and Content-Encoding right and never compressed twice; /api/national is made and
// compressed once per dataset and range.
#include <gtest/gtest.h>

#include <zlib.h>

#include <nlohmann/json.hpp>

#include "data/csv.hpp"
#include "server/compression.hpp"
#include "server/response_cache.hpp"
#include "server/static_files.hpp"
#include "server_test_util.hpp"

namespace elective::server {
namespace {
using testing::RunningServer;

std::string gunzip(const std::string& data) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(data.size() * 50 + 1024, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

// With the HTTP library's own decoder (as a client would decode it).
std::string unbrotli(const std::string& data) {
  httplib::detail::brotli_decompressor decoder;
  std::string out;
  EXPECT_TRUE(decoder.decompress(data.data(), data.size(), [&](const char* chunk, size_t size) {
    out.append(chunk, size);
    return true;
  }));
  return out;
}

TEST(Compression, AcceptEncodingWithQualities) {
  EXPECT_EQ(preferred_encoding("gzip, deflate, br"), ContentEncoding::br);
  EXPECT_EQ(preferred_encoding("gzip"), ContentEncoding::gzip);
  EXPECT_EQ(preferred_encoding("br;q=0, gzip"), ContentEncoding::gzip);
  EXPECT_EQ(preferred_encoding("gzip;q=1.0, br;q=0.5"), ContentEncoding::gzip);
  EXPECT_EQ(preferred_encoding("identity"), ContentEncoding::identity);
  EXPECT_EQ(preferred_encoding(""), ContentEncoding::identity);
  EXPECT_EQ(preferred_encoding("*"), ContentEncoding::br);
  EXPECT_EQ(preferred_encoding("*;q=0"), ContentEncoding::identity);
}

TEST(Compression, EncodedBodyRoundTrips) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "{\"month\": \"2024-06\", \"value\": " + std::to_string(i) + "},";
  const auto body = EncodedBody::make(text, "application/json", 9, 9);
  EXPECT_LT(body.gzip.size(), text.size() / 4);
  EXPECT_LT(body.br.size(), body.gzip.size());
  EXPECT_EQ(gunzip(body.gzip), text);
  EXPECT_EQ(unbrotli(body.br), text);
  const auto image = EncodedBody::make(std::string(4096, 'x'), "image/png", 9, 9);
  EXPECT_TRUE(image.gzip.empty());  // not a compressible type
  EXPECT_TRUE(image.br.empty());
}

TEST(Compression, StaticFilesAreCompressedOnce) {
  const auto dir = std::filesystem::temp_directory_path() / ("elective-static-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "assets");
  {
    std::ofstream out(dir / "assets" / "app-1.js");
    for (int i = 0; i < 1000; ++i) out << "console.log(" << i << ");\n";
  }
  StaticFileCache cache(dir.string());
  EXPECT_EQ(cache.warm(), 1);
  const auto first = cache.get("/assets/app-1.js");
  ASSERT_TRUE(first);
  EXPECT_EQ(cache.get("/assets/app-1.js").get(), first.get());  // the same compressed copy, not made again
  EXPECT_TRUE(first->immutable);
  EXPECT_FALSE(first->body.br.empty());
  EXPECT_EQ(unbrotli(first->body.br), first->body.identity);
  // A rebuilt file is picked up.
  std::ofstream(dir / "assets" / "app-1.js") << "console.log('rebuilt and different in size');\n";
  const auto again = cache.get("/assets/app-1.js");
  ASSERT_TRUE(again);
  EXPECT_NE(again.get(), first.get());
  EXPECT_EQ(again->body.identity, "console.log('rebuilt and different in size');\n");
  EXPECT_FALSE(cache.get("/../etc/passwd"));
  std::filesystem::remove_all(dir);
}

TEST(CompressionLive, StaticAssetsAreServedPreCompressed) {
  ServerConfig config;
  config.load_bundled = false;
  RunningServer server(config, "precompressed");
  const auto original = data::read_file((server.dir() / "static" / "assets" / "big-5678.js").string());
  auto client = server.client();
  client.set_decompress(false);
  for (const auto& [accept, encoding] : std::vector<std::pair<std::string, std::string>>{
           {"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"", ""}}) {
    httplib::Headers headers;
    if (!accept.empty()) headers.emplace("Accept-Encoding", accept);
    auto res = client.Get("/assets/big-5678.js", headers);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Encoding"), encoding) << accept;
    EXPECT_EQ(res->get_header_value("Vary"), "Accept-Encoding");
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(std::to_string(res->body.size()), res->get_header_value("Content-Length"));
    const auto body = encoding == "br"     ? unbrotli(res->body)
                      : encoding == "gzip" ? gunzip(res->body)
                                           : res->body;
    EXPECT_EQ(body, original) << accept;  // compressed exactly once
  }
  // The dashboard page revalidates with its ETag.
  auto res = client.Get("/");
  ASSERT_TRUE(res);
  const auto etag = res->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  res = client.Get("/", {{"If-None-Match", etag}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 304);
}

TEST(CompressionLive, NationalSeriesIsCachedCompressed) {
  RunningServer server(ServerConfig{}, "national-cache");
  auto client = server.client();
  client.set_decompress(false);
  auto identity = client.Get("/api/national");
  ASSERT_TRUE(identity);
  ASSERT_EQ(identity->status, 200);
  EXPECT_TRUE(identity->get_header_value("Content-Encoding").empty());
  const auto months = nlohmann::json::parse(identity->body)["months"];
  EXPECT_GT(months.size(), 100u);
  auto br = client.Get("/api/national", {{"Accept-Encoding", "br, gzip"}});
  ASSERT_TRUE(br);
  EXPECT_EQ(br->get_header_value("Content-Encoding"), "br");
  EXPECT_EQ(unbrotli(br->body), identity->body);
  auto gzip = client.Get("/api/national", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(gzip);
  EXPECT_EQ(gzip->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gunzip(gzip->body), identity->body);
  // Other JSON answers are gzip-compressed after routing when large enough, once.
  auto stats = client.Get("/api/stats?by=tfc", {{"Accept-Encoding", "gzip, br"}});
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->get_header_value("Content-Encoding"), "gzip");
  EXPECT_TRUE(nlohmann::json::parse(gunzip(stats->body)).contains("rows"));
}

TEST(ResponseCache, MakesEachKeyOnceAndDropsTheOldest) {
  ResponseCache cache(2);
  int made = 0;
  const auto make = [&] {
    ++made;
    return std::string("{\"n\": ") + std::to_string(made) + "}";
  };
  const auto a = cache.get("a", make);
  EXPECT_EQ(cache.get("a", make).get(), a.get());
  EXPECT_EQ(made, 1);
  cache.get("b", make);
  cache.get("c", make);
  EXPECT_EQ(cache.size(), 2u);
  cache.get("a", make);  // "a" was the oldest and was dropped
  EXPECT_EQ(made, 4);
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace elective::server
