#include "local_time.hpp"

#include "zone_lookup.hpp"

#include <algorithm>
#include <stdexcept>

namespace flipside {

namespace {
using detail::find_zone;

bool valid(QuietHours quiet) {
  return quiet.start_hour >= 0 && quiet.start_hour <= 23 && quiet.end_hour >= 0 &&
         quiet.end_hour <= 23 && quiet.start_hour != quiet.end_hour;
}

// The instant of a local wall-clock time: skipped times move forward by the gap (read with the
// offset in force before the jump), repeated ones take the first occurrence.
TimePoint to_instant(const date::time_zone& zone, date::local_seconds local) {
  const auto info = zone.get_info(local);
  if (info.result == date::local_info::nonexistent)
    return TimePoint{local.time_since_epoch() - info.first.offset};
  return std::chrono::time_point_cast<std::chrono::seconds>(
      zone.to_sys(local, date::choose::earliest));
}

date::local_days to_local_days(std::chrono::year_month_day day) {
  return date::local_days{date::days{std::chrono::sys_days{day}.time_since_epoch().count()}};
}

// %e pads single-digit days with a space; chat text reads better without it.
std::string collapse_spaces(std::string s) {
  for (auto pos = s.find("  "); pos != std::string::npos; pos = s.find("  ")) s.erase(pos, 1);
  if (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

bool quiet_at(int minute_of_day, QuietHours quiet) {
  const int from = quiet.start_hour * 60, to = quiet.end_hour * 60;
  if (from < to) return minute_of_day >= from && minute_of_day < to;
  return minute_of_day >= from || minute_of_day < to;
}
}  // namespace

std::optional<TimePoint> local_to_utc(std::chrono::year_month_day day, int hour, int minute,
                                      std::string_view zone) {
  if (!day.ok() || hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  const auto* tz = find_zone(zone);
  if (tz == nullptr) return std::nullopt;
  return to_instant(*tz,
                    to_local_days(day) + std::chrono::hours{hour} + std::chrono::minutes{minute});
}

std::optional<std::pair<int, int>> parse_clock_time(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  const auto separator = text.find_first_of(":.");
  if (separator == std::string_view::npos) return std::nullopt;
  const auto hour_text = text.substr(0, separator), minute_text = text.substr(separator + 1);
  if (hour_text.empty() || hour_text.size() > 2 || minute_text.size() != 2) return std::nullopt;
  auto number = [](std::string_view digits) {
    int n = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  };
  const int hour = number(hour_text), minute = number(minute_text);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  return std::pair{hour, minute};
}

bool in_quiet_hours(TimePoint t, std::string_view zone, QuietHours quiet) {
  if (!valid(quiet)) return false;
  const auto* tz = find_zone(zone);
  if (tz == nullptr) return false;
  const auto local = tz->to_local(t);
  const auto minute_of_day =
      std::chrono::floor<std::chrono::minutes>(local - date::floor<date::days>(local)).count();
  return quiet_at(static_cast<int>(minute_of_day), quiet);
}

std::optional<WallClock> wall_clock(TimePoint t, std::string_view zone) {
  const auto* tz = find_zone(zone);
  if (tz == nullptr) return std::nullopt;
  const auto local = tz->to_local(t);
  const auto day = date::floor<date::days>(local);
  const auto minute_of_day = std::chrono::floor<std::chrono::minutes>(local - day).count();
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const auto days = day.time_since_epoch().count();
  return WallClock{static_cast<int>(((days % 7) + 7 + 3) % 7), static_cast<int>(minute_of_day)};
}

std::vector<std::chrono::minutes> default_reminder_offsets() {
  return {std::chrono::hours{24}, std::chrono::hours{1}};
}

std::vector<TimePoint> reminder_times(TimePoint start,
                                      const std::vector<std::chrono::minutes>& offsets,
                                      std::string_view zone, TimePoint now, QuietHours quiet) {
  const auto* tz = valid(quiet) ? find_zone(zone) : nullptr;
  std::vector<TimePoint> times;
  for (const auto offset : offsets) {
    TimePoint t = start - offset;
    if (tz != nullptr) {
      const auto local = tz->to_local(t);
      const auto day = date::floor<date::days>(local);
      const int minute_of_day =
          static_cast<int>(std::chrono::floor<std::chrono::minutes>(local - day).count());
      if (quiet_at(minute_of_day, quiet)) {
        // The quiet period holding t began at start_hour:00 today, or yesterday if t is in its
        // after-midnight part (only possible when the period wraps midnight).
        const bool began_yesterday =
            quiet.start_hour > quiet.end_hour && minute_of_day < quiet.start_hour * 60;
        const auto began = to_instant(
            *tz, day - date::days{began_yesterday ? 1 : 0} + std::chrono::hours{quiet.start_hour});
        t = std::min(t, began - std::chrono::minutes{1});
      }
    }
    if (t > now) times.push_back(t);
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

std::string format_clock(TimePoint t, std::string_view zone) {
  const auto* tz = find_zone(zone);
  if (tz == nullptr) return collapse_spaces(date::format("%a %e %b, %H:%M UTC", t));
  return collapse_spaces(date::format("%a %e %b, %H:%M", date::make_zoned(tz, t)));
}

}  // namespace flipside
