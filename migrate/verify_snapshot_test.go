package migrate_test

import (
	"context"
	"testing"

	"github.com/opsctl/opsctl/migrate"
)

// TestVerifyOneMoment: rows written into MySQL while verify runs — one
// in a key range not compared yet, one above the MAX read at the start —
// are both outside the verdict (it is about one moment: the snapshot),
// not one seen and the other missed; the next verify, whose bounds come
// from its own snapshot, sees both.
func TestVerifyOneMoment(t *testing.T) {
	servers(t)
	if _, err := mysqlExec("", "-e", `DROP DATABASE IF EXISTS moment; CREATE DATABASE moment;
CREATE TABLE moment.t (id int PRIMARY KEY, v varchar(20));
INSERT INTO moment.t SELECT seq, concat('v', seq) FROM moment.seq_1_to_3000 WHERE seq <> 2500;`); err != nil {
		t.Fatal(err)
	}
	pgdb := newPGDB(t)
	if _, err := liveCopy(t, "moment", pgdb, migrate.CopyOptions{}); err != nil {
		t.Fatal(err)
	}
	verify := func() (*migrate.VerifyResult, error) {
		my, db, _ := migrate.OpenMySQL(myd.URL("moment"))
		defer my.Close()
		tables, _, _ := migrate.LiveTables(context.Background(), my, db, migrate.Options{}, migrate.TableFilter{})
		pool, err := migrate.OpenVerifyPG(context.Background(), pgs.URL(pgdb), 4)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		res, err := migrate.Verify(context.Background(), my, pool, tables, migrate.VerifyOptions{Jobs: 1, ChunkRows: 500, LeafRows: 50, SkipSchema: true})
		if len(res) != 1 {
			t.Fatalf("verify: %v", err)
		}
		return res[0], err
	}
	t.Cleanup(func() { migrate.SetVerifyAfterBounds(nil) })
	migrate.SetVerifyAfterBounds(func() {
		if _, err := mysqlExec("", "-e", "INSERT INTO moment.t VALUES (2500, 'late'), (5000, 'above max')"); err != nil {
			t.Error(err)
		}
	})
	r, err := verify()
	migrate.SetVerifyAfterBounds(nil)
	if err != nil || r.MySQLRows != 2999 || r.MismatchCount != 0 {
		t.Fatalf("verify while rows arrive: %v; rows %d, %d difference(s) %+v (want the snapshot's 2999 rows, equal)", err, r.MySQLRows, r.MismatchCount, r.Mismatches)
	}
	r, err = verify()
	if err == nil || r.MySQLRows != 3001 || r.MismatchCount != 2 {
		t.Fatalf("verify after: %v; rows %d, %d difference(s) %+v (want 3001 rows, 2500 and 5000 missing in PostgreSQL)", err, r.MySQLRows, r.MismatchCount, r.Mismatches)
	}
}
