#!/bin/bash
# Load benchmark for opsctl migrate, in ONE run against ONE PostgreSQL (same
# server settings for everything): opsctl migrate load vs the bare COPY floor
# (psql \copy of the same rows as COPY files, tables in parallel, no
# indexes) vs the floor that builds the same database (the same \copy, then
# the same post-data SQL: keys, indexes, NOT NULLs, identity values, FKs,
# triggers, comments, views) vs pgloader. Besides wall times it reports the
# CPU seconds PostgreSQL spent (its processes and the exited backends, from
# /proc), to show what 2 cores can and cannot overlap.
#
#   go build -o /tmp/opsctl ./cmd/opsctl && go build -o /tmp/gendump ./bench/gendump
#   go run ./bench/migratelab > /tmp/lab.env &      # MariaDB + PostgreSQL on loopback
#   /tmp/gendump -size 1024 -seed 1 > /tmp/shop.sql
#   bash bench/migrate.sh /tmp/shop.sql [skip-pgloader]
#
# LAB_ENV (default /tmp/lab.env), OPSCTL (default /tmp/opsctl), JOBS
# (default 3) override the paths and opsctl's --jobs; MY_LOADED=1 skips
# loading the dump into MariaDB again for pgloader.
set -eu
DUMP=$1
LAB_ENV=${LAB_ENV:-/tmp/lab.env}
OPSCTL=${OPSCTL:-/tmp/opsctl}
JOBS=${JOBS:-3}
. "$LAB_ENV"
PSQL="psql -X -q -h 127.0.0.1 -p $PG_PORT -U postgres -v ON_ERROR_STOP=1"
T=$(mktemp -d /tmp/mbench.XXXX)
trap 'rm -rf $T' EXIT
PM=$(head -1 "$LAB_DIR/pg/postmaster.pid")
HZ=$(getconf CLK_TCK)
# CPU ticks of the PostgreSQL server: the postmaster and its children, live
# (utime+stime) and exited (cutime+cstime, once reaped: hence the pause).
pgcpu() {
  sleep 0.5
  local t=$(awk '{print $14+$15+$16+$17}' /proc/$PM/stat)
  for p in $(pgrep -P $PM); do t=$((t + $(awk '{print $14+$15+$16+$17}' /proc/$p/stat 2>/dev/null || echo 0))); done
  echo $t
}
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
cpus() { echo "scale=2; ($2 - $1) / $HZ" | bc; }
tm() { /usr/bin/time -f "%e s wall, %U s user + %S s sys CPU, %M KB max RSS" "$@"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "machine: $(nproc) cores; load average $(loadavg)"

echo "== convert (one core): $(du -m "$DUMP" | cut -f1) MB to /dev/null, then to a file for the floor"
tm sh -c "exec '$OPSCTL' migrate convert '$DUMP' > /dev/null 2>&1"
tm "$OPSCTL" migrate convert "$DUMP" > $T/all.psql
# the floor's inputs: one COPY file per table, the schema, the post-data
awk -v d=$T '/^COPY .* FROM stdin;$/ {n++; f=d "/" n ".copy"; h=$0; sub(/ FROM stdin;$/, "", h); print h > d "/" n ".hdr"; next} /^\\\.$/ {f=""; next} f!="" {print > f}' $T/all.psql
"$OPSCTL" migrate convert "$DUMP" --schema-only 2>/dev/null | awk '/^-- primary keys/ {exit} {print}' > $T/schema.sql
awk '/^-- primary keys/ {p=1} /^-- NOT NULL/ {p=0} p' $T/all.psql > $T/indexes.sql
awk '/^-- NOT NULL/ {p=1} p' $T/all.psql > $T/rest.sql
sync

echo "== opsctl migrate load --jobs $JOBS (parse + COPY + every index, key, NOT NULL, identity, FK, trigger, comment) (load avg $(loadavg))"
$PSQL -c "DROP DATABASE IF EXISTS o" -c "CREATE DATABASE o" 2>/dev/null
c0=$(pgcpu); a=$(now)
tm "$OPSCTL" migrate load "$DUMP" --to "postgres://postgres@127.0.0.1:$PG_PORT/o?sslmode=disable" --jobs $JOBS > $T/load.report
b=$(now); c1=$(pgcpu)
cat $T/load.report
echo "opsctl load: $(secs $a $b) s wall; PostgreSQL CPU $(cpus $c0 $c1) s"

echo "== floor: psql \\copy of the same rows (COPY files), all tables in parallel, no indexes (load avg $(loadavg))"
$PSQL -c "DROP DATABASE IF EXISTS f" -c "CREATE DATABASE f" 2>/dev/null
$PSQL -d f -f $T/schema.sql
c0=$(pgcpu); a=$(now)
for h in $T/*.hdr; do
  n=${h%.hdr}
  $PSQL -d f -c "\\$(cat $h) FROM '$n.copy'" &
done
wait
b=$(now); c1=$(pgcpu)
$PSQL -d f -f $T/indexes.sql
c=$(now); c2=$(pgcpu)
$PSQL -d f -f $T/rest.sql > /dev/null
d=$(now); c3=$(pgcpu)
echo "floor COPY (bare): $(secs $a $b) s wall; PostgreSQL CPU $(cpus $c0 $c1) s"
echo "index and key builds alone, one after another: $(secs $b $c) s wall; PostgreSQL CPU $(cpus $c1 $c2) s"
echo "rest of the post-data (NOT NULLs, identity, FKs, triggers, comments, views): $(secs $c $d) s wall; PostgreSQL CPU $(cpus $c2 $c3) s"
echo "floor + same indexes: $(secs $a $c) s; floor building the same database: $(secs $a $d) s wall, PostgreSQL CPU $(cpus $c0 $c3) s"

if [ "${2:-}" = skip-pgloader ]; then exit 0; fi
echo "== pgloader (MariaDB -> PostgreSQL), after loading the dump into MariaDB"
MY="mariadb --no-defaults -h127.0.0.1 -P$MY_PORT -uroot -p$MY_PW"
if [ -z "${MY_LOADED:-}" ]; then # MY_LOADED=1: shop already holds this dump
  $MY -e "DROP DATABASE IF EXISTS shop; CREATE DATABASE shop"
  tm $MY shop < "$DUMP"
fi
$PSQL -c "DROP DATABASE IF EXISTS p" -c "CREATE DATABASE p" 2>/dev/null
# pgloader cannot create DEFAULT current_timestamp(3) (it fails and exits 0)
$MY shop -e "ALTER TABLE events ALTER COLUMN at SET DEFAULT '2000-01-01 00:00:00'" || true
echo "(load avg $(loadavg))"
tm pgloader --dynamic-space-size 4096 "mysql://root:$MY_PW@127.0.0.1:$MY_PORT/shop" "postgresql://postgres@127.0.0.1:$PG_PORT/p" > $T/pgloader.out 2>&1 || echo "pgloader exit $?"
tail -25 $T/pgloader.out
