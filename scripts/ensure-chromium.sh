#!/usr/bin/env bash
# The e2e tests drive Debian's Chromium; no test tool downloads a browser.
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Chromium from Debian's packages…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
else
  echo "Chromium is missing: install it with 'sudo apt-get install chromium' (or set CHROMIUM_PATH)" >&2
  exit 1
fi
