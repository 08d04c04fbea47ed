package migrate_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
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
	// The corpus's trigger and procedure are not migrated (yet): the
	// schema checks list them, accepted here.
	vo := migrate.VerifyOptions{Options: corpusOpts(), ChunkRows: 2, LeafRows: 1, AcceptMissing: []string{"trg_docs", "p_hello"}}
	// Both ways of computing MySQL's checksums: rows streamed and hashed
	// in Go (default), and SQL expressions inside MySQL.
	modes := []bool{false, true}
	for _, inMySQL := range modes {
		vo.HashInMySQL = inMySQL
		res, err := runVerify(t, pgdb, vo)
		if err != nil {
			for _, r := range res {
				t.Logf("%s ok=%v my=%d pg=%d err=%v %+v", r.Table, r.OK(), r.MySQLRows, r.PGRows, r.Err, r.Mismatches)
			}
			t.Fatalf("verify after load (hash in MySQL %v): %v", inMySQL, err)
		}
		if len(res) != 10 || res[9].Table != migrate.SchemaTable {
			t.Fatalf("want 9 tables and the schema checks, got %d", len(res))
		}
		// the trigger is translated now; the procedure returns a result
		// set, which PostgreSQL procedures cannot: the one accepted gap
		if sch := res[9]; len(sch.Gaps) != 1 || !sch.Gaps[0].Accepted {
			t.Errorf("schema: want the procedure listed as accepted, got %+v", sch.Gaps)
		}
		res = res[:9]
		for _, r := range res {
			// canonical forms agree on both sides: nothing is fetched but
			// the columns compared in Go by design (times: interval casts;
			// docs: geometry; inside MySQL NULs are not stripped: texts)
			if r.Fetched != 0 && r.Table != "shop.times" && r.Table != "shop.docs" && (r.Table != "shop.texts" || !inMySQL) {
				t.Errorf("%s (hash in MySQL %v): %d rows fetched into Go, want 0: the canonical forms disagree", r.Table, inMySQL, r.Fetched)
			}
			if r.Table == "shop.ints" && (r.Method != "pk-ranges" || r.Ranges < 2) {
				t.Errorf("ints: want pk-ranges in several ranges, got %s %d", r.Method, r.Ranges)
			}
			// zero dates are counted (rows 2 and 3: d, dnn, dt), not silently matched
			if r.Table == "shop.times" && r.Explained != 6 {
				t.Errorf("times: %d explained differences, want the 6 zero dates", r.Explained)
			}
		}
	}

	// Now break it, one difference of each kind.
	mustPsql := func(q string) {
		if out, err := pgs.Psql(pgdb, "-v", "ON_ERROR_STOP=1", "-c", q); err != nil {
			t.Fatalf("%s: %v %s", q, err, out)
		}
	}
	mustPsql(`UPDATE ints SET i = 5 WHERE id = 2`)                                                                               // changed value
	mustPsql(`DELETE FROM "group" WHERE id = 5`)                                                                                 // missing row
	mustPsql(`INSERT INTO bins (id) VALUES (9)`)                                                                                 // extra row
	mustPsql(`INSERT INTO nopk VALUES (7, 'z')`)                                                                                 // extra row, keyless
	mustPsql(`UPDATE texts SET vc = NULL WHERE id = 1`)                                                                          // changed NULL
	mustPsql(`UPDATE texts SET t = t || ' ' WHERE id = 5`)                                                                       // trailing space
	mustPsql(`UPDATE nums SET db = 3.141592653589792 WHERE id = 4`)                                                              // float's last digit
	mustPsql(`SET session_replication_role = replica; UPDATE times SET dt6 = dt6 + interval '1 microsecond' WHERE id IN (1, 2)`) // no ON UPDATE trigger; row 2 holds zero dates
	mustPsql(`UPDATE docs SET j = '{"a": [1, 2, {"c": null}], "b": 1.0}' WHERE id = 1`)                                          // json: 1 became 1.0
	for _, inMySQL := range modes {
		vo.HashInMySQL = inMySQL
		res, err := runVerify(t, pgdb, vo)
		var ve *migrate.VerifyError
		// 8 tables, and the schema: view v_group reads "group", whose
		// row 5 is gone
		if !errors.As(err, &ve) || ve.Bad != 9 {
			t.Fatalf("want 8 bad tables and the schema, got %v", err)
		}
		want := map[string][]string{ // table -> "key column"
			"shop.ints":         {"2 i"},
			"shop.Group":        {"5 (row)"},
			"shop.bins":         {"9 (row)"},
			"shop.texts":        {"1 vc", "5 t"},
			"shop.nums":         {"4 db"},
			"shop.times":        {"1 dt6", "2 dt6"},
			"shop.docs":         {"1 jb", "1 j"}, // jb is generated from j
			migrate.SchemaTable: {"public.v_group view_rows"},
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
			if r.Table == "shop.times" && r.Explained != 6 {
				t.Errorf("times: %d explained differences after bisecting, want 6", r.Explained)
			}
		}
	}
}

