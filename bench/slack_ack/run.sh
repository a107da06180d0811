#!/usr/bin/env bash
# Slash-command acknowledgement benchmark: Flipside against a minimal Bolt for JavaScript app.
#
# wrk on 127.0.0.1 sends validly signed `/flipside help` slash commands (fresh timestamps, 500
# different users, every trigger_id distinct) to Flipside's POST /slack/events and then, with the
# same parameters, to a minimal Bolt app (same signing secret, acking the same command), each time with
# a stream of DM events in the background that the bots answer through the Web API (Flipside: its
# outbox), here a local fake that counts the calls. Prints requests/s, p50/p99 latency and errors for
# both, their ratio, and PASS/FAIL against the targets of issue #3. See README.md beside this file.
#
#   bench/slack_ack/run.sh                       # from any directory; as root it installs wrk if needed
#   DURATION=10s CONNECTIONS=64 bench/slack_ack/run.sh
#
# Settings (environment): DURATION (20s), WARMUP (3s), CONNECTIONS (32), THREADS (2: wrk threads),
# FLIPSIDE_BIN (<repo>/build/flipside), USERS (500 different people sending commands),
# BACKGROUND_RATE (50: signed DM events a second during each measured run, answered through the Web
# API: Flipside's outbox), FAKE_API_DELAY_MS (0: how long the fake Web API takes to answer),
# FLIPSIDE_HTTP_THREADS (passed on to Flipside).
# Exit status: 0 all targets met, 1 a target missed, 2 the benchmark could not run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
FLIPSIDE_BIN=${FLIPSIDE_BIN:-$repo/build/flipside}
USERS=${USERS:-500}
FAKE_API_DELAY_MS=${FAKE_API_DELAY_MS:-0}
BACKGROUND_RATE=${BACKGROUND_RATE:-50}

# Targets (issue #3).
MIN_RATIO=5
MAX_P99_MS=10

die() { echo "slack_ack: $*" >&2; exit 2; }
say() { echo "slack_ack: $*"; }

# A wrk duration (20, 20s, 2m) in seconds.
seconds_of() {
  [[ $1 =~ ^([0-9]+)(s|m|h)?$ ]] || die "$2: expected a duration like 20s or 2m, got \"$1\""
  local n=${BASH_REMATCH[1]}
  case ${BASH_REMATCH[2]} in m) n=$((n * 60)) ;; h) n=$((n * 3600)) ;; esac
  echo "$n"
}
duration_s=$(seconds_of "$DURATION" DURATION)
warmup_s=$(seconds_of "$WARMUP" WARMUP)
((duration_s >= 1)) || die "DURATION: at least 1s"
# signed.lua timestamps its requests when wrk starts; Slack (and Flipside) refuse timestamps more than
# 300 s old, so one wrk run must end well before that.
((duration_s <= 240 && warmup_s <= 240)) || die "DURATION and WARMUP must stay within 240s (signed timestamps expire after 300s)"
for v in CONNECTIONS THREADS USERS FAKE_API_DELAY_MS BACKGROUND_RATE; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v: expected a whole number, got \"${!v}\""
done
((THREADS >= 1 && CONNECTIONS >= THREADS)) || die "need THREADS >= 1 and CONNECTIONS >= THREADS"
((USERS >= 1)) || die "need USERS >= 1"

# --- what it needs, installed only when missing ------------------------------------------------------
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed (Debian: apt-get install nodejs npm)"
if ! command -v wrk >/dev/null; then
  [[ $(id -u) -eq 0 ]] || die "wrk is missing: run as root so this script can install it, or apt-get install wrk"
  say "installing wrk (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
if [[ ! -f $here/node_modules/.package-lock.json || $here/package-lock.json -nt $here/node_modules/.package-lock.json ]]; then
  say "installing @slack/bolt (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

[[ -x $FLIPSIDE_BIN ]] || die "no Flipside binary at $FLIPSIDE_BIN (build it with 'make run' or 'cmake --build build', or set FLIPSIDE_BIN)"
FLIPSIDE_BIN=$(cd "$(dirname "$FLIPSIDE_BIN")" && pwd)/$(basename "$FLIPSIDE_BIN")

