#!/usr/bin/env bash
# Makes sure headless Chromium is available for the drift HTML report's render test (Debian package
# `chromium`). Idempotent and quiet: does nothing when /usr/bin/chromium exists or FEATURESTORE_CHROMIUM
# points at a browser; installs with apt-get when apt is usable (root, or passwordless sudo); otherwise
# says so and returns 0 — the test itself then fails (or skips with the reason when FEATURESTORE_ALLOW_SKIPS=1).
set -uo pipefail
if [ -n "${FEATURESTORE_CHROMIUM:-}" ] && [ -x "${FEATURESTORE_CHROMIUM}" ]; then exit 0; fi
if [ -x /usr/bin/chromium ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "featurestore: chromium missing and apt-get not available; the drift HTML render test needs it" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "featurestore: chromium missing and apt-get needs root; install it with: sudo apt-get install -y chromium" >&2
    exit 0
  fi
fi
echo "featurestore: installing chromium (apt-get) for the drift HTML render test"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends chromium >/tmp/featurestore-chromium-apt.log 2>&1; then
  $SUDO apt-get update -q >/dev/null 2>&1 || true
  $SUDO apt-get install -y -q --no-install-recommends chromium >/tmp/featurestore-chromium-apt.log 2>&1 \
    || echo "featurestore: apt-get install chromium failed (see /tmp/featurestore-chromium-apt.log)" >&2
fi
exit 0
