#!/usr/bin/env bash
# `make deb`: builds the Debian package lgsec_<version>_<arch>.deb from a release build, for servers
# inside the LGWAN接続系 (no internet): `apt-get install ./lgsec_*.deb` with a local mirror or the
# dependency .debs beside it. Never downloads anything: the web UI's npm packages must already be in
# web/node_modules (`make deps` on a developer machine).
# usage: build-deb.sh [BUILD_DIR [OUT_DIR]]   (defaults: build-release, the repository's top)
# env:   LGSEC_DEB_VERSION (default: meson's version, plus +git<commits>.<hash> in a git checkout),
#        LGSEC_DEB_MAINTAINER
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-release}
out=${2:-$top}
cd "$top"
build=$(realpath -m "$build")
out=$(realpath -m "$out")
for tool in dpkg-deb dpkg-shlibdeps meson ninja; do
  command -v "$tool" >/dev/null || { echo "build-deb: $tool がありません (make deps)" >&2; exit 1; }
done
if [ ! -d web/node_modules ]; then
  echo "build-deb: web/node_modules がありません。先に make deps を実行してください (パッケージの作成はダウンロードしません)" >&2
  exit 1
fi

# A release build of the binary only (no unit tests, no benchmarks).
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dbuildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" lgsec >/dev/null || ninja -C "$build" lgsec

upstream=$(meson introspect "$build" --projectinfo | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
version=${LGSEC_DEB_VERSION:-}
if [ -z "$version" ]; then
  version=$upstream
  # Each commit gets a higher version, so apt upgrades from one build to the next.
  if git rev-parse --git-dir >/dev/null 2>&1; then
    version="$upstream+git$(git rev-list --count HEAD).$(git rev-parse --short=7 HEAD)"
  fi
fi
arch=$(dpkg --print-architecture)
maintainer=${LGSEC_DEB_MAINTAINER:-lgsec <lgsec@localhost>}

stage="$build/deb"
rm -rf "$stage"
pkg="$stage/root"
install -d -m 0755 "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/libexec/lgsec" "$pkg/lib/systemd/system" \
  "$pkg/usr/lib/sysusers.d" "$pkg/usr/lib/tmpfiles.d" "$pkg/usr/share/doc/lgsec"
install -d -m 0755 "$pkg/etc/lgsec"
install -m 0755 -s "$build/lgsec" "$pkg/usr/bin/lgsec"
install -m 0755 packaging/libexec/check-db packaging/libexec/backup "$pkg/usr/libexec/lgsec/"
install -m 0644 packaging/systemd/lgsec.service packaging/systemd/lgsec-backup.service \
  packaging/systemd/lgsec-backup.timer "$pkg/lib/systemd/system/"
install -m 0644 packaging/sysusers.conf "$pkg/usr/lib/sysusers.d/lgsec.conf"
install -m 0644 packaging/tmpfiles.conf "$pkg/usr/lib/tmpfiles.d/lgsec.conf"
# Holds the SMTP relay and TLS key paths: not world-readable (postinst gives it to the group lgsec).
install -m 0640 packaging/lgsec.conf "$pkg/etc/lgsec/lgsec.conf"
install -m 0644 packaging/debian/copyright "$pkg/usr/share/doc/lgsec/copyright"
install -m 0644 README.md "$pkg/usr/share/doc/lgsec/README.md"
gzip -9n "$pkg/usr/share/doc/lgsec/README.md"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$pkg/DEBIAN/"
echo /etc/lgsec/lgsec.conf >"$pkg/DEBIAN/conffiles"

# Depends from the libraries the binary links (dpkg-shlibdeps reads the installed packages' shlibs and
# symbols files; it wants a debian/control to exist, so it runs in a scratch directory).
mkdir -p "$stage/shlibs/debian"
printf 'Source: lgsec\n\nPackage: lgsec\nArchitecture: any\n' >"$stage/shlibs/debian/control"
depends=$(cd "$stage/shlibs" && dpkg-shlibdeps -O "$pkg/usr/bin/lgsec" 2>"$stage/shlibdeps.log" |
  sed -n 's/^shlibs:Depends=//p') || { cat "$stage/shlibdeps.log" >&2; exit 1; }
[ -n "$depends" ] || { echo "build-deb: dpkg-shlibdeps found no dependency" >&2; cat "$stage/shlibdeps.log" >&2; exit 1; }

size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
  -e "s|@SIZE@|$size|" -e "s|@DEPENDS@|$depends|" packaging/debian/control.in >"$pkg/DEBIAN/control"
(cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
  >"$pkg/DEBIAN/md5sums"
chmod 0644 "$pkg/DEBIAN/control" "$pkg/DEBIAN/conffiles" "$pkg/DEBIAN/md5sums"

deb="$out/lgsec_${version}_${arch}.deb"
mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
echo "$deb"
