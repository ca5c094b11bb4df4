// The RTT extract reader takes its common rows through a one-pass scan of the text (parse_row_fast) and any
// other row through the CSV tokenizer (parse_row_general). These tests check that the two agree: the same
// rows written in forms that only the general path reads (quoted or spaced counts, leading zeros, CRLF, blank
// lines, a CR at the end of input) give the same extract, band patterns around the scan's 16-byte blocks give
// the counts written, and errors inside rows the scan would otherwise take name the same line and column.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "data/rtt_extract.hpp"
#include "data/rtt_extract_checks.hpp"

namespace elective::data {
namespace {

using ::testing::HasSubstr;

constexpr int kTop = 104;
constexpr const char* kDescriptiveHeader =
    "Period,Provider Parent Org Code,Provider Parent Name,Provider Org Code,Provider Org Name,"
    "Commissioner Parent Org Code,Commissioner Parent Name,Commissioner Org Code,Commissioner Org Name,"
    "RTT Part Type,RTT Part Description,Treatment Function Code,Treatment Function Name";
constexpr const char* kTotalsHeader = "Total,Patients with unknown clock start date,Total All";

std::string band_header() {
  std::string h;
  for (int k = 0; k < kTop; ++k)
    h += fmt::format("{}Gt {:02d} To {:02d} Weeks SUM 1", k ? "," : "", k, k + 1);
  return h + fmt::format(",Gt {} Weeks SUM 1", kTop);
}

// One row's cells as written: descriptive, bands (kTop + 1 cells), totals.
struct RowCells {
  std::vector<std::string> descriptive, bands, totals;
};

std::string join(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
  return out;
}

// Row `i` of a deterministic file: providers, parts and treatment functions vary; band cells are a mix of one
// digit, several digits (up to nine), blanks and runs of zeros, so that the scan's 8-cell and 16-blank blocks
// start and stop at every offset.
RowCells make_row(int i) {
  static const char* kParts[] = {"Part_1A", "Part_1B", "Part_2", "Part_2A", "Part_3"};
  const std::string part = kParts[i % 5];
  RowCells r;
  r.descriptive = {"RTT-November-2024",
                   "QXX",
                   "PARENT",
                   fmt::format("R{:02d}", i / 40),
                   "\"HOSPITAL, TRUST\"",
                   "Q1",
                   "CP",
                   fmt::format("{:02d}J", (i / 5) % 8),
                   "COMM",
                   part,
                   "desc",
                   fmt::format("C_{}", 100 + i % 5 + 10 * ((i / 5) % 8)),
                   "name"};
  std::uint64_t state = 0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(i + 1);
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(state >> 33);
  };
  for (int k = 0; k <= kTop; ++k) {
    if (part == "Part_3") {
      r.bands.emplace_back();
      continue;
    }
    const std::uint32_t kind = next() % 16;
    if (kind < 9) {
      r.bands.emplace_back("0");
    } else if (kind < 12) {
      r.bands.push_back(std::to_string(next() % 10));
    } else if (kind < 14) {
      r.bands.push_back(std::to_string(next() % 100000));
    } else if (kind < 15) {
      r.bands.push_back(std::to_string(100000000 + next() % 899999999));  // nine digits
    } else {
      r.bands.emplace_back();  // a blank cell among counts
    }
  }
  r.totals = {part == "Part_1A" ? std::to_string(i) : "", std::to_string(i % 7), std::to_string(3 * i)};
  return r;
}

std::string header_line() {
  return std::string(kDescriptiveHeader) + "," + band_header() + "," + kTotalsHeader;
}

std::string line_of(const RowCells& r) {
  return join(r.descriptive) + "," + join(r.bands) + "," + join(r.totals);
}

constexpr int kRows = 60;

std::string plain_file() {
  std::string text = header_line() + "\n";
  for (int i = 0; i < kRows; ++i) text += line_of(make_row(i)) + "\n";
  return text;
}

// Every field of every row, with texts in place of dictionary ids, and the row's line when `with_lines`.
std::vector<std::string> describe(const RttExtract& x, bool with_lines = true) {
  std::vector<std::string> out;
  for (const auto& r : x.rows()) {
    std::string s = fmt::format(
        "{} {} {} {} {} {} {} {} {} {} {} {} | {} {} {} | {} {} |", r.month.to_string(), part_code(r.part),
        x.text(r.provider), x.text(r.provider_name), x.text(r.provider_parent),
        x.text(r.provider_parent_name), x.text(r.commissioner), x.text(r.commissioner_name),
        x.text(r.commissioner_parent), x.text(r.commissioner_parent_name), x.text(r.tfc), x.text(r.tfc_name),
        r.total, r.unknown_clock_start, r.total_all, r.bands_blank, r.top_band);
    const std::uint32_t* b = x.bands(r);
    for (int k = 0; k <= r.top_band; ++k) s += fmt::format(" {}", b[k]);
    if (with_lines) s += fmt::format(" @{}", r.line);
    out.push_back(std::move(s));
  }
  return out;
}

std::string error_of(const std::string& text) {
  try {
    RttExtract::parse(text, "x.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(RttExtractFastScan, ReadsTheCountsAsWritten) {
  const auto x = RttExtract::parse(plain_file(), "x.csv");
  ASSERT_EQ(x.size(), static_cast<size_t>(kRows));
  for (int i = 0; i < kRows; ++i) {
    const RowCells cells = make_row(i);
    const auto& r = x.rows()[static_cast<size_t>(i)];
    EXPECT_EQ(r.line, static_cast<std::uint32_t>(i + 2));
    bool any = false;
    for (int k = 0; k <= kTop; ++k) {
      const std::string& cell = cells.bands[static_cast<size_t>(k)];
      any |= !cell.empty();
      const std::uint32_t expected = cell.empty() ? 0u : static_cast<std::uint32_t>(std::stoul(cell));
      ASSERT_EQ(x.bands(r)[k], expected) << "row " << i << " band " << k;
    }
    EXPECT_EQ(r.bands_blank, !any);
    EXPECT_EQ(r.total, cells.totals[0].empty() ? RttExtract::kBlank : static_cast<std::uint32_t>(i));
    EXPECT_EQ(r.total_all, static_cast<std::uint32_t>(3 * i));
    EXPECT_EQ(x.text(r.tfc), cells.descriptive[11]);
  }
}

TEST(RttExtractFastScan, FormsOnlyTheTokenizerReadsGiveTheSameExtract) {
  const auto plain = describe(RttExtract::parse(plain_file(), "x.csv"));
  // Each row rewritten in a form the one-pass scan hands to the tokenizer, or reads with extra care; the
  // values are unchanged.
  std::string text = header_line() + "\r\n";
  for (int i = 0; i < kRows; ++i) {
    RowCells r = make_row(i);
    const size_t band = static_cast<size_t>((7 * i) % (kTop + 1));
    switch (i % 6) {
      case 0:  // a quoted count
        r.bands[band] = "\"" + r.bands[band] + "\"";
        break;
      case 1:  // spaces around a count
        r.bands[band] = " " + r.bands[band] + " ";
        break;
      case 2:  // leading zeros: ten digits
        if (!r.bands[band].empty())
          r.bands[band] = std::string(10 - r.bands[band].size(), '0') + r.bands[band];
        break;
      case 3:  // a quoted code and spaces around a name (trimmed)
        r.descriptive[3] = "\"" + r.descriptive[3] + "\"";
        r.descriptive[8] = "  COMM\t";
        break;
      case 4:  // a quoted total
        r.totals[2] = "\"" + r.totals[2] + "\"";
        break;
      default:  // a quoted description
        r.descriptive[10] = "\"desc\"";
        break;
    }
    text += line_of(r) + "\r\n";
  }
  EXPECT_EQ(describe(RttExtract::parse(text, "x.csv")), plain);
}

TEST(RttExtractFastScan, LineEndsAndBlankLinesKeepLineNumbers) {
  const std::string plain = plain_file();
  const auto expected = describe(RttExtract::parse(plain, "x.csv"));
  // No line break after the last row; a CR at the very end; LF only.
  EXPECT_EQ(describe(RttExtract::parse(plain.substr(0, plain.size() - 1), "x.csv")), expected);
  EXPECT_EQ(describe(RttExtract::parse(plain.substr(0, plain.size() - 1) + "\r", "x.csv")), expected);
  // Blank lines between rows move the later rows' line numbers, and nothing else.
  std::string spaced = header_line() + "\n";
  for (int i = 0; i < kRows; ++i) spaced += line_of(make_row(i)) + (i == 10 ? "\n\r\n\n" : "\n");
  const auto x = RttExtract::parse(spaced, "x.csv");
  EXPECT_EQ(describe(x, false), describe(RttExtract::parse(plain, "x.csv"), false));
  EXPECT_EQ(x.rows()[10].line, 12u);
  EXPECT_EQ(x.rows()[11].line, 15u);  // after an empty line and a CR LF one
}

TEST(RttExtractFastScan, BandsAtTheEndOfTheLine) {
  // Totals first, bands last: the band run ends the record.
  std::string text = std::string(kDescriptiveHeader) + "," + kTotalsHeader + "," + band_header() + "\n";
  for (int i = 0; i < kRows; ++i) {
    const RowCells r = make_row(i);
    text += join(r.descriptive) + "," + join(r.totals) + "," + join(r.bands) + "\n";
  }
  EXPECT_EQ(describe(RttExtract::parse(text, "x.csv")), describe(RttExtract::parse(plain_file(), "x.csv")));
  // One field too many after the last band, in a row of one-digit cells, is still an error.
  std::string zeros;
  for (int k = 0; k <= kTop; ++k) zeros += k ? ",0" : "0";
  const RowCells r = make_row(0);
  const std::string extra = join(r.descriptive) + "," + join(r.totals) + "," + zeros + ",0\n";
  const std::string e = error_of(text + extra);
  EXPECT_THAT(e, HasSubstr(fmt::format("x.csv:{}:", kRows + 2)));
  EXPECT_THAT(e, HasSubstr("expected 121 fields as in the header, found 122"));
}

TEST(RttExtractFastScan, ErrorsInsideScannedRowsNameTheirColumn) {
  // A bad cell after a long run of one-digit cells, which the scan takes eight at a time.
  for (const int band : {0, 8, 50, 99, kTop}) {
    RowCells r = make_row(2);
    for (auto& cell : r.bands) cell = "0";
    r.bands[static_cast<size_t>(band)] = "1.5";
    const std::string line = line_of(r);
    const size_t column = line.find("1.5") + 1;
    const std::string e = error_of(header_line() + "\n" + line + "\n");
    EXPECT_THAT(e, HasSubstr(fmt::format("x.csv:2:{} ", column))) << e;
    EXPECT_THAT(e, HasSubstr("decimal values are not allowed")) << e;
  }
  // A truncated last line that ends inside the band run.
  const std::string line = line_of(make_row(2));
  const std::string e = error_of(header_line() + "\n" + line.substr(0, line.size() - 40));
  EXPECT_THAT(e, HasSubstr("x.csv:2:"));
  EXPECT_THAT(e, HasSubstr("the last line looks truncated"));
  // A lone CR inside a row ends the record there, as the tokenizer reads it.
  std::string cr = line;
  cr[cr.find(",desc,") + 3] = '\r';
  EXPECT_THAT(error_of(header_line() + "\n" + cr + "\n"), HasSubstr("expected 121 fields as in the header"));
}

// The extract, or the error message, that a reader gives.
std::vector<std::string> outcome(const std::string& text, bool fast) {
  try {
    return describe(fast ? RttExtract::parse(text, "x.csv") : parse_rtt_extract_by_tokenizer(text, "x.csv"));
  } catch (const InputError& e) {
    return {e.what()};
  }
}

TEST(RttExtractFastScan, AgreesWithTheTokenizerOnRandomEdits) {
  // A small valid file with one to three random edits (a quote, space, CR, line break, comma, letter, dot,
  // minus or digit inserted or written over a byte, or a byte deleted) anywhere after the header: the fast
  // scan and the tokenizer-only reader give the same extract or the same error, message for message.
  std::string base = header_line() + "\n";
  for (int i = 0; i < 12; ++i) base += line_of(make_row(i)) + "\n";
  const size_t body = header_line().size() + 1;
  const std::string bytes = " \"\r\n,x.-9";
  std::uint64_t state = 12345;
  auto next = [&](std::uint64_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % bound;
  };
  int errors = 0;
  for (int trial = 0; trial < 1500; ++trial) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(next(3));
    for (int e = 0; e < edits; ++e) {
      const size_t at = body + next(text.size() - body);
      const char byte = bytes[next(bytes.size())];
      switch (next(3)) {
        case 0:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), byte);
          break;
        case 1:
          text[at] = byte;
          break;
        default:
          text.erase(at, 1);
          break;
      }
    }
    const auto fast = outcome(text, true);
    ASSERT_EQ(fast, outcome(text, false)) << "trial " << trial;
    errors += fast.size() == 1;
  }
  // Both kinds of outcome are exercised.
  EXPECT_GT(errors, 300);
  EXPECT_LT(errors, 1400);
}

}  // namespace
}  // namespace elective::data
