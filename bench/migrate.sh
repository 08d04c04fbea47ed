#!/bin/sh
# Load benchmark for opsctl migrate: opsctl load vs the COPY floor vs pgloader.
#   go build -o /tmp/opsctl ./cmd/opsctl && go build -o /tmp/gendump ./bench/gendump
#   go run ./bench/migratelab > /tmp/lab.env &      # MariaDB + PostgreSQL on loopback
#   /tmp/gendump -size 1024 > /tmp/shop.sql
#   sh bench/migrate.sh /tmp/shop.sql [skip-pgloader]
set -eu
DUMP=$1
. /tmp/lab.env
PSQL="psql -X -q -h 127.0.0.1 -p $PG_PORT -U postgres"
T=$(mktemp -d /tmp/mbench.XXXX)
tm() { /usr/bin/time -f "%e s wall, %M KB max RSS" "$@"; }

echo "== convert (one core): $(du -m "$DUMP" | cut -f1) MB"
tm /tmp/opsctl migrate convert "$DUMP" > $T/all.psql

echo "== opsctl migrate load (tables, then indexes)"
$PSQL -c "DROP DATABASE IF EXISTS o" -c "CREATE DATABASE o"
tm /tmp/opsctl migrate load "$DUMP" --to "postgres://postgres@127.0.0.1:$PG_PORT/o" --jobs 3 > $T/load.report
cat $T/load.report

echo "== floor: psql \\copy of the same rows (COPY files), tables in parallel, no indexes"
awk -v d=$T '/^COPY .* FROM stdin;$/ {n++; f=d "/" n ".copy"; h=$0; sub(/ FROM stdin;$/, "", h); print h > d "/" n ".hdr"; next} /^\\\.$/ {f=""; next} f!="" {print > f}' $T/all.psql
/tmp/opsctl migrate convert "$DUMP" --schema-only | awk '/^-- primary keys/ {exit} {print}' > $T/schema.sql
awk '/^-- primary keys/ {p=1} /^-- NOT NULL/ {p=0} p' $T/all.psql > $T/indexes.sql
$PSQL -c "DROP DATABASE IF EXISTS f" -c "CREATE DATABASE f"
$PSQL -d f -f $T/schema.sql
start=$(date +%s.%N)
for h in $T/*.hdr; do
  n=${h%.hdr}
  $PSQL -d f -c "\\$(cat $h) FROM '$n.copy'" &
done
wait
mid=$(date +%s.%N)
$PSQL -d f -f $T/indexes.sql
end=$(date +%s.%N)
echo "floor COPY: $(echo "$mid - $start" | bc) s; plus the same indexes: $(echo "$end - $start" | bc) s"

if [ "${2:-}" = skip-pgloader ]; then exit 0; fi
echo "== pgloader (MariaDB -> PostgreSQL), after loading the dump into MariaDB"
MY="mariadb --no-defaults -h127.0.0.1 -P$MY_PORT -uroot -p$MY_PW"
$MY -e "DROP DATABASE IF EXISTS shop; CREATE DATABASE shop"
tm $MY shop < "$DUMP"
$PSQL -c "DROP DATABASE IF EXISTS p" -c "CREATE DATABASE p"
# pgloader cannot create DEFAULT current_timestamp(3) (it fails and exits 0)
$MY shop -e "ALTER TABLE events ALTER COLUMN at SET DEFAULT '2000-01-01 00:00:00'" || true
tm pgloader --dynamic-space-size 4096 "mysql://root:$MY_PW@127.0.0.1:$MY_PORT/shop" "postgresql://postgres@127.0.0.1:$PG_PORT/p" > $T/pgloader.out 2>&1 || echo "pgloader exit $?"
tail -25 $T/pgloader.out
rm -rf $T
