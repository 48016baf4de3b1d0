#!/usr/bin/env bash
# What a per-packet hook costs a 64-byte UDP datagram on loopback before any work, against bpftrace's
# per-pid sum of the socket tracepoints: the flood's own CPU and wall time per datagram with no monitor,
# with bpftrace, with two cgroup_skb programs (egress, ingress) at the cgroup v2 root returning at once
# (pnm's kind of hook), and with tc (clsact) egress and ingress programs on lo returning at once.
# Interleaved rounds. Needs root, clang, bpftool, tc, bpftrace and the built pnm-trafficgen.
# Usage: hook-cost.sh [ROUNDS] [DATAGRAMS]
set -euo pipefail
rounds=${1:-7} datagrams=${2:-300000}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
trafficgen=$top/tests/ProcNetMon2.TrafficGen/bin/Release/net10.0/pnm-trafficgen
cgroup=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
work=$(mktemp -d)
pins=/sys/fs/bpf/pnm-hook-cost-$$
clang -O2 -g -target bpf -I/usr/include/"$(uname -m)"-linux-gnu -c "$here/hooks_nowork.bpf.c" -o "$work/hooks.o"
python3 -c 'import socket,time
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1],flush=True); time.sleep(1e6)' >"$work/port" &
sink=$!
cleanup() {
  kill "$sink" 2>/dev/null || true
  if tc qdisc show dev lo | grep -q clsact; then tc qdisc del dev lo clsact; fi
  rm -rf "$pins" "$work"
} 2>/dev/null
trap cleanup EXIT
until [ -s "$work/port" ]; do sleep 0.1; done
port=$(cat "$work/port")

# CPU and wall ns per datagram of one flood.
flood() {
  "$trafficgen" udp-flood 4 "$port" "$datagrams" 64 | sed -n 's/^result //p' |
    python3 -c "import json,sys; r=json.load(sys.stdin); print('%.0f %.0f' % (r['cpuSeconds']*1e9/$datagrams, r['seconds']*1e9/$datagrams))"
}
with_bpftrace() {
  bpftrace -e 'tracepoint:sock:sock_send_length { @[pid] = sum(args->ret); } tracepoint:sock:sock_recv_length { @[pid] = sum(args->ret); } BEGIN { printf("ready\n"); }' >"$work/bpftrace" 2>&1 &
  local pid=$!
  until grep -q ready "$work/bpftrace"; do sleep 0.2; done
  flood
  kill -INT "$pid"; wait "$pid" 2>/dev/null || true
}
with_cgroup_hooks() {
  bpftool prog loadall "$work/hooks.o" "$pins"
  bpftool cgroup attach "$cgroup" egress pinned "$pins/cgroup_egress" multi
  bpftool cgroup attach "$cgroup" ingress pinned "$pins/cgroup_ingress" multi
  flood
  bpftool cgroup detach "$cgroup" egress pinned "$pins/cgroup_egress"
  bpftool cgroup detach "$cgroup" ingress pinned "$pins/cgroup_ingress"
  rm -rf "$pins"
}
with_tc_hooks() {
  tc qdisc add dev lo clsact
  tc filter add dev lo egress bpf da obj "$work/hooks.o" sec tc
  tc filter add dev lo ingress bpf da obj "$work/hooks.o" sec tc
  flood
  tc qdisc del dev lo clsact
}
echo "cpu and wall ns per datagram; + cpu ns added against none in the same round"
for round in $(seq 1 "$rounds"); do
  read -r none_cpu none_wall < <(flood)
  read -r bt_cpu bt_wall < <(with_bpftrace)
  read -r cg_cpu cg_wall < <(with_cgroup_hooks)
  read -r tc_cpu tc_wall < <(with_tc_hooks)
  echo "round $round: none $none_cpu/$none_wall | bpftrace $bt_cpu/$bt_wall (+$((bt_cpu - none_cpu))) | cgroup_skb, no work $cg_cpu/$cg_wall (+$((cg_cpu - none_cpu))) | tc, no work $tc_cpu/$tc_wall (+$((tc_cpu - none_cpu)))"
done
