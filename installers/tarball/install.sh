#!/bin/sh
# Offline install of Edge from this unpacked tarball: no network is used.
# Installs edge-agent and edgectl (and edge-controller with --controller), their
# systemd units, the default config (kept if present) and an enrollment bundle.
set -eu

usage() {
  cat <<'USAGE'
usage: install.sh [--root DIR] [--bundle FILE] [--memory-max SIZE] [--controller] [--no-start]

  --root DIR         install under DIR instead of / (an image, a test root); units are
                     enabled offline there and nothing is started
  --bundle FILE      an enrollment bundle (edgectl writes it): installed as
                     /etc/edge-agent/bundle.edgebundle, where the agent looks for it
  --memory-max SIZE  cap the agent's memory (systemd MemoryMax=: 512M, 1G, 50%, infinity)
                     in the drop-in /etc/systemd/system/edge-agent.service.d/memory.conf
  --controller       also install and enable edge-controller
  --no-start         enable the units but do not start them
USAGE
}

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR/../lib source=edge-install.sh
. "$here/lib/edge-install.sh"
root=""
bundle=""
memory_max=""
controller=no
start=start
while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || edge_fail "--root needs a directory"; root=$2; shift 2 ;;
    --bundle) [ $# -ge 2 ] || edge_fail "--bundle needs a file"; bundle=$2; shift 2 ;;
    --memory-max) [ $# -ge 2 ] || edge_fail "--memory-max needs a size"; memory_max=$2; shift 2 ;;
    --controller) controller=yes; shift ;;
    --no-start) start=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; edge_fail "unknown argument '$1'" ;;
  esac
done

# Every check comes before the first change.
root=$(edge_root_dir "$root") || exit 2
EDGE_ROOT="$root"
if [ -n "$bundle" ]; then
  [ -f "$bundle" ] || edge_fail "--bundle '$bundle' is not a file"
  [ -r "$bundle" ] || edge_fail "--bundle '$bundle' is not readable"
  [ -s "$bundle" ] || edge_fail "--bundle '$bundle' is empty"
fi
if [ -n "$memory_max" ] && ! printf '%s\n' "$memory_max" | grep -Eq '^([0-9]+[KMGT]?|[0-9]{1,2}%|100%|infinity)$'; then
  edge_fail "--memory-max '$memory_max' is not a size such as 512M, 1G, 50% or infinity"
fi
edge_require_root_user
programs="edge-agent edgectl"
if [ "$controller" = yes ]; then
  programs="$programs edge-controller"
fi
for program in $programs; do
  [ -x "$here/$program/$program" ] || edge_fail "$here/$program/$program is missing: is this an unpacked Edge tarball?"
done
if [ -z "$root" ] && command -v dpkg-query >/dev/null 2>&1 \
    && dpkg-query -W -f '${Status}' edge-agent 2>/dev/null | grep -q 'ok installed'; then
  edge_fail "edge-agent is installed from the .deb package; upgrade it with apt or dpkg instead"
fi

upgrade=no
if [ -e "$root/usr/lib/edge/VERSION" ]; then
  upgrade=yes
fi

for program in $programs; do
  # Side by side, then swapped: a failed copy leaves the installed version whole.
  install -d -m 0755 "$root/usr/lib/edge" "$root/usr/bin"
  rm -rf "$root/usr/lib/edge/$program.new"
  cp -R "$here/$program" "$root/usr/lib/edge/$program.new"
  install -m 0644 "$here/lib/edge-install.sh" "$root/usr/lib/edge/$program.new/edge-install.sh"
  chown -R 0:0 "$root/usr/lib/edge/$program.new"
  rm -rf "$root/usr/lib/edge/$program"
  mv "$root/usr/lib/edge/$program.new" "$root/usr/lib/edge/$program"
  ln -sfn "../lib/edge/$program/$program" "$root/usr/bin/$program"
done
install -m 0644 "$here/VERSION" "$root/usr/lib/edge/VERSION"
# uninstall.sh stays on the device, as K3s leaves k3s-uninstall.sh.
install -m 0755 "$here/uninstall.sh" "$root/usr/lib/edge/uninstall.sh"
install -d -m 0755 "$root/usr/lib/edge/lib"
install -m 0644 "$here/lib/edge-install.sh" "$root/usr/lib/edge/lib/edge-install.sh"
install -d -m 0755 "$root/usr/share/doc/edge"
install -m 0644 "$here/docs/install.md" "$root/usr/share/doc/edge/install.md"

services="edge-agent"
if [ "$controller" = yes ]; then
  services="$services edge-controller"
fi
install -d -m 0755 "$root/etc/systemd/system"
for service in $services; do
  install -m 0644 "$here/systemd/$service.service" "$root/etc/systemd/system/$service.service"
  edge_account "$service"
  install -d -m 0750 "$root/etc/$service"
done
if [ ! -e "$root/etc/edge-agent/agent.json" ]; then
  install -m 0640 "$here/config/agent.json" "$root/etc/edge-agent/agent.json"
fi
if [ "$controller" = yes ] && [ ! -e "$root/etc/edge-controller/environment" ]; then
  install -m 0640 "$here/config/controller.environment" "$root/etc/edge-controller/environment"
fi
if [ -n "$bundle" ]; then
  install -m 0640 "$bundle" "$root/etc/edge-agent/bundle.edgebundle"
fi
if [ -n "$memory_max" ]; then
  install -d -m 0755 "$root/etc/systemd/system/edge-agent.service.d"
  printf '[Service]\nMemoryMax=%s\n' "$memory_max" > "$root/etc/systemd/system/edge-agent.service.d/memory.conf"
  chmod 0644 "$root/etc/systemd/system/edge-agent.service.d/memory.conf"
fi
for service in $services; do
  edge_dirs "$service"
  if [ "$upgrade" = yes ]; then
    edge_enable "$service"
    edge_restart "$service"
  else
    edge_enable "$service" "$start"
  fi
done
echo "installed Edge $(cat "$here/VERSION") ($programs) under ${root:-/}"
