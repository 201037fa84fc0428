# Sourced (POSIX sh) by bench/load.sh and bench/jmh.sh: finds a JDK 21+ and builds the modules
# (./mvnw -q -B -DskipTests package) when the bench classes are missing or older than any source.
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
. "$ROOT/scripts/find-jdk.sh"
veil_find_jdk || exit 1

STAMP="$ROOT/bench/target/.built"
if [ ! -f "$STAMP" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT/detect/pom.xml" "$ROOT/gateway/pom.xml" \
    "$ROOT/bench/pom.xml" "$ROOT/detect/src/main" "$ROOT/gateway/src/main" "$ROOT/bench/src/main" \
    -newer "$STAMP" -type f 2>/dev/null | head -n 1)" ]; then
  echo "bench: building (first run or sources changed)..." >&2
  (cd "$ROOT" && ./mvnw -q -B -DskipTests package >&2) || {
    echo "bench: build failed; run ./mvnw -DskipTests package to see why" >&2
    exit 1
  }
  touch "$STAMP"
fi
BENCH_CP="$ROOT/bench/target/classes:$ROOT/bench/target/lib/*"
