#!/usr/bin/env bash
# Benchmark: `pgmaint run --jobs 2` against `vacuumdb -j 2 -t ...` vacuuming the same tables with dead tuples.
# The data is regenerated before every timed command, so both start from the same state.
#
#   bench/vacuum_jobs.sh            # 200 tables x 50000 rows, 30% deleted, 3 rounds
#   TABLES=50 ROWS=20000 ROUNDS=1 bench/vacuum_jobs.sh
#
# Needs: a built fat jar (mvn -q package -DskipTests), psql and vacuumdb, and a server where the user may
# create a database (default 127.0.0.1:5432 as postgres). Prints the wall times and their ratio; the goal
# is pgmaint / vacuumdb <= 1.1.
set -euo pipefail

HOST=${PGHOST:-127.0.0.1}
PORT=${PGPORT:-5432}
USER_NAME=${PGUSER:-postgres}
DB=${BENCH_DB:-pgmaint_bench}
TABLES=${TABLES:-200}
ROWS=${ROWS:-50000}
ROUNDS=${ROUNDS:-3}
JOBS=${JOBS:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$(ls "$ROOT"/target/pgmaint-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [[ -z "$JAR" ]]; then
  echo "no fat jar in $ROOT/target: run 'mvn -q package -DskipTests' first" >&2
  exit 2
fi

psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U "$USER_NAME" "$@"; }
now() { date +%s.%N; }

generate() {
  psql_db -d postgres -c "set client_min_messages = warning" -c "drop database if exists $DB with (force)" -c "create database $DB"
  psql_db -d "$DB" <<SQL
create schema bench;
do \$\$
begin
  for i in 1..$TABLES loop
    execute format('create table bench.%I (id int primary key, payload text) with (autovacuum_enabled = false)', 't_' || lpad(i::text, 3, '0'));
    execute format('insert into bench.%I select g, md5(g::text) from generate_series(1, $ROWS) g', 't_' || lpad(i::text, 3, '0'));
    execute format('delete from bench.%I where id %% 10 < 3', 't_' || lpad(i::text, 3, '0'));
  end loop;
end
\$\$;
SQL
  # analyze after the delete: the dead tuples stay, rows modified since analyze are 0, so pgmaint plans plain
  # VACUUM (as vacuumdb runs) and no ANALYZE
  psql_db -d "$DB" -c "analyze" -c "checkpoint"
  # let the operating system write the generated data out, so neither command pays for it
  sync; sleep 2
}

TABLE_ARGS=()
for i in $(seq 1 "$TABLES"); do TABLE_ARGS+=(-t "bench.t_$(printf '%03d' "$i")"); done

run_pgmaint() {
  generate
  local start; start=$(now)
  "$ROOT/bin/pgmaint" \
    run -h "$HOST" -p "$PORT" -U "$USER_NAME" -d "$DB" --jobs "$JOBS" --format json > /tmp/pgmaint_bench_report.json 2> /tmp/pgmaint_bench_progress.txt
  p=$(echo "$(now) - $start" | bc)
  done_count=$(grep -c '"status": "done"' /tmp/pgmaint_bench_report.json || true)
  exec_ms=$(grep -o '"duration_ms": [0-9]*' /tmp/pgmaint_bench_report.json | awk '{s+=$2} END {print s+0}')
}

run_vacuumdb() {
  generate
  local start; start=$(now)
  vacuumdb -h "$HOST" -p "$PORT" -U "$USER_NAME" -d "$DB" -j "$JOBS" -q "${TABLE_ARGS[@]}"
  v=$(echo "$(now) - $start" | bc)
}

echo "pgmaint vs vacuumdb: $TABLES tables x $ROWS rows (30% dead), --jobs $JOBS, $ROUNDS rounds, server $HOST:$PORT"
# the first run after a build records the class-data archive and compiles the rules into the rule cache, as
# the first cron run does on a server: untimed here
generate
"$ROOT/bin/pgmaint" plan -h "$HOST" -p "$PORT" -U "$USER_NAME" -d "$DB" > /dev/null
total_p=0; total_v=0
for round in $(seq 1 "$ROUNDS"); do
  # alternate which command goes first, so neither always runs on a warmer machine
  if (( round % 2 == 1 )); then run_pgmaint; run_vacuumdb; else run_vacuumdb; run_pgmaint; fi

  printf 'round %d: pgmaint %.2f s (%d vacuums done, sum of action times %d ms), vacuumdb %.2f s, ratio %.2f\n' \
    "$round" "$p" "$done_count" "$exec_ms" "$v" "$(echo "$p / $v" | bc -l)"
  total_p=$(echo "$total_p + $p" | bc); total_v=$(echo "$total_v + $v" | bc)
done
printf 'total: pgmaint %.2f s, vacuumdb %.2f s, ratio %.2f (goal <= 1.1)\n' "$total_p" "$total_v" "$(echo "$total_p / $total_v" | bc -l)"
psql_db -d postgres -c "drop database if exists $DB with (force)"
