#!/usr/bin/env bash
# Starts the desktop app, or says plainly why it cannot (no display) instead of a Qt abort.
set -u
py="$1"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
  echo "No display found (DISPLAY is not set): run this from a desktop session, or over 'ssh -X'." >&2
  exit 1
fi
exec "$(dirname "$py")/msc-desktop" "${@:2}"