# --- processes and temporary files, all gone on exit --------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/slack_ack.XXXXXX")
pids=()
stop_pid() { # stop_pid PID: SIGTERM, up to 10 s, then SIGKILL
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  [[ -n ${wrk_pid:-} ]] && kill -TERM "$wrk_pid" 2>/dev/null
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log_tail() { # log_tail NAME FILE
  echo "---- last lines of the $1 log ----" >&2
  tail -n 20 "$2" >&2 || true
  echo "----" >&2
}

# Three free loopback ports.
read -r api_port flipside_port bolt_port < <(node -e '
  const net = require("node:net");
  const servers = [0, 1, 2].map(() => net.createServer());
  Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", () => ok(s.address().port)))))
    .then((ports) => { console.log(ports.join(" ")); servers.forEach((s) => s.close()); });')

secret=$(node -e 'console.log(require("node:crypto").randomBytes(16).toString("hex"))')
export BENCH_SIGNING_SECRET=$secret
export BENCH_RESPONSE_URL_BASE="http://127.0.0.1:$api_port/commands" BENCH_USERS=$USERS
api_url="http://127.0.0.1:$api_port/api/"

http_get() { # http_get URL: prints the body of a 200 answer, fails otherwise
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(3000) })
      .then(async (r) => { if (r.status !== 200) process.exit(1); process.stdout.write(await r.text()); })
      .catch(() => process.exit(1));' "$1"
}
wait_port() { # wait_port NAME PORT PID LOG
  for _ in $(seq 200); do
    kill -0 "$3" 2>/dev/null || { log_tail "$1" "$4"; die "$1 exited during start-up"; }
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  log_tail "$1" "$4"; die "$1 did not listen on 127.0.0.1:$2 within 20 s"
}
api_snapshot() { # api_snapshot FILE: the fake Web API's call counts so far
  http_get "http://127.0.0.1:$api_port/__stats" >"$1" || echo '{"total":0,"by_path":{}}' >"$1"
}
api_diff() { # api_diff BEFORE AFTER: "N (method=n ...)"
  node -e '
    const fs = require("node:fs");
    const [a, b] = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
    const parts = Object.keys(b.by_path).sort()
      .map((k) => [k, b.by_path[k] - (a.by_path[k] || 0)]).filter(([, n]) => n > 0).map(([k, n]) => `${k}=${n}`);
    console.log(`${b.total - a.total}${parts.length ? " (" + parts.join(" ") + ")" : ""}`);' "$1" "$2"
}
outbox_deliveries() { # the sum of flipside_outbox_deliveries_total over its labels (0 before any)
  http_get "http://127.0.0.1:$flipside_port/metrics" 2>/dev/null |
    awk '$1 ~ /^flipside_outbox_deliveries_total/ { n += $2 } END { print n + 0 }' || echo 0
}
outbox_depth() { # the flipside_outbox_depth gauge, or nothing
  http_get "http://127.0.0.1:$flipside_port/metrics" 2>/dev/null | awk '$1 ~ /^flipside_outbox_depth/ {print $2; exit}' || true
}

# --- start: fake Web API, Flipside, Bolt --------------------------------------------------------------
FAKE_API_PORT=$api_port FAKE_API_DELAY_MS=$FAKE_API_DELAY_MS node "$here/fake_slack_api.js" >"$tmp/fake_api.log" 2>&1 &
api_pid=$!; pids+=("$api_pid")

