#!/bin/sh
# JMH benchmarks of the hot paths. Usage: bench/jmh.sh [REGEX] [JMH OPTIONS]
#   bench/jmh.sh DetectorBenchmark -p detector=standard     (bench/jmh.sh -h lists JMH's options)
set -eu
. "$(dirname -- "$0")/common.sh"
cd "$ROOT"
exec "$JAVA_HOME/bin/java" -cp "$BENCH_CP" org.openjdk.jmh.Main "$@"
