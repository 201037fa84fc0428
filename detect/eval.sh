#!/bin/sh
# Scores the whole standard detector on every human-annotated set of the reference data (by its
# authors' split) and on the project's own synthetic sets, side by side, exact and overlap.
# Usage: detect/eval.sh [REFERENCE_DATA_DIR] [presidio.json ...]   (default ../shared/data)
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
DATA=${1:-$ROOT/../shared/data}
[ $# -gt 0 ] && shift
DATA=$(CDPATH= cd -- "$DATA" && pwd)
cd "$ROOT"
ARGS="$DATA"
for f in "$@"; do ARGS="$ARGS $(CDPATH= cd -- "$(dirname -- "$f")" && pwd)/$(basename -- "$f")"; done
exec ./mvnw -q -B -pl detect test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.veil.detect.ner.DetectionReport -Dexec.args="$ARGS"
