#!/usr/bin/env bash
# Benchmark: what recording and reading history adds to `pgmaint plan --full`, and the store's size per run.
#   bench/history.sh [TABLES] [DATABASE]      (defaults: 10000 tables, database pgmaint_bench_<TABLES>)
# Same catalog as bench/run.sh (bench/generate.sql); needs the jar built (mvn -o -B -DskipTests package) and psql.
# Alternates runs with history off (history.enabled=false) and on (a fresh SQLite store in target/bench), RUNS of
# each after one untimed warm-up of each (the warm-up also makes the store's schema), and prints the medians and
# the store's bytes per recorded run (what the timed runs added, divided by their number).
# SEED_DAYS=N (needs sqlite3): after the warm-up, the store gets N copies of the warm-up's run, one a day before
# it, so the timed runs read the history a nightly schedule has (the collector reads 2 x 30 days): without it
# they read 1 to RUNS earlier runs, which hides what reading the index series costs.
set -euo pipefail
cd "$(dirname "$0")/.."
TABLES=${1:-10000}
DB=${2:-pgmaint_bench_$TABLES}
RUNS=${RUNS:-5}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
OUT=target/bench/history
mkdir -p "$OUT"
if [[ "${REUSE:-0}" != 1 ]]; then
    psql -X -q -d postgres -c "drop database if exists \"$DB\" with (force)" -c "create database \"$DB\""
    psql -X -q -d "$DB" -v tables="$TABLES" -f bench/generate.sql
    psql -X -q -d "$DB" -c "vacuum analyze"
fi
STORE=$OUT/history.db
rm -f "$STORE" "$STORE"-wal "$STORE"-shm
plan() {   # $1: on or off
    local flags=(--set history.enabled=false)
    [[ $1 == on ]] && flags=(--set "history.url=sqlite:$STORE")
    local start end
    start=$(date +%s%N)
    bin/pgmaint plan --full -d "$DB" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "${flags[@]}" > /dev/null || true
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}
plan off > /dev/null; plan on > /dev/null
if (( ${SEED_DAYS:-0} > 0 )); then
    sqlite3 "$STORE" <<SQL
create temp table last as select run_id, started_ms from history_run order by started_ms desc limit 1;
create temp table days as with recursive d(n) as (select 1 union all select n + 1 from d where n < ${SEED_DAYS})
    select n, 'seed-' || n || '-' || (select run_id from last) as run_id from d;
insert into history_run (run_id, target, database_name, command, mode, started_ms, finished_ms, exit_code,
        pgmaint_version, server_version, stats_reset_ms, database_bytes, xid_age, mxid_age, next_xid, freeze_max_age,
        multixact_freeze_max_age)
    select d.run_id, target, database_name, command, mode, started_ms - d.n * 86400000, finished_ms - d.n * 86400000,
        exit_code, pgmaint_version, server_version, stats_reset_ms, database_bytes, xid_age, mxid_age, next_xid,
        freeze_max_age, multixact_freeze_max_age from history_run r, days d where r.run_id = (select run_id from last);
insert into history_table (run_id, schema_name, table_name, live_tuples, dead_tuples, mod_since_analyze, table_bytes,
        last_vacuum_ms, last_analyze_ms, xid_age, mxid_age)
    select d.run_id, schema_name, table_name, live_tuples, dead_tuples, mod_since_analyze, table_bytes, last_vacuum_ms,
        last_analyze_ms, xid_age, mxid_age from history_table t, days d where t.run_id = (select run_id from last);
insert into history_index (run_id, schema_name, index_name, table_name, idx_scan, index_bytes)
    select d.run_id, schema_name, index_name, table_name, idx_scan, index_bytes
    from history_index i, days d where i.run_id = (select run_id from last);
delete from history_index_change;
SQL
    # the seeded runs' index changes, derived as the V4 migration derives a store's earlier runs'
    sed -n '/^create table history_run_previous/,/^drop table history_run_previous;/p' \
        src/main/resources/db/history/V4__index_changes.sql | sqlite3 "$STORE"
fi
seeded=$(du -cb "$STORE"* | tail -1 | cut -f1)
off=(); on=()
for _ in $(seq "$RUNS"); do
    off+=("$(plan off)")
    on+=("$(plan on)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m_off=$(median "${off[@]}"); m_on=$(median "${on[@]}")
bytes=$(( $(du -cb "$STORE"* | tail -1 | cut -f1) - seeded ))
echo "catalog: $TABLES tables, ${SEED_DAYS:-0} seeded days of history; plan --full, median of $RUNS: history off ${m_off} ms, on ${m_on} ms" \
     "($(awk -v a="$m_on" -v b="$m_off" 'BEGIN {printf "%+.1f%%", 100 * (a - b) / b}'))"
echo "runs off: ${off[*]}; on: ${on[*]}"
echo "store: $bytes bytes added by $RUNS recorded runs = $(( bytes / RUNS )) bytes per run"
