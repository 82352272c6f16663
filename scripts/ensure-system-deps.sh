#!/usr/bin/env bash
# Install the Debian packages the project needs when they are missing:
# gettext (translations) always; chromium for browser tests ("test");
# PostgreSQL server for the PostgreSQL suite ("pg"). Only as root with apt-get.
set -eu
want=(gettext)
for extra in "$@"; do
  case "$extra" in
    test) want+=(chromium fonts-dejavu-core) ;;
    pg) want+=(postgresql) ;;
  esac
done
missing=()
for pkg in "${want[@]}"; do
  case "$pkg" in
    gettext) command -v msgfmt >/dev/null 2>&1 || missing+=(gettext) ;;
    chromium) command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
    postgresql) { command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || missing+=(postgresql) ;;
    *) dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing missing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}. Install them with your package manager (as root: apt-get install ${missing[*]})." >&2
  exit 1
fi
