#!/usr/bin/env bash
# Installs what `make run` and `make test` need and is missing. On Debian/Ubuntu it installs
# system packages with apt; elsewhere it says what to install and stops. Safe to run repeatedly:
# it does nothing when everything is there.
#   scripts/deps.sh run    # what building and running the app needs
#   scripts/deps.sh test   # also what the test suite needs (Xvfb, keyring, WebKitWebDriver, ...)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
need=${1:-test}

build_pkgs=(build-essential pkg-config libssl-dev libdbus-1-dev libwebkit2gtk-4.1-dev libgtk-3-dev
  librsvg2-dev libayatana-appindicator3-dev libxdo-dev)
test_pkgs=(xvfb xauth webkit2gtk-driver gnome-keyring dbus-user-session sqlite3 procps python3-dbus python3-gi
  poppler-utils strace)
pkgs=("${build_pkgs[@]}")
[ "$need" = test ] && pkgs+=("${test_pkgs[@]}")

say() { printf '[deps] %s\n' "$*"; }

is_debian_like() {
  [ -r /etc/os-release ] || return 1
  . /etc/os-release
  case " ${ID:-} ${ID_LIKE:-} " in *" debian "*|*" ubuntu "*) return 0 ;; esac
  return 1
}

# 1. System packages.
if is_debian_like; then
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing: ${missing[*]}"
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  say "not Debian/Ubuntu: install these (or your system's equivalents) yourself, then run make again:"
  say "  WebKitGTK 4.1 and GTK 3 development files, librsvg, libayatana-appindicator3, libxdo, libdbus-1, OpenSSL headers, pkg-config, a C compiler"
  [ "$need" = test ] && say "  for tests: Xvfb + xauth, WebKitWebDriver (webkit2gtk-driver), gnome-keyring, dbus-run-session, sqlite3, poppler (pdftotext, pdfinfo, pdftoppm), strace"
  say "  see https://v2.tauri.app/start/prerequisites/ for your platform"
  for tool in pkg-config cc; do command -v "$tool" >/dev/null || { say "missing: $tool"; exit 1; }; done
fi

# 2. Rust and Node.
command -v cargo >/dev/null || { say "Rust is missing: install it with rustup (https://rustup.rs), then run make again"; exit 1; }
command -v node >/dev/null || { say "Node.js 20.19+ is missing: install it, then run make again"; exit 1; }
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  { say "Node.js $(node --version) is too old: 20.19 or newer is needed (Vite 8)"; exit 1; }

# 3. npm packages, from the lock files, when node_modules is missing or older than the lock.
# (ui/package-lock.json lists @lix-js/sdk's optional native packages for macOS, Windows and ARM
# Linux by hand, without a download: the registry reachable here lacks them, `npm install` then
# leaves them out, and `npm ci` refuses a lock without them. They are never installed on x86-64
# Linux; keep those three entries when the lock is regenerated.)
npm_ci() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci in ${dir#"$root"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci "$root/ui"
[ "$need" = test ] && npm_ci "$root/tests/e2e"

# 4. tauri-driver (WebDriver bridge for the e2e suite), version 2.
if [ "$need" = test ]; then
  cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  if ! "$cargo_bin/tauri-driver" --help >/dev/null 2>&1 && ! command -v tauri-driver >/dev/null; then
    say "cargo install tauri-driver (version 2)"
    cargo install tauri-driver --locked --version "^2" --quiet
  fi
fi
exit 0
