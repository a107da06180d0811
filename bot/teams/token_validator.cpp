#include "token_validator.hpp"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "bot/http/http_client.hpp"

namespace flipside::teams {
namespace {

using nlohmann::json;

// The only algorithm the Bot Connector signs with. Pinned before libjwt sees the token, because
// libjwt 1.10 takes the algorithm from the token's own header: a token claiming HS256 would be
// "verified" as an HMAC keyed with our public PEM, which anyone can compute.
constexpr std::string_view kAlgorithm = "RS256";
// Smaller RSA moduli are not trusted even if published.
constexpr int kMinimumRsaBits = 2048;
// After a failed scheduled refresh, wait this long before trying again, so an outage at the
// metadata endpoint does not add a network round trip to every request.
constexpr std::chrono::minutes kRetryAfterFailedFetch{1};
constexpr std::chrono::seconds kFetchTimeout{10};

// ---- small RAII wrappers for the C libraries ----

template <auto Free>
struct CDeleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using BignumPtr = std::unique_ptr<BIGNUM, CDeleter<BN_free>>;
using ParamBuilderPtr = std::unique_ptr<OSSL_PARAM_BLD, CDeleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, CDeleter<OSSL_PARAM_free>>;
using PkeyContextPtr = std::unique_ptr<EVP_PKEY_CTX, CDeleter<EVP_PKEY_CTX_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, CDeleter<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, CDeleter<BIO_free>>;
using JwtPtr = std::unique_ptr<jwt_t, CDeleter<jwt_free>>;
struct MallocDeleter {
  void operator()(char* p) const { std::free(p); }
};
using MallocString = std::unique_ptr<char, MallocDeleter>;

// ---- results ----

TokenCheck accepted() {
  return {.ok = true, .status = 200, .reason = "ok"};
}

// Malformed requests are common noise from scanners (debug); a well-formed token that fails a
// check points at an attack or a misconfiguration (warn).
TokenCheck rejected(int status, std::string reason, bool noisy = false) {
  const auto level = noisy ? spdlog::level::debug : spdlog::level::warn;
  spdlog::log(level, "event=teams_auth_rejected status={} reason=\"{}\"", status, reason);
  return {.ok = false, .status = status, .reason = std::move(reason)};
}

// ---- base64url (RFC 4648 §5, no padding) ----

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::optional<std::string> base64url_decode(std::string_view in) {
  if (in.size() % 4 == 1) return std::nullopt;  // cannot end on a whole byte
  std::string out;
  out.reserve(in.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    const int value = sextet(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::optional<json> decode_json_segment(std::string_view segment) {
  auto bytes = base64url_decode(segment);
  if (!bytes) return std::nullopt;
  auto parsed = json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return std::nullopt;
  return parsed;
}

// ---- the Authorization header ----

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// The token after "Bearer " (the scheme is case-insensitive, RFC 7235), or nullopt.
std::optional<std::string_view> bearer_token(std::string_view header) {
  header = trim(header);
  const auto space = header.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  if (!equals_ignoring_case(header.substr(0, space), "Bearer")) return std::nullopt;
  return trim(header.substr(space + 1));
}

struct TokenParts {
  std::string_view header, payload, signature;
};

std::optional<TokenParts> split_token(std::string_view token) {
  const auto first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return std::nullopt;
  const auto second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos) return std::nullopt;
  if (token.find('.', second_dot + 1) != std::string_view::npos) return std::nullopt;
  return TokenParts{token.substr(0, first_dot),
                    token.substr(first_dot + 1, second_dot - first_dot - 1),
                    token.substr(second_dot + 1)};
}

std::string string_member(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// ---- JWK → PEM (OpenSSL 3, no deprecated RSA_* calls) ----

BignumPtr jwk_number(std::string_view base64url) {
  // RFC 7518 says no padding; tolerate it rather than drop a key over a trailing '='.
  while (base64url.ends_with('=')) base64url.remove_suffix(1);
  const auto bytes = base64url_decode(base64url);
  if (!bytes || bytes->empty()) return nullptr;
  return BignumPtr{BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->data()),
                             static_cast<int>(bytes->size()), nullptr)};
}

PkeyPtr rsa_public_key(const BIGNUM& modulus, const BIGNUM& exponent) {
  ParamBuilderPtr builder{OSSL_PARAM_BLD_new()};
  if (!builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, &modulus) ||
      !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, &exponent))
    return nullptr;
  ParamsPtr params{OSSL_PARAM_BLD_to_param(builder.get())};
  PkeyContextPtr context{EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr)};
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0) return nullptr;
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
    return nullptr;
  return PkeyPtr{key};
}

