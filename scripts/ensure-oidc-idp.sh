#!/usr/bin/env bash
# Install the OpenID Connect test provider (the npm package oidc-provider, pinned by
# tests/peers/oidc/package-lock.json) into tests/peers/oidc/node_modules when it is
# missing or older than the lock file. Needs Node.js and npm
# (scripts/ensure-system-deps.sh test installs Debian's).
set -eu
dir="$(cd "$(dirname "$0")/../tests/peers/oidc" && pwd)"
stamp="$dir/node_modules/.installed-stamp"
if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$stamp"
fi
