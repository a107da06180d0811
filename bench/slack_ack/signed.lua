-- wrk script: validly signed Slack slash commands, every one distinct, and one machine-readable line.
--
--   BENCH_NAME=flipside BENCH_SIGNING_SECRET=... BENCH_USERS=500 \
--   BENCH_RESPONSE_URL_BASE=http://127.0.0.1:PORT/commands wrk -s signed.lua URL
--
-- Each request is `/flipside help` from one of BENCH_USERS people (cycled), with its own trigger_id
-- and response_url, timestamped when wrk started and signed like Slack signs
-- (v0=HMAC-SHA256(secret, "v0:" .. ts .. ":" .. body)). Flipside, like Slack apps should, treats a
-- repeated trigger_id as a retry and does not run the command again, so replaying a fixed set of
-- requests would measure its duplicate path: hence the signing here, per request. The part of the body
-- that is the same for a given user is hashed once (hmac_sha256.lua), so a signature costs a few
-- microseconds of wrk's CPU.
--
-- Answers other than 200 are counted and the first few shown. done() prints
--   RESULT name=NAME requests=.. duration_s=.. rps=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=..
--          non200=.. errors=.. connect=.. read=.. write=.. timeout=.. late=..
-- where errors are socket errors (requests lost) and late counts latencies over Slack's 3 s deadline.

local here = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./")
local hmac = dofile(here .. "hmac_sha256.lua")

local threads = {}

function setup(thread)
   threads[#threads + 1] = thread
   thread:set("tid", #threads)
end

local function urlencode(s)
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local users, key, ts, run_tag, head, prefixes, mids = 0, nil, nil, nil, nil, {}, {}
local n = 0
non200, bad_samples = 0, ""

function init(args)
   hmac.self_test()
   local secret = assert(os.getenv("BENCH_SIGNING_SECRET"), "signed.lua: BENCH_SIGNING_SECRET is not set")
   users = tonumber(os.getenv("BENCH_USERS") or "500")
   local response_base = os.getenv("BENCH_RESPONSE_URL_BASE") or "http://127.0.0.1:9/commands"
   key = hmac.key(secret)
   ts = tostring(os.time())
   -- Distinct from any other wrk run against the same server (warm-up, repeated runs).
   math.randomseed(os.time() * 1000 + (tid or 1) + math.floor(os.clock() * 1e6))
   run_tag = string.format("%s%08x", ts, math.random(0, 0x7fffffff))
   head = "POST /slack/events HTTP/1.1\r\n" ..
      "Host: " .. wrk.headers["Host"] .. "\r\n" ..
      "Content-Type: application/x-www-form-urlencoded\r\n" ..
      "User-Agent: Slackbot 1.0 (+https://api.slack.com/robots)\r\n" ..
      "Accept: application/json,*/*\r\n" ..
      "X-Slack-Request-Timestamp: " .. ts .. "\r\n"
   -- BENCH_SSL_CHECK=1 adds Slack's ssl_check field: Flipside then checks the signature and answers
   -- an empty 200 without running the command, which gives the ceiling of the HTTP server, the
   -- signature check and this script together on the machine.
   local extra = os.getenv("BENCH_SSL_CHECK") == "1" and "&ssl_check=1" or ""
   for u = 0, users - 1 do
      local id = string.format("%06d", u)
      -- Slack's fields; the ones unique to a command come last, after this per-user prefix.
      local body = "token=b3nchVerificationT0ken0001&team_id=T0BENCH01&team_domain=flipside-bench" ..
         "&channel_id=C0BENCH01&channel_name=reverse-mentoring" ..
         "&user_id=U0B" .. id .. "&user_name=bench.user" .. u ..
         extra .. "&command=%2Fflipside&text=help&api_app_id=A0BENCH01" ..
         "&response_url=" .. urlencode(response_base .. "/T0BENCH01/")
      prefixes[u] = body
      mids[u] = hmac.prefix(key, "v0:" .. ts .. ":" .. body)
   end
end

function request()
   n = n + 1
   local u = (n + ((tid or 1) - 1) * 251) % users -- threads start at different people
   local unique = n .. "." .. (tid or 1) .. "." .. run_tag
   local tail = n .. "%2F" .. (tid or 1) .. run_tag .. "&trigger_id=" .. unique
   local body = prefixes[u] .. tail
   return head ..
      "X-Slack-Signature: v0=" .. hmac.hex_with(key, mids[u], tail) .. "\r\n" ..
      "Content-Length: " .. #body .. "\r\n\r\n" .. body
end

function response(status, headers, body)
   if status ~= 200 then
      non200 = non200 + 1
      if non200 <= 3 then
         bad_samples = bad_samples .. "  HTTP " .. status .. ": " .. (body or ""):sub(1, 160):gsub("%s+", " ") .. "\n"
      end
   end
end

function done(summary, latency, requests)
   local total_non200, samples = 0, ""
   for _, t in ipairs(threads) do
      total_non200 = total_non200 + (t:get("non200") or 0)
      samples = samples .. (t:get("bad_samples") or "")
   end
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.timeout
   local seconds = summary.duration / 1e6
   -- Latencies over 3 s (Slack's deadline): walk the distinct values from the top.
   local late = 0
   if latency.max > 3000000 then
      for k = #latency, 1, -1 do
         local value, count = latency(k)
         if value <= 3000000 then break end
         late = late + count
      end
   end
   local function ms(us) return us / 1000 end
   if samples ~= "" then io.write("non-200 answers (the first few of each wrk thread):\n", samples) end
   io.write(string.format(
      "RESULT name=%s requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
      "non200=%d errors=%d connect=%d read=%d write=%d timeout=%d late=%d\n",
      os.getenv("BENCH_NAME") or "target", summary.requests, seconds, summary.requests / seconds,
      ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)), ms(latency.max),
      total_non200, errors, e.connect, e.read, e.write, e.timeout, late))
end
