#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (and developers): loopback only, trust auth, its own
# data folder; nothing of the machine's own clusters is touched.
#
#   bash .ci/postgres.sh start DIR   # installs Debian's postgresql if missing (root), initdb + start;
#                                    # prints the URL, e.g. postgresql://postgres@127.0.0.1:PORT/course
#   bash .ci/postgres.sh stop DIR    # stops the server and removes DIR
#
# DIR is created by `start` (its parent must be world-traversable, e.g. /tmp: as root the server
# runs as the `postgres` user, since initdb refuses root). Exits non-zero, with the reason on stderr,
# when the server cannot be installed or started; the tests then skip and say why.
set -euo pipefail
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
    echo "usage: $0 start|stop DIR" >&2
    exit 2
fi
say() { echo "postgres.sh: $*" >&2; }

bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir; return 0
    fi
    return 1
}

# Run a command as the server's owner: the `postgres` user when we are root, else ourselves.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$cmd" in
start)
    if ! BIN=$(bindir); then
        if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
            say "PostgreSQL is not installed and cannot be installed here (needs root and apt-get)"
            exit 1
        fi
        say "installing Debian's postgresql"
        log=$(mktemp)
        export DEBIAN_FRONTEND=noninteractive
        if ! { apt-get update -qq && apt-get install -y -qq postgresql; } >"$log" 2>&1; then
            say "apt-get install postgresql failed:"; tail -n 5 "$log" >&2; rm -f "$log"; exit 1
        fi
        rm -f "$log"
        BIN=$(bindir) || { say "postgresql installed but initdb not found"; exit 1; }
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        say "running as root but there is no 'postgres' user to run the server as"
        exit 1
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    chmod 700 "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { say "initdb failed:"; tail -n 5 "$dir/initdb.log" >&2; exit 1; }
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start \
        >/dev/null 2>&1 || { say "the server did not start:"; tail -n 5 "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres course \
        || { say "createdb failed"; exit 1; }
    echo "postgresql://postgres@127.0.0.1:$port/course"
    ;;
stop)
    if [ -d "$dir/data" ] && BIN=$(bindir); then
        as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
