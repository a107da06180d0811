// Teams inbound authentication: real RS256 tokens signed by libjwt with RSA keys made at test time,
// the OpenID metadata and JWKS served by a fake Bot Framework on loopback, time from a FakeClock.
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/http/http_client.hpp"
#include "bot/http/metrics.hpp"
#include "bot/http/server.hpp"
#include "bot/outbox_dispatcher.hpp"
#include "bot/teams/token_validator.hpp"
#include "support/fake_connector.hpp"
#include "support/test_program.hpp"

using namespace std::chrono;
using flipside::teams::TokenCheck;
using flipside::teams::TokenValidator;
using flipside::teams::TokenValidatorOptions;
using nlohmann::json;

namespace {

const std::string kAppId = "7f0c3a52-flipside-test-app";
const std::string kIssuer = "https://api.botframework.com";
const std::string kChannel = "msteams";
const std::string kServiceUrl = "https://smba.trafficmanager.net/emea/";
const flipside::TimePoint kStart = flipside::from_unix(1'780'000'000);

// ---- RSA key pairs, made once per run (2048-bit generation takes a moment) ----

std::string base64url(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

struct KeyPair {
  std::string private_pem;
  std::string public_pem;
  std::string n;  // modulus, base64url, as a JWK carries it
  std::string e;  // public exponent, likewise
};

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(length));
}

std::string rsa_parameter(const EVP_PKEY* key, const char* name) {
  BIGNUM* number = nullptr;
  REQUIRE(EVP_PKEY_get_bn_param(key, name, &number) == 1);
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(number)), '\0');
  BN_bn2bin(number, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(number);
  return base64url(bytes);
}

KeyPair make_key_pair() {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{
      EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}), &EVP_PKEY_free};
  REQUIRE(key);
  std::unique_ptr<BIO, decltype(&BIO_free)> private_bio{BIO_new(BIO_s_mem()), &BIO_free};
  std::unique_ptr<BIO, decltype(&BIO_free)> public_bio{BIO_new(BIO_s_mem()), &BIO_free};
  REQUIRE(PEM_write_bio_PrivateKey(private_bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                   nullptr) == 1);
  REQUIRE(PEM_write_bio_PUBKEY(public_bio.get(), key.get()) == 1);
  return {bio_text(private_bio.get()), bio_text(public_bio.get()),
          rsa_parameter(key.get(), OSSL_PKEY_PARAM_RSA_N),
          rsa_parameter(key.get(), OSSL_PKEY_PARAM_RSA_E)};
}

const KeyPair& published_key() {
  static const KeyPair key = make_key_pair();
  return key;
}
const KeyPair& impostor_key() {
  static const KeyPair key = make_key_pair();
  return key;
}
const KeyPair& rotated_key() {
  static const KeyPair key = make_key_pair();
  return key;
}

json jwk(const std::string& kid, const KeyPair& key,
         const std::vector<std::string>& endorsements = {"msteams", "skype"}) {
  return {{"kty", "RSA"}, {"use", "sig"}, {"kid", kid},
          {"n", key.n},   {"e", key.e},   {"endorsements", endorsements}};
}

// ---- tokens, signed by libjwt ----

struct Claims {
  std::string kid = "key-1";
  std::optional<std::string> iss = kIssuer;
  std::optional<std::string> aud = kAppId;
  std::optional<std::int64_t> exp = flipside::to_unix(kStart) + 3600;
  std::optional<std::int64_t> nbf = flipside::to_unix(kStart) - 60;
  std::string service_url_claim = "serviceurl";
  std::optional<std::string> service_url = kServiceUrl;
  std::string extra_json;  // further grants as a JSON object, e.g. an `aud` array
};

// Claims of a token the Connector issues at `now` (its tokens live about an hour).
Claims issued_at(flipside::TimePoint now, std::string kid = "key-1") {
  const auto t = flipside::to_unix(now);
  return {.kid = std::move(kid), .exp = t + 3600, .nbf = t - 60};
}

