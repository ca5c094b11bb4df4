#include "core/progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace elective {

std::string progress_text(std::string_view what, double fraction, double elapsed_seconds) {
  const double done = std::isfinite(fraction) ? std::clamp(fraction, 0.0, 1.0) : 0.0;
  const int percent = static_cast<int>(done * 100);
  std::string text = fmt::format("{}: {:3d}%", what, percent);
  if (done < 0.03 || done >= 1.0 || !(elapsed_seconds >= 2.0)) return text;
  const long left = std::lround(elapsed_seconds / done * (1.0 - done));
  if (left >= 60)
    text += fmt::format(" (about {} min {} s left)", left / 60, left % 60);
  else
    text += fmt::format(" (about {} s left)", left);
  return text;
}

}  // namespace elective
