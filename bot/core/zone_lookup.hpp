#pragma once
// Internal to bot/core (time_zones.cpp, local_time.cpp): looking a zone up in the system tz
// database. Not for other folders: it pulls in date/tz.h.
#include <date/tz.h>

#include <stdexcept>
#include <string_view>

namespace flipside::detail {

// nullptr for an empty or unknown name: a zone nobody has heard of is an expected, user-caused
// case, not an error.
inline const date::time_zone* find_zone(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

}  // namespace flipside::detail