std::string encode(const Claims& claims, jwt_alg_t alg, const std::string& key) {
  jwt_t* raw = nullptr;
  REQUIRE(jwt_new(&raw) == 0);
  std::unique_ptr<jwt_t, decltype(&jwt_free)> token{raw, &jwt_free};
  REQUIRE(jwt_add_header(raw, "kid", claims.kid.c_str()) == 0);
  if (claims.iss) REQUIRE(jwt_add_grant(raw, "iss", claims.iss->c_str()) == 0);
  if (claims.aud) REQUIRE(jwt_add_grant(raw, "aud", claims.aud->c_str()) == 0);
  if (claims.exp) REQUIRE(jwt_add_grant_int(raw, "exp", static_cast<long>(*claims.exp)) == 0);
  if (claims.nbf) REQUIRE(jwt_add_grant_int(raw, "nbf", static_cast<long>(*claims.nbf)) == 0);
  if (claims.service_url)
    REQUIRE(jwt_add_grant(raw, claims.service_url_claim.c_str(), claims.service_url->c_str()) == 0);
  if (!claims.extra_json.empty()) REQUIRE(jwt_add_grants_json(raw, claims.extra_json.c_str()) == 0);
  const auto* key_bytes =
      key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data());
  REQUIRE(jwt_set_alg(raw, alg, key_bytes, static_cast<int>(key.size())) == 0);
  std::unique_ptr<char, decltype(&std::free)> text{jwt_encode_str(raw), &std::free};
  REQUIRE(text);
  return text.get();
}

std::string sign(const KeyPair& key, const Claims& claims = {}) {
  return encode(claims, JWT_ALG_RS256, key.private_pem);
}

// ---- a fake Bot Framework: OpenID metadata + JWKS on loopback, counting downloads ----

class FakeBotFramework {
 public:
  FakeBotFramework() : server_(loopback(), router_, metrics_) {
    router_.add("GET", "/openid", [this](const flipside::http::Request&) { return metadata(); });
    router_.add("GET", "/keys", [this](const flipside::http::Request&) { return keys(); });
    port_ = server_.start();
    publish({jwk("key-1", published_key())});
  }

  std::string openid_url() const { return base_url() + "/openid"; }
  void publish(std::vector<json> keys) {
    std::lock_guard lock(mutex_);
    keys_ = std::move(keys);
  }
  void set_down(bool down) { down_ = down; }
  int metadata_requests() const { return metadata_requests_; }
  int jwks_requests() const { return jwks_requests_; }

 private:
  static flipside::http::ServerOptions loopback() {
    flipside::http::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    return options;
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  flipside::http::Response metadata() {
    ++metadata_requests_;
    if (down_) return flipside::http::Response::json(503, R"({"error":"unavailable"})");
    const json body = {{"issuer", kIssuer},
                       {"jwks_uri", base_url() + "/keys"},
                       {"id_token_signing_alg_values_supported", {"RS256"}}};
    return flipside::http::Response::json(200, body.dump());
  }
  flipside::http::Response keys() {
    ++jwks_requests_;
    std::lock_guard lock(mutex_);
    return flipside::http::Response::json(200, json{{"keys", keys_}}.dump());
  }

  flipside::http::Router router_;
  flipside::http::Metrics metrics_;
  flipside::http::Server server_;
  std::uint16_t port_ = 0;
  std::mutex mutex_;
  std::vector<json> keys_;
  std::atomic<bool> down_{false};
  std::atomic<int> metadata_requests_{0};
  std::atomic<int> jwks_requests_{0};
};

// A validator for the fake Bot Framework, on a fake clock starting at kStart.
struct Harness {
  flipside::FakeClock clock{kStart};
  FakeBotFramework bot_framework;
  TokenValidator validator;

  explicit Harness(const std::function<void(TokenValidatorOptions&)>& adjust = {})
      : validator(options(adjust), clock) {}

  TokenCheck check(const std::string& token, const std::string& channel = kChannel,
                   const std::string& service_url = kServiceUrl) {
    return validator.validate("Bearer " + token, channel, service_url);
  }

 private:
  TokenValidatorOptions options(const std::function<void(TokenValidatorOptions&)>& adjust) {
    TokenValidatorOptions o{.app_id = kAppId, .openid_url = bot_framework.openid_url()};
    if (adjust) adjust(o);
    return o;
  }
};

void check_rejected(const TokenCheck& result, int status, const std::string& reason_part,
                    const std::string& token) {
  CHECK_FALSE(result.ok);
  CHECK(result.status == status);
  CHECK_THAT(result.reason, Catch::Contains(reason_part));
  if (!token.empty()) CHECK(result.reason.find(token) == std::string::npos);
}

}  // namespace

TEST_CASE("Teams auth: a token signed with a published key is accepted", "[teams][auth]") {
  Harness h;
  const auto token = sign(published_key());

  const auto result = h.check(token);
  CHECK(result.ok);
  CHECK(result.status == 200);
  CHECK(h.bot_framework.metadata_requests() == 1);
  CHECK(h.bot_framework.jwks_requests() == 1);

  // The scheme is case-insensitive (RFC 7235), and the keys are cached.
  CHECK(h.validator.validate("bearer  " + token, kChannel, kServiceUrl).ok);
  CHECK(h.bot_framework.jwks_requests() == 1);
}

