// The error path every route shares (issue 8): a 500 never carries an exception's text to the client - it
// goes to the server log - while input errors keep their message.
#include <gtest/gtest.h>

#include <new>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "server/routes.hpp"

namespace elective::server {
namespace {

struct Outcome {
  int status;
  std::string error;
  std::vector<std::string> log;
  std::string retry_after;
};

void throw_out_of_range() {
  const auto value = nlohmann::json::parse("[1]");
  FAIL() << value.at(5).dump();
}

void throw_parse_error() {
  const auto value = nlohmann::json::parse("{not json");
  FAIL() << value.dump();
}

template <typename Throw>
Outcome run(Throw thrower) {
  Outcome out;
  const auto handler = guarded([&out](const std::string& line) { out.log.push_back(line); },
                               [&](const httplib::Request&, httplib::Response&) { thrower(); });
  httplib::Request req;
  httplib::Response res;
  handler(req, res);
  out.status = res.status;
  out.error = nlohmann::json::parse(res.body)["error"].get<std::string>();
  out.retry_after = res.get_header_value("Retry-After");
  return out;
}

TEST(RouteErrors, A500NeverCarriesTheExceptionText) {
  const std::string secret =
      "cannot open /srv/elective/private/patients.csv: database disk image is malformed";
  for (const auto& outcome :
       {run([&] { throw RuntimeError(secret); }), run([&] { throw IoError(secret); }),
        run([&] { throw std::runtime_error(secret); }), run([] { throw std::bad_alloc(); }),
        run([] { throw 42; }), run([] { throw_out_of_range(); })}) {
    EXPECT_EQ(outcome.status, 500);
    EXPECT_EQ(outcome.error, "internal error");
    ASSERT_EQ(outcome.log.size(), 1u);
    EXPECT_EQ(outcome.log[0].rfind("internal error: ", 0), 0u);
  }
  const auto logged = run([&] { throw IoError(secret); });
  EXPECT_NE(logged.log[0].find(secret), std::string::npos);  // the details stay in the server log
}

TEST(RouteErrors, ClientErrorsKeepTheirMessage) {
  auto outcome = run([] { throw InputError("scenario: horizon.until: missing"); });
  EXPECT_EQ(outcome.status, 400);
  EXPECT_EQ(outcome.error, "scenario: horizon.until: missing");
  EXPECT_TRUE(outcome.log.empty());
  outcome = run([] { throw HttpError{404, "no dataset 7"}; });
  EXPECT_EQ(outcome.status, 404);
  EXPECT_EQ(outcome.error, "no dataset 7");
  outcome = run([] { throw_parse_error(); });
  EXPECT_EQ(outcome.status, 400);
  EXPECT_EQ(outcome.error.rfind("invalid JSON", 0), 0u);
  outcome = run([] { throw CancelledError(); });
  EXPECT_EQ(outcome.status, 409);
  outcome = run([] { throw HttpError{503, "busy"}; });
  EXPECT_EQ(outcome.status, 503);
  EXPECT_EQ(outcome.retry_after, "2");
}

}  // namespace
}  // namespace elective::server
