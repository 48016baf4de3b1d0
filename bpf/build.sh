#!/usr/bin/env bash
# Builds the BPF object from source for each architecture pnm ships: bpf/pnm.bpf.o (x86-64) and
# bpf/pnm.arm64.bpf.o (arm64; the kprobe register layout and bpf_tracing.h's argument macros are the
# only differences, every kernel struct is relocated by CO-RE). The results are committed and embedded
# in ProcNetMon2.Bpf, so pnm runs without clang; CI runs `build.sh --check` to prove they are current.
# Needs: clang (14+), llvm-strip, libbpf-dev headers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
clang=$(command -v clang-14 || command -v clang)
strip=$(command -v llvm-strip-14 || command -v llvm-strip)
check=false
[ "${1:-}" = "--check" ] && check=true
stale=0

cd "$top"
# build ARCH OBJECT: the -D__TARGET_ARCH_ name and the committed object's name.
build() {
  local arch=$1 committed="$here/$2" out="$here/$2"
  $check && out=$(mktemp --suffix=.bpf.o)
  "$clang" -g -O2 -target bpf -D__TARGET_ARCH_"$arch" \
    -fdebug-prefix-map="$top"=. -fno-ident \
    -I bpf/src \
    -Wall -Werror \
    -c bpf/src/pnm.bpf.c -o "$out"
  # Keep .BTF/.BTF.ext (CO-RE needs them), drop DWARF.
  "$strip" -g "$out"
  if $check; then
    if cmp -s "$out" "$committed"; then
      echo "bpf/$2 is up to date"
    else
      echo "bpf/$2 is stale: run bpf/build.sh and commit the result" >&2; stale=1
    fi
    rm -f "$out"
  fi
}
build x86 pnm.bpf.o
build arm64 pnm.arm64.bpf.o
exit $stale
