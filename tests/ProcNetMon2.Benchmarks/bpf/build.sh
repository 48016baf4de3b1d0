#!/usr/bin/env bash
# Builds candidates.bpf.o (x86-64) from candidates.bpf.c; the benchmark loads it from its output folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
clang=$(command -v clang-14 || command -v clang)
strip=$(command -v llvm-strip-14 || command -v llvm-strip)
cd "$top"
"$clang" -g -O2 -target bpf -D__TARGET_ARCH_x86 -fdebug-prefix-map="$top"=. -fno-ident -I bpf/src -Wall -Werror \
  -c "$here/candidates.bpf.c" -o "$here/candidates.bpf.o"
"$strip" -g "$here/candidates.bpf.o"
