#!/usr/bin/env bash
# Verifying a 1 GiB backup with verify-service's CopyVerifier vs sha256sum of the same stored bytes, same run.
# Usage: bench/verify-integrity/run.sh [work dir] [MiB] [runs]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/lifeboat-bench-verify}"
mib="${2:-1024}"
runs="${3:-7}"
cd "$root"
mvn -B -q -o -pl verify-service -am install -DskipTests
mvn -B -q -o -pl verify-service dependency:build-classpath -Dmdep.outputFile="$work.cp" -Dmdep.includeScope=runtime
cp="$root/verify-service/target/classes:$(cat "$work.cp")"
echo "machine: nproc=$(nproc), cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), ram=$(free -g | awk '/Mem:/{print $2}') GiB"
for kind in random text; do
  rm -rf "$work"
  java -Xmx512m -cp "$cp" "$here/VerifyBench.java" "$work" "$mib" "$runs" "$kind"
done
rm -rf "$work" "$work.cp"
