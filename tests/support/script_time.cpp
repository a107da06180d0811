#include "support/script_time.hpp"

#include <date/tz.h>
#include <catch2/catch.hpp>

#include <cstdio>

namespace flipside::testing {

std::string utc_text(TimePoint t) {
  return date::format("%Y-%m-%d %H:%M", std::chrono::floor<std::chrono::minutes>(t));
}

std::string local_text(TimePoint t, const std::string& zone) {
  auto s = date::format("%a %e %b %H:%M",
                        date::make_zoned(zone, std::chrono::floor<std::chrono::minutes>(t)));
  if (auto pos = s.find("  "); pos != std::string::npos) s.erase(pos, 1);
  return s;
}

TimePoint utc(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  REQUIRE(std::sscanf(text.c_str(), "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) == 5);
  const std::chrono::year_month_day day{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  return TimePoint{std::chrono::sys_days{day}} + std::chrono::hours{h} + std::chrono::minutes{mi};
}

std::string one_line(std::string text) {
  for (auto& c : text)
    if (c == '\n') c = ' ';
  return text;
}

}  // namespace flipside::testing
