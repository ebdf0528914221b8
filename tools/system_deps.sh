#!/usr/bin/env bash
# Debian packages Qt needs (DESIGN section 9), poppler for PDF checks, PostgreSQL for the centre's
# store tests, CUPS with the cups-pdf virtual printer (the printing tests start their own
# scheduler, see tests/cups_server.py), chromium for the centre's web application's browser tests
# (driven by Playwright, never `playwright install`). Installs them when root with apt-get; otherwise prints the
# exact line to run.
set -u
pkgs="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3 fonts-dejavu-core fonts-noto-cjk
xvfb xauth xdotool libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
poppler-utils zbar-tools postgresql fonts-droid-fallback
cups cups-client printer-driver-cups-pdf ghostscript chromium"
command -v dpkg-query >/dev/null 2>&1 || { echo "Not a Debian-like system: install Qt's libraries (see DESIGN section 9) by hand." >&2; exit 0; }
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null \
    || { echo "apt-get failed; run: sudo apt-get install -y$missing" >&2; exit 1; }
else
  echo "Missing system packages; run: sudo apt-get install -y$missing" >&2
  exit 1
fi
