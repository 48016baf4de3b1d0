#!/usr/bin/env bash
# Installs what building and testing pnm needs on Debian 12, and nothing when it is all there.
# Running pnm itself needs only libbpf1 and libzstd1 (a published pnm is a native executable; the build output needs the .NET runtime).
set -euo pipefail
packages=(
  libbpf1 libbpf-dev clang-14 llvm-14   # the BPF object: build and staleness check
  libzstd1                              # segment frames decompressed by the system's zstd
  clang zlib1g-dev                      # README's publish: NativeAOT links the native pnm with clang
  gcc libc6-dev                         # the event layout check compiles the C header
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static   # the same check on arm64, and the arm64 build under qemu-user
  iperf3                                # ground truth from a real program
  util-linux                            # setpriv: the not-root test
  qemu-system-x86 busybox-static cpio   # the kernel matrix: Debian 12's 6.1 kernel under QEMU
  iproute2 nftables                     # namespaces, veth and packet loss for the retransmit test
  tcpdump                               # wire bytes ground truth
  python3                               # a forking client (.NET cannot fork)
  tmux                                  # a real terminal: pnm top's full-screen view, progress bars, the record status line
  python3-prometheus-client             # a real OpenMetrics parser for /metrics
  curl openssl dnsutils dnsmasq-base redis-server redis-tools postgresql   # real clients and servers for protocol detection
  chromium                              # the HTML report opened in a real browser
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (dotnet not found)" >&2; exit 1; }
