#!/usr/bin/env bash
# Start the web server and the background worker together; Ctrl-C stops both.
set -u
host=${1:-127.0.0.1}
port=${2:-8000}
py=.venv/bin/python
# Links in e-mails and calendar files are built by both processes, the worker without a
# request: tell both the address served here, unless SITE_URL says otherwise (production).
if [ -z "${SITE_URL:-}" ]; then
  case "$host" in
    0.0.0.0 | "" ) url_host=127.0.0.1 ;;
    :: | "[::]" ) url_host="[::1]" ;;
    *:*) url_host="[${host#[}"; url_host="${url_host%]}]" ;;
    *) url_host=$host ;;
  esac
  export SITE_URL="http://$url_host:$port"
fi
pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping web server and worker..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  wait 2>/dev/null
  exit 0
}
trap stop INT TERM EXIT
$py manage.py worker &
pids+=($!)
$py manage.py runserver "$host:$port" --noreload &
pids+=($!)
echo "Mentorordning runs on http://$host:$port/ (web) with a background worker; links in e-mails point to $SITE_URL/. Press Ctrl-C to stop both."
# Exit (and stop the other) as soon as either process ends.
wait -n
echo "A process ended; stopping the other." >&2
stop