std::optional<std::string> public_key_pem(EVP_PKEY& key) {
  BioPtr bio{BIO_new(BIO_s_mem())};
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), &key) != 1) return std::nullopt;
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  if (length <= 0 || !data) return std::nullopt;
  return std::string(data, static_cast<std::size_t>(length));
}

std::optional<std::string> jwk_to_pem(std::string_view n, std::string_view e, std::string& error) {
  const auto modulus = jwk_number(n);
  const auto exponent = jwk_number(e);
  if (!modulus || !exponent) {
    error = "n or e is not base64url";
    return std::nullopt;
  }
  const auto key = rsa_public_key(*modulus, *exponent);
  if (!key) {
    error = "OpenSSL rejected the RSA parameters";
    return std::nullopt;
  }
  if (EVP_PKEY_get_bits(key.get()) < kMinimumRsaBits) {
    error = "RSA key shorter than 2048 bits";
    return std::nullopt;
  }
  auto pem = public_key_pem(*key);
  if (!pem) error = "could not write the PEM";
  return pem;
}

// ---- claims ----

std::optional<std::int64_t> time_claim(const json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end() || !it->is_number()) return std::nullopt;
  if (it->is_number_float()) return static_cast<std::int64_t>(it->get<double>());
  return it->get<std::int64_t>();
}

// `aud` is a string or, per RFC 7519, an array of strings.
bool audience_matches(const json& claims, const std::string& app_id) {
  const auto it = claims.find("aud");
  if (it == claims.end()) return false;
  if (it->is_string()) return it->get<std::string>() == app_id;
  if (!it->is_array()) return false;
  return std::any_of(it->begin(), it->end(), [&](const json& a) {
    return a.is_string() && a.get<std::string>() == app_id;
  });
}

// The 401 checks: who issued the token, for whom, and when it is valid.
std::optional<TokenCheck> check_identity_and_time(const json& claims,
                                                  const TokenValidatorOptions& options,
                                                  TimePoint now) {
  if (string_member(claims, "iss") != options.issuer) return rejected(401, "wrong issuer");
  if (!audience_matches(claims, options.app_id)) return rejected(401, "wrong audience");
  const auto expires = time_claim(claims, "exp");
  if (!expires) return rejected(401, "token has no exp");
  const auto skew = options.clock_skew.count();
  if (to_unix(now) > *expires + skew) return rejected(401, "token expired");
  const auto not_before = time_claim(claims, "nbf");
  if (not_before && to_unix(now) + skew < *not_before) return rejected(401, "token not yet valid");
  return std::nullopt;
}

// The 403 checks: a genuine token, but not for this activity.
std::optional<TokenCheck> check_channel_and_service_url(
    const json& claims, const std::vector<std::string>& endorsements, const std::string& channel_id,
    const std::string& service_url) {
  const bool endorsed = !channel_id.empty() && std::find(endorsements.begin(), endorsements.end(),
                                                         channel_id) != endorsements.end();
  if (!endorsed) return rejected(403, "signing key not endorsed for the channel");
  // The claim's name is documented as serviceUrl and sent as serviceurl; check whichever is there.
  for (const char* name : {"serviceurl", "serviceUrl"}) {
    const auto it = claims.find(name);
    if (it == claims.end()) continue;
    if (!it->is_string() || it->get<std::string>() != service_url)
      return rejected(403, "serviceUrl does not match the token");
  }
  return std::nullopt;
}

