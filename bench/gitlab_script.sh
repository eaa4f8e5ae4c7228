#!/usr/bin/env bash
# Acceptance of the remediation script on GitLab's schema (db/structure.sql: 875 tables, 94 partitioned, ~5,600
# indexes, ~1,700 foreign keys), with activity made here: rows, deletes, index scans, an invalid unique index,
# duplicate and overlapping indexes.
#   bench/gitlab_script.sh [DATABASE]        (default database pgmaint_gitlab; its copy is DATABASE_copy)
# Steps: plan DATABASE with --script; copy it (CREATE DATABASE ... TEMPLATE); plan the copy (the baseline: a copy
# has its own, empty statistics); run the script on the copy with psql -v ON_ERROR_STOP=1 (must end with 0 errors);
# re-plan the copy: none of the findings the script resolved may be left and none may be new against the baseline;
# run the revert script: pg_indexes of the copy must be what it was before the script.
# The schema is read where it lies (never copied into the project): $SCHEMA, else ../shared/schemas/ beside the
# checkout (or beside the worktrees' folder); without it the script says so and exits 0.
# Extra plan settings: PLAN_SET="thresholds.unused_index_min_stats_age_days=0" (unused indexes on statistics of
# any age, so that the script drops them too). KEEP=1 keeps both databases.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-pgmaint_gitlab}
COPY=${DB}_copy
# no history: the baseline's plan of the copy would be the history's first point, and the re-plan's unused-index
# verdicts would then come from the history rules (other wording) and read as new findings
export PGMAINT_HISTORY_ENABLED=false
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
OUT=target/bench/gitlab_script
mkdir -p "$OUT"

SCHEMA=${SCHEMA:-}
for candidate in "$SCHEMA" ../shared/schemas/gitlab-structure.sql ../../shared/schemas/gitlab-structure.sql; do
    if [[ -n "$candidate" && -f "$candidate" ]]; then SCHEMA=$candidate; break; fi
    SCHEMA=
done
if [[ -z "$SCHEMA" ]]; then
    echo "skipped: gitlab-structure.sql not found (set SCHEMA=/path/to/gitlab-structure.sql)"
    exit 0
fi

set_args=()
for kv in ${PLAN_SET:-}; do set_args+=(--set "$kv"); done
pgmaint() { bin/pgmaint "$@" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "${set_args[@]}"; }
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

echo "== building pgmaint (untimed)"
bin/pgmaint --version > /dev/null

echo "== loading $SCHEMA into $DB"
q -d postgres -c "drop database if exists $COPY with (force)" -c "drop database if exists $DB with (force)" -c "create database $DB"
start=$(date +%s.%N)
q -d "$DB" -f "$SCHEMA" > /dev/null
echo "   loaded in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"

echo "== activity: rows, deletes, index scans, an invalid unique index, duplicates"
q -d "$DB" -f bench/gitlab_activity.sql
q -d "$DB" -At -c "select 'tables with rows: ' || count(*) filter (where n_live_tup > 0) || ', dead tuples: '
    || sum(n_dead_tup) || ', invalid indexes: ' || (select count(*) from pg_index where not indisvalid)
    from pg_stat_user_tables"

echo "== plan $DB --script"
start=$(date +%s.%N)
pgmaint plan -d "$DB" --format json --script "$OUT/script.sql" > "$OUT/plan.json" 2> "$OUT/plan.err" || true
echo "   planned in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s: $(tail -1 "$OUT/plan.err")"

echo "== copy $DB to $COPY, baseline plan of the copy"
q -d postgres -c "create database $COPY template $DB"
pgmaint plan -d "$COPY" --format json > "$OUT/baseline.json" 2>/dev/null || true
# before: the valid indexes (the revert does not rebuild an invalid one the script drops: it served no query);
# after the revert: all of them
indexes="select schemaname, tablename, indexname, coalesce(tablespace, ''), indexdef from pg_indexes
         where schemaname !~ '^pg_' and schemaname <> 'information_schema'"
