#pragma once
// Unguessable link tokens and their hashes: calendar invites, data downloads, export links and
// dashboard sign-ins all use them. Only a token's SHA-256 is stored where a copy of the database
// must not be enough to use the link.
#include <string>
#include <string_view>

namespace flipside::storage {

// 48 lower-case hex characters from the OS's CSPRNG (24 bytes, as calendar invite tokens).
std::string random_token();
// Lower-case hex SHA-256 of `text` (64 characters).
std::string sha256_hex(std::string_view text);
// Whether `token` looks like one of ours (48 lower-case hex characters): anything else is
// answered "not found" without touching the database.
bool plausible_token(std::string_view token);

}  // namespace flipside::storage
