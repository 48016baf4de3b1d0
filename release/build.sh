#!/usr/bin/env bash
# Builds a release from this checkout: self-contained single-file pnm for linux-x64 and linux-arm64
# (no .NET needed where it runs), a .tar.gz and a Debian package of each, and SHA256SUMS.
#   release/build.sh VERSION [OUT (release/out/VERSION)]
# Needs: the .NET SDK, git, dpkg-deb; qemu-user-static to run the arm64 build's smoke check.
set -euo pipefail
version=${1:?usage: release/build.sh VERSION [OUT]}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]] || { echo "release/build.sh: VERSION must look like 1.2.3 or 1.2.3-rc.1" >&2; exit 2; }
cd "$(dirname "$0")/.."
out=$(realpath -m "${2:-release/out/$version}")
[ -z "$(git status --porcelain --untracked-files=no)" ] || echo "release/build.sh: WARNING: uncommitted changes are not in the release: it is built from HEAD" >&2
commit=$(git rev-parse HEAD) stamp=$(git log -1 --format=%ct)
rm -rf "$out" && mkdir -p "$out/build"
# Built from a clean copy of HEAD: nothing of this working tree (its bin/, obj/, edits) gets in, and its builds stay as they are.
src=$out/build/src && mkdir -p "$src"
git archive HEAD | tar -x -C "$src"
cd "$src"
bpf/build.sh --check

declare -A debian_arch=([linux-x64]=amd64 [linux-arm64]=arm64)
# ReadyToRun, not NativeAOT (README's publish): a native arm64 pnm cannot be linked on an x86-64 host here (docs/release.md).
for rid in linux-x64 linux-arm64; do
  dotnet publish cli/ProcNetMon2.Cli.csproj -c Release -r "$rid" --self-contained -p:PublishAot=false \
    -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
    -p:Version="$version" -p:SourceRevisionId="$commit" -p:EnableSourceControlManagerQueries=false -p:BpfArchitecture="${rid#linux-}" \
    -o "$out/build/$rid" -nologo -clp:ErrorsOnly
done

# What both architectures share: the man page, the completion (from the build this machine runs), the unit and its settings.
case $(uname -m) in aarch64) native=linux-arm64 ;; *) native=linux-x64 ;; esac
shared=$out/build/shared && mkdir -p "$shared"
sed "s/@VERSION@/$version/" release/pnm.1 | gzip -9n > "$shared/pnm.1.gz"
release/make-completion.sh "$out/build/$native/pnm" > "$shared/pnm.bash-completion"
cp release/pnm-record.service release/pnm.default "$shared/"

for rid in linux-x64 linux-arm64; do
  arch=${debian_arch[$rid]}
  # The archive: the binary and everything the package installs, to place by hand.
  name=pnm-$version-$rid
  mkdir -p "$out/build/$name"
  cp "$out/build/$rid/pnm" "$shared/"* README.md CHANGELOG.md "$out/build/$name/"
  tar -C "$out/build" --owner=0 --group=0 --sort=name --mtime="@$stamp" -czf "$out/$name.tar.gz" "$name"

  # The Debian package.
  root=$out/build/deb-$arch
  install -D -m 0755 "$out/build/$rid/pnm" "$root/usr/bin/pnm"
  install -D -m 0644 "$shared/pnm.1.gz" "$root/usr/share/man/man1/pnm.1.gz"
  install -D -m 0644 "$shared/pnm.bash-completion" "$root/usr/share/bash-completion/completions/pnm"
  install -D -m 0644 "$shared/pnm-record.service" "$root/lib/systemd/system/pnm-record.service"
  install -D -m 0644 "$shared/pnm.default" "$root/etc/default/pnm"
  install -D -m 0644 CHANGELOG.md "$root/usr/share/doc/pnm/CHANGELOG.md"
  install -d -m 0700 "$root/var/lib/pnm"
  install -d "$root/DEBIAN"
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$(du -sk "$root" | cut -f1)/" release/debian/control.in > "$root/DEBIAN/control"
  echo /etc/default/pnm > "$root/DEBIAN/conffiles"
  install -m 0755 release/debian/postinst release/debian/prerm release/debian/postrm "$root/DEBIAN/"
  dpkg-deb --root-owner-group -Zxz --build "$root" "$out/pnm_${version}_$arch.deb" >/dev/null
done

(cd "$out" && sha256sum ./*.tar.gz ./*.deb | sed 's# \./# #' > SHA256SUMS)
rm -rf "$out/build"
echo "release $version ($commit):"
(cd "$out" && ls -l --block-size=K SHA256SUMS ./*.tar.gz ./*.deb | awk '{ print "  " $5 "\t" $NF }')
