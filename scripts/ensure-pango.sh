#!/usr/bin/env bash
# WeasyPrint (tickets, attendance lists, badges as PDF) needs Pango from the system.
# Installs Debian's packages if the libraries are missing (as root; else says what to do).
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0"; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Pango is missing: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0'"; exit 1
fi
echo "== installing Pango for WeasyPrint (Debian packages)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null
