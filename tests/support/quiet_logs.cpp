// Tests log only warnings and errors unless FLIPSIDE_TEST_LOG names a level (e.g. debug), so a
// failure's output is not buried under start-up lines.
#include <spdlog/spdlog.h>

#include <cstdlib>

namespace {
const bool kLogLevelSet = [] {
  const char* level = std::getenv("FLIPSIDE_TEST_LOG");
  spdlog::set_level(level ? spdlog::level::from_str(level) : spdlog::level::warn);
  return true;
}();
}  // namespace
