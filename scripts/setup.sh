#!/usr/bin/env bash
# The one setup command (`npm run setup`). Idempotent.
# 1. On Linux with apt-get: installs the system packages that are missing — libsecret-1-dev (keytar compiles against
#    it), gnome-keyring + dbus + dbus-x11 (the OS keychain for tests), chromium (Playwright's browser here), and the
#    compiler toolchain node-gyp needs when keytar has no prebuilt binary (g++, make, python3).
# 2. `npm ci`, whose `prepare` script builds out/. ELECTRON_SKIP_BINARY_DOWNLOAD is passed through as given: on a
#    normal desktop Electron downloads its binary; on build machines without internet set it to 1.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(libsecret-1-dev gnome-keyring dbus dbus-x11 chromium g++ make python3 curl openssl)

install_system_packages() {
  local missing=() package
  for package in "${apt_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup: system packages already installed."
    return
  fi
  local sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    sudo=(sudo)
  fi
  echo "setup: installing ${missing[*]}"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

if [[ "$(uname -s)" == Linux ]] && command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  install_system_packages
else
  echo "setup: no apt-get here; install libsecret, a Secret Service (gnome-keyring or KWallet) and D-Bus yourself."
fi

echo "setup: npm ci"
ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" npm ci
echo "setup: done. Run 'npm test', or 'npm start' for the desktop app."
