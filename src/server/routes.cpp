#include "server/routes.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace elective::server {

void respond_to_exception(const LogLine& log, httplib::Response& res, std::exception_ptr error) {
  const auto internal = [&](const std::string& what) {
    if (log) log("internal error: " + what);
    send_error(res, 500, "internal error");
  };
  try {
    if (error) std::rethrow_exception(error);
    internal("unknown");
  } catch (const HttpError& e) {
    if (e.status == 503) res.set_header("Retry-After", "2");
    send_error(res, e.status, e.message);
  } catch (const Error& e) {
    switch (e.category()) {
      case ErrorCategory::input:
        send_error(res, 400, e.what());
        break;
      case ErrorCategory::cancelled:
        send_error(res, 409, e.what());
        break;
      default:
        internal(e.what());
    }
  } catch (const nlohmann::json::parse_error& e) {
    send_error(res, 400, std::string("invalid JSON: ") + e.what());
  } catch (const std::exception& e) {
    internal(e.what());
  } catch (...) {
    internal("unknown exception");
  }
}

httplib::Server::Handler guarded(LogLine log, Handler handler) {
  return [log = std::move(log), handler = std::move(handler)](const httplib::Request& req,
                                                              httplib::Response& res) {
    try {
      handler(req, res);
    } catch (...) {
      respond_to_exception(log, res, std::current_exception());
    }
  };
}

httplib::Server::HandlerWithContentReader guarded(LogLine log, ReaderHandler handler) {
  return [log = std::move(log), handler = std::move(handler)](
             const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    try {
      handler(req, res, reader);
    } catch (...) {
      respond_to_exception(log, res, std::current_exception());
    }
  };
}

}  // namespace elective::server
