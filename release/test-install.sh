#!/usr/bin/env bash
# Installs a release's Debian package into a fresh Debian 12 root (debootstrap, no .NET in it) and,
# inside it (chroot, the host's kernel): pnm --version, pnm doctor, a recording and its report, and
# a recording as pnm-record.service runs it (user pnm, the unit's ambient capabilities only). Also
# checks the unit with systemd-analyze verify and security on the host. Slow (minutes): not in tests/run.
#   release/test-install.sh RELEASE_DIR [DEBIAN_ROOT_CACHE (/var/cache/pnm-debian12-root)]
set -euo pipefail
dir=$(realpath "${1:?usage: release/test-install.sh RELEASE_DIR [ROOT_CACHE]}")
cache=${2:-/var/cache/pnm-debian12-root}
deb=$(ls "$dir"/pnm_*_amd64.deb)
version=$(basename "$deb" | sed -E 's/^pnm_(.*)_amd64\.deb$/\1/')
cd "$(dirname "$0")/.."
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
if [ ! -x "$cache/bin/sh" ]; then
  step "debootstrap Debian 12 into $cache"
  debootstrap --variant=minbase bookworm "$cache" http://deb.debian.org/debian >/dev/null
fi
root=$(mktemp -d /tmp/pnm-install-test-XXXX)
cleanup() {
  for m in sys/fs/cgroup sys/kernel/tracing sys/fs/bpf sys proc dev/pts dev; do umount -l "$root/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
cp -a "$cache/." "$root/"
mount --bind /dev "$root/dev"; mount -t proc proc "$root/proc"; mount -t sysfs sysfs "$root/sys"
mount -t cgroup2 cgroup2 "$root/sys/fs/cgroup"; mount -t tracefs tracefs "$root/sys/kernel/tracing"
cp /etc/resolv.conf "$root/etc/resolv.conf"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }

step "install $(basename "$deb") (dependencies from Debian's archive)"
cp "$deb" "$root/tmp/"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >/dev/null
in_root sh -c '! command -v dotnet && ! ls -d /usr/share/dotnet /usr/lib/dotnet 2>/dev/null' >/dev/null || fail ".NET is installed in the root"
echo "no .NET in the root"

step "pnm --version"
shown=$(in_root pnm --version)
echo "$shown"
[[ $shown == "$version+"* ]] || fail "pnm --version says '$shown', not $version+commit"

step "pnm doctor"
in_root pnm doctor | tail -3

traffic() {  # 200 kB over loopback, from the host: the recorder sees every process
  python3 -c '
import socket, threading
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
def serve():
    c, _ = s.accept(); n = 0
    while (d := c.recv(65536)): n += len(d)
threading.Thread(target=serve).start()
c = socket.create_connection(s.getsockname()); c.sendall(b"x" * 200000); c.close()'
}

step "a recording and its report, as root"
in_root pnm record -o /var/lib/pnm/root.pnm -d 4s & sleep 2; traffic; wait $!
report=$(in_root pnm report /var/lib/pnm/root.pnm --format json)
echo "$report" | python3 -c 'import json,sys; r=json.load(sys.stdin); e=r["events"]; print("events:", e); sys.exit(0 if e > 0 else 1)' || fail "the report has no events"

step "a recording as pnm-record.service runs it"
caps=$(sed -n 's/^AmbientCapabilities=//p' release/pnm-record.service | tr 'A-Z' 'a-z' | sed -e 's/cap_/+/g' -e 's/ /,/g')
echo "user pnm, capabilities $caps"
# The unit's CacheDirectory=pnm, where the single-file build unpacks its native library.
install -d -o "$(chroot "$root" id -u pnm)" -m 0700 "$root/var/cache/pnm"
in_root setpriv --reuid=pnm --regid=pnm --clear-groups --inh-caps="$caps" --ambient-caps="$caps" \
  env DOTNET_BUNDLE_EXTRACT_BASE_DIR=/var/cache/pnm pnm record -o /var/lib/pnm/service.pnm -d 4s --rotate-time 1s & sleep 2; traffic; wait $!
in_root pnm check /var/lib/pnm/service.pnm | head -3
[ "$(ls "$root/var/lib/pnm/service.pnm" | wc -l)" -ge 3 ] || fail "no rotation in the service's recording"

step "the arm64 build under qemu-user: pnm --version, and pnm report of the recording above"
arm64=$(mktemp -d)
tar -C "$arm64" -xzf "$dir/pnm-$version-linux-arm64.tar.gz"
command -v qemu-aarch64-static >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user-static libc6-dev-arm64-cross >/dev/null
run_arm64() { DOTNET_BUNDLE_EXTRACT_BASE_DIR="$arm64/cache" qemu-aarch64-static -L /usr/aarch64-linux-gnu "$arm64/pnm-$version-linux-arm64/pnm" "$@"; }
file -b "$arm64/pnm-$version-linux-arm64/pnm" | cut -d, -f1-2
shown=$(run_arm64 --version)
[[ $shown == "$version+"* ]] || fail "arm64 pnm --version says '$shown'"
echo "$shown"
arm64_events=$(run_arm64 report "$root/var/lib/pnm/service.pnm" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])')
x64_events=$(in_root pnm report /var/lib/pnm/service.pnm --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])')
echo "events: arm64 report $arm64_events, x64 report $x64_events"
[ "$arm64_events" = "$x64_events" ] || fail "the arm64 build reads $arm64_events events, the x64 build $x64_events"
rm -rf "$arm64"

step "systemd-analyze verify and security of pnm-record.service"
man=$(mktemp -d); dpkg-deb -x "$deb" "$man"
MANPATH=$man/usr/share/man systemd-analyze verify "$man/lib/systemd/system/pnm-record.service"
systemd-analyze security --offline=yes "$man/lib/systemd/system/pnm-record.service" | tail -1
exposure=$(systemd-analyze security --offline=yes "$man/lib/systemd/system/pnm-record.service" | sed -nE 's/.*exposure level for .*: ([0-9.]+).*/\1/p')
rm -rf "$man"
python3 -c "import sys; sys.exit(0 if float('$exposure') <= 3.0 else 1)" || fail "exposure $exposure is above 3.0"
echo "PASS: $version installs and runs on Debian 12 without .NET"
