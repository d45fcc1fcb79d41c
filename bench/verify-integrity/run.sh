#!/usr/bin/env bash
# Verifying a 1 GiB backup with verify-service's CopyVerifier vs sha256sum of the same stored bytes, same run, on
# three plaintexts: incompressible, CSV-like text, and a real `pg_dump -Fc -Z0` of a sample PostgreSQL database
# (pgbench scale 15 plus 1.5 million call rows, made here with initdb) repeated up to the size asked for.
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

# The sample dump: a throwaway cluster (as user postgres when run as root), dumped uncompressed like Lifeboat dumps.
pg="$work-pg"
bin="$(pg_config --bindir)"
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi
stop_pg() { [ -f "$pg/data/postmaster.pid" ] && "${as_pg[@]}" "$bin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null || true; }
trap 'stop_pg; rm -rf "$pg" "$work" "$work.cp"' EXIT
rm -rf "$pg" && mkdir -p "$pg" && chmod 777 "$pg"
"${as_pg[@]}" "$bin/initdb" -D "$pg/data" -A trust -U postgres >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$pg/data" -o "-k $pg -c listen_addresses= -p 5497" -l "$pg/log" -w start >/dev/null
psql_pg() { "${as_pg[@]}" "$bin/psql" -h "$pg" -p 5497 -U postgres -q -v ON_ERROR_STOP=1 "$@" postgres; }
"${as_pg[@]}" "$bin/pgbench" -h "$pg" -p 5497 -U postgres -i -s 15 -q postgres 2>/dev/null
psql_pg -c "SELECT setseed(0.42)" -c "CREATE TABLE calls AS SELECT g AS id, md5(g::text) AS sid,
  now() - g * interval '1 second' AS started, (random() * 3600)::int AS dur,
  CASE WHEN random() < 0.5 THEN 'inbound' ELSE 'outbound' END AS dir,
  repeat('transcript ', 1 + (random() * 15)::int) || md5(random()::text) AS note
  FROM generate_series(1, 1500000) g" >/dev/null
"${as_pg[@]}" "$bin/pg_dump" -h "$pg" -p 5497 -U postgres -Fc -Z0 -f "$pg/dump.fc" postgres
stop_pg
echo "sample dump: $(stat -c %s "$pg/dump.fc") bytes"

for kind in random text "file=$pg/dump.fc"; do
  rm -rf "$work"
  java -Xmx768m -cp "$cp" "$here/VerifyBench.java" "$work" "$mib" "$runs" "$kind"
done