// libjwt verifies the RS256 signature with the key's PEM; nullptr if it does not verify.
JwtPtr verify_signature(const std::string& token, const std::string& public_pem) {
  jwt_t* decoded = nullptr;
  const int error =
      jwt_decode(&decoded, token.c_str(), reinterpret_cast<const unsigned char*>(public_pem.data()),
                 static_cast<int>(public_pem.size()));
  JwtPtr verified{decoded};
  // Belt and braces: libjwt must have used the algorithm we pinned.
  if (error != 0 || !verified || jwt_get_alg(verified.get()) != JWT_ALG_RS256) return nullptr;
  return verified;
}

std::optional<json> verified_claims(jwt_t& verified) {
  MallocString text{jwt_get_grants_json(&verified, nullptr)};
  if (!text) return std::nullopt;
  auto claims = json::parse(text.get(), nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return std::nullopt;
  return claims;
}

// ---- fetching the keys ----

std::optional<json> get_json(http::HttpClient& client, const std::string& url, const char* what,
                             std::string& error) {
  const auto response = client.send({.method = "GET",
                                     .url = url,
                                     .headers = {{"Accept", "application/json"}},
                                     .timeout = kFetchTimeout});
  if (response.status == 0) {
    error = std::string(what) + ": " + response.error;
    return std::nullopt;
  }
  if (response.status != 200) {
    error = std::string(what) + ": HTTP " + std::to_string(response.status);
    return std::nullopt;
  }
  auto parsed = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    error = std::string(what) + ": not a JSON object";
    return std::nullopt;
  }
  return parsed;
}

bool offers_rs256(const json& metadata) {
  const auto it = metadata.find("id_token_signing_alg_values_supported");
  if (it == metadata.end() || !it->is_array()) return true;  // optional in the metadata
  return std::any_of(it->begin(), it->end(), [](const json& a) {
    return a.is_string() && a.get<std::string>() == kAlgorithm;
  });
}

std::vector<std::string> endorsements_of(const json& jwk) {
  std::vector<std::string> out;
  const auto it = jwk.find("endorsements");
  if (it == jwk.end() || !it->is_array()) return out;
  for (const auto& e : *it)
    if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

// One JWK as (kid, PEM), or nullopt when it is not an RS256 signing key we can use.
std::optional<std::pair<std::string, std::string>> usable_rsa_key(const json& jwk) {
  if (!jwk.is_object() || string_member(jwk, "kty") != "RSA") return std::nullopt;
  const auto kid = string_member(jwk, "kid");
  const auto use = string_member(jwk, "use");
  const auto alg = string_member(jwk, "alg");
  if (kid.empty() || (!use.empty() && use != "sig") || (!alg.empty() && alg != kAlgorithm))
    return std::nullopt;
  std::string error;
  auto pem = jwk_to_pem(string_member(jwk, "n"), string_member(jwk, "e"), error);
  if (!pem) {
    spdlog::warn("event=teams_signing_key_skipped kid={} reason=\"{}\"", kid, error);
    return std::nullopt;
  }
  return std::pair{kid, std::move(*pem)};
}

}  // namespace

TokenValidator::TokenValidator(TokenValidatorOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock), client_(std::make_unique<http::HttpClient>()) {}

TokenValidator::~TokenValidator() = default;

TokenCheck TokenValidator::validate(const std::string& authorization_header,
                                    const std::string& channel_id, const std::string& service_url) {
  if (trim(authorization_header).empty()) return rejected(401, "missing Authorization", true);
  const auto token = bearer_token(authorization_header);
  if (!token) return rejected(401, "Authorization is not Bearer", true);
  const auto parts = split_token(*token);
  if (!parts) return rejected(401, "malformed token", true);
  const auto header = decode_json_segment(parts->header);
  if (!header) return rejected(401, "malformed token header", true);
  if (string_member(*header, "alg") != kAlgorithm) return rejected(401, "algorithm is not RS256");
  const auto kid = string_member(*header, "kid");
  if (kid.empty()) return rejected(401, "token header has no kid");
  if (parts->signature.empty()) return rejected(401, "token is unsigned");

  SigningKey key;
  switch (find_key(kid, key)) {
    case KeyLookup::found:
      break;
    case KeyLookup::unknown_kid:
      return rejected(401, "unknown signing key");
    case KeyLookup::unavailable:
      return rejected(401, "signing keys unavailable");
  }

  const auto verified = verify_signature(std::string(*token), key.public_pem);
  if (!verified) return rejected(401, "signature does not verify");
  const auto claims = verified_claims(*verified);
  if (!claims) return rejected(401, "malformed token claims");
  if (auto failed = check_identity_and_time(*claims, options_, clock_.now())) return *failed;
  if (auto failed =
          check_channel_and_service_url(*claims, key.endorsements, channel_id, service_url))
    return *failed;
  return accepted();
}

