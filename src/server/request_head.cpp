#include "server/request_head.hpp"

#include <cctype>

namespace elective::server {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

std::optional<RequestHead> scan_request_head(std::string_view buffer) {
  const auto blank = buffer.find("\r\n\r\n");
  if (blank == std::string_view::npos) return std::nullopt;
  RequestHead head;
  head.end = blank + 4;
  const std::string_view text = buffer.substr(0, blank + 2);
  auto line_end = text.find("\r\n");
  const auto request_line = text.substr(0, line_end);
  const auto space = request_line.find(' ');
  head.method = std::string(request_line.substr(0, space));
  if (space != std::string_view::npos) {
    auto target = request_line.substr(space + 1);
    target = target.substr(0, target.find(' '));
    head.path = std::string(target.substr(0, target.find('?')));
  }
  bool has_length = false;
  std::size_t start = line_end + 2;
  while (start < text.size()) {
    line_end = text.find("\r\n", start);
    const auto line = text.substr(start, line_end - start);
    start = line_end + 2;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const auto name = line.substr(0, colon);
    const auto value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      std::uint64_t length = 0;
      bool digits = !value.empty() && value.size() <= 18;
      for (char c : value) {
        if (c < '0' || c > '9') digits = false;
        length = length * 10 + static_cast<std::uint64_t>(c - '0');
      }
      if (!digits) {
        head.problem = "malformed Content-Length";
      } else if (has_length && length != head.content_length) {
        head.problem = "conflicting Content-Length headers";
      }
      has_length = true;
      head.content_length = length;
    } else if (iequals(name, "Transfer-Encoding")) {
      if (iequals(value, "chunked"))
        head.chunked = true;
      else
        head.problem = "unsupported Transfer-Encoding (only chunked)";
    }
  }
  if (head.chunked) head.content_length = 0;  // the chunks' own framing wins (RFC 9112 6.3)
  return head;
}

}  // namespace elective::server
