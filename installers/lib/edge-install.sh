# shellcheck shell=sh
# Shared by the .deb maintainer scripts and the offline install.sh: the service
# account, its directories and its unit. Everything acts under $EDGE_ROOT
# (empty = this system), so a throwaway root can be installed into and checked.

EDGE_ROOT="${EDGE_ROOT:-}"

edge_fail() {
  echo "${0##*/}: error: $*" >&2
  exit 2
}

# The --root argument as an absolute path, empty for / or no --root. Use as: root=$(edge_root_dir "$root") || exit 2
edge_root_dir() {
  [ -n "$1" ] || return 0
  [ -d "$1" ] || edge_fail "--root '$1' is not a directory"
  dir=$(cd "$1" && pwd)
  if [ "$dir" != / ]; then
    printf '%s\n' "$dir"
  fi
}

edge_require_root_user() {
  [ "$(id -u)" -eq 0 ] || edge_fail "must run as root (it manages a system user and writes under ${EDGE_ROOT:-/})"
}

edge_live_systemd() {
  [ -z "$EDGE_ROOT" ] && [ -d /run/systemd/system ]
}

# The numeric uid:gid of NAME in $EDGE_ROOT/etc/passwd (names resolve on this
# system's NSS, which is not the target's when EDGE_ROOT is set).
edge_ids() {
  awk -F: -v name="$1" '$1 == name { print $3 ":" $4; found = 1 } END { exit !found }' "$EDGE_ROOT/etc/passwd"
}

# A system user and group NAME with no login and its state directory as home.
edge_account() {
  if edge_ids "$1" >/dev/null 2>&1; then
    return 0
  fi
  if [ -n "$EDGE_ROOT" ]; then
    useradd --prefix "$EDGE_ROOT" --system --user-group --no-create-home \
      --home-dir "/var/lib/$1" --shell /usr/sbin/nologin --comment "Edge $1" "$1"
  else
    useradd --system --user-group --no-create-home \
      --home-dir "/var/lib/$1" --shell /usr/sbin/nologin --comment "Edge $1" "$1"
  fi
}

# /var/lib/NAME (state, the user's, 0700: keys, tokens and fleet data) and /etc/NAME (config, root's, group-readable).
edge_dirs() {
  ids=$(edge_ids "$1")
  gid=${ids#*:}
  install -d -m 0700 -o "${ids%:*}" -g "$gid" "$EDGE_ROOT/var/lib/$1"
  install -d -m 0750 -o 0 -g "$gid" "$EDGE_ROOT/etc/$1"
  for file in "$EDGE_ROOT/etc/$1"/*; do
    if [ -f "$file" ]; then
      chown "0:$gid" "$file"
      chmod 0640 "$file"
    fi
  done
}

# Enable UNIT; start it as well when this system runs systemd and START is "start".
edge_enable() {
  if edge_live_systemd; then
    systemctl daemon-reload
    if [ "${2:-}" = start ]; then
      systemctl enable --now "$1.service"
    else
      systemctl enable "$1.service"
    fi
  elif command -v systemctl >/dev/null 2>&1; then
    systemctl --root="${EDGE_ROOT:-/}" --quiet enable "$1.service"
  fi
}

# After an upgrade: restart UNIT if it runs.
edge_restart() {
  if edge_live_systemd; then
    systemctl daemon-reload
    systemctl try-restart "$1.service"
  fi
}

# Stop and disable UNIT (before its files go).
edge_disable() {
  if edge_live_systemd; then
    systemctl disable --now "$1.service" || true
  elif command -v systemctl >/dev/null 2>&1; then
    systemctl --root="${EDGE_ROOT:-/}" --quiet disable "$1.service" || true
  fi
}

# State, config and the admin's drop-ins for UNIT: what purge deletes.
edge_purge() {
  rm -rf "$EDGE_ROOT/var/lib/${1:?}" "$EDGE_ROOT/etc/${1:?}" "$EDGE_ROOT/etc/systemd/system/$1.service.d"
  if edge_live_systemd; then
    systemctl daemon-reload
  fi
}
