#!/bin/sh
# Removes what install.sh installed. State (/var/lib/edge-*) and config
# (/etc/edge-*) stay unless --purge; the system users stay.
set -eu

usage() {
  echo "usage: uninstall.sh [--root DIR] [--purge]"
}

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR/../lib source=edge-install.sh
. "$here/lib/edge-install.sh"

root=""
purge=no
while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || edge_fail "--root needs a directory"; root=$2; shift 2 ;;
    --purge) purge=yes; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; edge_fail "unknown argument '$1'" ;;
  esac
done
root=$(edge_root_dir "$root") || exit 2
EDGE_ROOT="$root"
edge_require_root_user
[ -f "$root/usr/lib/edge/VERSION" ] || edge_fail "no Edge installed by install.sh under ${root:-/} (/usr/lib/edge/VERSION is missing)"

for service in edge-agent edge-controller; do
  if [ -f "$root/etc/systemd/system/$service.service" ]; then
    edge_disable "$service"
    rm -f "$root/etc/systemd/system/$service.service"
  fi
  if [ "$purge" = yes ]; then
    edge_purge "$service"
  fi
done
for program in edge-agent edgectl edge-controller; do
  rm -f "$root/usr/bin/$program"
  rm -rf "$root/usr/lib/edge/$program"
done
rm -rf "$root/usr/lib/edge/VERSION" "$root/usr/lib/edge/uninstall.sh" "$root/usr/lib/edge/lib"
rm -rf "$root/usr/share/doc/edge"
rmdir "$root/usr/lib/edge" 2>/dev/null || true
if edge_live_systemd; then
  systemctl daemon-reload
fi
if [ "$purge" = yes ]; then
  echo "removed Edge with its state and config under ${root:-/}"
else
  echo "removed Edge under ${root:-/}; state and config kept (uninstall.sh --purge deletes them)"
fi
