#!/usr/bin/env bash
# Debian's Dovecot IMAP server for the email tests (started by a pytest fixture on loopback;
# the package's own service is never enabled or started).
set -euo pipefail
if [ -x /usr/sbin/dovecot ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d 101: the package install must not start the system service.
policy=/usr/sbin/policy-rc.d
created=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created=1
fi
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends dovecot-imapd >&2
if [ "$created" = 1 ]; then rm -f "$policy"; fi
