#!/usr/bin/env bash
# Debian's chromium for the Playwright tests (the test tools never download a browser).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium >&2
