#!/bin/sh
# Load harness: fake upstream, then load against it directly (a), Veil with guards off (b) and
# Veil with the full pipeline (c). Usage: bench/load.sh [OPTIONS]   (--help lists them)
# Results: a table on stdout and bench/results/latest.json. See BENCHMARKS.md.
set -eu
. "$(dirname -- "$0")/common.sh"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--XX:+UseParallelGC -Xms512m -Xmx512m} \
  -cp "$BENCH_CP" dev.veil.bench.load.LoadHarness "$@"
