#!/bin/sh
# What the atomic --drop costs (issue 15): migrate load --drop and
# migrate copy --drop over an existing database, the new binary against
# an older one (OLD, e.g. built from main before the staging schema), in
# one run, against one lab (PostgreSQL with the lab's fsync-off settings,
# or, started with OPSCTL_LAB_PG_PROD=1, configured like production).
#
#   go build -o /tmp/opsctl ./cmd/opsctl && go build -o /tmp/gendump ./bench/gendump
#   mkdir /tmp/old && git archive be42c42 | tar -x -C /tmp/old && (cd /tmp/old && go build -o /tmp/opsctl-old ./cmd/opsctl)
#   go run ./bench/migratelab > /tmp/lab.env &                           # lab settings
#   OPSCTL_LAB_PG_PROD=1 go run ./bench/migratelab > /tmp/labprod.env &  # like production
#   /tmp/gendump -size 1024 -seed 1 > /tmp/shop.sql
#   LAB_ENV=/tmp/lab.env sh bench/drop.sh /tmp/shop.sql
#   LAB_ENV=/tmp/labprod.env sh bench/drop.sh /tmp/shop.sql
#
# OPSCTL (default /tmp/opsctl), OLD (default /tmp/opsctl-old), JOBS
# (default 3), ROUNDS (default 2: OLD and NEW alternate, to spread the
# noise of a shared machine), SKIP_COPY=1 (no MariaDB load, no copy),
# SKIP_MYLOAD=1 (MariaDB's shop already holds this dump).
set -eu
DUMP=$1
. ${LAB_ENV:-/tmp/lab.env}
OPSCTL=${OPSCTL:-/tmp/opsctl}
OLD=${OLD:-/tmp/opsctl-old}
JOBS=${JOBS:-3}
ROUNDS=${ROUNDS:-2}
PSQL="psql -X -q -h 127.0.0.1 -p $PG_PORT -U postgres"
TO="postgres://postgres@127.0.0.1:$PG_PORT"
export MYSQL_PWD="$MY_PW"
FROM="mysql://root@127.0.0.1:$MY_PORT/shop"
tm() { /usr/bin/time -f "%e s wall, %U s user + %S s sys CPU, %M KB max RSS" "$@"; }
la() { cut -d' ' -f1-3 /proc/loadavg; }
echo "machine: $(nproc) cores; PostgreSQL: ${PG_CONF:-lab} ($($PSQL -Atc "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'max_wal_size')")); dump $(du -m "$DUMP" | cut -f1) MB"

echo "== setup: load the dump into database o (the existing database --drop replaces); load average $(la)"
$PSQL -c "DROP DATABASE IF EXISTS o" -c "CREATE DATABASE o"
tm $OPSCTL migrate load "$DUMP" --to "$TO/o" --jobs $JOBS > /dev/null
for r in $(seq $ROUNDS); do
  for b in OLD NEW; do
    bin=$OPSCTL; [ $b = OLD ] && bin=$OLD
    echo "== round $r: $b migrate load --drop over the existing database; load average $(la)"
    tm $bin migrate load "$DUMP" --to "$TO/o" --jobs $JOBS --drop > /dev/null
  done
done

[ "${SKIP_COPY:-}" = 1 ] && exit 0
MY="mariadb --no-defaults -h127.0.0.1 -P$MY_PORT -uroot"
if [ "${SKIP_MYLOAD:-}" != 1 ]; then
  echo "== setup: load the dump into MariaDB shop; load average $(la)"
  $MY -e "DROP DATABASE IF EXISTS shop; CREATE DATABASE shop"
  tm sh -c "$MY shop < '$DUMP'"
fi
$MY -N -e "ANALYZE TABLE shop.users, shop.orders, shop.events" > /dev/null
echo "== setup: copy into database c; load average $(la)"
$PSQL -c "DROP DATABASE IF EXISTS c" -c "CREATE DATABASE c"
tm $OPSCTL migrate copy --from "$FROM" --to "$TO/c" --jobs $JOBS > /dev/null
for r in $(seq $ROUNDS); do
  for b in OLD NEW; do
    bin=$OPSCTL; [ $b = OLD ] && bin=$OLD
    echo "== round $r: $b migrate copy --drop over the existing database; load average $(la)"
    tm $bin migrate copy --from "$FROM" --to "$TO/c" --jobs $JOBS --drop > /dev/null
  done
done
