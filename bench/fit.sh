#!/bin/bash
# Cost of the scan for types that fit (issue 15), in ONE run against ONE
# MariaDB + PostgreSQL pair: opsctl migrate load and migrate copy of the
# same database with the binary before the scan (OPSCTL_BEFORE) and with
# it (OPSCTL), alternated, plus the scan's own time as opsctl reports it.
#
#   git archive be42c42 | tar -x -C /tmp/before && (cd /tmp/before && go build -o /tmp/opsctl-before ./cmd/opsctl)
#   go build -o /tmp/opsctl ./cmd/opsctl && go build -o /tmp/gendump ./bench/gendump
#   go run ./bench/migratelab > /tmp/lab.env &          # lab settings (fsync off)
#   OPSCTL_LAB_PG_PROD=1 go run ./bench/migratelab > /tmp/lab.env &   # production-like
#   /tmp/gendump -size 1024 -seed 1 > /tmp/shop.sql
#   bash bench/fit.sh /tmp/shop.sql
#
# LAB_ENV (default /tmp/lab.env), JOBS (default 3); MY_LOADED=1 skips
# loading the dump into MariaDB (for the copy); SKIP_COPY=1 measures the
# load only, SKIP_LOAD=1 the copy only; ROUNDS (default 2) alternations of
# before/after.
set -eu
DUMP=$1
LAB_ENV=${LAB_ENV:-/tmp/lab.env}
OPSCTL=${OPSCTL:-/tmp/opsctl}
BEFORE=${OPSCTL_BEFORE:-/tmp/opsctl-before}
JOBS=${JOBS:-3}
. "$LAB_ENV"
PSQL="psql -X -q -h 127.0.0.1 -p $PG_PORT -U postgres"
MY="mariadb --no-defaults -h127.0.0.1 -P$MY_PORT -uroot -p$MY_PW"
export MYSQL_PWD="$MY_PW"
T=$(mktemp -d /tmp/fitbench.XXXX)
trap 'rm -rf $T' EXIT
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); PostgreSQL: $($PSQL -Atc "SELECT 'fsync=' || current_setting('fsync') || ' wal_level=' || current_setting('wal_level') || ' synchronous_commit=' || current_setting('synchronous_commit')")"
echo "dump: $(du -m "$DUMP" | cut -f1) MB"
cat "$DUMP" > /dev/null # page cache

load() { # binary label
  $PSQL -c "DROP DATABASE IF EXISTS l" -c "CREATE DATABASE l" 2>/dev/null
  local a=$(now)
  "$1" migrate load "$DUMP" --to "postgres://postgres@127.0.0.1:$PG_PORT/l?sslmode=disable" --jobs $JOBS > $T/out 2> $T/err || { cat $T/err; exit 1; }
  local b=$(now)
  echo "load $2: $(secs $a $b) s wall $(grep -o 'scan: .* s before' $T/err || true)"
}
copy() {
  $PSQL -c "DROP DATABASE IF EXISTS c" -c "CREATE DATABASE c" 2>/dev/null
  local a=$(now)
  "$1" migrate copy --from "mysql://root@127.0.0.1:$MY_PORT/shop" --to "postgres://postgres@127.0.0.1:$PG_PORT/c?sslmode=disable" --jobs $JOBS > $T/out 2> $T/err || { cat $T/err; exit 1; }
  local b=$(now)
  echo "copy $2: $(secs $a $b) s wall $(grep -o 'scan: .* in [0-9.]* s' $T/err || true)"
}
if [ "${SKIP_LOAD:-}" != 1 ]; then
echo "== migrate load --jobs $JOBS, alternated"
for i in $(seq ${ROUNDS:-2}); do load "$BEFORE" "before (no scan)"; load "$OPSCTL" "with the scan"; done
fi
echo "== scan alone (migrate schema: the scan, then a schema-only pass)"
/usr/bin/time -f "%e s wall, %U s user + %S s sys CPU" "$OPSCTL" migrate schema "$DUMP" > /dev/null 2> $T/err
echo "schema: $(tail -1 $T/err); $(grep -o 'scan: .* s before' $T/err || true)"
[ "${SKIP_COPY:-}" = 1 ] && exit 0
if [ "${MY_LOADED:-}" != 1 ]; then
  $MY -e "DROP DATABASE IF EXISTS shop; CREATE DATABASE shop"
  a=$(now); $MY shop < "$DUMP"; b=$(now)
  echo "(dump loaded into MariaDB in $(secs $a $b) s)"
fi
echo "== migrate copy --jobs $JOBS, alternated"
for i in $(seq ${ROUNDS:-2}); do copy "$BEFORE" "before (no scan)"; copy "$OPSCTL" "with the scan"; done
