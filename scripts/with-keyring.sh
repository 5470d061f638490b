#!/usr/bin/env bash
# Usage: scripts/with-keyring.sh CMD [ARGS...]
#
# Runs CMD inside a private D-Bus session with a fresh, unlocked gnome-keyring, so the real OS keychain (Secret
# Service, org.freedesktop.secrets) works in tests and benchmarks without touching the user's own keyring: the
# keyring lives in a throwaway XDG_DATA_HOME that is deleted afterwards. Exits with CMD's status.
#
# AUTHDESK_KEYRING_SESSION marks the stages: unset (start a bus), "pending" (inside dbus-run-session, start the
# keyring), "ready" (already inside one: just run CMD, so the scripts nest).
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

case "${AUTHDESK_KEYRING_SESSION:-}" in
  ready)
    exec "$@"
    ;;
  pending)
    ;;
  *)
    for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
      if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-keyring: '$tool' is missing; install dbus and gnome-keyring (npm run setup does)." >&2
        exit 1
      fi
    done
    AUTHDESK_KEYRING_SESSION=pending exec dbus-run-session -- bash "$0" "$@"
    ;;
esac

scratch="$(mktemp -d "${TMPDIR:-/tmp}/authdesk-keyring.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/data" "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data"
# gnome-keyring puts its control socket in XDG_RUNTIME_DIR; CI runs (root, no login session) may not have one.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$scratch/runtime}"

# --unlock reads the password on stdin and creates the "login" keyring with it; an empty one would leave it unencrypted.
keyring_env="$(printf 'authdesk-test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
while IFS= read -r line; do
  [[ "$line" == *=* ]] && export "${line?}"
done <<<"$keyring_env"

# The daemon forks before it owns its bus name; a keychain call before then fails, so wait (at most 5 s).
owned=0
for _ in $(seq 50); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    owned=1
    break
  fi
  sleep 0.1
done
if [[ $owned -ne 1 ]]; then
  echo "with-keyring: gnome-keyring did not claim org.freedesktop.secrets within 5 s." >&2
  exit 1
fi

export AUTHDESK_KEYRING_SESSION=ready
set +e
"$@"
status=$?
set -e
exit "$status"
