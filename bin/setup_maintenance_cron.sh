#!/usr/bin/env bash
# Installs pgmaint's maintenance schedule in a crontab: standard runs at 03:00 Monday to Friday and full runs
# at 03:00 Saturday and Sunday. Idempotent: pgmaint's lines (tagged "# pgmaint:standard" and "# pgmaint:full")
# are replaced, never duplicated; every other line is kept as it is.
#
#   setup_maintenance_cron.sh [options]
#     --standard-time HH:MM   time of the standard runs (default 03:00)
#     --full-time HH:MM       time of the full runs (default 03:00)
#     --standard-days DAYS    cron day-of-week field of the standard runs (default 1-5)
#     --full-days DAYS        cron day-of-week field of the full runs (default 6,0)
#     --print                 print the resulting crontab, change nothing
#     --remove                remove pgmaint's lines, keep the others
#     --user USER             edit USER's crontab (crontab -u USER; needs root)
#     --crontab-file FILE     edit FILE instead of a crontab; FILE is in user crontab format (no user field)
#                             unless --user is given: then each line carries USER as its user field, the format
#                             of /etc/cron.d (a FILE there without --user is refused)
#     -h, --help
#   Without --crontab-file it needs the crontab program (Debian/Ubuntu: the cron package).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runner="$here/run_database_maintenance.sh"
standard_time=03:00
full_time=03:00
standard_days=1-5
full_days=6,0
action=install
user=""
file=""

usage() {
    sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

fail() {
    echo "setup_maintenance_cron.sh: $*" >&2
    exit 2
}

need_value() {
    [ $# -ge 2 ] && [ -n "$2" ] || fail "$1 needs a value"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --standard-time) need_value "$@"; standard_time="$2"; shift 2 ;;
        --full-time) need_value "$@"; full_time="$2"; shift 2 ;;
        --standard-days) need_value "$@"; standard_days="$2"; shift 2 ;;
        --full-days) need_value "$@"; full_days="$2"; shift 2 ;;
        --print) action=print; shift ;;
        --remove) action=remove; shift ;;
        --user) need_value "$@"; user="$2"; shift 2 ;;
        --crontab-file) need_value "$@"; file="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) fail "unknown option '$1' (see --help)" ;;
    esac
done

if [ -n "$file" ]; then
    # /etc/cron.d and /etc/crontab lines name the user they run as; user crontabs do not
    target_dir="$(cd "$(dirname "$file")" 2>/dev/null && pwd -P || dirname "$file")"
    case "$target_dir/$(basename "$file")" in
        /etc/cron.d/*|/etc/crontab)
            [ -n "$user" ] || fail "$file needs the user field (system crontab format): add --user USER, the user the runs execute as" ;;
    esac
elif ! command -v crontab >/dev/null 2>&1; then
    fail "crontab not found: install cron, or use --crontab-file / the systemd timers"
fi
run_as="${file:+${user:+$user }}"

# "03:00" -> "0 3"; anything else is an error showing the valid form
cron_time() {
    local name="$1" value="$2"
    if [[ ! "$value" =~ ^([01]?[0-9]|2[0-3]):([0-5][0-9])$ ]]; then
        fail "$name '$value' should look like HH:MM, e.g. 03:00 or 22:30"
    fi
    echo "$((10#${BASH_REMATCH[2]})) $((10#${BASH_REMATCH[1]}))"
}

check_days() {
    local name="$1" value="$2"
    if [[ ! "$value" =~ ^[0-7](-[0-7])?(,[0-7](-[0-7])?)*$ ]]; then
        fail "$name '$value' should be a cron day-of-week list such as 1-5 or 6,0"
    fi
}

standard_at="$(cron_time --standard-time "$standard_time")"
full_at="$(cron_time --full-time "$full_time")"
check_days --standard-days "$standard_days"
check_days --full-days "$full_days"
case "$runner" in
    *[[:space:]%]*) fail "the path $runner holds a space or %, which a crontab line cannot use; install pgmaint elsewhere" ;;
esac

current() {
    if [ -n "$file" ]; then
        [ -f "$file" ] && cat "$file" || true
    else
        # "no crontab for USER" is not an error here
        crontab ${user:+-u "$user"} -l 2>/dev/null || true
    fi
}

install() {
    if [ -n "$file" ]; then
        local tmp
        tmp="$(mktemp "$file.XXXXXX")"
        cat > "$tmp"
        [ -f "$file" ] && chmod --reference="$file" "$tmp" 2>/dev/null || chmod 0644 "$tmp"
        mv -f "$tmp" "$file"
    else
        crontab ${user:+-u "$user"} -
    fi
}

others="$(current | grep -v -E '# pgmaint:(standard|full)$' || true)"
new="$others"
if [ "$action" != remove ]; then
    lines="$standard_at * * $standard_days $run_as$runner >/dev/null # pgmaint:standard
$full_at * * $full_days $run_as$runner --full >/dev/null # pgmaint:full"
    new="${others:+$others
}$lines"
fi

case "$action" in
    print) printf '%s\n' "$new" ;;
    install|remove)
        if [ -n "$new" ]; then printf '%s\n' "$new" | install; else printf '' | install; fi
        if [ "$action" = remove ]; then
            echo "removed pgmaint's maintenance lines${file:+ from $file}"
        else
            echo "installed:"; printf '%s\n' "$lines"
        fi
        ;;
esac
