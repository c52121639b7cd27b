#!/usr/bin/env bash
# Turns the compiler's step lines (Ninja's "[12/134] Building ..." or Make's "[ 9%] Building ...") read on stdin
# into progress on stdout; everything else is dropped (the full output goes to the build log).
#   build-progress.sh --tty     one line redrawn in place, ended by a newline (for a terminal)
#   build-progress.sh --lines   a plain line at every tenth of the build and at the end (for a log or CI)
set -euo pipefail
mode="${1:---lines}"
case "$mode" in --tty|--lines) ;; *) echo "build-progress.sh: --tty or --lines, not '$mode'" >&2; exit 2 ;; esac

awk -v tty="$([ "$mode" = --tty ] && echo 1 || echo 0)" '
  function show(label, percent) {
    if (tty) {
      printf "\r\033[K[native] compiling %s", label
      drawn = 1
    } else if (int(percent / 10) > last_tenth || percent >= 100) {
      if (percent >= 100 && printed_done) return
      printf "[native] compiled %s\n", label
      last_tenth = int(percent / 10)
      printed_done = percent >= 100
    }
    fflush()
  }
  BEGIN { last_tenth = 0; drawn = 0; printed_done = 0 }
  match($0, /^\[[0-9]+\/[0-9]+\]/) {
    split(substr($0, 2, RLENGTH - 2), step, "/")
    if (step[2] > 0) show(sprintf("%d/%d (%d%%)", step[1], step[2], 100 * step[1] / step[2]), 100 * step[1] / step[2])
    next
  }
  match($0, /^\[ *[0-9]+%\]/) {
    percent = substr($0, 2, RLENGTH - 3) + 0
    show(percent "%", percent)
  }
  END { if (drawn) print ""; fflush() }
'