# Flipside runs in the temporary folder (so no .env is picked up) with only the settings below, plus
# FLIPSIDE_HTTP_THREADS when given.
unset_flipside=()
while IFS= read -r v; do unset_flipside+=(-u "$v"); done < <(compgen -e | grep '^FLIPSIDE_' || true)
flipside_env=(
  FLIPSIDE_BIND=127.0.0.1 FLIPSIDE_PORT="$flipside_port" FLIPSIDE_DB="$tmp/flipside.db"
  FLIPSIDE_LOG_LEVEL=warn FLIPSIDE_SLACK_SIGNING_SECRET="$secret" FLIPSIDE_SLACK_BOT_TOKEN=xoxb-bench
  FLIPSIDE_SLACK_API_URL="$api_url"
)
[[ -n ${FLIPSIDE_HTTP_THREADS:-} ]] && flipside_env+=(FLIPSIDE_HTTP_THREADS="$FLIPSIDE_HTTP_THREADS")
(cd "$tmp" && exec env "${unset_flipside[@]}" "${flipside_env[@]}" "$FLIPSIDE_BIN" serve) >"$tmp/flipside.log" 2>&1 &
flipside_pid=$!; pids+=("$flipside_pid")

BOLT_PORT=$bolt_port SLACK_SIGNING_SECRET=$secret SLACK_API_URL=$api_url \
  node "$here/bolt_app.js" >"$tmp/bolt.log" 2>&1 &
bolt_pid=$!; pids+=("$bolt_pid")

flipside_url="http://127.0.0.1:$flipside_port/slack/events"
bolt_url="http://127.0.0.1:$bolt_port/slack/events"

wait_port "fake Web API" "$api_port" "$api_pid" "$tmp/fake_api.log"
wait_port Flipside "$flipside_port" "$flipside_pid" "$tmp/flipside.log"
ready=0
for _ in $(seq 100); do http_get "http://127.0.0.1:$flipside_port/healthz" >/dev/null && { ready=1; break; }; sleep 0.1; done
((ready)) || { log_tail Flipside "$tmp/flipside.log"; die "Flipside's /healthz did not answer 200"; }
wait_port Bolt "$bolt_port" "$bolt_pid" "$tmp/bolt.log"

say "checking that both acknowledge a signed command and refuse a wrongly signed one"
(cd "$here" && node sign.js probe "$flipside_url") || {
  log_tail Flipside "$tmp/flipside.log"
  die "Flipside ($FLIPSIDE_BIN) does not acknowledge a signed slash command at $flipside_url yet; it needs a build with the Slack adapter (issue #3)"
}
(cd "$here" && node sign.js probe "$bolt_url") || { log_tail Bolt "$tmp/bolt.log"; die "the Bolt app does not acknowledge a signed slash command"; }

