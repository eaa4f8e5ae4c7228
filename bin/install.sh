#!/usr/bin/env bash
# Installs pgmaint where a system tool lives, from a source checkout after `mvn package` or from the release
# archive (target/pgmaint-<version>.tar.gz) it was unpacked from. Run it again to upgrade; settings are kept.
#
#   install.sh [--prefix DIR] [--destdir DIR] [--sysconfdir DIR] [--unitdir DIR]
#     --prefix DIR      where pgmaint lives (default /usr/local):
#                         PREFIX/lib/pgmaint/          bin/ lib/pgmaint.jar checks/ rules/ templates/
#                         PREFIX/bin/pgmaint           a link to PREFIX/lib/pgmaint/bin/pgmaint
#                         PREFIX/share/man/man1/       pgmaint(1) and one page per command
#                         PREFIX/share/bash-completion/completions/pgmaint, PREFIX/share/zsh/site-functions/_pgmaint
#                         PREFIX/share/doc/pgmaint/    README.md and docs/
#     --sysconfdir DIR  settings: DIR/pgmaint/pgmaint.env is created (0600, all comments) when missing
#                       (default /etc)
#     --unitdir DIR     the systemd units, with these paths written into them (default PREFIX/lib/systemd/system,
#                       which systemd reads for /usr/local and /usr; else e.g. /etc/systemd/system)
#     --destdir DIR     stage everything under DIR (for packaging); the installed files still name PREFIX
#     -h, --help
set -euo pipefail

here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(dirname "$here")"
prefix=/usr/local
destdir=""
sysconfdir=/etc
unitdir=""

usage() {
    sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

fail() {
    echo "install.sh: $*" >&2
    exit 2
}

absolute() {
    case "$2" in
        /*) ;;
        *) fail "$1 '$2' should be an absolute path" ;;
    esac
    case "$2" in
        *[[:space:]%\|\\\&]*) fail "$1 '$2' holds a space or one of % | \\ &, which the units and crontab lines cannot hold" ;;
    esac
}

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix|--destdir|--sysconfdir|--unitdir)
            [ $# -ge 2 ] && [ -n "$2" ] || fail "$1 needs a value"
            absolute "$1" "$2"
            case "$1" in
                --prefix) prefix="${2%/}" ;;
                --destdir) destdir="${2%/}" ;;
                --sysconfdir) sysconfdir="${2%/}" ;;
                --unitdir) unitdir="${2%/}" ;;
            esac
            shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) fail "unknown option '$1' (see --help)" ;;
    esac
done
unitdir="${unitdir:-$prefix/lib/systemd/system}"

# what to install: an unpacked release archive has lib/ and share/; a checkout has what `mvn package` made
if [ -f "$src/lib/pgmaint.jar" ]; then
    jar="$src/lib/pgmaint.jar"
    man="$src/share/man/man1"
    bash_completion="$src/share/bash-completion/completions/pgmaint"
    zsh_completion="$src/share/zsh/site-functions/_pgmaint"
    units="$src/systemd"
else
    jar="$(ls "$src"/target/pgmaint-*.jar 2>/dev/null | grep -v '/original-' | head -n 1 || true)"
    man="$src/target/man/man1"
    bash_completion="$src/target/completion/pgmaint"
    zsh_completion="$src/target/completion/_pgmaint"
    units="$src/bin/systemd"
fi
for needed in "$jar" "$man/pgmaint.1" "$bash_completion" "$zsh_completion"; do
    [ -n "$needed" ] && [ -f "$needed" ] \
        || fail "${needed:-the jar} is missing: run 'mvn -DskipTests package' in $src first (not with -Dpgmaint.skipDocs)"
done

home="$prefix/lib/pgmaint"
stage() { echo "$destdir$1"; }

# the program's own folders are replaced as a whole, so a check or rule removed upstream does not linger
for dir in bin lib checks rules templates; do
    rm -rf "$(stage "$home/$dir")"
done
install -d -m 0755 "$(stage "$home/bin")" "$(stage "$home/lib")" "$(stage "$prefix/bin")" \
    "$(stage "$prefix/share/man/man1")" "$(stage "$prefix/share/bash-completion/completions")" \
    "$(stage "$prefix/share/zsh/site-functions")" "$(stage "$prefix/share/doc/pgmaint/docs")" "$(stage "$unitdir")"
for script in pgmaint cache-processor run_database_maintenance.sh setup_maintenance_cron.sh install.sh; do
    install -m 0755 "$src/bin/$script" "$(stage "$home/bin/$script")"
done
install -m 0644 "$jar" "$(stage "$home/lib/pgmaint.jar")"
for dir in checks rules templates; do
    cp -R "$src/$dir" "$(stage "$home/$dir")"
    chmod -R u=rwX,go=rX "$(stage "$home/$dir")"
done
install -m 0644 "$src/pgmaint.example.yaml" "$(stage "$home/pgmaint.example.yaml")"
ln -sfn "../lib/pgmaint/bin/pgmaint" "$(stage "$prefix/bin/pgmaint")"
install -m 0644 "$man"/*.1 "$(stage "$prefix/share/man/man1/")"
install -m 0644 "$bash_completion" "$(stage "$prefix/share/bash-completion/completions/pgmaint")"
install -m 0644 "$zsh_completion" "$(stage "$prefix/share/zsh/site-functions/_pgmaint")"
install -m 0644 "$src/README.md" "$(stage "$prefix/share/doc/pgmaint/README.md")"
install -m 0644 "$src"/docs/*.md "$(stage "$prefix/share/doc/pgmaint/docs/")"

# the units are written for the default prefix and /etc; they name this installation's paths instead
for unit in "$units"/*.service "$units"/*.timer; do
    sed -e "s|/usr/local/|$prefix/|g" -e "s|/etc/pgmaint/|$sysconfdir/pgmaint/|g" "$unit" > "$(stage "$unitdir/$(basename "$unit")")"
    chmod 0644 "$(stage "$unitdir/$(basename "$unit")")"
done

# the environment file the maintenance units load (they fail to start without it); an existing one is kept
env_file="$(stage "$sysconfdir/pgmaint/pgmaint.env")"
if [ ! -e "$env_file" ]; then
    install -d -m 0755 "$(dirname "$env_file")"
    (umask 077 && cat > "$env_file" <<'EOF'
# pgmaint's environment for the maintenance runs (docs/scheduling.md): KEY=value lines, e.g.
# PGHOST=/var/run/postgresql
# PGDATABASE=app
# PGUSER=pgmaint
# PGPASSWORD=...
# PGMAINT_CONFIG=/etc/pgmaint/pgmaint.yaml
EOF
    )
fi

echo "installed pgmaint in $destdir$home (command: $prefix/bin/pgmaint, units: $unitdir)"
if [ -z "$destdir" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    echo "next: systemctl daemon-reload && systemctl enable --now pgmaint-maintenance.timer pgmaint-maintenance-full.timer"
fi
