#include "time_zones.hpp"

#include "zone_lookup.hpp"

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace flipside {

namespace {
using detail::find_zone;

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

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t from, std::size_t len) {
    int n = 0;
    for (std::size_t i = from; i < from + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      n = n * 10 + (text[i] - '0');
    }
    return n;
  };
  const int y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                  std::chrono::day{unsigned(d)}};
  if (!day.ok()) return std::nullopt;
  return day;
}

std::string format_day(std::chrono::year_month_day day) {
  return format_date(TimePoint{std::chrono::sys_days{day}});
}

std::string date_text(std::chrono::year_month_day day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return buffer;
}

std::chrono::year_month_day local_date(TimePoint t, std::string_view iana_name) {
  const auto* zone = find_zone(iana_name);
  if (zone == nullptr) return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)};
  auto local = date::make_zoned(zone, t).get_local_time();
  auto days = date::floor<date::days>(local);
  return std::chrono::year_month_day{
      std::chrono::sys_days{std::chrono::days{days.time_since_epoch().count()}}};
}

int utc_offset_minutes(TimePoint t, std::string_view iana_name) {
  const auto* zone = find_zone(iana_name);
  if (zone == nullptr) return 0;
  auto info = zone->get_info(t);
  return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(info.offset).count());
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
