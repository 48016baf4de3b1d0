#!/usr/bin/env bash
# The long, coverage-guided fuzz run behind the figures in docs/security.md: AFL++ drives one target of
# pnm-fuzz, whose readers SharpFuzz has instrumented. Not part of tests/run (hours, not seconds).
#   tests/ProcNetMon2.Fuzz/run-afl.sh TARGET [EXECUTIONS (1000000)] [MAX_SECONDS (36000)] [OUT (/tmp/pnm-afl-TARGET)]
# TARGET: segment, sqlite or convert. Crashes and hangs land in OUT/out/default/{crashes,hangs}, AFL's output in
# OUT/afl-N.log (N: the attempt, see below); replay an input with
#   OUT/bin/pnm-fuzz replay TARGET FILE. The inputs are written under TMPDIR, /dev/shm unless TMPDIR is set.
set -euo pipefail
target=${1:?usage: run-afl.sh TARGET [EXECUTIONS] [MAX_SECONDS] [OUT]}
executions=${2:-1000000}
max_seconds=${3:-36000}
out=${4:-/tmp/pnm-afl-$target}
cd "$(dirname "$0")/../.."

# Every execution writes and removes a few files: on tmpfs that is memory, not a disk and its syncs.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi

command -v afl-fuzz >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
export PATH="$PATH:$HOME/.dotnet/tools"
command -v sharpfuzz >/dev/null || dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0 >/dev/null

dotnet build tests/ProcNetMon2.Fuzz -c Release -nologo -clp:ErrorsOnly
rm -rf "$out" && mkdir -p "$out"
cp -r tests/ProcNetMon2.Fuzz/bin/Release/net10.0 "$out/bin"
# Seeds first: an instrumented assembly only runs under afl-fuzz.
"$out/bin/pnm-fuzz" seeds "$out/seeds"
# Coverage comes from the assemblies that read recordings (and, for convert, export them).
sharpfuzz "$out/bin/ProcNetMon2.Schema.dll"
[ "$target" != convert ] || sharpfuzz "$out/bin/ProcNetMon2.Analyze.dll"

export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
# SharpFuzz's fork server is the fuzzed process itself: an input AFL times out kills it, and afl-fuzz ends
# with "Unable to communicate with fork server". On a busy machine a niced process can stall for
# seconds, so AFL's timeout is far above the 5 s the mutation runs call a hang, and an ended run is
# resumed (its queue and counts kept) with the input it was on kept as OUT/aborted-N for replay.
started=$(date +%s)
input=(-i "$out/seeds/$target")
for attempt in 1 2 3 4 5; do
    left=$((max_seconds - ($(date +%s) - started)))
    [ "$left" -gt 0 ] || break
    afl-fuzz "${input[@]}" -o "$out/out" -t 20000 -m none -E "$executions" -V "$left" \
        -- "$out/bin/pnm-fuzz" afl "$target" > "$out/afl-$attempt.log" 2>&1 || true
    grep -q 'Unable to communicate with fork server' "$out/afl-$attempt.log" || break
    [ "$(awk '$1 == "execs_done" {print $3}' "$out/out/default/fuzzer_stats")" -lt "$executions" ] || break
    cp "$out/out/default/.cur_input" "$out/aborted-$attempt"
    input=(-i -)
done
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|bitmap_cvg|saved_crashes|saved_hangs) ' "$out/out/default/fuzzer_stats"
