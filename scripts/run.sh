#!/usr/bin/env bash
# Start the web server and the background worker together; Ctrl-C stops both.
set -u
host=${1:-127.0.0.1}
port=${2:-8000}
py=.venv/bin/python
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
echo "Mentorordning runs on http://$host:$port/ (web) with a background worker. Press Ctrl-C to stop both."
# Exit (and stop the other) as soon as either process ends.
wait -n
echo "A process ended; stopping the other." >&2
stop
