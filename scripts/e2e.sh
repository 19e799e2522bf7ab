#!/usr/bin/env bash
# The end-to-end suite: the real app window under Xvfb, inside a private D-Bus session with an
# unlocked gnome-keyring (scripts/with-keyring.sh), a throw-away HOME and data folder per spec.
# Expects the debug app to be built (make test builds it first). Screenshots: tests/e2e/artifacts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v tauri-driver >/dev/null || { echo "tauri-driver missing: make deps installs it" >&2; exit 2; }
command -v WebKitWebDriver >/dev/null || { echo "WebKitWebDriver missing: apt-get install webkit2gtk-driver" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "xvfb-run missing: apt-get install xvfb xauth" >&2; exit 2; }
rm -rf tests/e2e/artifacts && mkdir -p tests/e2e/artifacts
# No accessibility bus under Xvfb: it only adds stray processes. (WEBKIT_DISABLE_COMPOSITING_MODE
# and WEBKIT_DISABLE_DMABUF_RENDERER make WebKitWebDriver screenshots hang here: leave them unset.)
export NO_AT_BRIDGE=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
log=tests/e2e/artifacts/e2e.log
status=0
scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x900x24" npm --prefix tests/e2e test -- "$@" 2>&1 \
  | tee "$log" || status=$?
# The end of the output says what failed and what needed a second run (CI shows the last lines).
echo "== e2e summary"
if [ -s tests/e2e/artifacts/retries.txt ]; then
  echo "spec files that failed once and were run again (each must then pass whole):"
  sed 's/^/  /' tests/e2e/artifacts/retries.txt
else
  echo "every spec file passed on its first run"
fi
if [ "$status" -ne 0 ]; then
  echo "failed tests:"
  grep -E 'FAILED in' "$log" | sed 's/^/  /' || true
  grep -E -A3 '✖' "$log" | grep -v -e scrollIntoView -e '^--$' | cut -c1-220 | sed 's/^/  /' | tail -n 30 || true
fi
grep -E '^Spec Files:' "$log" || true
exit "$status"
