#!/bin/sh
# Builds the .deb packages and offline tarballs from the self-contained publish
# output: package.sh VERSION ARTIFACTS (reads ARTIFACTS/publish/<rid>/<program>,
# writes ARTIFACTS/packages). Called by `dotnet cake --target=Package`.
set -eu

[ $# -eq 2 ] || { echo "usage: package.sh VERSION ARTIFACTS" >&2; exit 2; }
version=$1
artifacts=$2
here=$(cd "$(dirname "$0")" && pwd)
out="$artifacts/packages"
work="$artifacts/packaging"
rm -rf "$out" "$work"
mkdir -p "$out" "$work"

# deb_package RID ARCH PACKAGE SUMMARY CONFFILE PROGRAM...
deb_package() {
  rid=$1 arch=$2 package=$3 summary=$4 conffile=$5
  shift 5
  tree="$work/$package-$arch"
  mkdir -p "$tree/DEBIAN" "$tree/usr/bin" "$tree/usr/lib/edge" "$tree/usr/lib/systemd/system" \
    "$tree/etc/$package" "$tree/usr/share/doc/$package"
  for program in "$@"; do
    cp -R "$artifacts/publish/$rid/$program" "$tree/usr/lib/edge/$program"
    ln -s "../lib/edge/$program/$program" "$tree/usr/bin/$program"
  done
  install -m 0644 "$here/lib/edge-install.sh" "$tree/usr/lib/edge/$package/edge-install.sh"
  sed "s#file:/usr/share/doc/edge/#file:/usr/share/doc/$package/#" "$here/systemd/$package.service" \
    > "$tree/usr/lib/systemd/system/$package.service"
  install -m 0644 "$here/systemd/$conffile" "$tree/etc/$package/$(conffile_name "$conffile")"
  install -m 0644 "$here/../docs/install.md" "$tree/usr/share/doc/$package/install.md"
  echo "/etc/$package/$(conffile_name "$conffile")" > "$tree/DEBIAN/conffiles"
  for script in postinst prerm postrm; do
    sed "s/@PACKAGE@/$package/g" "$here/deb/$script" > "$tree/DEBIAN/$script"
    chmod 0755 "$tree/DEBIAN/$script"
  done
  size=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
  sed -e "s/@PACKAGE@/$package/" -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" \
    -e "s/@SIZE@/$size/" -e "s/@SUMMARY@/$summary/" "$here/deb/control.in" > "$tree/DEBIAN/control"
  chmod -R u+rwX,go+rX,go-w "$tree/usr" "$tree/etc"
  dpkg-deb --root-owner-group -Zgzip -z1 --build "$tree" "$out/${package}_${version}_${arch}.deb" >/dev/null
  echo "built $out/${package}_${version}_${arch}.deb"
}

conffile_name() {
  case "$1" in
    controller.environment) echo environment ;;
    *) echo "$1" ;;
  esac
}

tarball() {
  rid=$1
  name="edge-$version-$rid"
  tree="$work/$name"
  mkdir -p "$tree/lib" "$tree/systemd" "$tree/config" "$tree/docs"
  for program in edge-agent edge-controller edgectl; do
    cp -R "$artifacts/publish/$rid/$program" "$tree/$program"
  done
  install -m 0755 "$here/tarball/install.sh" "$here/tarball/uninstall.sh" "$tree/"
  install -m 0644 "$here/lib/edge-install.sh" "$tree/lib/"
  install -m 0644 "$here/systemd/edge-agent.service" "$here/systemd/edge-controller.service" "$tree/systemd/"
  install -m 0644 "$here/systemd/agent.json" "$here/systemd/controller.environment" "$tree/config/"
  install -m 0644 "$here/../docs/install.md" "$tree/docs/"
  echo "$version" > "$tree/VERSION"
  tar --owner=0 --group=0 --numeric-owner -C "$work" -cf - "$name" | gzip -1 > "$out/$name.tar.gz"
  echo "built $out/$name.tar.gz"
}

# gzip -1: a device's dpkg of any age reads it, and the build stays quick. The two architectures build at once.
build_arch() {
  deb_package "$1" "$2" edge-agent "Edge agent: runs WebAssembly workloads on this device" agent.json edge-agent
  deb_package "$1" "$2" edge-controller "Edge controller and edgectl" controller.environment edge-controller edgectl
  tarball "$1"
}
build_arch linux-x64 amd64 &
x64=$!
build_arch linux-arm64 arm64 &
arm64=$!
status=0
wait "$x64" || status=1
wait "$arm64" || status=1
rm -rf "$work"
exit "$status"
