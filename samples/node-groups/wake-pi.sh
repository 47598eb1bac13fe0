#!/bin/sh
# Exec provider for node group "pi" (docs/node-groups-exec.md): wake sleeping
# gateways with Wake-on-LAN, power them off over SSH. Each gateway's agent is
# enrolled once and carries --labels edge.io/nodegroup=pi, so it rejoins its
# group when it wakes. Needs jq and wakeonlan.
set -eu
request=$(cat)
case "$1" in
  increase-size)
    delta=$(printf '%s' "$request" | jq -r .delta)
    woken=0
    while read -r mac host; do
      [ "$woken" -ge "$delta" ] && break
      ssh -o ConnectTimeout=2 "root@$host" true 2>/dev/null && continue   # already awake
      wakeonlan "$mac" >/dev/null || { echo "wake-on-lan failed for $mac" >&2; exit 1; }
      woken=$((woken + 1))
    done < /etc/edge/pi-gateways
    [ "$woken" -ge "$delta" ] || { echo "only $woken of $delta sleeping gateways left" >&2; exit 1; }
    echo "woke $woken gateway(s)" ;;
  delete-node)
    node=$(printf '%s' "$request" | jq -r .node)
    ssh -o ConnectTimeout=5 "root@$node" systemctl poweroff || { echo "cannot reach $node to power it off" >&2; exit 1; }
    echo "powered off $node" ;;
  *) echo "unknown action $1" >&2; exit 2 ;;
esac
