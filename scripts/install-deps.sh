#!/usr/bin/env bash
# Installs what Flipside needs on Debian 12, only what is missing, so a second run takes a second.
set -euo pipefail

debian_packages=(
  cmake ninja-build g++ pkg-config make tzdata ca-certificates
  libboost-dev libboost-system-dev libssl-dev libcurl4-openssl-dev
  nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libspdlog-dev libfmt-dev
  libhowardhinnant-date-dev libcli11-dev catch2 libjwt-dev libical-dev
  # Test only: an independent iCalendar parser that reads back the .ics invites (tests/ics_test.cpp).
  python3-icalendar
)
# The console's browser test drives Debian's Chromium through playwright-core (npm).
if [[ "${FLIPSIDE_SKIP_BROWSER:-0}" != "1" ]]; then
  debian_packages+=(chromium nodejs npm)
fi

missing=()
for pkg in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    # node/npm may come from elsewhere on the machine; a working binary is enough.
    if [[ "$pkg" == nodejs && -x "$(command -v node)" ]] || [[ "$pkg" == npm && -x "$(command -v npm)" ]]; then
      continue
    fi
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing packages and not root; run as root or install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Test tools from npm, one folder each with its own lock file: installed once, skipped when present.
here=$(cd "$(dirname "$0")/.." && pwd)
npm_folder() {  # folder, a path inside node_modules that proves it is installed, what it is for
  local folder=$1 marker=$2 purpose=$3
  [[ -d "$here/$folder/node_modules/$marker" ]] && return 0
  if [[ ! -x "$(command -v npm)" ]]; then
    echo "install-deps: npm not found; $purpose will be skipped" >&2
    return 0
  fi
  echo "install-deps: installing npm packages for $purpose"
  (cd "$here/$folder" && npm ci --no-audit --no-fund --loglevel=error)
}

if [[ "${FLIPSIDE_SKIP_BROWSER:-0}" != "1" ]]; then
  npm_folder tests/browser playwright-core "the console's browser test"
fi
npm_folder tests/slack_types typescript "the Slack Block Kit types check (tsc + @slack/types)"
npm_folder tests/adaptive_cards adaptivecards "the Adaptive Cards check"
npm_folder tests/teams_package @microsoft/app-manifest "the Teams app package check"
npm_folder tests/teams_playground @microsoft/m365agentsplayground "the Teams Agents Playground test"
