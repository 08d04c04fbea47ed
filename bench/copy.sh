#!/bin/sh
# Live copy benchmark: opsctl migrate copy vs pgloader vs the COPY floor,
# and opsctl migrate verify, on the same MariaDB database.
#   go build -o ${OPSCTL:-/tmp/opsctl} ./cmd/opsctl && go build -o /tmp/gendump ./bench/gendump
#   go run ./bench/migratelab > /tmp/lab.env &      # MariaDB + PostgreSQL on loopback
#   /tmp/gendump -size 300 > /tmp/shop300.sql
#   sh bench/copy.sh /tmp/shop300.sql [skip-pgloader]
set -eu
DUMP=$1
. ${LAB_ENV:-/tmp/lab.env}
PSQL="psql -X -q -h 127.0.0.1 -p $PG_PORT -U postgres"
MY="mariadb --no-defaults -h127.0.0.1 -P$MY_PORT -uroot -p$MY_PW"
T=$(mktemp -d /tmp/cbench.XXXX)
tm() { /usr/bin/time -f "%e s wall, %M KB max RSS" "$@"; }
export MYSQL_PWD="$MY_PW"
FROM="mysql://root@127.0.0.1:$MY_PORT/shop"

echo "== MariaDB: load $(du -m "$DUMP" | cut -f1) MB dump into shop"
$MY -e "DROP DATABASE IF EXISTS shop; CREATE DATABASE shop"
tm $MY shop < "$DUMP"
$MY shop -e "SELECT table_name, table_rows FROM information_schema.tables WHERE table_schema='shop'"

echo "== opsctl migrate copy --jobs 3"
$PSQL -c "DROP DATABASE IF EXISTS c" -c "CREATE DATABASE c"
tm ${OPSCTL:-/tmp/opsctl} migrate copy --from "$FROM" --to "postgres://postgres@127.0.0.1:$PG_PORT/c" --jobs 3

echo "== opsctl migrate verify --jobs 3"
tm ${OPSCTL:-/tmp/opsctl} migrate verify --from "$FROM" --to "postgres://postgres@127.0.0.1:$PG_PORT/c" --jobs 3 || echo "verify exit $?"

echo "== floor: psql \\copy of the same rows (COPY files from migrate convert), tables in parallel, no indexes"
${OPSCTL:-/tmp/opsctl} migrate convert "$DUMP" > $T/all.psql 2>/dev/null
awk -v d=$T '/^COPY .* FROM stdin;$/ {n++; f=d "/" n ".copy"; h=$0; sub(/ FROM stdin;$/, "", h); print h > d "/" n ".hdr"; next} /^\\\.$/ {f=""; next} f!="" {print > f}' $T/all.psql
${OPSCTL:-/tmp/opsctl} migrate convert "$DUMP" --schema-only 2>/dev/null | awk '/^-- primary keys/ {exit} {print}' > $T/schema.sql
$PSQL -c "DROP DATABASE IF EXISTS f" -c "CREATE DATABASE f"
$PSQL -d f -f $T/schema.sql
start=$(date +%s.%N)
for h in $T/*.hdr; do
  n=${h%.hdr}
  $PSQL -d f -c "\\$(cat $h) FROM '$n.copy'" &
done
wait
mid=$(date +%s.%N)
echo "floor COPY: $(echo "$mid - $start" | bc) s"

if [ "${2:-}" != skip-pgloader ]; then
  echo "== pgloader (MariaDB -> PostgreSQL)"
  $PSQL -c "DROP DATABASE IF EXISTS p" -c "CREATE DATABASE p"
  tm pgloader --dynamic-space-size 4096 --quiet "mysql://root:$MY_PW@127.0.0.1:$MY_PORT/shop" "postgresql://postgres@127.0.0.1:$PG_PORT/p" > $T/pgloader.out 2>&1 || echo "pgloader exit $?"
  tail -20 $T/pgloader.out
fi
rm -rf $T
