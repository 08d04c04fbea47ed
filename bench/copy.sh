#!/bin/sh
# Live copy benchmark, one run, same MariaDB database: opsctl migrate copy
# vs pgloader vs the COPY floor, then opsctl migrate verify of the copy,
# and pgloader's row counts against MariaDB's.
#   go build -o ${OPSCTL:-/tmp/opsctl} ./cmd/opsctl && go build -o /tmp/gendump ./bench/gendump
#   go run ./bench/migratelab > /tmp/lab.env &      # MariaDB + PostgreSQL on loopback
#   /tmp/gendump -size 300 > /tmp/shop300.sql
#   sh bench/copy.sh /tmp/shop300.sql [skip-pgloader]
#   SKIP_MYLOAD=1 sh bench/copy.sh ...   # re-run on the database already loaded
#
# Every step prints wall time and max RSS (/usr/bin/time); "cpu" lines give
# the CPU seconds the two servers spent on the step (from /proc: mariadbd,
# and the postmaster with its exited backends).
#
# pgloader gets a load file (below) rather than the two URLs: with the URLs
# alone pgloader 3.6.7 stops at schema creation on MariaDB's
# DEFAULT current_timestamp(3) ("invalid input syntax for type timestamp
# with time zone"), copies nothing and exits 0; and a date column without a
# zero default has no zero-date rule, so one '0000-00-00' loses the whole
# table. The CAST rules drop the MySQL defaults of date/time columns and map
# zero dates to NULL (what opsctl does by default); pgloader creates its own
# tables and indexes, as opsctl does.
set -eu
DUMP=$1
. ${LAB_ENV:-/tmp/lab.env}
PSQL="psql -X -q -h 127.0.0.1 -p $PG_PORT -U postgres"
MY="mariadb --no-defaults -h127.0.0.1 -P$MY_PORT -uroot -p$MY_PW"
OPSCTL=${OPSCTL:-/tmp/opsctl}
T=$(mktemp -d /tmp/cbench.XXXX)
tm() { /usr/bin/time -f "%e s wall, %U s user + %S s sys CPU, %M KB max RSS" "$@"; }
export MYSQL_PWD="$MY_PW"
FROM="mysql://root@127.0.0.1:$MY_PORT/shop"
MYPID=$(pgrep -f "mariadbd.*--datadir=$LAB_DIR/" | head -1)
PGPID=$(pgrep -f "postgres -D $LAB_DIR/" | head -1)
ticks() { awk '{print $14+$15+$16+$17}' /proc/$1/stat; }
cpu0() { m0=$(ticks $MYPID); p0=$(ticks $PGPID); }
cpu1() { sleep 0.5; echo "cpu: mariadbd $(echo "scale=1; ($(ticks $MYPID) - $m0) / 100" | bc) s, postgres $(echo "scale=1; ($(ticks $PGPID) - $p0) / 100" | bc) s"; }
counts() { # db: rows per MariaDB table in PostgreSQL's public schema, as table|rows
  while IFS='|' read -r t n; do
    echo "$t|$($PSQL -d "$1" -At -c "SELECT count(*) FROM public.\"$t\"" 2>/dev/null || echo missing)"
  done < $T/my.counts
}

echo "== MariaDB: load $(du -m "$DUMP" | cut -f1) MB dump into shop; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${SKIP_MYLOAD:-}" = 1 ]; then
  echo "(SKIP_MYLOAD=1: shop already holds this dump)"
else
  $MY -e "DROP DATABASE IF EXISTS shop; CREATE DATABASE shop"
  tm $MY shop < "$DUMP"
