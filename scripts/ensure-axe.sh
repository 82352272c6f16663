#!/usr/bin/env bash
# Install axe-core (the accessibility rules engine of the browser tests, pinned by
# tests/peers/axe/package-lock.json) into tests/peers/axe/node_modules when it is
# missing or older than the lock file. Needs npm (scripts/ensure-system-deps.sh test
# installs Debian's). tests/e2e/axe.py calls it once per test session.
set -eu
dir="$(cd "$(dirname "$0")/../tests/peers/axe" && pwd)"
stamp="$dir/node_modules/.installed-stamp"
if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$stamp"
fi
