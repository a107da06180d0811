-- HMAC-SHA256 in LuaJIT (wrk's Lua has no crypto), built for signing many Slack requests that share
-- a long prefix: the key's inner/outer pads and any 64-byte-aligned prefix are hashed once
-- (a "midstate"); each request then hashes only its own tail.
--
--   local hmac = dofile("hmac_sha256.lua")
--   local key = hmac.key(secret)                   -- pads hashed once
--   hmac.hex(key, message)                         -- "v0=" style hex digest of one message
--   local mid = hmac.prefix(key, common_prefix)    -- hash the shared prefix once
--   hmac.hex_with(key, mid, rest)                  -- == hmac.hex(key, common_prefix .. rest)
--   hmac.self_test()                               -- RFC 4231 and Slack's documented example
local bit = require("bit")
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local lshift, rshift, ror, tobit, tohex = bit.lshift, bit.rshift, bit.ror, bit.tobit, bit.tohex
local byte, char, rep, sub = string.byte, string.char, string.rep, string.sub

local K = {
   0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
   0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
   0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
   0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
   0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
   0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
   0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
   0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
for i = 1, 64 do K[i] = tobit(K[i]) end
local H0 = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 }
for i = 1, 8 do H0[i] = tobit(H0[i]) end

local W = {}

-- Hashes the 16 words in W[1..16] into state H (8 words, in place).
local function compress(H)
   for j = 17, 64 do
      local w15, w2 = W[j - 15], W[j - 2]
      local s0 = bxor(ror(w15, 7), ror(w15, 18), rshift(w15, 3))
      local s1 = bxor(ror(w2, 17), ror(w2, 19), rshift(w2, 10))
      W[j] = tobit(W[j - 16] + s0 + W[j - 7] + s1)
   end
   local a, b, c, d, e, f, g, h = H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8]
   for j = 1, 64 do
      local s1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
      local ch = bxor(band(e, f), band(bnot(e), g))
      local t1 = h + s1 + ch + K[j] + W[j]
      local s0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
      local maj = bxor(band(a, b), band(a, c), band(b, c))
      h, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + s0 + maj)
   end
   H[1], H[2], H[3], H[4] = tobit(H[1] + a), tobit(H[2] + b), tobit(H[3] + c), tobit(H[4] + d)
   H[5], H[6], H[7], H[8] = tobit(H[5] + e), tobit(H[6] + f), tobit(H[7] + g), tobit(H[8] + h)
end

-- Hashes the 64-byte block of s starting at byte `at` (1-based) into state H.
local function block(H, s, at)
   for j = 1, 16 do
      local b1, b2, b3, b4 = byte(s, at, at + 3)
      W[j] = bor(lshift(b1, 24), lshift(b2, 16), lshift(b3, 8), b4)
      at = at + 4
   end
   compress(H)
end

-- A midstate: the state after `done` bytes, plus bytes not yet hashed (fewer than 64).
local function copy(H) return { H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8] } end

local function absorb(mid, data)
   local H, pending = copy(mid.H), mid.pending .. data
   local full = #pending - #pending % 64
   for at = 1, full, 64 do block(H, pending, at) end
   return { H = H, pending = sub(pending, full + 1), done = mid.done + full }
end

-- Finishes a hash from a midstate plus the last data; returns the state (the digest's 8 words) in
-- the table H (reused between calls).
local function finish(mid, data, H)
   for i = 1, 8 do H[i] = mid.H[i] end
   local rest = mid.pending .. data
   local total = mid.done + #rest
   local full = #rest - #rest % 64
   for at = 1, full, 64 do block(H, rest, at) end
   local tail = sub(rest, full + 1)
   local bits = total * 8
   local zeros = (55 - #tail) % 64
   tail = tail .. "\128" .. rep("\0", zeros) ..
      char(0, 0, 0, 0, -- messages here are far below 2^32 bits
         band(rshift(bits, 24), 255), band(rshift(bits, 16), 255), band(rshift(bits, 8), 255), band(bits, 255))
   for at = 1, #tail, 64 do block(H, tail, at) end
   return H
end

local function bytes_of(H)
   local out = {}
   for i = 1, 8 do
      local w = H[i]
      out[i] = char(band(rshift(w, 24), 255), band(rshift(w, 16), 255), band(rshift(w, 8), 255), band(w, 255))
   end
   return table.concat(out)
end

-- The outer hash of HMAC-SHA256: one block holding the inner digest (8 words) and its padding.
local inner_H, outer_H = {}, {}
local function outer(key, digest)
   local O = key.outer.H
   for i = 1, 8 do
      outer_H[i] = O[i]
      W[i] = digest[i]
   end
   W[9] = tobit(0x80000000)
   for i = 10, 15 do W[i] = 0 end
   W[16] = (64 + 32) * 8
   compress(outer_H)
   return outer_H
end

local M = {}

function M.key(secret)
   if #secret > 64 then
      secret = bytes_of(finish({ H = H0, pending = "", done = 0 }, secret, {}))
   end
   secret = secret .. rep("\0", 64 - #secret)
   local ipad, opad = {}, {}
   for i = 1, 64 do
      local b = byte(secret, i)
      ipad[i] = char(bxor(b, 0x36))
      opad[i] = char(bxor(b, 0x5c))
   end
   local start = { H = H0, pending = "", done = 0 }
   return { inner = absorb(start, table.concat(ipad)), outer = absorb(start, table.concat(opad)) }
end

function M.prefix(key, data)
   return absorb(key.inner, data)
end

local function hex_of(H)
   return tohex(H[1]) .. tohex(H[2]) .. tohex(H[3]) .. tohex(H[4]) ..
      tohex(H[5]) .. tohex(H[6]) .. tohex(H[7]) .. tohex(H[8])
end

function M.hex_with(key, mid, data)
   return hex_of(outer(key, finish(mid, data, inner_H)))
end

function M.hex(key, message)
   return M.hex_with(key, key.inner, message)
end

function M.self_test()
   -- RFC 4231 test case 2, and Slack's documented request-signing example.
   local got = M.hex(M.key("Jefe"), "what do ya want for nothing?")
   assert(got == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
      "hmac_sha256: RFC 4231 vector failed: " .. got)
   local body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V" ..
      "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=" ..
      "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN" ..
      "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
   local key = M.key("8f742231b10e8888abcd99yyyzzz85a5")
   local base = "v0:1531420618:" .. body
   local want = "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
   assert(M.hex(key, base) == want, "hmac_sha256: Slack's example failed")
   for cut = 0, #base, 37 do -- any split into prefix + rest gives the same answer
      assert(M.hex_with(key, M.prefix(key, sub(base, 1, cut)), sub(base, cut + 1)) == want,
         "hmac_sha256: prefix split at " .. cut .. " failed")
   end
   return true
end

return M
