#!/usr/bin/env bash
# Checks (and on Debian as root, installs) the system packages MDT Intake needs.
#   scripts/system-deps.sh          what the app needs: Pango for WeasyPrint, CJK fonts for Chinese PDFs
#   scripts/system-deps.sh test     also Chromium (browser tests), poppler-utils (pdftotext) and nginx (the compose
#                                   proxy's configuration, run by tests/platform/test_nginx.py; never started here)
#   scripts/system-deps.sh bench    also wrk, the HTTP load generator `make bench` drives gunicorn with
set -euo pipefail

missing=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libpango-1.0.so || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
have_lib libharfbuzz-subset.so || missing+=(libharfbuzz-subset0)
{ command -v fc-list >/dev/null && fc-list :lang=zh | grep -q .; } || missing+=(fonts-noto-cjk fontconfig)
# An oblique Latin face: the Chinese PDFs set the Latin words a patient typed in italics (Noto CJK has none).
{ command -v fc-list >/dev/null && fc-list "DejaVu Sans:style=Oblique" | grep -q .; } || missing+=(fonts-dejavu-core)
if [ "${1:-}" = "test" ]; then
  command -v chromium >/dev/null || missing+=(chromium)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  # Debian's nginx binary lives in /usr/sbin, often not on a non-root PATH.
  { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } || missing+=(nginx)
fi
if [ "${1:-}" = "bench" ]; then
  command -v wrk >/dev/null || missing+=(wrk)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >/dev/null
  # The tests run nginx themselves; a Debian install would otherwise leave it serving port 80 at every boot.
  if [[ " ${missing[*]} " == *" nginx "* ]] && [ -d /run/systemd/system ]; then
    systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
  exit 0
fi

echo "MDT Intake needs these system packages, which are missing: ${missing[*]}" >&2
echo "On Debian or Ubuntu: sudo apt-get install ${missing[*]}" >&2
echo "On macOS (Homebrew): brew install pango font-noto-sans-cjk${1:+ chromium poppler nginx}" >&2
exit 1
