#!/usr/bin/env bash
# Benchmark case "catalog statistics missing": every built-in check's SQL timed on a large real schema whose
# system catalogs have no statistics, as on a fresh restore (pg_restore or psql -f does not analyze pg_catalog,
# and the planner then sees the few rows initdb left: nested loops that redo an index lookup per foreign key).
#   bench/catalog_stats.sh [DATABASE]     (default pgmaint_bench_gitlab; PGHOST/PGPORT/PGUSER as for psql)
# Loads /work/shared/schemas/gitlab-structure.sql (or $SCHEMA_SQL) into DATABASE, which it drops and creates
# (REUSE=1 keeps a loaded one), and skips cleanly when the file is absent. It times the checks as restored (the
# catalogs' statistics are still those initdb took of template1; AS_RESTORED=1 with REUSE=1 for a database loaded
# and never analyzed since), then, in that database only, it deletes the statistics of pg_catalog's tables and resets their reltuples/relpages to "never counted", which is
# what the planner sees after a restore before any ANALYZE. Each check runs RUNS times (default 3), median shown,
# then once more after ANALYZE of the catalogs for comparison. Use a private cluster or a database of your own:
# the reset writes to that database's catalogs (not to any other database's).
# The checks run with jit off, as pgmaint runs them (SESSION_SQL="select 1" for the server default).
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${1:-pgmaint_bench_gitlab}
SCHEMA_SQL=${SCHEMA_SQL:-/work/shared/schemas/gitlab-structure.sql}
RUNS=${RUNS:-3}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
OUT=target/bench
mkdir -p "$OUT"

if [[ ! -r "$SCHEMA_SQL" ]]; then
    echo "skipped: $SCHEMA_SQL is not there (set SCHEMA_SQL to a schema dump)"
    exit 0
fi
if [[ "${REUSE:-0}" != 1 ]]; then
    echo "== loading $SCHEMA_SQL into $DB"
    psql -X -q -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
    psql -X -q -d "$DB" -v ON_ERROR_STOP=1 -f "$SCHEMA_SQL" > /dev/null
fi
psql -X -At -d "$DB" -c "select 'catalog: ' || (select count(*) from pg_class where relkind in ('r', 'p')
        and relnamespace <> 'pg_catalog'::regnamespace and relnamespace <> 'information_schema'::regnamespace)
    || ' tables, ' || (select count(*) from pg_index) || ' indexes, '
    || (select count(*) from pg_constraint where contype = 'f') || ' foreign keys'"

forget_catalog_statistics() {
    # reltuples -1 ("never vacuumed or analyzed", PG 14+) or 0 before; relpages 0: the planner then estimates
    # from the file size, as after a restore. The catalogs' pg_statistic rows go.
    psql -X -q -d "$DB" -v ON_ERROR_STOP=1 <<'SQL'
delete from pg_catalog.pg_statistic
where starelid in (select oid from pg_catalog.pg_class where relnamespace = 'pg_catalog'::regnamespace);
update pg_catalog.pg_class
set reltuples = case when current_setting('server_version_num')::int >= 140000 then -1 else 0 end, relpages = 0
where relnamespace = 'pg_catalog'::regnamespace and relkind in ('r', 'i');
SQL
}

MAJOR=$(psql -X -At -d "$DB" -c "select current_setting('server_version_num')::int / 10000")
python3 bench/checks_sql.py "$MAJOR" > "$OUT/checks.sql"

time_checks() {
    python3 - "$OUT/checks.sql" "$RUNS" "$DB" <<'PY'
# One psql session per check: wall time from psql's \timing and the server backend's own CPU time (utime + stime
# from /proc, readable when the server runs on this machine), which a busy machine inflates less than the wall
# time. Prints "id wall_ms cpu_ms", medians of RUNS.
import os, re, subprocess, sys
text, runs, db = open(sys.argv[1]).read(), int(sys.argv[2]), sys.argv[3]
checks = re.findall(r'^-- pgmaint check: (\w+)\n(.*?)(?=^-- pgmaint check: |\Z)', text, re.S | re.M)
tick = os.sysconf('SC_CLK_TCK')
def cpu(pid):
    try:
        fields = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000.0 / tick
    except OSError:
        return float('nan')
def until(proc, marker):
    lines = []
    while True:
        line = proc.stdout.readline()
        if not line:
            sys.exit('psql ended: ' + ''.join(lines) + proc.stderr.read())
        if line.strip() == marker:
            return ''.join(lines)
        lines.append(line)
print('%-32s %10s %10s' % ('check', 'wall_ms', 'cpu_ms'))
for check_id, sql in checks:
    walls, cpus = [], []
    for _ in range(runs):
        proc = subprocess.Popen(['psql', '-X', '-q', '-At', '-d', db, '-v', 'ON_ERROR_STOP=1'], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        proc.stdin.write(os.environ.get('SESSION_SQL', 'set jit = off') + ';\nselect pg_backend_pid();\n\\echo @@pid\n')
        proc.stdin.flush()
        pid = int(until(proc, '@@pid').split()[-1])
        before = cpu(pid)
        proc.stdin.write('\\timing on\n\\o /dev/null\n' + sql.rstrip() + '\n\\o\n\\echo @@done\n')
        proc.stdin.flush()
        out = until(proc, '@@done')
        cpus.append(cpu(pid) - before)
        proc.stdin.close()
        proc.wait()
        if proc.returncode != 0:
            sys.exit('%s failed: %s' % (check_id, proc.stderr.read()))
        walls.append(float(re.search(r'Time: ([\d.]+) ms', out).group(1)))
    print('%-32s %10.1f %10.1f' % (check_id, sorted(walls)[len(walls) // 2], sorted(cpus)[len(cpus) // 2]))
PY
}

if [[ "${REUSE:-0}" != 1 || "${AS_RESTORED:-0}" == 1 ]]; then
    # just loaded: the catalogs carry the statistics of the few rows initdb saw (template1 was analyzed), as on
    # a server where the schema was restored and nothing analyzed since (autovacuum off, or not yet run)
    echo "== as restored, catalogs never analyzed since (median of $RUNS, ms)"
    time_checks | tee "$OUT/catalog_stats.restored"
fi
echo "== catalog statistics removed (median of $RUNS, ms)"
forget_catalog_statistics
time_checks | tee "$OUT/catalog_stats.missing"
echo "== after ANALYZE of the catalogs (ms)"
psql -X -q -d "$DB" -c "analyze pg_catalog.pg_class, pg_catalog.pg_index, pg_catalog.pg_constraint,
    pg_catalog.pg_attribute, pg_catalog.pg_namespace, pg_catalog.pg_am, pg_catalog.pg_inherits,
    pg_catalog.pg_depend, pg_catalog.pg_type, pg_catalog.pg_statistic"
time_checks | tee "$OUT/catalog_stats.analyzed"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
