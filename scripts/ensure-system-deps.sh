#!/usr/bin/env bash
# Install the Debian packages the project needs when they are missing:
# gettext (translations) and Pango with an æøå font (WeasyPrint's PDFs) always;
# chromium for browser tests, poppler-utils
# (pdftotext, pdftoppm) to read back the agreement PDF in tests, nginx to check
# the reverse-proxy example in deploy/ (nginx -t), Node.js and npm for the OpenID
# Connect test provider (tests/peers/oidc, `make sso-idp`), xmlsec1 for the SAML test
# identity provider (pysaml2 signs with it) and openssl (the tests make the SAML SP key
# pair with the command docs/operations.md gives) ("test"); PostgreSQL server for the
# PostgreSQL suite ("pg"); Redis for the multi-node test ("cluster"); Node.js and npm
# alone for `make sso-idp` ("sso"); xmlsec1 for `make sso-saml-idp` ("saml").
# Only as root with apt-get.
set -eu
want=(gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
for extra in "$@"; do
  case "$extra" in
    test) want+=(chromium poppler-utils nginx nodejs npm xmlsec1 openssl) ;;
    pg) want+=(postgresql) ;;
    cluster) want+=(redis-server) ;;
    sso) want+=(nodejs npm) ;;
    saml) want+=(xmlsec1) ;;
  esac
done
missing=()
for pkg in "${want[@]}"; do
  case "$pkg" in
    gettext) command -v msgfmt >/dev/null 2>&1 || missing+=(gettext) ;;
    chromium) command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
    nginx) { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || missing+=(nginx) ;;
    redis-server) command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;;
    nodejs) command -v node >/dev/null 2>&1 || missing+=(nodejs) ;;
    npm) command -v npm >/dev/null 2>&1 || missing+=(npm) ;;
    xmlsec1) command -v xmlsec1 >/dev/null 2>&1 || missing+=(xmlsec1) ;;
    openssl) command -v openssl >/dev/null 2>&1 || missing+=(openssl) ;;
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
