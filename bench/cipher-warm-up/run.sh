#!/usr/bin/env bash
# A fresh JVM's first encryption and decryption of <MiB> with a data key, with CipherWarmUp first (its time counted)
# vs without, each run in a new JVM, alternating; prints medians and the ratio (warm-up + work) / (work without).
# Usage: bench/cipher-warm-up/run.sh [MiB] [runs]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mib="${1:-360}"
runs="${2:-5}"
cd "$root"
cpfile="$(mktemp)"
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -o -pl backup-format install -DskipTests
mvn -B -q -o -pl backup-format dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime
cp="$root/backup-format/target/classes:$(cat "$cpfile")"
echo "machine: nproc=$(nproc), cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), ram=$(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
results="$(mktemp)"
trap 'rm -f "$cpfile" "$results"' EXIT
for i in $(seq 1 "$runs"); do
  for mode in cold warm; do
    java -Xmx$((mib * 3 + 256))m -cp "$cp" "$here/ColdStart.java" "$mode" "$mib" | tee -a "$results"
  done
done
awk '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  /^RESULT/ {
    for (f = 2; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
    if (v["mode"] == "cold") { c++; cold[c] = v["encrypt_s"] + v["decrypt_s"] }
    else { w++; warm[w] = v["warmup_s"] + v["encrypt_s"] + v["decrypt_s"] }
  }
  END {
    mc = median(cold, c); mw = median(warm, w)
    printf "SUMMARY runs=%d cold_median_s=%.3f warm_median_s=%.3f ratio=%.2f\n", c, mc, mw, mw / mc
  }' "$results"
