#pragma once
// Slack request signing: v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body)),
// compared in constant time, timestamps more than five minutes away refused (replays).
#include <chrono>
#include <string>
#include <string_view>

namespace flipside::slack {

enum class SignatureCheck { ok, missing, stale, malformed, mismatch };

std::string_view describe(SignatureCheck c);

std::string sign(std::string_view secret, std::string_view timestamp, std::string_view body);

SignatureCheck verify(std::string_view secret, std::string_view timestamp_header,
                      std::string_view signature_header, std::string_view body,
                      std::chrono::sys_seconds now,
                      std::chrono::seconds window = std::chrono::seconds{300});

}  // namespace flipside::slack
