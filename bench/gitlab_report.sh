#!/usr/bin/env bash
# The text plan at GitLab scale: loads GitLab's db/structure.sql (875 tables, 94 partitioned with 432 partitions,
# some 6,000 indexes), makes some activity (rows in notes so its indexes differ in size, one partial; dead rows in
# the 64 partitions of issue_search_data), plans, and checks that the text stays readable:
#   - at most MAX_LINES (default 150) lines,
#   - the largest unused index (by the JSON plan's reclaim_bytes) named in the first SCREEN (default 50) lines,
#   - the partitions' vacuums grouped under issue_search_data.
#   bench/gitlab_report.sh [DATABASE]      (default database pgmaint_bench_gitlab_report; REUSE=1 keeps it)
# The schema is read where it lies (GITLAB_SCHEMA, or ../shared/schemas/gitlab-structure.sql beside the
# checkout), never copied; without it the script says so and exits 0. Needs psql, python3 and Maven (offline).
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${1:-pgmaint_bench_gitlab_report}
MAX_LINES=${MAX_LINES:-150}
SCREEN=${SCREEN:-50}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
SCHEMA=${GITLAB_SCHEMA:-}
if [[ -z "$SCHEMA" ]]; then
    for candidate in ../shared/schemas/gitlab-structure.sql ../../shared/schemas/gitlab-structure.sql; do
        [[ -f "$candidate" ]] && SCHEMA=$candidate && break
    done
fi
if [[ -z "$SCHEMA" || ! -f "$SCHEMA" ]]; then
    echo "skipped: gitlab-structure.sql not found (set GITLAB_SCHEMA)"
    exit 0
fi
OUT=target/bench/gitlab_report
mkdir -p "$OUT"

if [[ "${REUSE:-0}" != 1 ]]; then
    echo "== loading $SCHEMA into $DB"
    psql -X -q -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
    start=$(date +%s)
    psql -X -q -d "$DB" -v ON_ERROR_STOP=1 -f "$SCHEMA" > /dev/null
    echo "   loaded in $(( $(date +%s) - start )) s"
    echo "== activity: 400,000 notes (10% internal), 256,000 issue_search_data rows of which 60% deleted"
    # the foreign keys' triggers are off for the load (session_replication_role): the rows only give sizes
    psql -X -q -d "$DB" -v ON_ERROR_STOP=1 <<'SQL'
set session_replication_role = replica;
insert into notes (id, note, noteable_type, noteable_id, project_id, line_code, created_at, updated_at, internal)
select g, 'note ' || g, 'Issue', g / 10, g % 1000 + 1, md5(g::text) || '_' || g % 97, now() - g * interval '1 s',
       now(), g % 10 = 0
from generate_series(1, 400000) as g;
insert into issue_search_data (project_id, issue_id, namespace_id)
select g % 6400 + 1, g, g % 100 + 1 from generate_series(1, 256000) as g;
analyze notes;
analyze issue_search_data;
delete from issue_search_data where issue_id % 10 < 6;
SQL
    # the statistics collector's counters reach pg_stat_user_tables within a moment
    sleep 2
fi

echo "== building the jar"
mvn -B -q -o -DskipTests -Dpgmaint.skipDocs package
# exit 1 is a plan with a critical finding (the server's autovacuum may be off, say): the text is still the test
bin/pgmaint plan -d "$DB" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" > "$OUT/plan.txt" || (( $? == 1 ))
bin/pgmaint plan --format json -d "$DB" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" > "$OUT/plan.json" || (( $? == 1 ))

lines=$(wc -l < "$OUT/plan.txt")
largest=$(python3 - "$OUT/plan.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
unused = [f for f in plan["findings"] if f["kind"] == "unused_index"]
top = max(unused, key=lambda f: f.get("details", {}).get("reclaim_bytes", 0))
print(top["indexes"][0], top["details"]["reclaim_bytes"], len(unused), len(plan["findings"]))
PY
)
read -r index bytes unused findings <<< "$largest"
at=$(grep -n -F -m 1 "$index" "$OUT/plan.txt" | cut -d: -f1 || true)
grouped=$(grep -c -E "issue_search_data \([0-9]+ partitions\)" "$OUT/plan.txt" || true)
echo "findings: $findings ($unused unused_index)"
echo "text plan: $lines lines (at most $MAX_LINES)"
echo "largest unused index: $index ($bytes bytes), first named at line ${at:-none} (within $SCREEN)"
echo "issue_search_data partitions grouped: $grouped line(s)"
ok=1
(( lines <= MAX_LINES )) || { echo "FAIL: $lines lines > $MAX_LINES"; ok=0; }
[[ -n "$at" ]] && (( at <= SCREEN )) || { echo "FAIL: $index not in the first $SCREEN lines"; ok=0; }
(( grouped >= 1 )) || { echo "FAIL: the partitions' vacuums are not grouped under issue_search_data"; ok=0; }
(( ok == 1 )) && echo "OK (the plan: $OUT/plan.txt)"
(( ok == 1 ))
