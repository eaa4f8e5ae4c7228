#!/usr/bin/env bash
# Benchmark: one `pgmaint plan -a --parallel 4` over DATABASES small databases against DATABASES separate
# `bin/pgmaint plan -d <db>` invocations run one after another, on the same server; wall time and peak RSS.
#   bench/fleet.sh [DATABASES]       (default 50; databases fleet_bench_NN)
# Needs a server of its own at $PGHOST:$PGPORT (user postgres): -a visits every database on it, so point it at a
# private cluster (docs/fleet.md shows one on port 55480), not at a shared server. /usr/bin/time for the RSS.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-50}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-55480} PGUSER=${PGUSER:-postgres}
OUT=target/bench
mkdir -p "$OUT"

echo "== $N databases on $PGHOST:$PGPORT"
for i in $(seq -w 1 "$N"); do
    db=fleet_bench_$i
    if [[ -z "$(psql -X -At -d postgres -c "select 1 from pg_database where datname = '$db'")" ]]; then
        psql -X -q -d postgres -c "create database $db"
        psql -X -q -d "$db" -c "create table parent (id int primary key); create table child (id int primary key,
            parent_id int references parent); create index on child (id, parent_id); insert into parent
            select generate_series(1, 100)" -c "vacuum analyze"
    fi
done
bin/pgmaint plan -d postgres >/dev/null 2>&1 || true   # builds the jar and warms the rule cache

echo "== one run: plan -a --parallel 4"
/usr/bin/time -f "%e %M" -o "$OUT/fleet_one.time" bin/pgmaint plan -a --parallel 4 -d postgres --format json \
    >"$OUT/fleet_one.json" 2>"$OUT/fleet_one.err" || true
read -r one_wall one_rss <"$OUT/fleet_one.time"
echo "   wall ${one_wall} s, peak RSS $((one_rss / 1024)) MB"

echo "== $N runs: plan -d <db>, one after another"
max_rss=0
start=$(date +%s.%N)
for i in $(seq -w 1 "$N"); do
    /usr/bin/time -f "%M" -o "$OUT/fleet_each.time" bin/pgmaint plan -d "fleet_bench_$i" >/dev/null 2>&1 || true
    rss=$(cat "$OUT/fleet_each.time")
    (( rss > max_rss )) && max_rss=$rss
done
each_wall=$(echo "$(date +%s.%N) - $start" | bc)
echo "   wall ${each_wall} s, peak RSS of one $((max_rss / 1024)) MB"
python3 - "$one_wall" "$each_wall" "$N" <<'PY'
import sys
one, each, n = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"== ratio: {one / each:.3f}x ({one:.1f} s against {each:.1f} s); per database: {one / n * 1000:.0f} ms"
      f" in the fleet run at --parallel 4, {each / n * 1000:.0f} ms as a separate process")
PY
