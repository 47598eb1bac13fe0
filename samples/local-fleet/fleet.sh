#!/usr/bin/env bash
# A local Edge fleet on the embedded defaults: one controller (gRPC API,
# embedded MQTT broker, LiteDB store) and three real edge-agent processes,
# each with its own data directory, all on loopback. The controller runs in
# mtls mode: each agent enrolls once with a bootstrap token, then speaks mTLS
# (docs/enrollment.md); edgectl uses the fleet-admin context the controller
# writes to .fleet/controller/edgectl.yaml. FLEET_SECURITY=dev runs it open.
#
#   samples/local-fleet/fleet.sh up       build, start, deploy samples/hello, wait until Ready
#   samples/local-fleet/fleet.sh status   what runs
#   samples/local-fleet/fleet.sh down     stop everything (state is kept in .fleet/)
#   samples/local-fleet/fleet.sh reset    stop and delete .fleet/
#
# Ports: FLEET_GRPC_PORT (7400), FLEET_MQTT_PORT (1883, plain MQTT: dev mode only),
# FLEET_MQTTS_PORT (8883, MQTT over TLS with the nodes' certificates: mtls mode),
# agents' status APIs FLEET_STATUS_BASE+1..3 (7411-7413).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="$root/.fleet"
grpc_port="${FLEET_GRPC_PORT:-7400}"
mqtt_port="${FLEET_MQTT_PORT:-1883}"
mqtts_port="${FLEET_MQTTS_PORT:-8883}"
status_base="${FLEET_STATUS_BASE:-7410}"
nodes=(node-1 node-2 node-3)
config=Release
bin() { echo "$root/$1/bin/$config/net10.0/$2.dll"; }
security="${FLEET_SECURITY:-mtls}"
if [[ $security == mtls ]]; then controller_url="https://127.0.0.1:$grpc_port"; else controller_url="http://127.0.0.1:$grpc_port"; fi
ctl_config="$state/controller/edgectl.yaml"
edgectl() {
  if [[ $security == mtls ]]; then EDGECONFIG="$ctl_config" dotnet "$(bin controller/Edge.Ctl edgectl)" --controller "$controller_url" "$@"
  else EDGECONFIG=/dev/null dotnet "$(bin controller/Edge.Ctl edgectl)" --controller "$controller_url" "$@"; fi
}

running() { [[ -f "$state/pids/$1" ]] && kill -0 "$(cat "$state/pids/$1")" 2>/dev/null; }

