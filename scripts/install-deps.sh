#!/usr/bin/env bash
# Installs what Flipside needs on Debian 12, only what is missing, so a second run takes a second.
set -euo pipefail

debian_packages=(
  cmake ninja-build g++ pkg-config make tzdata ca-certificates
  libboost-dev libboost-system-dev libssl-dev libcurl4-openssl-dev
  nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libspdlog-dev libfmt-dev
  libhowardhinnant-date-dev libcli11-dev catch2 libjwt-dev
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

if [[ "${FLIPSIDE_SKIP_BROWSER:-0}" != "1" ]]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  if [[ ! -d "$here/tests/browser/node_modules/playwright-core" ]]; then
    echo "install-deps: installing the browser test's npm packages"
    (cd "$here/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

# tsc and Slack's TypeScript definitions, which type-check the Slack golden files (CTest slack.types_check).
here=$(cd "$(dirname "$0")/.." && pwd)
if [[ ! -d "$here/tests/slack_types/node_modules/typescript" ]]; then
  if [[ -x "$(command -v npm)" ]]; then
    echo "install-deps: installing the Slack types check's npm packages"
    (cd "$here/tests/slack_types" && npm ci --no-audit --no-fund --loglevel=error)
  else
    echo "install-deps: npm not found; the Slack types check will be skipped" >&2
  fi
fi

# Microsoft's Adaptive Cards SDK, which parses and validates the Teams golden cards (CTest teams.cards_check).
if [[ ! -d "$here/tests/adaptive_cards/node_modules/adaptivecards" ]]; then
  if [[ -x "$(command -v npm)" ]]; then
    echo "install-deps: installing the Adaptive Cards check's npm packages"
    (cd "$here/tests/adaptive_cards" && npm ci --no-audit --no-fund --loglevel=error)
  else
    echo "install-deps: npm not found; the Adaptive Cards check will be skipped" >&2
  fi
fi

# Microsoft's Teams manifest validator, which checks the Teams app package (CTest teams.package_check).
if [[ ! -d "$here/tests/teams_package/node_modules/@microsoft/app-manifest" ]]; then
  if [[ -x "$(command -v npm)" ]]; then
    echo "install-deps: installing the Teams package check's npm packages"
    (cd "$here/tests/teams_package" && npm ci --no-audit --no-fund --loglevel=error)
  else
    echo "install-deps: npm not found; the Teams package check will be skipped" >&2
  fi
fi

# Microsoft 365 Agents Playground, the offline Teams client for the end-to-end test (CTest teams.playground).
if [[ ! -d "$here/tests/teams_playground/node_modules/@microsoft/m365agentsplayground" ]]; then
  if [[ -x "$(command -v npm)" ]]; then
    echo "install-deps: installing the Teams Playground test's npm packages"
    (cd "$here/tests/teams_playground" && npm ci --no-audit --no-fund --loglevel=error)
  else
    echo "install-deps: npm not found; the Teams Playground test will be skipped" >&2
  fi
fi
