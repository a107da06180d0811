#include "time_zones.hpp"

#include <date/tz.h>

#include <filesystem>
#include <stdexcept>

namespace flipside {

namespace {
const date::time_zone* find_zone(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;  // unknown zone names are an expected, user-caused case
  }
}

// %e pads single-digit days with a space; chat text reads better without it.
std::string collapse_spaces(std::string s) {
  for (auto pos = s.find("  "); pos != std::string::npos; pos = s.find("  ")) s.erase(pos, 1);
  if (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}
}  // namespace

bool is_known_time_zone(std::string_view iana_name) {
  return find_zone(iana_name) != nullptr;
}

std::string canonical_time_zone(std::string_view iana_name) {
  const auto* zone = find_zone(iana_name);
  if (zone == nullptr) return {};
  // With the system tz database a legacy name is a symlink in the zoneinfo tree
  // (Asia/Calcutta -> Kolkata); the link's target is the canonical name.
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path root = fs::canonical("/usr/share/zoneinfo", ec);
  if (ec) return std::string(zone->name());
  const auto target = fs::canonical(root / std::string(zone->name()), ec);
  if (ec) return std::string(zone->name());
  auto relative = target.lexically_relative(root).string();
  return relative.empty() || relative.starts_with("..") || !is_known_time_zone(relative)
             ? std::string(zone->name())
             : relative;
}

std::string format_date(TimePoint t) {
  return collapse_spaces(date::format("%e %b %Y", t));
}

std::string format_local(TimePoint t, std::string_view iana_name) {
  const auto* zone = find_zone(iana_name);
  if (zone == nullptr) return collapse_spaces(date::format("%a %e %b, %H:%M UTC", t));
  auto zoned = date::make_zoned(zone, t);
  return collapse_spaces(date::format("%a %e %b, %H:%M", zoned)) + " (" + std::string(iana_name) +
         ")";
}

std::optional<TimePoint> next_local_hour(TimePoint not_before, std::string_view iana_name,
                                         int hour) {
  const auto* zone = find_zone(iana_name);
  if (zone == nullptr) return std::nullopt;
  auto local = zone->to_local(not_before);
  auto day = date::floor<date::days>(local);
  for (int i = 0; i < 3; ++i) {
    auto candidate_local = day + date::days{i} + std::chrono::hours{hour};
    auto info = zone->get_info(candidate_local);
    TimePoint candidate;
    if (info.result == date::local_info::nonexistent) {
      candidate = std::chrono::time_point_cast<std::chrono::seconds>(info.second.begin);
    } else {
      candidate = std::chrono::time_point_cast<std::chrono::seconds>(
          zone->to_sys(candidate_local, date::choose::earliest));
    }
    if (candidate >= not_before) return candidate;
  }
  return std::nullopt;
}

}  // namespace flipside
