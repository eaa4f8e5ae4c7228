#!/usr/bin/env bash
# Benchmark: `pgmaint plan --full` against psql running the same check SQL, on a generated catalog; wall time
# and peak RSS (medians of $RUNS runs, the two interleaved).
#   bench/run.sh [TABLES] [DATABASE]      (defaults: 10000 tables, database pgmaint_bench_<TABLES>)
#   SHAPE=tenants bench/run.sh TABLES     schema-per-tenant: TABLES / PER_SCHEMA schemas (tenant_0, ...) of
#                                         PER_SCHEMA tables (default 100) each, ~3.7 indexes per table
#                                         (bench/generate_tenants.sql); default database pgmaint_bench_tenants_<TABLES>
#   FORMAT=json                           time `plan --full --format json` (default: the text plan)
#   REUSE=1                               time an existing database as it is
# Needs: the local server at $PGHOST:$PGPORT (default 127.0.0.1:5432, user postgres), psql, python3 with
# PyYAML (to read the SQL out of checks/*.yaml), Maven (offline build), /usr/bin/time.
# pgmaint runs through bin/pgmaint (AppCDS, C1, parallel GC), as cron and people run it; extra JVM flags via
# $PGMAINT_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."

TABLES=${1:-10000}
SHAPE=${SHAPE:-tables}
PER_SCHEMA=${PER_SCHEMA:-100}
FORMAT=${FORMAT:-text}
case "$SHAPE" in
    tables) DB=${2:-pgmaint_bench_$TABLES} ;;
    tenants) DB=${2:-pgmaint_bench_tenants_$TABLES} ;;
    *) echo "SHAPE should be tables or tenants, not '$SHAPE'" >&2; exit 2 ;;
esac
RUNS=${RUNS:-3}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAVA_OPTS=${PGMAINT_JAVA_OPTS:-}
export PGMAINT_JAVA_OPTS=$JAVA_OPTS
OUT=target/bench
mkdir -p "$OUT"

if [[ "${REUSE:-0}" != 1 ]]; then
    echo "== generating $TABLES tables ($SHAPE) in database $DB"
    psql -X -q -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
    start=$(date +%s)
    if [[ "$SHAPE" == tenants ]]; then
        psql -X -q -d "$DB" -v first=0 -v schemas=$(( TABLES / PER_SCHEMA )) -v per_schema="$PER_SCHEMA" \
            -f bench/generate_tenants.sql
    else
        psql -X -q -d "$DB" -v tables="$TABLES" -f bench/generate.sql
    fi
    psql -X -q -d "$DB" -c "vacuum analyze"
    # dead tuples after the analyze, so the statistics show them
    psql -X -q -d "$DB" -At -c "select format('delete from %I.%I where id > 15;', schemaname, relname)
                                from pg_stat_user_tables where relname like 't\_%' and right(relname, 1) in ('1', '3')" \
        | psql -X -q -d "$DB" >/dev/null
    echo "   generated in $(( $(date +%s) - start )) s"
fi
psql -X -At -d "$DB" -c "select 'catalog: ' || (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname !~ '^pg_' and n.nspname <> 'information_schema') || ' tables, '
    || (select count(*) from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname !~ '^pg_' and n.nspname <> 'information_schema') || ' indexes, '
    || (select count(*) from pg_constraint where contype = 'f') || ' foreign keys, '
    || (select sum(n_dead_tup) from pg_stat_user_tables) || ' dead tuples'"

echo "== building the jar"
mvn -B -q package -DskipTests -Dpgmaint.skipDocs   # the jar only (no man pages)
# the first run after a build records the class-data archive (and compiles the rules into the rule cache), as the
# first cron run does on a server: untimed here, with the workload that is timed
# (exit 1: the plan has findings that alert, as a generated catalog's do; a failure shows in the timed runs)
bin/pgmaint plan --full -d "$DB" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" > /dev/null || [[ $? == 1 ]]

# The SQL of every check for this server's major (the highest sql key <= major), with each :param replaced
# by its default, one statement per check, as the engine runs them.
MAJOR=$(psql -X -At -d "$DB" -c "select current_setting('server_version_num')::int / 10000")
python3 bench/checks_sql.py "$MAJOR" > "$OUT/checks.sql"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {  # label, command...: prints "wall_seconds peak_rss_kb" of one run
    local label=$1
    shift
    /usr/bin/time -v -o "$OUT/time.txt" "$@" > "$OUT/$label.out" 2> "$OUT/$label.err" || true
    local wall rss
    wall=$(grep 'Elapsed (wall clock)' "$OUT/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep 'Maximum resident' "$OUT/time.txt" | awk '{print $NF}')
    echo "$wall $rss"
}

echo "== timing ($RUNS runs each, median)"
: > "$OUT/psql.times"; : > "$OUT/plan.times"
for i in $(seq "$RUNS"); do
    r=$(measure psql psql -X -q -d "$DB" -v ON_ERROR_STOP=1 -f "$OUT/checks.sql" -o /dev/null)
    echo "$r" >> "$OUT/psql.times"
    # shellcheck disable=SC2086
    r=$(measure plan bin/pgmaint plan --full --format "$FORMAT" -d "$DB" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER")
    echo "$r" >> "$OUT/plan.times"
done
if [[ -s "$OUT/psql.err" ]]; then echo "psql failed:"; cat "$OUT/psql.err"; exit 1; fi
if [[ "$FORMAT" == json ]]; then
    cp "$OUT/plan.out" "$OUT/plan.json"
else
    grep -q 'full plan for database' "$OUT/plan.out" || { echo "plan failed:"; cat "$OUT/plan.err"; exit 1; }
    # the same plan as JSON, untimed, for the counts
    bin/pgmaint plan --full --format json -d "$DB" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" > "$OUT/plan.json" 2>/dev/null
fi
PSQL=$(awk '{print $1}' "$OUT/psql.times" | median)
PLAN=$(awk '{print $1}' "$OUT/plan.times" | median)
RSS=$(awk '{print $2}' "$OUT/plan.times" | median)
RSS_MAX=$(awk '{print $2}' "$OUT/plan.times" | sort -n | tail -1)
python3 - "$OUT/plan.json" <<'PY'
import json, sys, collections
r = json.load(open(sys.argv[1]))
kinds = collections.Counter(f['kind'] for f in r['findings'])
print('plan: %d actions, %d findings %s, failed/skipped checks: %s %s'
      % (len(r['actions']), len(r['findings']), dict(kinds), r.get('errors'), r.get('skipped_checks')))
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "shape=$SHAPE tables=$TABLES format=$FORMAT psql=${PSQL}s plan=${PLAN}s ratio=$(awk -v a="$PLAN" -v b="$PSQL" 'BEGIN {printf "%.2f", a / b}') peak_rss=$((RSS / 1024))MB (max $((RSS_MAX / 1024))MB) java_opts='$JAVA_OPTS'"
