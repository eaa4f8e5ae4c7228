#!/usr/bin/env bash
# Benchmark: what recording and reading history adds to `pgmaint plan --full`, and the store's size per run.
#   bench/history.sh [TABLES] [DATABASE]      (defaults: 10000 tables, database pgmaint_bench_<TABLES>)
# Same catalog as bench/run.sh (bench/generate.sql); needs the jar built (mvn -o -B -DskipTests package) and psql.
# Alternates runs with history off (history.enabled=false) and on (a fresh SQLite store in target/bench), RUNS of
# each after one untimed warm-up of each, and prints the medians and the store's bytes per recorded run.
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
off=(); on=()
for _ in $(seq "$RUNS"); do
    off+=("$(plan off)")
    on+=("$(plan on)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m_off=$(median "${off[@]}"); m_on=$(median "${on[@]}")
runs=$(( RUNS + 1 ))
bytes=$(du -cb "$STORE"* | tail -1 | cut -f1)
echo "catalog: $TABLES tables; plan --full, median of $RUNS: history off ${m_off} ms, on ${m_on} ms" \
     "($(awk -v a="$m_on" -v b="$m_off" 'BEGIN {printf "%+.1f%%", 100 * (a - b) / b}'))"
echo "runs off: ${off[*]}; on: ${on[*]}"
echo "store: $bytes bytes after $runs recorded runs = $(( bytes / runs )) bytes per run"
