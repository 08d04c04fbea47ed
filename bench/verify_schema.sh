#!/bin/sh
# The cost of migrate verify's schema checks (issue 14): one run, the same
# databases, verify with and without them, twice in alternation (the
# machine is shared and noisy: compare within a run).
#   go build -o ${OPSCTL:-/tmp/opsctl} ./cmd/opsctl && go build -o /tmp/gendump ./bench/gendump
#   go run ./bench/migratelab > /tmp/lab.env &     # OPSCTL_LAB_PG_PROD=1: production-like PostgreSQL
#   /tmp/gendump -size 1000 > /tmp/shop1000.sql
#   sh bench/verify_schema.sh /tmp/shop1000.sql     # SKIP_MYLOAD=1 / SKIP_COPY=1 reuse what is there;
#                                                   # MYDB=, PGDB= name the databases (shop, vs)
set -eu
DUMP=${1:-}
. ${LAB_ENV:-/tmp/lab.env}
OPSCTL=${OPSCTL:-/tmp/opsctl}
MY="mariadb --no-defaults -h127.0.0.1 -P$MY_PORT -uroot -p$MY_PW"
PSQL="psql -X -q -h 127.0.0.1 -p $PG_PORT -U postgres"
export MYSQL_PWD="$MY_PW"
MYDB=${MYDB:-shop}
FROM="mysql://root@127.0.0.1:$MY_PORT/$MYDB"
PGDB=${PGDB:-vs}
TO="postgres://postgres@127.0.0.1:$PG_PORT/$PGDB?sslmode=disable"
tm() { /usr/bin/time -f "%e s wall, %M KB max RSS" "$@"; }
echo "postgres: $($PSQL -d postgres -At -c "SELECT string_agg(name || '=' || setting, ' ') FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_level', 'full_page_writes')")"
if [ "${SKIP_MYLOAD:-}" != 1 ]; then
  echo "== MariaDB: load $(du -m "$DUMP" | cut -f1) MB into $MYDB"
  $MY -e "DROP DATABASE IF EXISTS $MYDB; CREATE DATABASE $MYDB"
  tm $MY $MYDB < "$DUMP"
fi
if [ "${SKIP_COPY:-}" != 1 ]; then
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS $PGDB" -c "CREATE DATABASE $PGDB"
  echo "== opsctl migrate copy --jobs 3"
  tm $OPSCTL migrate copy --from "$FROM" --to "$TO" --jobs 3 > /dev/null
fi
echo "MariaDB: $($MY -N -e "SELECT COUNT(*), ROUND(SUM(DATA_LENGTH+INDEX_LENGTH)/1048576) FROM information_schema.TABLES WHERE TABLE_SCHEMA='$MYDB'" | awk '{print $1 " tables, " $2 " MB"}'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in 1 2; do
  echo "== [$i] opsctl migrate verify --skip-schema (rows only)"
  tm $OPSCTL migrate verify --from "$FROM" --to "$TO" --jobs 3 --skip-schema > /dev/null
  echo "== [$i] opsctl migrate verify (rows + schema)"
  tm $OPSCTL migrate verify --from "$FROM" --to "$TO" --jobs 3 | grep '^schema:'
done
