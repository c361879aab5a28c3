#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests if it is missing (Playwright's own
# browser download does not work offline).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium is missing: run 'sudo apt-get install chromium'"; exit 1
fi
echo "== installing Chromium (Debian package)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
