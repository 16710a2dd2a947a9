#!/usr/bin/env bash
# What the server and the tests need from outside Python, in one place (`make test` and `make run` call it):
#   chromium           the browser tests (Playwright drives Debian's Chromium; it never downloads its own)
#   fonts-dejavu-core  the leaflet PDFs (Vietnamese letters)
#   ffmpeg             voice messages
#   axe-core           the accessibility tests, from the npm registry into .cache/npm (needs npm)
# As root with apt-get, whatever is missing is installed. Otherwise one line says what to install, and the tests that
# need it are skipped with that reason (tests/conftest.py). Never fails the build by itself.
#
#   scripts/system-deps.sh        everything the tests need
#   scripts/system-deps.sh run    what the server needs (fonts, ffmpeg)
# Overrides (tests/test_system_deps.py uses them): HOAGIAI_CHROMIUM (browser path, read by the tests too),
# DEJAVU_FONT, AXE_DIR, SYSTEM_DEPS_INSTALL=no (only say what is missing, even as root).
set -u
cd "$(dirname "$0")/.."

AXE_VERSION=4.14.1
AXE_DIR=${AXE_DIR:-.cache/npm}
AXE_FILE=$AXE_DIR/node_modules/axe-core/axe.min.js
CHROMIUM=${HOAGIAI_CHROMIUM:-/usr/bin/chromium}
DEJAVU=${DEJAVU_FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
INSTALL=${SYSTEM_DEPS_INSTALL:-yes}  # "no": only say what is missing, even as root

packages=()
[ -f "$DEJAVU" ] || packages+=(fonts-dejavu-core)
command -v ffmpeg >/dev/null 2>&1 || packages+=(ffmpeg)
if [ "${1:-test}" != run ]; then
  [ -x "$CHROMIUM" ] || packages+=(chromium)
  if [ ! -f "$AXE_FILE" ] && ! command -v npm >/dev/null 2>&1; then packages+=(npm); fi
fi

if [ ${#packages[@]} -gt 0 ]; then
  if [ "$INSTALL" = yes ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: installing ${packages[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${packages[@]}"; } >/dev/null 2>&1 || echo "system-deps: apt-get could not install ${packages[*]}"
  else
    echo "system-deps: missing ${packages[*]}; install with: sudo apt-get install ${packages[*]} (tests that need them are skipped)"
  fi
fi

if [ "${1:-test}" != run ] && [ ! -f "$AXE_FILE" ] && command -v npm >/dev/null 2>&1; then
  npm install --silent --no-save --no-audit --no-fund --no-package-lock --prefix "$AXE_DIR" "axe-core@$AXE_VERSION" \
    >/dev/null 2>&1 || echo "system-deps: npm could not fetch axe-core@$AXE_VERSION (accessibility tests are skipped)"
fi
exit 0
