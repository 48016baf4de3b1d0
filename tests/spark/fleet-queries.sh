#!/usr/bin/env bash
# docs/fleet.md's Spark SQL, as written there, run by a real Spark in local mode over a dataset made by
# pnm export --dataset, and compared with pnm report --group-by host,comm over the same recordings.
# Not part of tests/run (it installs a JRE and pyspark, and Spark takes a minute to start): run it by hand,
#   tests/spark/fleet-queries.sh [--pnm PATH] RECORDING...
# It needs Debian's packages (a JRE) and the Python package registry (pyspark 4.3.0).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pnm="$root/cli/bin/Release/net10.0/pnm"
if [[ "${1:-}" == "--pnm" ]]; then pnm="$2"; shift 2; fi
if [[ $# -eq 0 ]]; then echo "usage: $0 [--pnm PATH] RECORDING..." >&2; exit 2; fi

if ! command -v java >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
fi
venv="${XDG_CACHE_HOME:-$HOME/.cache}/pnm-spark-venv"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q pyspark==4.3.0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$pnm" export "$@" --dataset "$work/fleet"
"$pnm" report "$@" --group-by host,comm --format json > "$work/pnm-report.json"
"$venv/bin/python" "$here/fleet_queries.py" "$root/docs/fleet.md" "$work/fleet" "$work/pnm-report.json"
