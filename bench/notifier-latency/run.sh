#!/usr/bin/env bash
# Alerts per second and latency (AlertRaised on Kafka -> receipt at a healthy webhook) of notifier-service against
# a bare consumer that POSTs each record at once, measured in the same run.
# Usage: bench/notifier-latency/run.sh [work dir] [burst alerts] [paced rate/s] [paced alerts]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/lifeboat-bench-notifier}"
cd "$root"
mvn -B -q -o -pl notifier-service install -DskipTests
mvn -B -q -o -pl notifier-service dependency:build-classpath -Dmdep.outputFile="$work.cp" -Dmdep.includeScope=test
cp="$root/notifier-service/target/classes:$(cat "$work.cp")"
echo "machine: nproc=$(nproc), cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), ram=$(free -g | awk '/Mem:/{print $2}') GiB"
rm -rf "$work"
mkdir -p "$work"
java -Xmx768m -cp "$cp" "$here/NotifierLatencyBench.java" "$work" "${2:-2000}" "${3:-200}" "${4:-2000}" \
  "$root/config/policy.yml"
rm -rf "$work" "$work.cp"
