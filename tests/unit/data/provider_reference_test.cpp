#include "data/provider_reference.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "data/input_formats.hpp"

namespace elective::data {
namespace {

using ::testing::HasSubstr;

const std::string kProviders =
    "provider_code,provider_name,region_code,region_name,icb_code,icb_name,postcode,lat,lon,source_of_"
    "location\n"
    "RBD,DORSET COUNTY HOSPITAL,Y58,South West,QVV,NHS DORSET ICB,DT1 2JY,50.71,-2.45,nhs_website_site\n"
    "8KL73,Endocare Diagnostics,Y62,North West,,,,,,\n";

const std::string kLookup =
    "provider_parent_code,provider_parent_name,provider_code,provider_name,commissioner_parent_code,"
    "commissioner_parent_name,commissioner_code,commissioner_name,region_code,region_name\n"
    "QVV,NHS DORSET ICB,RBD,DORSET,QVV,NHS DORSET ICB,11J,NHS DORSET,Y58,South West\n"
    "QVV,NHS DORSET ICB,RBD,DORSET,,,13Q,NATIONAL HUB,Y58,South West\n";

template <class T>
std::string error_of(const std::string& text) {
  try {
    (void)T::parse(text, "f.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ProviderReference, Parses) {
  const auto ref = ProviderReference::parse(kProviders, "p.csv");
  ASSERT_EQ(ref.size(), 2u);
  const ProviderInfo* rbd = ref.find("RBD");
  ASSERT_NE(rbd, nullptr);
  EXPECT_EQ(rbd->icb_code, "QVV");
  EXPECT_DOUBLE_EQ(*rbd->lat, 50.71);
  EXPECT_FALSE(ref.find("8KL73")->lat.has_value());
  EXPECT_TRUE(ref.find("8KL73")->icb_code.empty());
  EXPECT_EQ(ref.find("XXX"), nullptr);
}

TEST(ProviderReference, BadInput) {
  auto replace = [](std::string t, const std::string& from, const std::string& to) {
    return t.replace(t.find(from), from.size(), to);
  };
  EXPECT_THAT(error_of<ProviderReference>(replace(kProviders, "50.71", "95")), HasSubstr("f.csv:2:"));
  EXPECT_THAT(error_of<ProviderReference>(replace(kProviders, "50.71", "nan")),
              HasSubstr("expected a latitude"));
  EXPECT_THAT(error_of<ProviderReference>(replace(kProviders, "-2.45", "")), HasSubstr("both lat and lon"));
  EXPECT_THAT(error_of<ProviderReference>(replace(kProviders, "8KL73", "RBD")),
              HasSubstr("duplicate provider RBD"));
  EXPECT_THAT(error_of<ProviderReference>(replace(kProviders, "icb_code,", "icb,")),
              HasSubstr("missing column 'icb_code'"));
  EXPECT_THAT(error_of<ProviderReference>(replace(kProviders, "Endocare Diagnostics,", "")),
              HasSubstr("f.csv:3:"));
}

TEST(CommissionerLookup, ParsesAndRejectsDuplicatePairs) {
  const auto lookup = CommissionerLookup::parse(kLookup, "l.csv");
  ASSERT_EQ(lookup.size(), 2u);
  EXPECT_EQ(lookup.provider_count(), 1u);
  EXPECT_EQ(lookup.commissioner_count(), 2u);
  EXPECT_TRUE(lookup.links()[1].commissioner_parent_code.empty());
  std::string dup = kLookup;
  dup.replace(dup.find("13Q"), 3, "11J");
  EXPECT_THAT(error_of<CommissionerLookup>(dup), HasSubstr("f.csv:3:"));
  EXPECT_THAT(error_of<CommissionerLookup>(dup),
              HasSubstr("duplicate provider x commissioner pair RBD x 11J"));
  EXPECT_THAT(error_of<CommissionerLookup>(kLookup.substr(0, kLookup.find('\n') + 1)),
              HasSubstr("no data rows"));
}

TEST(ProviderReference, RegisteredAsInputFormats) {
  EXPECT_EQ(parse_input({{"p.csv", kProviders}}).kind, InputKind::providers);
  const auto d = parse_input({{"l.csv", kLookup}});
  EXPECT_EQ(d.kind, InputKind::commissioner_lookup);
  EXPECT_EQ(input_format(d.kind).summary(d)["commissioners"], 2);
}

}  // namespace
}  // namespace elective::data
