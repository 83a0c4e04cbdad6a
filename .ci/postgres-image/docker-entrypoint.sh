#!/bin/sh
# The official postgres image's start-up, in small: on an empty data directory initdb with POSTGRES_USER and
# POSTGRES_PASSWORD, password (SCRAM) for TCP from anywhere, POSTGRES_DB created by a server that listens on no
# address; then the real server, with the container's arguments, listening on every address. Like the official
# image, the log says "ready to accept connections" twice, which is what Testcontainers waits for.
# Arguments are passed to the first server joined by spaces, so none may contain a space.
set -eu

if [ "${1#-}" != "$1" ]; then
    set -- postgres "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?is not set: the superuser needs a password}"
    user=${POSTGRES_USER:-postgres}
    database=${POSTGRES_DB:-$user}

    password_file=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
    initdb --username="$user" --pwfile="$password_file" --auth-local=trust --auth-host=scram-sha-256 \
        --pgdata="$PGDATA"
    rm -f "$password_file"
    printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
    printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"

    shift
    pg_ctl --pgdata="$PGDATA" --wait --options="-c listen_addresses= $*" start
    if [ "$database" != postgres ]; then
        psql --no-psqlrc --set=ON_ERROR_STOP=1 --username="$user" --dbname=postgres \
            --command="CREATE DATABASE \"$database\""
    fi
    pg_ctl --pgdata="$PGDATA" --wait --mode=fast stop
    set -- postgres "$@"
fi

exec "$@"