TokenValidator::KeyLookup TokenValidator::find_key(const std::string& kid, SigningKey& out) {
  // Held across the fetch: concurrent requests wait for one download instead of starting many.
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();

  const bool stale = !keys_fetched_at_ || now - *keys_fetched_at_ >= options_.keys_max_age;
  const bool retry_allowed =
      !last_fetch_attempt_ || now - *last_fetch_attempt_ >= kRetryAfterFailedFetch;
  const bool fetched_now = stale && retry_allowed;
  if (fetched_now) refresh_keys(now);
  if (keys_.empty()) return KeyLookup::unavailable;

  auto it = keys_.find(kid);
  // A new kid usually means Microsoft rotated its keys since our last download; look again, but
  // rarely, so made-up kids cannot turn every request into a download.
  const bool refetch_allowed =
      !last_unknown_kid_fetch_ || now - *last_unknown_kid_fetch_ >= options_.unknown_kid_refetch;
  if (it == keys_.end() && !fetched_now && refetch_allowed) {
    spdlog::info("event=teams_signing_keys_refetch cause=unknown_kid");
    last_unknown_kid_fetch_ = now;
    refresh_keys(now);
    it = keys_.find(kid);
  }
  if (it == keys_.end()) return KeyLookup::unknown_kid;
  out = it->second;
  return KeyLookup::found;
}

void TokenValidator::refresh_keys(TimePoint now) {
  last_fetch_attempt_ = now;
  std::string error;
  auto fetched = fetch_keys(error);
  if (!fetched) {
    // Keys change rarely, so stale ones beat none: keep them and keep validating.
    if (keys_.empty())
      spdlog::error("event=teams_signing_keys_unavailable reason=\"{}\"", error);
    else
      spdlog::warn("event=teams_signing_keys_refresh_failed reason=\"{}\" cached_keys={}", error,
                   keys_.size());
    return;
  }
  keys_ = std::move(*fetched);
  keys_fetched_at_ = now;
  spdlog::debug("event=teams_signing_keys_loaded keys={}", keys_.size());
}

std::optional<TokenValidator::KeySet> TokenValidator::fetch_keys(std::string& error) {
  const auto metadata = get_json(*client_, options_.openid_url, "openid metadata", error);
  if (!metadata) return std::nullopt;
  const auto jwks_uri = string_member(*metadata, "jwks_uri");
  if (jwks_uri.empty()) {
    error = "openid metadata has no jwks_uri";
    return std::nullopt;
  }
  if (!offers_rs256(*metadata)) {
    error = "openid metadata does not offer RS256";
    return std::nullopt;
  }
  const auto jwks = get_json(*client_, jwks_uri, "jwks", error);
  if (!jwks) return std::nullopt;
  const auto listed = jwks->find("keys");
  if (listed == jwks->end() || !listed->is_array()) {
    error = "jwks has no keys array";
    return std::nullopt;
  }
  KeySet keys;
  for (const auto& jwk : *listed) {
    auto usable = usable_rsa_key(jwk);
    if (usable) keys[usable->first] = SigningKey{std::move(usable->second), endorsements_of(jwk)};
  }
  if (keys.empty()) {
    error = "jwks has no usable RSA keys";
    return std::nullopt;
  }
  return keys;
}

}  // namespace flipside::teams