TEST_CASE("Teams auth: a missing or non-Bearer Authorization is 401", "[teams][auth]") {
  Harness h;
  const auto token = sign(published_key());
  const std::vector<std::string> headers = {"",       "   ",      token, "Basic " + token,
                                            "Bearer", "Bearer   "};
  for (const auto& header : headers) {
    CAPTURE(header);
    check_rejected(h.validator.validate(header, kChannel, kServiceUrl), 401, "", token);
  }
  CHECK(h.validator.validate("", kChannel, kServiceUrl).reason == "missing Authorization");
  CHECK(h.validator.validate("Basic " + token, kChannel, kServiceUrl).reason ==
        "Authorization is not Bearer");
  // Rejected before any key download.
  CHECK(h.bot_framework.jwks_requests() == 0);
}

TEST_CASE("Teams auth: a token that is not a JWT is 401", "[teams][auth]") {
  Harness h;
  const auto token = sign(published_key());
  const auto first_dot = token.find('.');
  const auto last_dot = token.rfind('.');
  const std::string not_json_header = base64url("not json");
  const std::vector<std::string> garbage_tokens = {
      "not-a-jwt",
      "a.b",
      token + ".extra",                           // four parts
      "!!!" + token.substr(first_dot),            // header is not base64url
      not_json_header + token.substr(first_dot),  // header is not JSON
      token.substr(0, last_dot + 1),              // signature stripped
      token.substr(0, last_dot + 1) + "AAAA",     // signature of the wrong size
  };
  for (const auto& garbage : garbage_tokens) {
    CAPTURE(garbage);
    check_rejected(h.check(garbage), 401, "", token);
  }
  CHECK(h.check(token).ok);  // the same validator still accepts the real token
}

TEST_CASE("Teams auth: a signature by another key under a published kid is 401", "[teams][auth]") {
  Harness h;
  check_rejected(h.check(sign(impostor_key())), 401, "signature", "");

  // A payload swapped into a genuine token breaks its signature too.
  const auto genuine = sign(published_key());
  const auto forged_payload = sign(impostor_key(), Claims{.aud = "someone-else"});
  const auto payload = [](const std::string& t) {
    const auto a = t.find('.');
    return t.substr(a, t.rfind('.') - a);
  };
  auto tampered = genuine;
  tampered.replace(tampered.find(payload(genuine)), payload(genuine).size(),
                   payload(forged_payload));
  check_rejected(h.check(tampered), 401, "signature", "");
  CHECK(h.check(genuine).ok);
}

TEST_CASE("Teams auth: an unknown kid re-fetches the keys at most once an hour", "[teams][auth]") {
  Harness h;
  REQUIRE(h.check(sign(published_key())).ok);
  REQUIRE(h.bot_framework.jwks_requests() == 1);

  h.clock.advance(minutes{5});
  check_rejected(h.check(sign(impostor_key(), {.kid = "key-9"})), 401, "unknown signing key", "");
  CHECK(h.bot_framework.jwks_requests() == 2);  // exactly one re-fetch

  // Microsoft publishes key-2; within the hour another unknown kid does not download again.
  h.bot_framework.publish({jwk("key-1", published_key()), jwk("key-2", rotated_key())});
  const auto rotated_token = [&] { return sign(rotated_key(), issued_at(h.clock.now(), "key-2")); };
  h.clock.advance(minutes{5});
  check_rejected(h.check(rotated_token()), 401, "unknown signing key", "");
  h.clock.advance(minutes{54});  // 59 minutes after the re-fetch
  check_rejected(h.check(rotated_token()), 401, "unknown signing key", "");
  CHECK(h.bot_framework.jwks_requests() == 2);

  // An hour after the re-fetch, the next unknown kid fetches again and finds key-2.
  h.clock.advance(minutes{1});
  CHECK(h.check(rotated_token()).ok);
  CHECK(h.bot_framework.jwks_requests() == 3);
  h.clock.advance(minutes{1});
  check_rejected(h.check(sign(impostor_key(), issued_at(h.clock.now(), "key-9"))), 401,
                 "unknown signing key", "");
  CHECK(h.bot_framework.jwks_requests() == 3);
}

