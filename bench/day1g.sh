#!/bin/bash
# The migration data path before and after issues 14 and 15, in ONE run
# against ONE MariaDB + PostgreSQL pair: migrate load into an empty
# database, load --drop over it, migrate copy into an empty database, copy
# --drop over it, and migrate verify of the copy; the binary before (OLD: be42c42, no fit scan, no staged
# --drop, no SQL translator) and main (NEW) alternated per step, so both
# see the same machine. NEW's scan time (it prints it) is listed apart.
#
#   mkdir -p /tmp/old && git archive be42c42 | tar -x -C /tmp/old && (cd /tmp/old && go build -o /tmp/opsctl-old ./cmd/opsctl)
#   go build -o /tmp/opsctl ./cmd/opsctl && go build -o /tmp/gendump ./bench/gendump
#   go run ./bench/migratelab > /tmp/lab.env &                           # lab PostgreSQL (fsync off)
#   OPSCTL_LAB_PG_PROD=1 go run ./bench/migratelab > /tmp/labprod.env &  # PostgreSQL like production
#   /tmp/gendump -size 1024 -seed 1 > /tmp/shop.sql
#   MY_ENV=/tmp/lab.env PG_ENV=/tmp/labprod.env bash bench/day1g.sh /tmp/shop.sql
#   MY_ENV=/tmp/lab.env PG_ENV=/tmp/lab.env MY_LOADED=1 bash bench/day1g.sh /tmp/shop.sql
#
# MY_ENV: the lab whose MariaDB is the copy's source; PG_ENV: the lab whose
# PostgreSQL is the target. MY_LOADED=1: MariaDB's shop already holds the
# dump. ROUNDS (default 1), JOBS (default 3), OLD, OPSCTL.
set -eu
export OPSCTL_YES=1
DUMP=$1
OPSCTL=${OPSCTL:-/tmp/opsctl}
OLD=${OLD:-/tmp/opsctl-old}
JOBS=${JOBS:-3}
ROUNDS=${ROUNDS:-1}
. "$MY_ENV"
MYP=$MY_PORT
. "$PG_ENV"
PSQL="psql -X -q -h 127.0.0.1 -p $PG_PORT -U postgres"
TO="postgres://postgres@127.0.0.1:$PG_PORT"
export MYSQL_PWD="$MY_PW"
FROM="mysql://root@127.0.0.1:$MYP/shop"
MY="mariadb --no-defaults -h127.0.0.1 -P$MYP -uroot"
la() { cut -d' ' -f1-3 /proc/loadavg; }
T=$(mktemp -d /tmp/day1g.XXXX)
trap 'rm -rf $T' EXIT
run() { # label bin args...
  local label=$1 bin=$2; shift 2
  local la0; la0=$(la)
  /usr/bin/time -f "%e %U %S %M" -o $T/time $bin "$@" > $T/out 2> $T/err || { echo "FAILED: $label"; tail -5 $T/err; exit 1; }
  read -r wall user sys rss < $T/time
  local scan; scan=$(grep -oE 'scan: ([0-9]+ MB read|MySQL scanned for types that fit every value) in [0-9.]+ s' $T/err | grep -oE '[0-9.]+ s$' || true)
  printf '| %s | %s | %s s | %s + %s s | %s MB | %s | %s |\n' "$label" "$([ $bin = $OLD ] && echo OLD || echo NEW)" "$wall" "$user" "$sys" "$((rss/1024))" "${scan:--}" "$la0"
}
echo "machine: $(nproc) cores; PostgreSQL: ${PG_CONF:-lab} ($($PSQL -Atc "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'max_wal_size')")); dump $(du -m "$DUMP" | cut -f1) MB; OLD $($OLD version 2>/dev/null | head -1); NEW $($OPSCTL version 2>/dev/null | head -1)"
if [ "${MY_LOADED:-}" != 1 ]; then
  echo "setup: loading the dump into MariaDB shop ($(la))"
  $MY -e "DROP DATABASE IF EXISTS shop; CREATE DATABASE shop"
  /usr/bin/time -f "  %e s" $MY shop < "$DUMP"
fi
$MY -N -e "ANALYZE TABLE shop.users, shop.orders, shop.events" > /dev/null
echo "| step | binary | wall | opsctl CPU (user + sys) | RSS | NEW's scan | load average before |"
echo "|---|---|---|---|---|---|---|"
for r in $(seq $ROUNDS); do
  for b in OLD NEW; do
    bin=$OPSCTL; [ $b = OLD ] && bin=$OLD
    $PSQL -c "DROP DATABASE IF EXISTS l_${b,,}" -c "CREATE DATABASE l_${b,,}"
    run "load, empty database" $bin migrate load "$DUMP" --to "$TO/l_${b,,}" --jobs $JOBS
  done
  for b in OLD NEW; do
    bin=$OPSCTL; [ $b = OLD ] && bin=$OLD
    run "load --drop over it" $bin migrate load "$DUMP" --to "$TO/l_${b,,}" --jobs $JOBS --drop
  done
  for b in OLD NEW; do
    bin=$OPSCTL; [ $b = OLD ] && bin=$OLD
    $PSQL -c "DROP DATABASE IF EXISTS l_${b,,}"
    $PSQL -c "DROP DATABASE IF EXISTS c_${b,,}" -c "CREATE DATABASE c_${b,,}"
    run "copy, empty database" $bin migrate copy --from "$FROM" --to "$TO/c_${b,,}" --jobs $JOBS
  done
  for b in OLD NEW; do
    bin=$OPSCTL; [ $b = OLD ] && bin=$OLD
    run "verify the copy" $bin migrate verify --from "$FROM" --to "$TO/c_${b,,}" --jobs $JOBS
  done
  for b in OLD NEW; do
    bin=$OPSCTL; [ $b = OLD ] && bin=$OLD
    run "copy --drop over it" $bin migrate copy --from "$FROM" --to "$TO/c_${b,,}" --jobs $JOBS --drop
  done
  for b in OLD NEW; do $PSQL -c "DROP DATABASE IF EXISTS c_${b,,}"; done
done
