#!/usr/bin/env bash
# Collects the PROOF rows the proof tests write (crates/core/tests/common/mod.rs `proof_row`,
# src-tauri/tests, tests/e2e/support/proof.ts) from stdin — the rows file `make test` and
# `make proof` gather, or a test log — into one Markdown table sorted by test, with the date and
# the machine. A "skipped" row is shown as such; any other result but ok makes the script exit
# non-zero (a failed test writes no row: its own suite fails).
set -euo pipefail
log=$(cat)
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")."
echo
echo "| test | cases or steps | faults injected | lost | leaked | result |"
echo "|---|---:|---:|---:|---:|---|"
status=0
rows=$(printf '%s\n' "$log" | grep -ao $'PROOF\t.*' | sort -t $'\t' -k2,2 || true)
while IFS=$'\t' read -r _ test cases faults lost leaked result; do
  [ -n "${test:-}" ] || continue
  echo "| $test | $cases | $faults | $lost | $leaked | $result |"
  case "$result" in ok | skipped*) ;; *) status=1 ;; esac
done <<< "$rows"
exit $status