# --- measure --------------------------------------------------------------------------------------
declare -A result cpu background
ticks() { # ticks PID: CPU time (user + system, clock ticks) the process has used so far
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  stat=${stat##*) }
  awk '{ print $12 + $13 }' <<<"$stat"
}
hz=$(getconf CLK_TCK)
children_cpu() { # children_cpu VAR: sets VAR to the CPU seconds of this shell's finished children
  local f="$tmp/times"
  times >"$f" # in this shell, not a $(...) subshell, whose children are not wrk
  printf -v "$1" '%s' "$(awk 'NR == 2 { n = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); n += p[1] * 60 + p[2] } print n }' "$f")"
}
wrk_pid=
run_wrk() { # run_wrk OUT_FILE WRK_ARGS...: wrk in the background, so Ctrl-C stops the benchmark at once
  local out=$1; shift
  wrk "$@" >"$out" 2>&1 &
  wrk_pid=$!
  local status=0
  wait "$wrk_pid" || status=$?
  wrk_pid=
  return "$status"
}
run_target() { # run_target NAME URL SERVER_PID
  local name=$1 url=$2 pid=$3
  local args=(-t"$THREADS" -c"$CONNECTIONS" --timeout 10s -s "$here/signed.lua" "$url")
  say "$name: warm-up $WARMUP"
  BENCH_NAME="warmup-$name" run_wrk "$tmp/$name.warmup.txt" -d"$WARMUP" "${args[@]}" ||
    { cat "$tmp/$name.warmup.txt" >&2; die "wrk failed (warm-up, $name)"; }
  say "$name: $DURATION, $CONNECTIONS connections, $THREADS wrk threads" \
    "$( ((BACKGROUND_RATE > 0)) && echo "+ $BACKGROUND_RATE DM events/s in the background")"
  api_snapshot "$tmp/$name.api0"
  local bg_pid=
  if ((BACKGROUND_RATE > 0)); then
    node "$here/background_events.js" "$url" "$BACKGROUND_RATE" "$duration_s" "$USERS" >"$tmp/$name.bg" 2>&1 &
    bg_pid=$!; pids+=("$bg_pid")
  fi
  local server0 api0 wrk0 start_ns server1 api1 wrk1 end_ns
  server0=$(ticks "$pid"); api0=$(ticks "$api_pid"); children_cpu wrk0; start_ns=$(date +%s%N)
  BENCH_NAME="$name" run_wrk "$tmp/$name.txt" -d"$DURATION" --latency "${args[@]}" ||
    { cat "$tmp/$name.txt" >&2; die "wrk failed ($name)"; }
  end_ns=$(date +%s%N); children_cpu wrk1; server1=$(ticks "$pid"); api1=$(ticks "$api_pid")
  api_snapshot "$tmp/$name.api1"
  if [[ -n $bg_pid ]]; then
    wait "$bg_pid" || true
    background[$name]=$(grep '^BACKGROUND ' "$tmp/$name.bg" || echo "BACKGROUND failed: $(tail -n 3 "$tmp/$name.bg" | tr '\n' ' ')")
  fi
  sed 's/^/    /' "$tmp/$name.txt"
  local line
  line=$(grep "^RESULT name=$name " "$tmp/$name.txt") || die "no RESULT line from wrk ($name)"
  result[$name]=$line
  # CPU cores busy on average during the run: the server, wrk (the load) and the fake Web API.
  cpu[$name]=$(awk -v s=$((server1 - server0)) -v a=$((api1 - api0)) -v w0="$wrk0" -v w1="$wrk1" -v hz="$hz" \
    -v t=$(((end_ns - start_ns) / 1000000)) -v name="$name" 'BEGIN { t /= 1000;
      printf "%s %.2f cores, wrk %.2f, fake Web API %.2f", name, s / hz / t, (w1 - w0) / t, a / hz / t }')
}
field() { # field NAME KEY: a value from the target's RESULT line
  local f
  for f in ${result[$1]}; do [[ $f == "$2="* ]] && { echo "${f#*=}"; return; }; done
  echo "?"
}
bg_field() { # bg_field NAME KEY: a value from the target's BACKGROUND line (0 when there is none)
  local f
  for f in ${background[$1]:-}; do [[ $f == "$2="* ]] && { echo "${f#*=}"; return; }; done
  echo 0
}

echo
echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), Linux $(uname -r)"
echo "Flipside: $("$FLIPSIDE_BIN" --version 2>/dev/null | head -n1 || echo '?') ($FLIPSIDE_BIN)"
echo "Bolt: @slack/bolt $(node -p 'require(process.argv[1]).version' "$here/node_modules/@slack/bolt/package.json"), node $(node --version); $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2)"
echo

delivered0=$(outbox_deliveries)
run_target flipside "$flipside_url" "$flipside_pid"
delivered_run=$(($(outbox_deliveries) - delivered0))
depth_after_run=$(outbox_depth)
# Let the outbox finish before the baseline runs, then stop Flipside, so it takes no CPU from Bolt.
drain_s="?"
if [[ -n $depth_after_run ]]; then
  start=$SECONDS
  for _ in $(seq 300); do
    d=$(outbox_depth); [[ -z $d || $d == 0 ]] && break; sleep 0.1
  done
  drain_s=$((SECONDS - start))
fi
delivered_all=$(($(outbox_deliveries) - delivered0))
# The ceiling: the same signed requests marked ssl_check, which Flipside verifies and answers with an
# empty 200 without running the command (no background events). What the command itself costs is
# the gap between this and the run above.
echo
BENCH_SSL_CHECK=1 BACKGROUND_RATE=0 run_target ceiling "$flipside_url" "$flipside_pid"
stop_pid "$flipside_pid"
flipside_log_lines=$(grep -cv '^\s*$' "$tmp/flipside.log" || true)

echo
run_target bolt "$bolt_url" "$bolt_pid"

