#pragma once
// Lenient reads from platform payloads: a missing or mistyped field reads as empty, so adapters
// can validate what they need in one place instead of catching exceptions per field.
#include <nlohmann/json.hpp>
#include <string>

namespace flipside {

inline std::string json_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

inline std::string json_nested_string(const nlohmann::json& j, const char* outer,
                                      const char* inner) {
  auto it = j.find(outer);
  return it != j.end() && it->is_object() ? json_string(*it, inner) : std::string{};
}

}  // namespace flipside
