#!/usr/bin/env bash
# Matching benchmark (issue #5): for seeded demo cohorts of 500, 2,000 and 5,000 people per side,
# times Flipside's score-matrix build and optimal assignment, then solves the very same weight
# matrix with SciPy's linear_sum_assignment (Debian's python3-scipy) and compares totals and times.
# Prints PASS/FAIL against the targets of issue #5. See README.md beside this file.
#
#   bench/matching/run.sh                 # from any directory; as root it installs python3-scipy
#   SIZES="500 2000" SEED=7 bench/matching/run.sh
#
# Settings (environment): SIZES ("500 2000 5000": people per side), SEED (1), REPEATS (3: each
# solver runs this many times on the same matrix and the fastest counts, for both), BUILD_DIR
# (<repo>/build-bench), JOBS (1: compile jobs), PYTHON (/usr/bin/python3: Debian's, which has the
# Debian scipy even when a pyenv python3 comes first on PATH), TMPDIR (where the weight matrices go:
# 5,000 × ~6,000 float64 is ~240 MB).
# Exit status: 0 all targets met, 1 a target missed, 2 the benchmark could not run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

SIZES=${SIZES:-"500 2000 5000"}
SEED=${SEED:-1}
REPEATS=${REPEATS:-3}
BUILD_DIR=${BUILD_DIR:-$repo/build-bench}
JOBS=${JOBS:-1}
PYTHON=${PYTHON:-/usr/bin/python3}

# Targets (issue #5).
MAX_SOLVE_RATIO=1.2
MAX_BUILD_SECONDS_5000=1.0
# Totals are sums of doubles near 5e5 each, summed exactly (math.fsum) and in long double: any
# difference beyond this means a different assignment, not rounding.
TOTAL_TOLERANCE=1e-6

die() { echo "matching: $*" >&2; exit 2; }
say() { echo "matching: $*"; }

if ! "$PYTHON" -c 'import scipy.optimize' 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing python3-scipy"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-scipy >/dev/null ||
      { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-scipy >/dev/null; } ||
      die "could not install python3-scipy"
  else
    die "python3-scipy missing (apt-get install python3-scipy as root)"
  fi
fi

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S "$repo" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLIPSIDE_BUILD_BENCH=ON \
    -DFLIPSIDE_TESTS=OFF >/dev/null || die "cmake configure failed"
fi
cmake --build "$BUILD_DIR" --target flipside_matching_bench -j "$JOBS" >/dev/null || die "build failed"
bench="$BUILD_DIR/bench/matching/flipside_matching_bench"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), \
$(free -m | awk '/^Mem:/ {print $2}') MB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "scipy: $("$PYTHON" -c 'import scipy; print(scipy.__version__)'), seed $SEED, solve times: fastest of $REPEATS runs each"

# key=value output -> value
get() { sed -n "s/^$1=//p" "$2"; }

failed=0
verdict() {  # verdict <ok 0|1> <text>
  if [ "$1" -eq 1 ]; then echo "PASS $2"; else echo "FAIL $2"; failed=1; fi
}

for n in $SIZES; do
  echo
  echo "== $n mentors × $n mentees =="
  "$bench" "$n" "$SEED" "$tmp/weights.f64" "$REPEATS" >"$tmp/flipside.txt" || die "bench failed for $n"
  rows=$(get mentees "$tmp/flipside.txt")
  cols=$(get slots "$tmp/flipside.txt")
  "$PYTHON" "$here/scipy_solve.py" "$tmp/weights.f64" "$rows" "$cols" "$REPEATS" >"$tmp/scipy.txt" ||
    die "scipy failed for $n"
  rm -f "$tmp/weights.f64"

  build=$(get build_seconds "$tmp/flipside.txt")
  solve=$(get solve_seconds "$tmp/flipside.txt")
  ours=$(get objective "$tmp/flipside.txt")
  theirs=$(get scipy_total "$tmp/scipy.txt")
  scipy_s=$(get scipy_seconds "$tmp/scipy.txt")
  matched=$(get matched "$tmp/flipside.txt")
  scipy_matched=$(get scipy_matched "$tmp/scipy.txt")
  echo "matrix:        $rows mentees × $(get mentors "$tmp/flipside.txt") mentors ($cols slots with capacity), \
$(get feasible_fraction "$tmp/flipside.txt") of pairs feasible"
  echo "build:         ${build} s (constraints + score matrix, $(get build_threads "$tmp/flipside.txt") threads)"
  echo "solve:         flipside ${solve} s, scipy ${scipy_s} s, ratio $(awk -v a="$solve" -v b="$scipy_s" 'BEGIN {printf "%.3f", a / b}')"
  echo "total weight:  flipside $ours, scipy $theirs, difference $(awk -v a="$ours" -v b="$theirs" 'BEGIN {printf "%.3g", a - b}')"
  echo "pairs:         flipside $matched feasible pairs (score sum $(get total_score "$tmp/flipside.txt")), scipy $scipy_matched"
  echo "peak memory:   flipside $(get peak_rss_kb "$tmp/flipside.txt") kB (ru_maxrss), scipy process $(get scipy_peak_rss_kb "$tmp/scipy.txt") kB"
  verdict "$(awk -v a="$ours" -v b="$theirs" -v t="$TOTAL_TOLERANCE" 'BEGIN {d = a - b; if (d < 0) d = -d; print (d <= t) ? 1 : 0}')" \
    "$n: identical optimal totals (|difference| <= $TOTAL_TOLERANCE)"
  verdict "$([ "$matched" = "$scipy_matched" ] && echo 1 || echo 0)" "$n: same number of feasible pairs"
  verdict "$(awk -v a="$solve" -v b="$scipy_s" -v r="$MAX_SOLVE_RATIO" 'BEGIN {print (a <= r * b) ? 1 : 0}')" \
    "$n: solve time <= ${MAX_SOLVE_RATIO} × scipy"
  if [ "$n" -eq 5000 ]; then
    verdict "$(awk -v a="$build" -v m="$MAX_BUILD_SECONDS_5000" 'BEGIN {print (a <= m) ? 1 : 0}')" \
      "$n: matrix build <= ${MAX_BUILD_SECONDS_5000} s"
  fi
done

echo
if [ "$failed" -eq 0 ]; then say "all targets met"; else say "a target was missed"; fi
exit "$failed"
