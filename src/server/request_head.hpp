#pragma once
// The request head as the connection front end (http_server.hpp) needs it before cpp-httplib parses the
// request: where the head ends and how long the body is, so that a worker thread is given a request only once
// its head is complete and the body is read up to its length and no further.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace elective::server {

struct RequestHead {
  std::size_t end = 0;  // bytes of the head, its closing blank line included
  std::string method;
  std::string path;  // the request target without its query string
  bool chunked = false;
  std::uint64_t content_length = 0;  // 0 also when absent: a request without a length has no body
  std::string problem;               // non-empty: malformed framing (answer 400 and close)
  bool has_body() const { return chunked || content_length > 0; }
};

// The head at the start of `buffer`, or nullopt while its closing "\r\n\r\n" has not arrived.
std::optional<RequestHead> scan_request_head(std::string_view buffer);

}  // namespace elective::server
