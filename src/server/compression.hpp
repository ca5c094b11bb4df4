#pragma once
// Response compression done once, not per request (issue 13: cpp-httplib Brotli-compressed the 222 kB script
// and the 122 kB national series at top quality on every request, 0.45-1.65 s to the first byte). The server
// takes Accept-Encoding out of the library's reach as each request arrives (hide_accept_encoding), so the
// library never compresses; static files and unchanging JSON are kept compressed in memory (EncodedBody,
// made once), and other text responses are gzip-compressed at a fast level after routing (compress_response).
#include <string>
#include <string_view>

#include <httplib.h>

namespace elective::server {

enum class ContentEncoding { identity, gzip, br };

// The q-values an Accept-Encoding header gives gzip and br (0: not accepted; "*" stands for both unnamed).
struct Qualities {
  double gzip = 0;
  double br = 0;
};
Qualities accepted_encodings(std::string_view accept_encoding);
// The best encoding the client accepts of br, gzip and identity (q-values honoured: "gzip;q=0" refuses gzip).
ContentEncoding preferred_encoding(std::string_view accept_encoding);
std::string gzip_compress(std::string_view data, int level);
std::string brotli_compress(std::string_view data, int quality);
// Text, JSON, JavaScript, SVG and similar; not images, fonts or archives (already compressed).
bool is_compressible(std::string_view content_type);

// A body in every encoding worth sending (gzip / br empty when they would not be smaller).
struct EncodedBody {
  std::string content_type;
  std::string identity;
  std::string gzip;
  std::string br;
  static EncodedBody make(std::string body, std::string content_type, int gzip_level, int brotli_quality);
  std::size_t memory() const { return identity.size() + gzip.size() + br.size(); }
};

// Answers with `body` in the encoding the request prefers (Content-Encoding, and Vary: Accept-Encoding when
// there is a choice). Ranged requests get the identity encoding.
void send_encoded(const httplib::Request& req, httplib::Response& res, const EncodedBody& body,
                  int status = 200);

// Request hook (before routing): moves Accept-Encoding to an internal header so cpp-httplib does not
// compress.
void hide_accept_encoding(httplib::Request& req);
// The client's Accept-Encoding as it was sent.
std::string accept_encoding(const httplib::Request& req);
// Post-routing hook: gzip (fast level) a 200 text response of 1 KiB or more that is not encoded yet, when the
// client accepts gzip, fixing Content-Length.
void compress_response(const httplib::Request& req, httplib::Response& res);

}  // namespace elective::server
