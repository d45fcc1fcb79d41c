#!/usr/bin/env bash
# Restore benchmarks, same data, same run: (1) point-in-time restore of a pgbench cluster (base backup + WAL to the
# end of the archive, started and promoted) with restore-service's PointInTimeRestore vs `pgbackrest restore` plus
# recovery; (2) logical restore with restore-service's LogicalRestore vs plain `pg_restore -j2`.
# Usage: bench/restore/run.sh [work dir] [pgbench scale] [runs] [pgbench seconds] [all|logical] [archiving-target]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/lifeboat-bench-restore}"
scale="${2:-50}"
runs="${3:-3}"
seconds="${4:-30}"
command -v pgbackrest >/dev/null || { echo "pgbackrest is needed: apt-get install -y pgbackrest" >&2; exit 1; }
cd "$root"
mvn -B -q -o -pl restore-service install -DskipTests
mvn -B -q -o -pl restore-service dependency:build-classpath -Dmdep.outputFile="$work.cp" -Dmdep.includeScope=test
cp="$root/restore-service/target/classes:$(cat "$work.cp")"
echo "machine: nproc=$(nproc), cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), ram=$(free -g | awk '/Mem:/{print $2}') GiB"
echo "postgresql: $(pg_config --version 2>/dev/null || true), $(pgbackrest version)"
rm -rf "$work"
java -Xmx768m -cp "$cp" "$here/RestoreBench.java" "$work" "$scale" "$runs" "$seconds" "$root/config/policy.yml" "${5:-all}" "${6:-separate-target}"
rm -rf "$work" "$work.cp"
