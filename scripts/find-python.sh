#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or fail with a clear message.
# $PYTHON overrides the search.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
if [ -n "${PYTHON:-}" ]; then
  if ok "$PYTHON"; then command -v "$PYTHON" || echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not a working Python 3.12 or newer." >&2; exit 1
fi
for candidate in python3.12 python3.13 python3; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
# pyenv installs (its shims fail without PYENV_VERSION, so use the real binaries).
roots=()
command -v pyenv >/dev/null 2>&1 && roots+=("$(pyenv root)")
roots+=("${PYENV_ROOT:-$HOME/.pyenv}")
for root in "${roots[@]}"; do
  # The lock file is compiled for 3.12: prefer it, then newer releases.
  for path in $(ls -d "$root"/versions/3.12*/bin/python3 2>/dev/null | sort -rV) \
              $(ls -d "$root"/versions/3.1[3-9]*/bin/python3 2>/dev/null | sort -V); do
    if ok "$path"; then echo "$path"; exit 0; fi
  done
done
for path in /usr/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/local/bin/python3.13; do
  if [ -x "$path" ] && ok "$path"; then echo "$path"; exit 0; fi
done
echo "No Python 3.12 or newer found. Install one, or run with PYTHON=/path/to/python3.12." >&2
exit 1