order=" order by 1, 2, 3"
q -d "$COPY" -At -c "$indexes and (select indisvalid from pg_index
    where indexrelid = format('%I.%I', schemaname, indexname)::regclass) $order" > "$OUT/indexes_before.txt"

echo "== run the script on $COPY (psql -v ON_ERROR_STOP=1)"
start=$(date +%s.%N)
set +e
psql -X -v ON_ERROR_STOP=1 -d "$COPY" -f "$OUT/script.sql" > "$OUT/script.out" 2> "$OUT/script.err"
script_rc=$?
set -e
script_s=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
errors=$(grep -c 'ERROR' "$OUT/script.err" || true)
echo "   psql exit $script_rc, $errors errors, $script_s s"

echo "== re-plan $COPY"
pgmaint plan -d "$COPY" --format json > "$OUT/replan.json" 2>/dev/null || true

echo "== run the revert script on $COPY"
set +e
psql -X -v ON_ERROR_STOP=1 -d "$COPY" -f "$OUT/script.revert.sql" > "$OUT/revert.out" 2> "$OUT/revert.err"
revert_rc=$?
set -e
q -d "$COPY" -At -c "$indexes $order" > "$OUT/indexes_after.txt"
if cmp -s "$OUT/indexes_before.txt" "$OUT/indexes_after.txt"; then same=identical; else same=DIFFERENT; fi

rc=0
python3 - "$OUT" "$script_rc" "$errors" "$revert_rc" "$same" <<'PY' || rc=$?
import json, sys
out, script_rc, errors, revert_rc, same = sys.argv[1:]
def load(name):
    return json.load(open(f"{out}/{name}.json"))
def ident(f):   # a finding's identity across plans: its kind and objects, not its figures
    return (f["kind"], f["schema"], f["table"], tuple(f["indexes"]), tuple(f["columns"]),
            (f.get("details") or {}).get("constraint"))
plan, baseline, replan = load("plan"), load("baseline"), load("replan")
statements = plan["script"]["statements"]
resolved = {ident(f) for f in plan["findings"] if f["resolved_by_script"]}
after = {ident(f) for f in replan["findings"]}
before = {ident(f) for f in baseline["findings"]}
left = sorted(resolved & after)
# a group finding left with fewer members (a duplicate group after the script dropped some) is not new
def known(i):
    return i in before or any(b[:3] == i[:3] and set(i[3]) < set(b[3]) for b in before)
new = sorted(i for i in after if not known(i))
shrunk = sorted(i for i in after if i not in before and known(i))
effects = {}
for s in statements:
    effects[s["effect"]] = effects.get(s["effect"], 0) + 1
print(f"findings: {len(plan['findings'])} planned, {len(resolved)} resolved by the script, "
      f"{len(plan['script']['withheld'])} suggested statements left out")
print(f"script: {len(statements)} statements ({', '.join(f'{k} {v}' for k, v in sorted(effects.items()))}); "
      f"psql exit {script_rc}, {errors} errors")
print(f"re-plan: {len(replan['findings'])} findings (baseline of the copy {len(baseline['findings'])}); "
      f"resolved findings left: {len(left)}; new findings: {len(new)}")
for f in shrunk[:10]:
    print("   fewer members than before:", f)
for f in left[:10]:
    print("   left:", f)
for f in new[:10]:
    print("   new:", f)
print(f"revert: psql exit {revert_rc}; pg_indexes before the script and after the revert: {same}")
ok = script_rc == "0" and errors == "0" and not left and not new and revert_rc == "0" and same == "identical"
print("ACCEPTED" if ok else "NOT ACCEPTED")
sys.exit(0 if ok else 1)
PY
if [[ "${KEEP:-0}" != 1 ]]; then
    q -d postgres -c "drop database if exists $COPY with (force)" -c "drop database if exists $DB with (force)"
fi
exit $rc