TEST_CASE("Teams auth: exp is checked against the injected clock with 5 minutes' skew",
          "[teams][auth]") {
  Harness h;
  const auto token = sign(published_key(), {.exp = flipside::to_unix(kStart) + 3600});

  h.clock.set(kStart + seconds{3600 + 299});
  CHECK(h.check(token).ok);
  h.clock.set(kStart + seconds{3600 + 301});
  check_rejected(h.check(token), 401, "expired", token);

  h.clock.set(kStart);
  check_rejected(h.check(sign(published_key(), {.exp = std::nullopt})), 401, "exp", "");
}

TEST_CASE("Teams auth: nbf more than 5 minutes ahead is 401", "[teams][auth]") {
  Harness h;
  const auto start = flipside::to_unix(kStart);
  check_rejected(h.check(sign(published_key(), {.nbf = start + 301})), 401, "not yet valid", "");
  CHECK(h.check(sign(published_key(), {.nbf = start + 299})).ok);
  CHECK(h.check(sign(published_key(), {.nbf = std::nullopt})).ok);  // nbf is optional
}

TEST_CASE("Teams auth: the audience must be the bot's app id", "[teams][auth]") {
  Harness h;
  check_rejected(h.check(sign(published_key(), {.aud = "another-bot"})), 401, "wrong audience", "");
  check_rejected(h.check(sign(published_key(), {.aud = std::nullopt})), 401, "wrong audience", "");
  // RFC 7519 allows an array of audiences.
  const auto array_audience = json{{"aud", {"another-bot", kAppId}}}.dump();
  CHECK(h.check(sign(published_key(), {.aud = std::nullopt, .extra_json = array_audience})).ok);
}

TEST_CASE("Teams auth: the issuer must be the Bot Framework", "[teams][auth]") {
  Harness h;
  check_rejected(h.check(sign(published_key(), {.iss = "https://sts.windows.net/attacker/"})), 401,
                 "wrong issuer", "");
  check_rejected(h.check(sign(published_key(), {.iss = std::nullopt})), 401, "wrong issuer", "");
}

TEST_CASE("Teams auth: only RS256 is accepted (no HS256 with the public key, no none)",
          "[teams][auth]") {
  Harness h;
  REQUIRE(h.check(sign(published_key())).ok);  // keys loaded

  // The classic confusion attack: an HMAC keyed with the public PEM. libjwt 1.10 alone would
  // accept it, because it takes the algorithm from the token.
  const auto hs256 = encode({}, JWT_ALG_HS256, published_key().public_pem);
  jwt_t* decoded = nullptr;
  const auto& pem = published_key().public_pem;
  CHECK(jwt_decode(&decoded, hs256.c_str(), reinterpret_cast<const unsigned char*>(pem.data()),
                   static_cast<int>(pem.size())) == 0);
  jwt_free(decoded);
  check_rejected(h.check(hs256), 401, "algorithm", hs256);

  check_rejected(h.check(encode({}, JWT_ALG_NONE, "")), 401, "algorithm", "");
  check_rejected(h.check(encode({}, JWT_ALG_RS512, published_key().private_pem)), 401, "algorithm",
                 "");
}

TEST_CASE("Teams auth: a key not endorsed for the activity's channel is 403", "[teams][auth]") {
  Harness h;
  h.bot_framework.publish(
      {jwk("key-1", published_key(), {"skype", "webchat"}), jwk("key-2", rotated_key(), {})});
  const auto token = sign(published_key());
  CHECK(h.check(token, "webchat").ok);
  check_rejected(h.check(token, "msteams"), 403, "endorsed", token);
  check_rejected(h.check(token, ""), 403, "endorsed", token);
  check_rejected(h.check(sign(rotated_key(), {.kid = "key-2"}), "msteams"), 403, "endorsed", "");
}

TEST_CASE("Teams auth: a serviceurl claim must match the activity's serviceUrl", "[teams][auth]") {
  Harness h;
  const auto token = sign(published_key());
  CHECK(h.check(token, kChannel, kServiceUrl).ok);
  check_rejected(h.check(token, kChannel, "https://attacker.example/"), 403, "serviceUrl", token);

  const auto camel_case = sign(published_key(), {.service_url_claim = "serviceUrl"});
  CHECK(h.check(camel_case, kChannel, kServiceUrl).ok);
  check_rejected(h.check(camel_case, kChannel, "https://attacker.example/"), 403, "serviceUrl", "");

  // Without the claim there is nothing to compare.
  CHECK(h.check(sign(published_key(), {.service_url = std::nullopt}), kChannel,
                "https://smba.trafficmanager.net/amer/")
            .ok);
}

