#!/usr/bin/env bash
# The 7.1 daily sweep over 1,000 backups and 10,000 WAL segments, within its byte budget, with wall time per day.
# Usage: bench/daily-sweep/run.sh [work dir] [backups] [segments] [backup KiB] [segment KiB] [days]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/lifeboat-bench-sweep}"
cd "$root"
mvn -B -q -o -pl verify-service -am install -DskipTests
mvn -B -q -o -pl verify-service dependency:build-classpath -Dmdep.outputFile="$work.cp" -Dmdep.includeScope=runtime
cp="$root/verify-service/target/classes:$(cat "$work.cp")"
echo "machine: nproc=$(nproc), cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), ram=$(free -g | awk '/Mem:/{print $2}') GiB"
rm -rf "$work"
java -Xmx512m -cp "$cp" "$here/SweepBench.java" "$work" "${2:-1000}" "${3:-10000}" "${4:-256}" "${5:-64}" "${6:-8}"
rm -rf "$work" "$work.cp"
