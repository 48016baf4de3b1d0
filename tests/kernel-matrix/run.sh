#!/usr/bin/env bash
# Boots Debian 12's 6.1 cloud kernel under QEMU (TCG: no KVM needed) with a self-contained pnm in a
# busybox initramfs, runs guest-test.sh there and writes the console to $1.
#   tests/kernel-matrix/run.sh console.log [backends...]   (default backends: auto kprobe)
# The kernel package is downloaded and extracted, never installed. Needs: qemu-system-x86,
# busybox-static, cpio, the .NET SDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
console=$(realpath -m "${1:?usage: run.sh console.log [backends...]}")
shift
backends=${*:-auto kprobe}
cache=${PNM_KERNEL_CACHE:-/var/cache/pnm-kernel-matrix}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The kernel: the newest 6.1 cloud image Debian serves, cached.
mkdir -p "$cache"
if ! ls "$cache"/vmlinuz-6.1.* >/dev/null 2>&1; then
  package=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-cloud-amd64-unsigned$' | awk '{print $1}' | sort -V | tail -1)
  [ -n "$package" ] || { echo "no linux-image-6.1.0-*-cloud-amd64-unsigned package: run apt-get update" >&2; exit 1; }
  (cd "$work" && apt-get download -qq "$package" 2>/dev/null && dpkg-deb -x ./*.deb extracted)
  cp "$work"/extracted/boot/vmlinuz-* "$cache"/
fi
kernel=$(ls "$cache"/vmlinuz-6.1.* | sort -V | tail -1)

# 2. pnm and the traffic generator, self-contained, sharing one runtime folder.
root="$work/root"
mkdir -p "$root"/{app,bin,dev,proc,sys,tmp,lib64,lib/x86_64-linux-gnu}
for project in cli tests/ProcNetMon2.TrafficGen; do
  dotnet publish "$top/$project" -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true \
    -p:DebugType=none -o "$root/app" -nologo -v quiet >/dev/null
done
for program in pnm pnm-trafficgen; do
  [ -x "$root/app/$program" ] || { echo "publishing $program failed" >&2; exit 1; }
done

# 3. The libraries they load, busybox, and an init that runs the test and powers off.
for library in $(ldd "$root/app/pnm" "$root"/app/*.so /usr/lib/x86_64-linux-gnu/libbpf.so.1 2>/dev/null | awk '/=> \// {print $3}' | sort -u); do
  cp -L "$library" "$root/lib/x86_64-linux-gnu/"
done
cp -L /usr/lib/x86_64-linux-gnu/libbpf.so.1 "$root/lib/x86_64-linux-gnu/"
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
cp /bin/busybox "$root/bin/busybox"
cp "$here/guest-test.sh" "$root/guest-test.sh"
cat > "$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t bpf bpf /sys/fs/bpf
mount -t tracefs tracefs /sys/kernel/tracing
mount -t debugfs debugfs /sys/kernel/debug
mount -t cgroup2 cgroup2 /sys/fs/cgroup
ip link set lo up
export HOME=/tmp TMPDIR=/tmp DOTNET_CLI_TELEMETRY_OPTOUT=1 PNM_BACKENDS="$backends"
echo "@@GUEST \$(uname -r)"
sh /guest-test.sh
echo "@@DONE"
poweroff -f
INIT
chmod +x "$root/init" "$root/guest-test.sh"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.gz"

# 4. Boot. TCG emulates the CPU; both host cores run it.
timeout 600 qemu-system-x86_64 -accel tcg,thread=multi -cpu max -m 2G -smp 2 \
  -kernel "$kernel" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 quiet loglevel=3 panic=-1" \
  -nographic -no-reboot -nic none </dev/null | stdbuf -oL tr -d '\r' > "$console"
grep -q "^@@DONE" "$console" || { echo "the guest did not finish; console in $console" >&2; exit 1; }
