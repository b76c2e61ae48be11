#!/bin/sh
# Runs a command (usually the tests) with a real, private, unlocked Secret Service: its own D-Bus session,
# its own gnome-keyring-daemon and its own throwaway HOME, so the keychain tests exercise the real OS path
# without ever touching the developer's keyring. Without dbus-run-session or gnome-keyring-daemon the
# command runs as is: the keychain tests then skip, or fail under REQUIRE_KEYRING=1.
#   usage: sh scripts/with-keyring.sh COMMAND [ARG...]
# The command's arguments travel as "$@" all the way, never through a string.
set -eu

# The PID that owns org.freedesktop.secrets on this session bus, or nothing.
secrets_pid() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
    awk '/uint32/ { print $2 }'
}

# Waits (up to 5 s) for the keyring to own its bus name: a client arriving earlier would have D-Bus
# start a second, locked daemon.
wait_for_secrets() {
  tries=0
  while [ -z "$(secrets_pid)" ] && [ "$tries" -lt 50 ]; do
    sleep 0.1
    tries=$((tries + 1))
  done
}

# The daemon forks away and does not always notice the bus closing: stop it by the PID the bus reports.
stop_keyring() {
  wait_for_secrets
  pid=$(secrets_pid)
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
}

if [ "${1:-}" = "--inside-session" ]; then
  shift
  trap stop_keyring EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  wait_for_secrets
  "$@"
  exit
fi

if [ "$#" -eq 0 ]; then
  echo "usage: sh scripts/with-keyring.sh COMMAND [ARG...]" >&2
  exit 2
fi

for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: $tool not found, so the tests run without a keychain (Debian: apt-get install dbus gnome-keyring)" >&2
    exec "$@"
  fi
done

# The fresh HOME is for the keyring's files only: npm keeps the caller's cache, and PATH (with the
# project's node_modules/.bin) is left as it is.
: "${npm_config_cache:=${HOME:-/tmp}/.npm}"
export npm_config_cache

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/eclypse-keyring-home.XXXXXX")
keyring_runtime=$(mktemp -d "${TMPDIR:-/tmp}/eclypse-keyring-run.XXXXXX")
chmod 700 "$keyring_home" "$keyring_runtime"
trap 'rm -rf "$keyring_home" "$keyring_runtime"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
status=0
# gnome-keyring keeps its files under XDG_DATA_HOME when that is set: point it into the throwaway HOME too.
HOME=$keyring_home \
XDG_RUNTIME_DIR=$keyring_runtime \
XDG_DATA_HOME=$keyring_home/.local/share \
XDG_CONFIG_HOME=$keyring_home/.config \
XDG_CACHE_HOME=$keyring_home/.cache \
  dbus-run-session -- sh "$self" --inside-session "$@" || status=$?
exit "$status"