start() { # name, log, command...
  local name=$1; shift
  if running "$name"; then echo "  $name already running (pid $(cat "$state/pids/$name"))"; return; fi
  nohup "$@" >"$state/logs/$name.log" 2>&1 &
  echo $! >"$state/pids/$name"
  echo "  started $name (pid $!, log .fleet/logs/$name.log)"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

up() {
  echo "building (Release)…"
  for p in controller/Edge.Controller agent/Edge.Agent controller/Edge.Ctl; do
    dotnet build "$root/$p" -c $config -nologo -v quiet >/dev/null || { echo "build of $p failed; run: dotnet build $p" >&2; exit 1; }
  done
  mkdir -p "$state/logs" "$state/pids"

  if ! running controller; then
    for port in "$grpc_port" "$mqtt_port" "$mqtts_port"; do
      if port_busy "$port"; then echo "port $port is in use; set FLEET_GRPC_PORT / FLEET_MQTT_PORT / FLEET_MQTTS_PORT" >&2; exit 1; fi
    done
  fi
  start controller dotnet "$(bin controller/Edge.Controller edge-controller)" run --security "$security" \
    --listen "$controller_url" --mqtt-port "$mqtt_port" --mqtt-tls-port "$mqtts_port" --data-dir "$state/controller"

  echo "waiting for the controller…"
  for _ in $(seq 1 60); do
    if edgectl nodes list >/dev/null 2>&1; then break; fi
    running controller || { echo "controller exited:" >&2; tail -20 "$state/logs/controller.log" >&2; exit 1; }
    sleep 0.5
  done

  if [[ $security == mtls ]]; then
    # The token goes through a file only its owner reads, never a command line (ps shows those).
    local token_file="$state/enroll.token"
    for node in "${nodes[@]}"; do
      [[ -f "$state/$node/identity/node.crt" ]] && continue
      if [[ ! -s $token_file ]]; then
        (umask 077 && edgectl token create --ttl 10m --uses ${#nodes[@]} >"$token_file" 2>/dev/null) \
          || { echo "edgectl token create failed" >&2; rm -f "$token_file"; exit 1; }
      fi
      dotnet "$(bin agent/Edge.Agent edge-agent)" enroll --controller "$controller_url" --token-file "$token_file" \
        --node-name "$node" --data-dir "$state/$node" >"$state/logs/$node-enroll.log" 2>&1 \
        || { echo "enrollment of $node failed:" >&2; cat "$state/logs/$node-enroll.log" >&2; rm -f "$token_file"; exit 1; }
      echo "  enrolled $node (certificate in .fleet/$node/identity/)"
    done
    rm -f "$token_file"
  fi

  local i=0
  for node in "${nodes[@]}"; do
    i=$((i + 1))
    start "$node" dotnet "$(bin agent/Edge.Agent edge-agent)" run \
      --controller "$controller_url" --node-name "$node" --data-dir "$state/$node" \
      --status-listen "http://127.0.0.1:$((status_base + i))" --labels "site=local,zone=zone-$(( (i % 2) + 1 ))"
  done

  count() { grep -o "$1" <<<"$json" | wc -l; }
  wait_for() { # what, pattern
    for _ in $(seq 1 120); do
      json="$(edgectl nodes list -o json 2>/dev/null || true)"
      if [[ $(count "$2") -ge ${#nodes[@]} ]]; then return 0; fi
      sleep 0.5
    done
    edgectl nodes list || true
    echo "not all ${#nodes[@]} nodes are $1 within 60 s; see .fleet/logs/" >&2
    exit 1
  }
  local json=""
  echo "waiting for ${#nodes[@]} nodes Ready…"
  wait_for Ready '"status": *"Ready"'
  edgectl apply -f "$root/samples/hello/workload.yaml"
  echo "waiting for hello to run on every node…"
  wait_for "running hello" '"phase": *"Running"'
  edgectl nodes list

  cat <<EOT

The fleet is up and stays up. Look at it with edgectl:

  export EDGECONFIG=$ctl_config   (mtls: the fleet-admin context)
  alias edgectl='dotnet $(bin controller/Edge.Ctl edgectl) --controller $controller_url'
  edgectl nodes list
  edgectl nodes list -o json
  edgectl nodes get node-1
  edgectl get workloads
  edgectl apply -f $root/samples/placement/tenant.yaml; edgectl apply -f $root/samples/placement/web.yaml
  edgectl explain workload web -t shop; edgectl nodes drain node-1; edgectl get workloads -A
  edgectl top nodes          (after the first telemetry period, 10 s)
  dotnet $(bin agent/Edge.Agent edge-agent) status --address http://127.0.0.1:$((status_base + 1))

Break it: kill -9 \$(cat .fleet/pids/node-2)   (Disconnected after 40 s; start it again with: $0 up)
Logs: .fleet/logs/   Stop: $0 down   Start over: $0 reset
EOT
}

down() {
  for name in "${nodes[@]}" controller; do
    if running "$name"; then
      kill "$(cat "$state/pids/$name")" && echo "stopped $name"
    fi
    rm -f "$state/pids/$name"
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) edgectl nodes list; edgectl get workloads ;;
  reset) down; rm -rf "$state"; echo "removed .fleet/" ;;
  *) echo "usage: $0 up|status|down|reset" >&2; exit 2 ;;
esac
