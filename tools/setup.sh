#!/bin/sh
# Installs every Debian 12 package Kuiduo needs to build, run and test.
# Idempotent: it asks apt only for what is missing. Run as root (make does).
set -eu

PACKAGES="
build-essential meson ninja-build pkg-config gettext
libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libqrencode-dev libsodium-dev
libgdk-pixbuf-2.0-dev zlib1g-dev
appstream desktop-file-utils
xvfb xauth dbus dbus-x11 fonts-noto-cjk adwaita-icon-theme locales curl
chromium
"
# Node and npm for the browser suite: Debian's packages, unless a node with
# its own npm is already there (NodeSource's nodejs conflicts with Debian's npm).
if ! command -v npm >/dev/null 2>&1; then
  PACKAGES="$PACKAGES nodejs npm"
fi

# `tools/setup.sh bench` adds what the benchmarks drive the app with.
if [ "${1:-}" = bench ]; then
  PACKAGES="$PACKAGES wrk python3"
fi
# `tools/setup.sh fuzz` adds clang and its libFuzzer runtime.
if [ "${1:-}" = fuzz ]; then
  PACKAGES="$PACKAGES clang libclang-rt-14-dev"
fi

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Kuiduo needs these Debian packages:$missing" >&2
    echo "Run 'make run' or 'make check' as root, or install them with apt-get." >&2
    exit 1
  fi
  echo "Installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi

# The phone pages and the cadres' desktop are in Chinese: make sure the locale exists.
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  if [ "$(id -u)" = 0 ]; then
    sed -i -e 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' -e 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >> /etc/locale.gen
    grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen
    locale-gen >/dev/null
  else
    echo "warning: the zh_CN.UTF-8 locale is missing; pages fall back to English" >&2
  fi
fi

# The browser suite drives Debian's chromium with playwright-core from npm,
# at the version pinned in tests/browser/package-lock.json.
browser_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
if [ ! -f "$browser_dir/node_modules/playwright-core/package.json" ]; then
  echo "Installing playwright-core for the browser tests (npm)"
  (cd "$browser_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