# --- report ---------------------------------------------------------------------------------------
echo
printf '%-10s %12s %10s %10s %10s %8s %8s %6s\n' target "requests/s" "p50 ms" "p99 ms" "max ms" non-200 errors late
for name in flipside ceiling bolt; do
  printf '%-10s %12s %10s %10s %10s %8s %8s %6s\n' "$name" "$(field "$name" rps)" "$(field "$name" p50_ms)" \
    "$(field "$name" p99_ms)" "$(field "$name" max_ms)" "$(field "$name" non200)" "$(field "$name" errors)" "$(field "$name" late)"
done
ratio=$(awk -v a="$(field flipside rps)" -v b="$(field bolt rps)" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }')
echo
echo "throughput ratio Flipside/Bolt: ${ratio}x"
ceiling_ratio=$(awk -v a="$(field ceiling rps)" -v b="$(field bolt rps)" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }')
echo "ceiling (signature check and an empty 200, no command run)/Bolt: ${ceiling_ratio}x"
echo "CPU during the measured runs (of $(nproc)): ${cpu[flipside]}; ${cpu[ceiling]}; ${cpu[bolt]}"
for name in flipside bolt; do
  if ((BACKGROUND_RATE > 0)); then
    echo "background DM events to $name: ${background[$name]#BACKGROUND }"
  fi
  echo "fake Slack Web API calls from $name during its run: $(api_diff "$tmp/$name.api0" "$tmp/$name.api1")"
done
echo "Flipside's outbox: $delivered_run deliveries during the run, $delivered_all by the end" \
  "(depth after the run: ${depth_after_run:-n/a}, drained in ~${drain_s}s)"
echo "Flipside log (warn level): $flipside_log_lines lines (one slack_rejected is the check's deliberately wrong signature)"
if ((flipside_log_lines > 0)); then # the commonest lines, without their timestamps
  grep -v '^\s*$' "$tmp/flipside.log" | sed -E 's/^[0-9]{4}-[0-9T:.+-]+ //' | sort | uniq -c | sort -rn | head -n 5 | sed 's/^/    /'
fi
echo

failed=0
check() { # check OK(0/1) TEXT
  if (($1)); then echo "PASS  $2"; else echo "FAIL  $2"; failed=1; fi
}
check "$(awk -v r="$ratio" -v m="$MIN_RATIO" 'BEGIN { print (r == "inf" || r + 0 >= m) ? 1 : 0 }')" \
  "throughput: Flipside ${ratio}x Bolt (target >= ${MIN_RATIO}x)"
check "$(awk -v p="$(field flipside p99_ms)" -v m="$MAX_P99_MS" 'BEGIN { print (p + 0 < m) ? 1 : 0 }')" \
  "latency: Flipside p99 $(field flipside p99_ms) ms (target < ${MAX_P99_MS} ms)"
fs_bad=$(($(field flipside non200) + $(field flipside errors) + $(field flipside late)))
bg_bad=$(($(bg_field flipside non2xx) + $(bg_field flipside errors) + $(bg_field flipside late)))
if [[ ${background[flipside]:-} == "BACKGROUND failed"* ]]; then bg_bad=1; fi
check "$((fs_bad + bg_bad == 0))" \
  "Flipside: no request lost, refused or late (commands: $(field flipside non200) non-200, $(field flipside errors) socket errors, $(field flipside late) over 3 s; background events: $(bg_field flipside non2xx) non-2xx, $(bg_field flipside errors) errors, $(bg_field flipside late) over 3 s)"
if ((BACKGROUND_RATE > 0)); then
  check "$((delivered_run > 0))" "the outbox delivered in the background during the run ($delivered_run deliveries)"
else
  echo "NOTE  BACKGROUND_RATE=0: nothing made the outbox deliver during the run"
fi
bolt_bad=$(($(field bolt non200) + $(field bolt errors) + $(bg_field bolt non2xx) + $(bg_field bolt errors)))
check "$((bolt_bad == 0))" \
  "Bolt baseline clean ($(field bolt non200) non-200, $(field bolt errors) socket errors; background: $(bg_field bolt non2xx) non-2xx, $(bg_field bolt errors) errors), so the ratio compares like with like"
exit "$failed"
