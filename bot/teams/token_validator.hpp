#pragma once
// Inbound Bot Framework authentication: checks the `Authorization: Bearer <JWT>` that the Bot
// Connector puts on every activity it POSTs to the bot ("Authenticate requests from the Bot
// Connector service"). The signature is verified by libjwt against RS256 keys published at the
// OpenID metadata's `jwks_uri`; the claims are checked here against the injected Clock.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::http {
class HttpClient;
}

namespace flipside::teams {

struct TokenValidatorOptions {
  std::string app_id;      // expected audience
  std::string openid_url;  // e.g. https://login.botframework.com/v1/.well-known/openidconfiguration
  std::string issuer = "https://api.botframework.com";
  std::chrono::seconds clock_skew{300};
  std::chrono::hours keys_max_age{24};           // refresh keys daily
  std::chrono::minutes unknown_kid_refetch{60};  // re-fetch at most hourly on an unknown kid
};

struct TokenCheck {
  bool ok = false;
  int status = 401;    // 401 (missing/invalid/expired/wrong audience/issuer) or 403 (valid token,
                       // wrong channel/serviceUrl); 200 when ok
  std::string reason;  // short, for logs; never includes the token
};

class TokenValidator {
 public:
  TokenValidator(TokenValidatorOptions options, const flipside::Clock& clock);
  ~TokenValidator();
  TokenValidator(const TokenValidator&) = delete;
  TokenValidator& operator=(const TokenValidator&) = delete;

  // authorization_header: the raw header value; channel_id / service_url: from the activity body.
  // Safe to call from several threads.
  TokenCheck validate(const std::string& authorization_header, const std::string& channel_id,
                      const std::string& service_url);

 private:
  struct SigningKey {
    std::string public_pem;                 // what libjwt verifies RS256 signatures with
    std::vector<std::string> endorsements;  // channel ids this key may sign for
  };
  using KeySet = std::map<std::string, SigningKey>;  // by kid

  enum class KeyLookup { found, unknown_kid, unavailable };
  KeyLookup find_key(const std::string& kid, SigningKey& out);
  void refresh_keys(TimePoint now);  // callers hold mutex_
  std::optional<KeySet> fetch_keys(std::string& error);

  TokenValidatorOptions options_;
  const Clock& clock_;

  // Guards everything below: the key cache and the curl handle, which is not thread-safe.
  std::mutex mutex_;
  std::unique_ptr<http::HttpClient> client_;
  KeySet keys_;
  std::optional<TimePoint> keys_fetched_at_;         // last successful fetch
  std::optional<TimePoint> last_fetch_attempt_;      // successful or not
  std::optional<TimePoint> last_unknown_kid_fetch_;  // throttles re-fetches on unknown kids
};

}  // namespace flipside::teams
