#!/usr/bin/env bash
# What cron (or the systemd timer) calls: loads the environment file, runs `pgmaint run`, and exits with
# pgmaint's exit code (0 clean, 1 alerts, 2 invalid input, 3 database unreachable, 4 another run in progress).
#
#   run_database_maintenance.sh [--full] [more pgmaint run options...]
#
# Environment file: $PGMAINT_ENV_FILE, else /etc/pgmaint/pgmaint.env, if it exists: KEY=value lines
# (PGHOST, PGDATABASE, PGMAINT_CONFIG, PGMAINT_REPORT_DIR, ...), read as shell; it must not be
# writable by others. The run's files go to report.dir (default logs/maintenance/ under the working folder:
# $PGMAINT_WORKDIR, else the pgmaint home, the folder above bin/).
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(dirname "$here")"

usage() {
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

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

args=(run)
for arg in "$@"; do
    case "$arg" in
        -h|--help) usage; exit 0 ;;
        *) args+=("$arg") ;;
    esac
done

pgmaint="${PGMAINT_BIN:-$here/pgmaint}"
if [ ! -x "$pgmaint" ]; then
    echo "run_database_maintenance.sh: $pgmaint not found or not executable (set PGMAINT_BIN)" >&2
    exit 70
fi
cd "${PGMAINT_WORKDIR:-$home}" || exit 2
# exec: a SIGTERM (systemctl stop, kill) or SIGINT reaches pgmaint itself, which stops cleanly
exec "$pgmaint" "${args[@]}"
