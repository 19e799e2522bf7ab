#!/usr/bin/env bash
# Collects the PROOF rows the proof tests print (see crates/core/tests/common/mod.rs `proof_row`)
# from a test log on stdin into one Markdown table, with the date and the machine. A row whose
# result is not ok makes the script exit non-zero (a failed test prints no row: cargo fails).
set -euo pipefail
log=$(cat)
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")."
echo
echo "| test | cases or steps | faults injected | lost | leaked | result |"
echo "|---|---:|---:|---:|---:|---|"
status=0
rows=$(printf '%s\n' "$log" | grep -ao $'PROOF\t.*' || true)
while IFS=$'\t' read -r _ test cases faults lost leaked result; do
  [ -n "${test:-}" ] || continue
  echo "| $test | $cases | $faults | $lost | $leaked | $result |"
  [ "$result" = ok ] || status=1
done <<< "$rows"
exit $status
