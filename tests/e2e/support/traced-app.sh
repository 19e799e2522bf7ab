#!/bin/sh
# Launches the app with every connect() it makes recorded (strace, all threads and children),
# and with its standard output and error kept in a file, so a spec can read both afterwards.
# wdio.conf.ts uses this in place of the app for the leaks spec, or for every spec when
# IPT_E2E_STRACE=1. Each launch gets its own trace file; the output file is appended to.
set -eu
: "${IPT_E2E_TRACE_DIR:?IPT_E2E_TRACE_DIR is not set}"
: "${IPT_E2E_REAL_APP:?IPT_E2E_REAL_APP is not set}"
exec strace -f -qq -e trace=connect -o "$IPT_E2E_TRACE_DIR/connect.$$.trace" \
  "$IPT_E2E_REAL_APP" "$@" >>"$IPT_E2E_TRACE_DIR/app-output.log" 2>&1
