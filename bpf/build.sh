#!/usr/bin/env bash
# Builds bpf/pnm.bpf.o from source. The result is committed and embedded in ProcNetMon2.Bpf, so
# pnm runs without clang; CI runs `build.sh --check` to prove the committed object is current.
# Needs: clang (14+), llvm-strip, libbpf-dev headers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
clang=$(command -v clang-14 || command -v clang)
strip=$(command -v llvm-strip-14 || command -v llvm-strip)
out="$here/pnm.bpf.o"
[ "${1:-}" = "--check" ] && out=$(mktemp --suffix=.bpf.o)

cd "$top"
"$clang" -g -O2 -target bpf -D__TARGET_ARCH_x86 \
  -fdebug-prefix-map="$top"=. -fno-ident \
  -I bpf/src \
  -Wall -Werror \
  -c bpf/src/pnm.bpf.c -o "$out"
# Keep .BTF/.BTF.ext (CO-RE needs them), drop DWARF.
"$strip" -g "$out"

if [ "${1:-}" = "--check" ]; then
  if cmp -s "$out" "$here/pnm.bpf.o"; then
    echo "bpf/pnm.bpf.o is up to date"; rm -f "$out"
  else
    echo "bpf/pnm.bpf.o is stale: run bpf/build.sh and commit the result" >&2; rm -f "$out"; exit 1
  fi
fi