// JSON equality is jsonb's: key order, whitespace, escapes and exponents
// that jsonb stores the same way are equal; 1 and 1.0 are not (jsonb
// keeps them apart, and so does every client reading them), nor are two
// integers a double cannot tell apart, which a canonical form through
// floating point (MariaDB's JSON_NORMALIZE) would miss.
func TestVerifyJSON(t *testing.T) {
	servers(t)
	if _, err := mysqlExec("", "-e", `DROP DATABASE IF EXISTS js; CREATE DATABASE js;
CREATE TABLE js.docs (id int PRIMARY KEY, j json, note varchar(10));
INSERT INTO js.docs VALUES
 (1, '{"big": 9007199254740993, "a": 1}', 'x'),
 (2, '{"n": 1.0, "list": [1, 2.50, -0, 1e2]}', 'y'),
 (3, '{ "z" : "caf\u00e9 \ud83d\ude00",  "a":{"y":1,"x":[true,false,null]} }', NULL),
 (4, '"plain"', NULL), (5, NULL, 'z'), (6, '{"k": 1, "k": 2}', NULL), (7, '[]', NULL);
CREATE TABLE js.bag (j json, n int);
INSERT INTO js.bag VALUES ('{"b": 1, "a": 2}', 1), ('{"b": 1, "a": 2}', 1), (NULL, 2);
CREATE TABLE js.fl (id int PRIMARY KEY, f float, d double);
INSERT INTO js.fl VALUES (1, 2.02735e-05, 1.2345678901234e-5), (2, 1.5e15, 1.5e15), (3, 9e-16, 9e-16), (4, 123456789, 1e14),
 (5, 4e6, 0.1), (6, -0, -2.5e-7), (7, 3.4e38, 1.7e308), (8, NULL, 322.8052526115799);`); err != nil {
		t.Fatal(err)
	}
	pgdb := newPGDB(t)
	if _, err := liveCopy(t, "js", pgdb, migrate.CopyOptions{}); err != nil {
		t.Fatal(err)
	}
	verify := func() map[string]*migrate.VerifyResult {
		my, db, _ := migrate.OpenMySQL(myd.URL("js"))
		defer my.Close()
		tables, _, _ := migrate.LiveTables(context.Background(), my, db, migrate.Options{}, migrate.TableFilter{})
		pool, err := migrate.OpenVerifyPG(context.Background(), pgs.URL(pgdb), 4)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		res, _ := migrate.Verify(context.Background(), my, pool, tables, migrate.VerifyOptions{ChunkRows: 4, LeafRows: 2})
		out := map[string]*migrate.VerifyResult{}
		for _, r := range res {
			out[r.Table] = r
		}
		return out
	}
	for name, r := range verify() {
		if !r.OK() {
			t.Errorf("%s after copy: %v %+v", name, r.Err, r.Mismatches)
		}
	}
	if out, err := pgs.Psql(pgdb, "-v", "ON_ERROR_STOP=1", "-c", `UPDATE docs SET j = '{"big": 9007199254740992, "a": 1}' WHERE id = 1;
UPDATE docs SET j = '{"n": 1, "list": [1, 2.50, 0, 100]}' WHERE id = 2;
UPDATE docs SET j = jsonb_set(j, '{a,x,2}', 'false') WHERE id = 3;
UPDATE bag SET j = '{"b": 1, "a": 3}' WHERE ctid = (SELECT min(ctid) FROM bag WHERE n = 1);
UPDATE fl SET d = 1.2345678901235e-5 WHERE id = 1`); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	res := verify()
	var got []string
	for _, m := range res["js.docs"].Mismatches {
		got = append(got, m.Key+" "+m.Column)
	}
	if strings.Join(got, ",") != "1 j,2 j,3 j" {
		t.Errorf("docs: want rows 1, 2 and 3 (column j), got %v", res["js.docs"].Mismatches)
	}
	if r := res["js.bag"]; r.OK() || r.MismatchCount == 0 {
		t.Errorf("bag (keyless): want a difference, got %+v", r)
	}
	if r := res["js.fl"]; len(r.Mismatches) != 1 || r.Mismatches[0].Key != "1" || r.Mismatches[0].Column != "d" {
		t.Errorf("fl: want the last digit of a small double (1 d), got %+v", r.Mismatches)
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
		if r.Table == migrate.SchemaTable {
			continue // the schema checks: no rows, no method
		}
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

// BenchmarkVerify runs Verify on a live pair of databases, for profiling:
//
//	OPSCTL_BENCH_MY=mysql://root:pw@127.0.0.1:3306/shop OPSCTL_BENCH_PG=postgres://postgres@127.0.0.1:5432/c \
//	  go test ./migrate -run XXX -bench Verify -benchtime 1x -cpuprofile /tmp/verify.prof
func BenchmarkVerify(b *testing.B) {
	myURL, pgURL := os.Getenv("OPSCTL_BENCH_MY"), os.Getenv("OPSCTL_BENCH_PG")
	if myURL == "" || pgURL == "" {
		b.Skip("set OPSCTL_BENCH_MY and OPSCTL_BENCH_PG")
	}
	ctx := context.Background()
	my, db, err := migrate.OpenMySQL(myURL)
	if err != nil {
		b.Fatal(err)
	}
	defer my.Close()
	tables, _, err := migrate.LiveTables(ctx, my, db, migrate.Options{}, migrate.TableFilter{})
	if err != nil {
		b.Fatal(err)
	}
	pool, err := migrate.OpenVerifyPG(ctx, pgURL, 6)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := migrate.Verify(ctx, my, pool, tables, migrate.VerifyOptions{Jobs: 3}); err != nil {
			b.Fatal(err)
		}
	}
}

// jsonbText must print what PostgreSQL prints for s::jsonb (it decides the
// in-database checksum of jsonb columns); what it can't do it must refuse.
func TestJSONBTextMatchesPostgres(t *testing.T) {
	servers(t)
	conn, err := pgx.Connect(context.Background(), pgs.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	cases := []string{
		`{"user": 170785, "path": "/p/211", "q": "gamma", "n": [1, 2, 3]}`,
		`{"b":1,"a":[1,2,{"c":null}]}`, `"string"`, `123`, `-0`, `-0.0`, `0.00`, `1.0`, `1.50`, `1e2`, `1E+2`,
		`1.5e1`, `1.25e1`, `1e-2`, `-1.5E-3`, `12345678901234567890123`, `9007199254740993`, `0.1e1`, `100e-2`,
		`{"a":1,"a":2}`, `{"aa":1,"b":2,"a":3,"ab":4,"B":5}`, `{"é":1,"e":2,"z":3}`,
		`"caf\u00e9 \ud83d\ude00 \" \\ \/ \b\f\n\r\t \u001f \u007f"`, `"😀 “curly” €"`,
		`[]`, `{}`, `[[], {}, [{}]]`, " \n{ \"x\" :\t[ true ,false, null ] } ", `{"k": {"z": 1, "y": {"b": 2, "a": 1}}}`,
		`"<>&"`, `{"\u0041": 1, "A": 2}`, `1e300`, `-1e-300`,
	}
	for _, in := range cases {
		got, ok := migrate.JSONBText(in)
		if !ok {
			t.Errorf("%s: refused", in)
			continue
		}
		var want string
		if err := conn.QueryRow(context.Background(), "SELECT $1::jsonb::text", in).Scan(&want); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got != want {
			t.Errorf("%s: got %s, PostgreSQL prints %s", in, got, want)
		}
	}
	for _, in := range []string{`"\u0000"`, `"\ud83d"`, `01`, `1.`, `.5`, `{"a" 1}`, `[1,]`, `tru`, `1 2`, `"a` + "\n" + `"`, `1e99999`} {
		if got, ok := migrate.JSONBText(in); ok {
			t.Errorf("%s: want refused, got %s", in, got)
		}
	}
}
