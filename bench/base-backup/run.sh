#!/usr/bin/env bash
# Lifeboat base backup vs pgbackrest backup --type=full (zst, aes-256-cbc, process-max 1 and 2), same cluster, alternating.
# Usage: bench/base-backup/run.sh [work dir] [pgbench scale] [measured runs] [heap]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/lifeboat-bench-base}"
scale="${2:-50}"
runs="${3:-3}"
heap="${4:-256m}"
cd "$root"
mvn -B -q -o -pl backup-service install -DskipTests
mvn -B -q -o -pl backup-service dependency:build-classpath -Dmdep.outputFile="$work.cp" -Dmdep.includeScope=test
cp="$root/backup-service/target/classes:$(cat "$work.cp")"
echo "pgbackrest: $(pgbackrest version)"
echo "machine: nproc=$(nproc), cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), ram=$(free -g | awk '/Mem:/{print $2}') GiB"
rm -rf "$work"
java ${JAVA_OPTS:-} -Xmx"$heap" -XX:+UseSerialGC -cp "$cp" "$here/BaseBackupBench.java" "$work" "$scale" "$runs"
rm -rf "$work" "$work.cp"
