#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service),
# with a throw-away HOME so the keyring files never touch the user's own.
# Usage: scripts/with-keyring.sh CMD [ARGS...]
set -euo pipefail
if [ -z "${IPT_IN_KEYRING_SESSION:-}" ]; then
  command -v dbus-run-session >/dev/null || { echo "dbus-run-session missing: apt-get install dbus-user-session" >&2; exit 2; }
  command -v gnome-keyring-daemon >/dev/null || { echo "gnome-keyring-daemon missing: apt-get install gnome-keyring" >&2; exit 2; }
  export IPT_IN_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
# rustup, cargo and npm find their homes through HOME: pin them before HOME moves.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export npm_config_cache="${npm_config_cache:-$HOME/.npm}"
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/ipt-keyring.XXXXXX")
trap 'kill "${GNOME_KEYRING_PID:-}" 2>/dev/null || true; rm -rf "$keyring_home"' EXIT
export HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/.local/share" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
# Unlocked *before* anything asks: a locked keyring would open a prompt and block.
eval "$(printf 'test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
eval "$(gnome-keyring-daemon --start --components=secrets)"
export GNOME_KEYRING_CONTROL GNOME_KEYRING_PID
"$@"
