#!/usr/bin/env bash
# Long fuzz run: fuzzes each Jazzer fuzz test for SECONDS (default 3600, the hardening issue's
# hour), one after the other, each in its own JVM at low CPU priority. ./mvnw verify only replays
# the committed seeds (src/test/resources/.../*FuzzTestInputs); this is the run that searches.
#
# Usage: scripts/fuzz.sh [SECONDS] [FILTER]
#   SECONDS  fuzzing time per target (default 3600)
#   FILTER   run only targets whose name contains it (e.g. Sse, Walker, Restorer, Detector)
#
# Logs go to target/fuzz/<target>.log with libFuzzer's progress lines (coverage counters "cov:",
# features "ft:", corpus size, executions); a summary line per target is printed at the end. The
# corpus each target grows is kept in <module>/.cifuzz-corpus/ (not committed) and reused by the
# next run. A failing input is written next to the seeds, in <Class>Inputs/<method>/, so that
# ./mvnw verify replays it from then on; commit it with the fix.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
veil_find_jdk || exit 1

SECONDS_PER_TARGET=${1:-3600}
FILTER=${2:-}
TARGETS=(
  "detect:dev.veil.detect.DetectorFuzzTest#anyTextScansToWellFormedStableSpansThatCoverKnownValues"
  "gateway:dev.veil.protect.RequestWalkerFuzzTest#anyBodyIsRefusedCleanlyOrProtectedWithNoCanaryLeft"
  "gateway:dev.veil.provider.SseParserFuzzTest#anyBodyCutAnywhereGivesTheEventsOfTheWholeBody"
  "gateway:dev.veil.protect.StreamRestorerFuzzTest#anyCuttingRestoresLikeTheWholeText"
  "gateway:dev.veil.protect.StreamRestorerFuzzTest#anyStreamOfChunksRestoresEachChoiceLikeItsWholeText"
)

mkdir -p target/fuzz
status=0
summary=()
for t in "${TARGETS[@]}"; do
  module=${t%%:*}
  test=${t#*:}
  name=${test##*.}
  case "$name" in *"$FILTER"*) ;; *) continue ;; esac
  log="target/fuzz/${name%%#*}-${name##*#}.log"
  echo "fuzz: $name for ${SECONDS_PER_TARGET}s (log: $log)"
  start=$(date +%s)
  # -pl detect,gateway so that the gateway fuzzes the detector of this tree, not an installed one.
  JAZZER_FUZZ=1 nice -n 10 ./mvnw -B -pl "detect,$module" test \
    -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dveil.fuzz.hooks=true -Djazzer.instrument='dev.veil.**' \
    -Djazzer.max_duration="${SECONDS_PER_TARGET}s" >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  last=$(grep -aE '^#[0-9]+' "$log" | tail -n 1)
  done_line=$(grep -aE '^Done [0-9]+ runs' "$log" | tail -n 1)
  verdict=ok
  if [ "$rc" != 0 ]; then
    verdict="FAILED (see $log and the new file under ${module}/src/test/resources)"
    status=1
  fi
  summary+=("$name: $verdict, ${took}s wall; ${done_line:-no run count}; last: ${last:-none}")
done
echo
printf '%s\n' "${summary[@]}"
exit $status
