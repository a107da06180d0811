#include "signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

namespace flipside::slack {

std::string_view describe(SignatureCheck c) {
  switch (c) {
    case SignatureCheck::ok:
      return "ok";
    case SignatureCheck::missing:
      return "missing signature headers";
    case SignatureCheck::stale:
      return "timestamp outside the 5-minute window";
    case SignatureCheck::malformed:
      return "malformed signature headers";
    case SignatureCheck::mismatch:
      return "signature does not match";
  }
  return "unknown";
}

std::string sign(std::string_view secret, std::string_view timestamp, std::string_view body) {
  std::string base;
  base.reserve(4 + timestamp.size() + body.size());
  base.append("v0:").append(timestamp).append(":").append(body);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(base.data()), base.size(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "v0=";
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

SignatureCheck verify(std::string_view secret, std::string_view timestamp_header,
                      std::string_view signature_header, std::string_view body,
                      std::chrono::sys_seconds now, std::chrono::seconds window) {
  if (timestamp_header.empty() || signature_header.empty()) return SignatureCheck::missing;
  long long ts = 0;
  auto [end, ec] = std::from_chars(timestamp_header.data(),
                                   timestamp_header.data() + timestamp_header.size(), ts);
  if (ec != std::errc{} || end != timestamp_header.data() + timestamp_header.size())
    return SignatureCheck::malformed;
  if (!signature_header.starts_with("v0=") || signature_header.size() != 67)
    return SignatureCheck::malformed;
  const long long skew = now.time_since_epoch().count() - ts;
  if (skew > window.count() || -skew > window.count()) return SignatureCheck::stale;
  const auto expected = sign(secret, timestamp_header, body);
  return CRYPTO_memcmp(expected.data(), signature_header.data(), expected.size()) == 0
             ? SignatureCheck::ok
             : SignatureCheck::mismatch;
}

}  // namespace flipside::slack
