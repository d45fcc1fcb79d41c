#!/usr/bin/env bash
# Lifeboat's logical backup vs plain `pg_dump -Fc -f file` of a pgbench database on the same cluster, alternating.
# Usage: bench/logical-backup/run.sh [work dir] [pgbench scale] [measured runs] [heap]
# The 2 GB / 256 MB heap check of issue 3 is: bench/logical-backup/run.sh /tmp/lb-2g 140 1 256m
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/lifeboat-bench-logical}"
scale="${2:-50}"
runs="${3:-5}"
heap="${4:-256m}"
cd "$root"
mvn -B -q -o -pl backup-service install -DskipTests
mvn -B -q -o -pl backup-service dependency:build-classpath -Dmdep.outputFile="$work.cp" -Dmdep.includeScope=test
cp="$root/backup-service/target/classes:$(cat "$work.cp")"
echo "machine: nproc=$(nproc), cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), ram=$(free -g | awk '/Mem:/{print $2}') GiB"
rm -rf "$work"
java ${JAVA_OPTS:-} -Xmx"$heap" -XX:+UseSerialGC -cp "$cp" "$here/LogicalBackupBench.java" "$work" "$scale" "$runs"
rm -rf "$work" "$work.cp"
