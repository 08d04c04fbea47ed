package migrate_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/migrate"
)

// loadShop loads a default dump of the corpus into a fresh PostgreSQL
// database and returns its name.
func loadShop(t *testing.T) string {
	t.Helper()
	p := dump(t, "shop")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	db := newPGDB(t)
	if _, err := migrate.Load(context.Background(), f, migrate.LoadOptions{Options: corpusOpts(), URL: pgs.URL(db), Jobs: 2}); err != nil {
		t.Fatalf("load: %v", err)
	}
	return db
}

func runVerify(t *testing.T, pgdb string, vo migrate.VerifyOptions) ([]*migrate.VerifyResult, error) {
	t.Helper()
	ctx := context.Background()
	my, db, err := migrate.OpenMySQL(myd.URL("shop"))
	if err != nil {
		t.Fatal(err)
	}
	defer my.Close()
	tables, _, err := migrate.LiveTables(ctx, my, db, vo.Options, migrate.TableFilter{})
	if err != nil {
		t.Fatal(err)
	}
	pool, err := migrate.OpenVerifyPG(ctx, pgs.URL(pgdb), 4)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	return migrate.Verify(ctx, my, pool, tables, vo)
}

func TestVerifyAfterLoad(t *testing.T) {
	servers(t)
	pgdb := loadShop(t)
	vo := migrate.VerifyOptions{Options: corpusOpts(), ChunkRows: 2, LeafRows: 1}
	res, err := runVerify(t, pgdb, vo)
	if err != nil {
		for _, r := range res {
			t.Logf("%s ok=%v my=%d pg=%d err=%v %+v", r.Table, r.OK(), r.MySQLRows, r.PGRows, r.Err, r.Mismatches)
		}
		t.Fatalf("verify after load: %v", err)
	}
	if len(res) != 9 {
		t.Fatalf("want 9 tables, got %d", len(res))
	}
	for _, r := range res {
		if r.Table == "shop.ints" && (r.Method != "pk-ranges" || r.Ranges < 2) {
			t.Errorf("ints: want pk-ranges in several ranges, got %s %d", r.Method, r.Ranges)
		}
	}

	// Now break it, one difference of each kind.
	mustPsql := func(q string) {
		if out, err := pgs.Psql(pgdb, "-v", "ON_ERROR_STOP=1", "-c", q); err != nil {
			t.Fatalf("%s: %v %s", q, err, out)
		}
	}
	mustPsql(`UPDATE ints SET i = 5 WHERE id = 2`)                                                                         // changed value
	mustPsql(`DELETE FROM "group" WHERE id = 5`)                                                                           // missing row
	mustPsql(`INSERT INTO bins (id) VALUES (9)`)                                                                           // extra row
	mustPsql(`INSERT INTO nopk VALUES (7, 'z')`)                                                                           // extra row, keyless
	mustPsql(`UPDATE texts SET vc = NULL WHERE id = 1`)                                                                    // changed NULL
	mustPsql(`UPDATE texts SET t = t || ' ' WHERE id = 5`)                                                                 // trailing space
	mustPsql(`UPDATE nums SET db = 3.141592653589792 WHERE id = 4`)                                                        // float's last digit
	mustPsql(`SET session_replication_role = replica; UPDATE times SET dt6 = dt6 + interval '1 microsecond' WHERE id = 1`) // no ON UPDATE trigger
	res, err = runVerify(t, pgdb, vo)
	var ve *migrate.VerifyError
	if !errors.As(err, &ve) || ve.Bad != 7 {
		t.Fatalf("want 7 bad tables, got %v", err)
	}
	want := map[string][]string{ // table -> "key column"
		"shop.ints":  {"2 i"},
		"shop.Group": {"5 (row)"},
		"shop.bins":  {"9 (row)"},
		"shop.texts": {"1 vc", "5 t"},
		"shop.nums":  {"4 db"},
		"shop.times": {"1 dt6"},
	}
	for _, r := range res {
		var got []string
		for _, m := range r.Mismatches {
			got = append(got, m.Key+" "+m.Column)
		}
		if r.Err != nil {
			t.Errorf("%s: %v", r.Table, r.Err)
		}
		if r.Table == "shop.nopk" {
			if r.OK() || r.PGRows != 4 || len(got) != 1 || !strings.HasPrefix(got[0], "7|z") {
				t.Errorf("nopk: want the extra row 7|z, got %v rows=%d", got, r.PGRows)
			}
			continue
		}
		if strings.Join(got, ",") != strings.Join(want[r.Table], ",") {
			t.Errorf("%s: mismatches %v, want %v (%+v)", r.Table, got, want[r.Table], r.Mismatches)
		}
	}
}

// Tables without an integer key, big enough to be bucketed: a composite
// text key and a keyless table (multiset).
func TestVerifyBucketsWithoutIntegerKey(t *testing.T) {
	servers(t)
	if _, err := mysqlExec("", "-e", `DROP DATABASE IF EXISTS nokey; CREATE DATABASE nokey;
CREATE TABLE nokey.ck (code varchar(20), n int, v varchar(20), PRIMARY KEY (code, n));
INSERT INTO nokey.ck SELECT concat('c', seq MOD 37), seq, concat('v', seq) FROM nokey.seq_1_to_3000;
CREATE TABLE nokey.bag (a int, b varchar(10));
INSERT INTO nokey.bag SELECT seq MOD 500, 'x' FROM nokey.seq_1_to_3000;`); err != nil {
		t.Fatal(err)
	}
	pgdb := newPGDB(t)
	if _, err := liveCopy(t, "nokey", pgdb, migrate.CopyOptions{}); err != nil {
		t.Fatal(err)
	}
	verify := func() ([]*migrate.VerifyResult, error) {
		my, db, _ := migrate.OpenMySQL(myd.URL("nokey"))
		defer my.Close()
		tables, _, _ := migrate.LiveTables(context.Background(), my, db, migrate.Options{}, migrate.TableFilter{})
		pool, err := migrate.OpenVerifyPG(context.Background(), pgs.URL(pgdb), 4)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		return migrate.Verify(context.Background(), my, pool, tables, migrate.VerifyOptions{LeafRows: 10})
	}
	if res, err := verify(); err != nil {
		t.Fatalf("verify: %v %+v", err, res[0])
	}
	if out, err := pgs.Psql(pgdb, "-v", "ON_ERROR_STOP=1", "-c", `UPDATE ck SET v = 'changed' WHERE code = 'c5' AND n = 5; DELETE FROM bag WHERE ctid = (SELECT ctid FROM bag WHERE a = 7 LIMIT 1)`); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	res, err := verify()
	if err == nil {
		t.Fatal("want differences")
	}
	for _, r := range res {
		var got []string
		for _, m := range r.Mismatches {
			got = append(got, m.Key+" "+m.Column)
		}
		if !strings.HasSuffix(r.Method, "+buckets") {
			t.Errorf("%s: method %s, want buckets", r.Table, r.Method)
		}
		switch r.Table {
		case "nokey.bag":
			if len(got) != 1 || !strings.HasPrefix(got[0], "7|x") || r.PGRows != 2999 {
				t.Errorf("bag: %v", r.Mismatches)
			}
		case "nokey.ck":
			if strings.Join(got, ";") != "c5,5 v" {
				t.Errorf("ck: %v", got)
			}
		}
	}
}