fi
$MY -N -e "ANALYZE TABLE shop.users, shop.orders, shop.events" > /dev/null
$MY -N -e "SELECT CONCAT(table_name, '|', table_rows) FROM information_schema.tables WHERE table_schema='shop' ORDER BY table_name" | sed 's/^/estimate /'
for t in $($MY -N -e "SELECT table_name FROM information_schema.tables WHERE table_schema='shop' ORDER BY table_name"); do
  echo "$t|$($MY -N -e "SELECT COUNT(*) FROM shop.\`$t\`")"
done > $T/my.counts
echo "MariaDB rows: $(tr '\n' ' ' < $T/my.counts)"

echo "== opsctl migrate copy --jobs 3; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
$PSQL -c "DROP DATABASE IF EXISTS c" -c "CREATE DATABASE c"
cpu0
tm $OPSCTL migrate copy --from "$FROM" --to "postgres://postgres@127.0.0.1:$PG_PORT/c" --jobs 3
cpu1

echo "== opsctl migrate verify --jobs 3; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu0
tm $OPSCTL migrate verify --from "$FROM" --to "postgres://postgres@127.0.0.1:$PG_PORT/c" --jobs 3 || echo "verify exit $?"
cpu1

echo "== opsctl migrate verify --jobs 3 --hash-in-mysql; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu0
tm $OPSCTL migrate verify --from "$FROM" --to "postgres://postgres@127.0.0.1:$PG_PORT/c" --jobs 3 --hash-in-mysql || echo "verify exit $?"
cpu1

echo "== floor: psql \\copy of the same rows (COPY files from migrate convert), tables in parallel, no indexes"
$OPSCTL migrate convert "$DUMP" > $T/all.psql 2>/dev/null
awk -v d=$T '/^COPY .* FROM stdin;$/ {n++; f=d "/" n ".copy"; h=$0; sub(/ FROM stdin;$/, "", h); print h > d "/" n ".hdr"; next} /^\\\.$/ {f=""; next} f!="" {print > f}' $T/all.psql
rm $T/all.psql
$OPSCTL migrate convert "$DUMP" --schema-only 2>/dev/null | awk '/^-- primary keys/ {exit} {print}' > $T/schema.sql
$PSQL -c "DROP DATABASE IF EXISTS f" -c "CREATE DATABASE f"
$PSQL -d f -f $T/schema.sql
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
for h in $T/*.hdr; do
  n=${h%.hdr}
  $PSQL -d f -c "\\$(cat $h) FROM '$n.copy'" &
done
wait
mid=$(date +%s.%N)
echo "floor COPY: $(echo "$mid - $start" | bc) s"
rm -f $T/*.copy

if [ "${2:-}" != skip-pgloader ]; then
  echo "== pgloader (MariaDB -> PostgreSQL, load file with CAST rules); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  $PSQL -c "DROP DATABASE IF EXISTS p" -c "CREATE DATABASE p"
  cat > $T/shop.load <<EOF
LOAD DATABASE
  FROM mysql://root:$MY_PW@127.0.0.1:$MY_PORT/shop
  INTO postgresql://postgres@127.0.0.1:$PG_PORT/p
WITH include drop, create tables, create indexes, reset sequences, foreign keys
CAST type timestamp to timestamptz drop default drop not null using zero-dates-to-null,
     type datetime to timestamp drop default drop not null using zero-dates-to-null,
     type date to date drop default drop not null using zero-dates-to-null
ALTER SCHEMA 'shop' RENAME TO 'public';
EOF
  cpu0
  tm pgloader --dynamic-space-size 4096 $T/shop.load > $T/pgloader.out 2>&1 || echo "pgloader exit $?"
  cpu1
  grep -v '^$' $T/pgloader.out | tail -22
  counts p > $T/p.counts
  echo "pgloader rows: $(tr '\n' ' ' < $T/p.counts)"
  if diff $T/my.counts $T/p.counts > /dev/null; then echo "pgloader row counts: same as MariaDB"; else echo "pgloader row counts DIFFER from MariaDB"; fi
fi
counts c > $T/c.counts
if diff $T/my.counts $T/c.counts > /dev/null; then echo "opsctl row counts: same as MariaDB"; else echo "opsctl row counts DIFFER from MariaDB"; fi
rm -rf $T
