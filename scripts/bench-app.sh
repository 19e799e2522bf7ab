#!/usr/bin/env bash
# `make bench-app`: the window, measured. Builds the release app and the empty Tauri app
# (benches/empty-app) in the same run, writes (once per schema) a 100 000-entry passphrase vault,
# then launches both apps alternately under Xvfb in a private D-Bus session
# (tests/e2e/bench/app.ts) and prints the table. IPT_BENCH_RUNS sets the runs per case (≥ 7).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
runs="${IPT_BENCH_RUNS:-7}"
[ "$runs" -ge 7 ] || { echo "IPT_BENCH_RUNS must be at least 7" >&2; exit 2; }
entries=100000
# Not a secret: the benchmark vault holds synthetic entries only.
passphrase="bench: a long passphrase for synthetic entries"

npm --prefix ui run build --silent
# Both apps built the way `make bundle` builds the app (Tauri's production protocol).
cargo build --release -p ipt-companion -p empty-app --features tauri/custom-protocol

# The vault is made once per schema and generator (their hash names it) and copied for each run.
schema=$(cat crates/core/migrations/*.sql crates/core/benches/app_vault.rs crates/core/benches/synthetic/*.rs \
  | sha256sum | cut -c1-12)
fixture="$CARGO_TARGET_DIR/bench-app/vault-$entries-$schema"
if [ ! -f "$fixture/made.json" ]; then
  rm -rf "$fixture" && mkdir -p "$fixture"
  echo "writing a vault of $entries entries (once per schema)…"
  cargo bench -q -p ipt-core --bench app_vault -- "$fixture/data" "$entries" "$passphrase" > "$fixture/made.json.tmp"
  mv "$fixture/made.json.tmp" "$fixture/made.json"
fi
# The key derivation's time on this machine today (the vault's own parameters, measured now).
kdf_ms=$(cargo bench -q -p ipt-core --bench app_vault -- --time-kdf "$fixture/data" "$passphrase")

export IPT_BENCH_APP="$CARGO_TARGET_DIR/release/ipt-companion"
export IPT_BENCH_EMPTY="$CARGO_TARGET_DIR/release/empty-app"
export IPT_BENCH_VAULT="$fixture/data" IPT_BENCH_PASSPHRASE="$passphrase" IPT_BENCH_KDF_MS="$kdf_ms"
export IPT_BENCH_ENTRIES="$entries" IPT_BENCH_RUNS="$runs"
# No accessibility bus under Xvfb (as in the e2e suite).
export NO_AT_BRIDGE=1
exec scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x900x24" \
  "$root/tests/e2e/node_modules/.bin/tsx" tests/e2e/bench/app.ts
