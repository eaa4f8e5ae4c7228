#!/usr/bin/env bash
# What cron (or the systemd timer) calls: loads the environment file, runs `pgmaint run`, and exits with
# pgmaint's exit code (0 clean, 1 alerts, 2 invalid input, 3 database unreachable, 4 another run in progress).
#
#   run_database_maintenance.sh [--full] [pgmaint run options: -h HOST -p PORT -U USER -d DB, --config FILE, ...]
#   run_database_maintenance.sh --help      this text (pgmaint run --help: every option)
#
# Every argument is passed to `pgmaint run` as given; pgmaint refuses an unknown one (exit 2).
# Environment file: $PGMAINT_ENV_FILE, else /etc/pgmaint/pgmaint.env, if it exists: KEY=value lines
# (PGHOST, PGDATABASE, PGMAINT_CONFIG, PGMAINT_REPORT_DIR, ...), read as shell; it must not be
# writable by others. The run's files go to report.dir (default logs/maintenance/ under the working folder:
# $PGMAINT_WORKDIR, else the pgmaint home, the folder above bin/).
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(dirname "$here")"

usage() {
    sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# -h is psql's --host here, as for pgmaint: only a lone --help is the wrapper's own
if [ $# -eq 1 ] && [ "$1" = --help ]; then
    usage
    exit 0
fi

env_file="${PGMAINT_ENV_FILE:-/etc/pgmaint/pgmaint.env}"
if [ -e "$env_file" ]; then
    if [ ! -r "$env_file" ]; then
        echo "run_database_maintenance.sh: cannot read $env_file" >&2
        exit 2
    fi
    if [ -n "$(find "$env_file" -maxdepth 0 -perm -o+w 2>/dev/null)" ]; then
        echo "run_database_maintenance.sh: $env_file is writable by others; refusing to load it (chmod o-w $env_file)" >&2
        exit 2
    fi
    set -a
    # shellcheck disable=SC1090
    . "$env_file"
    set +a
fi

pgmaint="${PGMAINT_BIN:-$here/pgmaint}"
if [ ! -x "$pgmaint" ]; then
    echo "run_database_maintenance.sh: $pgmaint not found or not executable (set PGMAINT_BIN)" >&2
    exit 70
fi
cd "${PGMAINT_WORKDIR:-$home}" || exit 2
# exec: a SIGTERM (systemctl stop, kill) or SIGINT reaches pgmaint itself, which stops cleanly
exec "$pgmaint" run "$@"
