#!/bin/sh
# Issue 6 benchmark: batched retention purge vs one DELETE, 2 million rows (1 million expired), with a concurrent
# inserting session. Runs against the server named by PGHOST/PGPORT/PGUSER (default: the local 127.0.0.1:5432)
# in a scratch database it drops afterwards. Figures: stdout and target/bench/retention.txt.
# Usage: bench/retention.sh [rows [batch_size [max_batch_duration [planned_count]]]]  (defaults 2000000 5000 250ms true)
# planned_count false: the action carries no expired count, so the purge walks the index (timestamp ranges).
set -e
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
exec mvn -B -q test -Dtest=RetentionBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpgmaint.bench=true -Dpgmaint.bench.rows="${1:-2000000}" -Dpgmaint.bench.batch="${2:-5000}" \
  -Dpgmaint.bench.maxBatchDuration="${3:-250ms}" \
  -Dpgmaint.bench.plannedCount="${4:-true}" -Dsurefire.printSummary=true