TEST_CASE("Teams auth: the keys are downloaded again after 24 hours", "[teams][auth]") {
  // A long unknown-kid interval, so only the daily refresh can pick up the rotated key.
  Harness h([](TokenValidatorOptions& o) { o.unknown_kid_refetch = hours{48}; });
  const auto old_token = [&] { return sign(published_key(), issued_at(h.clock.now())); };
  const auto new_token = [&] { return sign(rotated_key(), issued_at(h.clock.now(), "key-2")); };
  REQUIRE(h.check(old_token()).ok);
  // Spend the one unknown-kid re-fetch allowed in 48 hours before the rotation.
  check_rejected(h.check(sign(impostor_key(), {.kid = "key-9"})), 401, "unknown signing key", "");
  REQUIRE(h.bot_framework.jwks_requests() == 2);

  h.bot_framework.publish({jwk("key-2", rotated_key())});  // key-1 retired

  h.clock.advance(hours{23});
  check_rejected(h.check(new_token()), 401, "unknown signing key", "");
  CHECK(h.check(old_token()).ok);  // still cached
  CHECK(h.bot_framework.jwks_requests() == 2);

  h.clock.advance(hours{1});
  CHECK(h.check(new_token()).ok);
  CHECK(h.bot_framework.jwks_requests() == 3);
  check_rejected(h.check(old_token()), 401, "unknown signing key", "");
}

TEST_CASE("Teams auth: cached keys keep working while the metadata endpoint is down",
          "[teams][auth]") {
  Harness h;
  const auto token = [&] { return sign(published_key(), issued_at(h.clock.now())); };
  REQUIRE(h.check(token()).ok);
  h.bot_framework.set_down(true);

  h.clock.advance(hours{25});
  CHECK(h.check(token()).ok);
  CHECK(h.bot_framework.metadata_requests() == 2);  // the refresh was tried and failed
  h.clock.advance(seconds{10});
  CHECK(h.check(token()).ok);
  CHECK(h.bot_framework.metadata_requests() == 2);  // not retried on every request

  h.bot_framework.set_down(false);
  h.clock.advance(minutes{1});
  CHECK(h.check(token()).ok);
  CHECK(h.bot_framework.jwks_requests() == 2);  // recovered
}

TEST_CASE("Teams auth: with no keys ever downloaded every token is 401", "[teams][auth]") {
  Harness h;
  h.bot_framework.set_down(true);
  check_rejected(h.check(sign(published_key())), 401, "signing keys unavailable", "");
  h.bot_framework.set_down(false);
  h.clock.advance(minutes{1});
  CHECK(h.check(sign(published_key())).ok);
}

TEST_CASE("Teams auth: concurrent requests share one key download", "[teams][auth]") {
  Harness h;
  const auto token = sign(published_key());
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i)
        if (h.check(token).ok) ++accepted;
    });
  for (auto& thread : threads) thread.join();
  CHECK(accepted == 40);
  CHECK(h.bot_framework.jwks_requests() == 1);
}

TEST_CASE("Teams auth end to end: a signed activity is served, a forged one changes nothing",
          "[teams][auth]") {
  FakeBotFramework bot_framework;
  flipside::testing::FakeConnector connector;
  flipside::Config config;
  config.teams_app_id = kAppId;
  config.teams_app_password = "secret";
  config.teams_openid_url = bot_framework.openid_url();
  config.teams_token_url = connector.token_url();
  flipside::testing::TestProgram program(config);
  program.serve();
  const json activity = {
      {"type", "message"},
      {"id", "act-1"},
      {"channelId", "msteams"},
      {"serviceUrl", connector.service_url()},
      {"from", {{"id", "29:ana"}, {"name", "Ana"}}},
      {"recipient", {{"id", "28:" + kAppId}}},
      {"conversation", {{"id", "a:dm"}, {"conversationType", "personal"}, {"tenantId", "t1"}}},
      {"text", "join mentor"}};
  auto post = [&](const std::string& token, json a) {
    flipside::http::HttpClient client;
    flipside::http::ClientRequest r{
        "POST",
        program.url("/api/messages"),
        {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}},
        a.dump()};
    return client.send(r).status;
  };
  auto claims = issued_at(program.clock.now());
  claims.service_url = connector.service_url();
  CHECK(post(sign(impostor_key(), claims), activity) == 401);
  CHECK(program.app->db().transact([](SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM people").getInt();
  }) == 0);
  CHECK(post(sign(published_key(), claims), activity) == 200);
  program.app->outbox().deliver_due();
  auto sent = connector.activities();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].authorization == "Bearer token-1");  // outbound uses the bot's own token
  CHECK(connector.token_requests() == 1);
}
