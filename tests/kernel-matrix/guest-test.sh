#!/bin/sh
# Runs inside the QEMU guest (busybox): records known loopback traffic with each backend and
# prints everything the host-side test checks between @@ marker lines.
app=/app

wait_for() { # file text
  i=0
  while ! grep -q "$2" "$1" 2>/dev/null; do
    sleep 0.2; i=$((i + 1))
    [ $i -gt 600 ] && { echo "@@TIMEOUT waiting for '$2' in $1"; cat "$1"; return 1; }
  done
}

echo "@@BEGIN doctor"
$app/pnm doctor
echo "@@END doctor exit=$?"

for backend in $PNM_BACKENDS; do
  echo "@@BEGIN record $backend"
  $app/pnm record -o /tmp/$backend.db --backend $backend > /tmp/$backend.log 2>&1 &
  recorder=$!
  wait_for /tmp/$backend.log "recording to" || cat /tmp/$backend.log

  $app/pnm-trafficgen tcp-server 4 300000 > /tmp/$backend-tcp-server.out &
  server=$!
  wait_for /tmp/$backend-tcp-server.out "^ready "
  $app/pnm-trafficgen tcp-client 4 "$(sed -n 's/^ready //p' /tmp/$backend-tcp-server.out)" 700000 | sed 's/^result /result tcp-client /'
  wait $server
  sed -n 's/^result /result tcp-server /p' /tmp/$backend-tcp-server.out

  $app/pnm-trafficgen udp-server 4 40 > /tmp/$backend-udp-server.out &
  server=$!
  wait_for /tmp/$backend-udp-server.out "^ready "
  $app/pnm-trafficgen udp-client 4 "$(sed -n 's/^ready //p' /tmp/$backend-udp-server.out)" 40 1000 | sed 's/^result /result udp-client /'
  wait $server
  sed -n 's/^result /result udp-server /p' /tmp/$backend-udp-server.out

  kill -TERM $recorder
  wait $recorder
  echo "recorder-exit $?"
  cat /tmp/$backend.log
  echo "@@REPORT"
  # The guest's console is a terminal: stderr (a progress bar on a slow report) is kept apart from the JSON.
  $app/pnm report /tmp/$backend.db --format json 2>/tmp/$backend.report-stderr || cat /tmp/$backend.report-stderr
  echo "@@END record $backend"
done
