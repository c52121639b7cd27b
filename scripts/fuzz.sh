#!/usr/bin/env bash
# Fuzzes each Jazzer @FuzzTest of the project for SECONDS (default 60), one target at a time, and prints per target
# the executions, the exec/s, the corpus libFuzzer ended with and the findings. Extra arguments go to Maven (e.g. -o).
#
#   scripts/fuzz.sh            # 60 s per target
#   scripts/fuzz.sh 300 -o     # 5 min per target, Maven offline
#   FUZZ_ONLY=JudgeScore scripts/fuzz.sh 60   # only the targets whose name contains FUZZ_ONLY
#
# Without JAZZER_FUZZ the same tests only replay their committed inputs; that is what `mvn test` runs.
# A finding stops its target; Jazzer writes the input as crash-<sha> into the target's
# src/test/resources/.../<Class>Inputs/<method>/ folder, where it becomes a regression input once committed.
# Full logs: target/fuzz/<Class>.<method>.log. Exit status 1 when any target had a finding or did not run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_java25
cd "$repo_root"

seconds="${1:-60}"
[ $# -gt 0 ] && shift
case "$seconds" in ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [maven args...]" >&2; exit 2;; esac

# module:class#method, one per @FuzzTest
targets=(
  "kernels:org.eibench.kernels.gguf.GgufFuzzTest#readNeverFailsUnchecked"
  "models:org.eibench.models.chat.ChatTemplateFuzzTest#builtInTemplatesRenderAnyConversation"
  "models:org.eibench.models.chat.ChatTemplateFuzzTest#detectionAndLookupFailOnlyAsDocumented"
  "engine:org.eibench.engine.dataset.TriggerListFuzzTest#parseNeverThrowsAndReturnsCleanItems"
  "engine:org.eibench.engine.dataset.TriggerListFuzzTest#renderedListParsesBack"
  "engine:org.eibench.engine.judge.JudgeScoreFuzzTest#parseAgreesWithTheReferenceRegex"
  "engine:org.eibench.engine.judge.JudgeScoreFuzzTest#renderedScoreParsesBack"
  "engine:org.eibench.engine.dataset.EibenchDatasetFuzzTest#complexFileLoadsOrFailsWithDatasetException"
  "engine:org.eibench.engine.dataset.EibenchDatasetFuzzTest#basicFilesLoadOrFailWithDatasetException"
)

mkdir -p target/fuzz
status=0
printf '%-80s %10s %8s %14s %s\n' "target" "execs" "exec/s" "corpus" "findings"
for target in "${targets[@]}"; do
  [[ "$target" == *"${FUZZ_ONLY:-}"* ]] || continue
  module="${target%%:*}"
  test="${target#*:}"
  log="target/fuzz/${test##*.}.log"
  log="${log//#/.}"
  # JAZZER_MAX_DURATION overrides the maxDuration of the @FuzzTest annotation
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" mvn -B -ntp -pl "$module" -am test -Dtest="$test" \
    -Dsurefire.failIfNoSpecifiedTests=false "$@" >"$log" 2>&1 || true
  # libFuzzer ends with "Done N runs in S second(s)", after the DONE status line or after a finding
  done_line="$(grep -aE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)"
  execs="$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/p' <<<"$done_line")"
  secs="$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/p' <<<"$done_line")"
  rate=""
  [ -n "$execs" ] && rate=$(( execs / (secs > 0 ? secs : 1) ))
  corpus="$(grep -aoE '^#[0-9]+[[:space:]]+(DONE|NEW|REDUCE|pulse|INITED).* corp: [^ ]+' "$log" | tail -1 | sed -E 's/.* corp: //' || true)"
  findings="$(grep -acE '^[a-z._]*FuzzTestFindingException: ' "$log" || true)"
  if [ -z "$done_line" ] && [ "$findings" = 0 ]; then
    findings="did not run, see $log"
    status=1
  elif [ "$findings" != 0 ]; then
    findings="$findings: $(grep -aoE 'FuzzTestFindingException: .{0,150}' "$log" | head -1) (see $log)"
    status=1
  fi
  printf '%-80s %10s %8s %14s %s\n' "${test#org.eibench.}" "${execs:--}" "${rate:--}" "${corpus:--}" "$findings"
done
exit "$status"
