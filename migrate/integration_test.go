package migrate_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/migrate"
)

// One MariaDB + PostgreSQL pair shared by the package's integration tests.
var (
	srvOnce sync.Once
	srvErr  error
	srvLab  *lab.Lab
	myd     *lab.MariaDB
	pgs     *lab.Postgres
	pgDBs   int
	pgMu    sync.Mutex
)

func TestMain(m *testing.M) {
	code := m.Run()
	if srvLab != nil {
		srvLab.Close()
		os.RemoveAll(srvLab.Dir)
	}
	os.Exit(code)
}

// servers starts the pair (once) with the corpus loaded into `shop` and a
// second database `crm` (for --databases dumps).
func servers(t *testing.T) (*lab.MariaDB, *lab.Postgres) {
	t.Helper()
	lab.SkipShort(t)
	lab.RequireRoot(t)
	lab.Require(t, "mariadbd", "mariadb-install-db", "mariadb-dump", "/usr/lib/postgresql/15/bin/postgres", "psql")
	srvOnce.Do(func() {
		srvLab, srvErr = lab.New("")
		if srvErr != nil {
			return
		}
		if myd, srvErr = srvLab.StartMariaDB(); srvErr != nil {
			return
		}
		if pgs, srvErr = srvLab.StartPostgres(); srvErr != nil {
			return
		}
		if _, srvErr = mysqlExec("", "-e", "CREATE DATABASE shop; CREATE DATABASE crm; CREATE TABLE crm.contacts (id int primary key, name varchar(20), born date); INSERT INTO crm.contacts VALUES (1,'Zoë','1990-01-02'),(2,'Bob',NULL);"); srvErr != nil {
			return
		}
		_, srvErr = mysqlExec("testdata/corpus.sql", "shop")
	})
	if srvErr != nil {
		t.Fatal(srvErr)
	}
	return myd, pgs
}

func mysqlExec(stdin string, args ...string) ([]byte, error) {
	c := exec.Command("mariadb", append(append(myd.Args(), "--default-character-set=utf8mb4"), args...)...)
	if stdin != "" {
		f, err := os.Open(stdin)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		c.Stdin = f
	}
	out, err := c.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("mariadb %v: %v\n%s", args, err, out)
	}
	return out, nil
}

func dump(t *testing.T, args ...string) string {
	t.Helper()
	c := exec.Command("mariadb-dump", append(append(myd.Args(), "--default-character-set=utf8mb4"), args...)...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		t.Fatalf("mariadb-dump %v: %v\n%s", args, err, stderr.String())
	}
	p := filepath.Join(t.TempDir(), "dump.sql")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func newPGDB(t *testing.T) string {
	t.Helper()
	pgMu.Lock()
	pgDBs++
	name := fmt.Sprintf("t%d", pgDBs)
	pgMu.Unlock()
	if err := pgs.CreateDB(name); err != nil {
		t.Fatal(err)
	}
	return name
}

// corpusOpts: the corpus holds negative TIMEs on purpose; they need interval.
func corpusOpts() migrate.Options {
	c1, _ := migrate.ParseCast("times.tm=interval")
	c2, _ := migrate.ParseCast("times.tm3=interval")
	return migrate.Options{Casts: []migrate.Cast{c1, c2}}
}

// check compares every table of rep value by value.
func check(t *testing.T, rep *migrate.Report, pgdb string, opts migrate.Options) {
	t.Helper()
	ctx := context.Background()
	my, err := sql.Open("mysql", myd.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer my.Close()
	my.SetMaxOpenConns(1)
	pc, err := pgx.Connect(ctx, pgs.URL(pgdb))
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close(ctx)
	var defs []*migrate.Table
	for _, d := range rep.Defs {
		if d.MyDB == "" {
			d.MyDB = "shop"
		}
		defs = append(defs, d)
	}
	diffs, err := migrate.Compare(ctx, my, pc, defs, opts.Mapping())
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) < 1 {
		t.Fatal("nothing compared")
	}
	for _, d := range diffs {
		if !d.OK() {
			t.Errorf("%s: mysql %d rows, pg %d rows, mismatches: %+v", d.Table, d.MySQLRows, d.PGRows, d.Mismatches)
		}
	}
}

var dumpOptionSets = map[string][]string{
	"default":              {"--routines", "--triggers", "shop"},
	"hex-blob":             {"--hex-blob", "shop"},
	"complete-insert":      {"--complete-insert", "shop"},
	"skip-extended-insert": {"--skip-extended-insert", "--hex-blob", "shop"},
	"compatible-ansi":      {"--compatible=ansi", "shop"},
	"databases":            {"--databases", "shop", "crm"},
}

func TestConvertPsqlRoundTrip(t *testing.T) {
	servers(t)
	for name, args := range dumpOptionSets {
		t.Run(name, func(t *testing.T) {
			p := dump(t, args...)
			f, _ := os.Open(p)
			defer f.Close()
			out := filepath.Join(t.TempDir(), "out.sql")
			w, _ := os.Create(out)
			opts := corpusOpts()
			rep, err := migrate.Convert(context.Background(), f, w, opts)
			w.Close()
			if err != nil {
				t.Fatalf("convert: %v", err)
			}
			db := newPGDB(t)
			if o, err := pgs.Psql(db, "-v", "ON_ERROR_STOP=1", "-f", out); err != nil {
				t.Fatalf("psql: %v\n%s", err, o)
			}
			fixDefs(rep, args)
			check(t, rep, db, opts)
		})
	}
}

// fixDefs fills MyDB for single-database dumps (no USE in the dump).
func fixDefs(rep *migrate.Report, args []string) {
	for _, d := range rep.Defs {
		if d.MyDB == "" {
			d.MyDB = args[len(args)-1]
		}
	}
}

func TestLoadRoundTrip(t *testing.T) {
	servers(t)
	for _, name := range []string{"default", "databases", "compatible-ansi"} {
		args := dumpOptionSets[name]
		t.Run(name, func(t *testing.T) {
			p := dump(t, args...)
			f, _ := os.Open(p)
			defer f.Close()
			db := newPGDB(t)
			opts := corpusOpts()
			// the databases dump goes through the spool files entirely
			rep, err := migrate.Load(context.Background(), f, migrate.LoadOptions{Options: opts, URL: pgs.URL(db), Jobs: 3, SpoolAlways: name == "databases"})
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			fixDefs(rep, args)
			check(t, rep, db, opts)
			if testing.Verbose() {
				for _, tr := range rep.Tables {
					for _, w := range tr.Warnings {
						t.Logf("warning: %s: %s", tr.MyTable, w)
					}
				}
			}
			if name == "default" {
				postLoadChecks(t, db)
			}
			// second run refuses; --drop replaces
			f.Seek(0, 0)
			_, err = migrate.Load(context.Background(), f, migrate.LoadOptions{Options: opts, URL: pgs.URL(db)})
			if err == nil || !strings.Contains(err.Error(), "already exists") {
				t.Fatalf("re-load without --drop: want refusal, got %v", err)
			}
			f.Seek(0, 0)
			if _, err = migrate.Load(context.Background(), f, migrate.LoadOptions{Options: opts, URL: pgs.URL(db), Drop: true}); err != nil {
				t.Fatalf("re-load with --drop: %v", err)
			}
			check(t, rep, db, opts)
		})
	}
}

func tableExists(t *testing.T, db, name string) bool {
	out, err := pgs.Psql(db, "-Atc", fmt.Sprintf("select to_regclass('%s') is not null", name))
	if err != nil {
		t.Fatalf("%v %s", err, out)
	}
	return strings.TrimSpace(string(out)) == "t"
}

// Without the casts, the negative TIME fails its table only, with the fix.
func TestLoadValueErrorFailsOneTable(t *testing.T) {
	servers(t)
	p := dump(t, "shop")
	f, _ := os.Open(p)
	defer f.Close()
	db := newPGDB(t)
	rep, err := migrate.Load(context.Background(), f, migrate.LoadOptions{URL: pgs.URL(db)})
	var pe *migrate.PartialError
	if !errors.As(err, &pe) {
		t.Fatalf("want PartialError, got %v", err)
	}
	if !strings.Contains(err.Error(), "--cast 'shop.times.tm3=interval'") && !strings.Contains(err.Error(), "--cast 'times.tm3=interval'") {
		t.Errorf("error lacks the fix: %v", err)
	}
	if tableExists(t, db, "public.times") {
		t.Error("failed table times was committed")
	}
	if !tableExists(t, db, "public.texts") {
		t.Error("good table texts missing")
	}
	_ = rep
}

func TestLoadTruncatedDump(t *testing.T) {
	servers(t)
	p := dump(t, "shop")
	b, _ := os.ReadFile(p)
	i := bytes.Index(b, []byte("INSERT INTO `texts`"))
	cut := b[:i+200]
	db := newPGDB(t)
	_, err := migrate.Load(context.Background(), bytes.NewReader(cut), migrate.LoadOptions{Options: corpusOpts(), URL: pgs.URL(db)})
	var se *migrate.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("want SyntaxError, got %v", err)
	}
	if se.Line == 0 || se.Offset == 0 || !strings.Contains(se.Error(), "texts") {
		t.Errorf("error lacks place: %v", se)
	}
	// a cut dump makes nothing visible, not even the tables before the
	// cut (they could be replacing tables with --drop)
	if tableExists(t, db, "public.texts") || tableExists(t, db, "public.ints") {
		t.Error("a table of the truncated dump was made visible")
	}
	// a syntax error in the middle of a row
	bad := bytes.Replace(b, []byte("(2,'b',2,2)"), []byte("(2,'b' 2,2)"), 1)
	db2 := newPGDB(t)
	_, err = migrate.Load(context.Background(), bytes.NewReader(bad), migrate.LoadOptions{Options: corpusOpts(), URL: pgs.URL(db2)})
	if !errors.As(err, &se) || se.Line == 0 {
		t.Fatalf("want SyntaxError with a line, got %v", err)
	}
	if tableExists(t, db2, "public.group") {
		t.Error("broken table group was committed")
	}
	// --single-transaction: the truncated dump leaves not even ints behind
	db3 := newPGDB(t)
	_, err = migrate.Load(context.Background(), bytes.NewReader(cut), migrate.LoadOptions{Options: corpusOpts(), URL: pgs.URL(db3), SingleTx: true})
	if !errors.As(err, &se) || se.Line == 0 {
		t.Fatalf("single transaction: want SyntaxError with a line, got %v", err)
	}
	if tableExists(t, db3, "public.ints") {
		t.Error("single transaction: complete table ints was committed")
	}
}

// postLoadChecks: identity past AUTO_INCREMENT, ON UPDATE trigger, view,
// FK, comment, indexes.
func postLoadChecks(t *testing.T, db string) {
	t.Helper()
	q := func(sql string) string {
		out, err := pgs.Psql(db, "-Atc", sql)
		if err != nil {
			t.Fatalf("%s: %v\n%s", sql, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := q("INSERT INTO ints (ti) VALUES (1) RETURNING id"); got != "1000" {
		t.Errorf("identity after AUTO_INCREMENT=1000: got %s", got)
	}
	if got := q(`INSERT INTO "group" ("select") VALUES ('new') RETURNING id`); got != "6" {
		t.Errorf("group identity past max(id)=5 and AUTO_INCREMENT=6: got %s", got)
	}
	before := q("SELECT ts3 FROM times WHERE id = 1")
	q("UPDATE times SET tm = '01:00:00' WHERE id = 1")
	if after := q("SELECT ts3 FROM times WHERE id = 1"); after == before {
		t.Errorf("ON UPDATE CURRENT_TIMESTAMP trigger did not fire: %s", after)
	}
	if got := q("SELECT count(*) FROM v_group"); got != "3" {
		t.Errorf("view v_group: %s", got)
	}
	if got := q("SELECT obj_description('docs'::regclass)"); got != "documents table" {
		t.Errorf("table comment: %q", got)
	}
	if got := q("SELECT count(*) FROM pg_constraint WHERE contype = 'f'"); got != "1" {
		t.Errorf("foreign keys: %s", got)
	}
	if got := q("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"); got < "10" {
		t.Errorf("indexes: %s", got)
	}
	// generated columns: 14 translated ones are computed by PostgreSQL,
	// the 2 others are plain columns
	if got := q(`SELECT count(*) FILTER (WHERE attgenerated = 's') || ' ' || count(*) FILTER (WHERE attname IN ('fmt', 'is_plain') AND attgenerated = '') FROM pg_attribute WHERE attrelid = 'docs'::regclass AND attnum > 0`); got != "14 2" {
		t.Errorf("generated columns (translated, plain): %s", got)
	}
	if got := q(`INSERT INTO docs (id, doc, price, qty) VALUES (10, 'Hello', 1.50, 4) RETURNING amount, lnote, label, blen, head, kind`); got != "6.00|trg|trg: 4 x 1.50|5|Hel|single" { // trg_docs is translated now: it fires, as in MySQL
		t.Errorf("generated columns on a new row: %s", got)
	}
	// CHECKs: 3 translated (one on a column), the REGEXP one is not
	if got := q(`SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE contype = 'c' AND conrelid = 'docs'::regclass`); got != "docs_note_not_root,docs_price_check,docs_qty_range" {
		t.Errorf("CHECK constraints: %s", got)
	}
	if out, err := pgs.Psql(db, "-Atc", "INSERT INTO docs (id, qty) VALUES (11, -1)"); err == nil || !strings.Contains(string(out), "docs_qty_range") {
		t.Errorf("CHECK qty_range not enforced: %v %s", err, out)
	}
	if got := q(`SELECT count(*) FROM texts WHERE to_tsvector('simple', coalesce(t, '') || ' ' || coalesce(vc, '')) @@ 'backspace'::tsquery`); got != "1" {
		t.Errorf("fulltext: %s", got)
	}
}

// --single-transaction: a bad value in a later table rolls back every
// table (none exists afterwards), the error names table, column and row,
// and it is not a partial success; a clean dump loads whole, --drop
// re-runs it, and views and post-data run inside the one transaction.
func TestLoadSingleTransaction(t *testing.T) {
	servers(t)
	args := dumpOptionSets["databases"] // two schemas, shop and crm
	p := dump(t, args...)
	f, _ := os.Open(p)
	defer f.Close()
	db := newPGDB(t)
	rep, err := migrate.Load(context.Background(), f, migrate.LoadOptions{URL: pgs.URL(db), SingleTx: true})
	var pe *migrate.PartialError
	if !errors.As(err, &pe) || pe.Partial() {
		t.Fatalf("want a non-partial PartialError, got %v", err)
	}
	if !strings.Contains(err.Error(), "tm3") || !strings.Contains(err.Error(), "times") || !strings.Contains(err.Error(), "row ") {
		t.Errorf("error lacks table/column/row: %v", err)
	}
	if testing.Verbose() {
		t.Log(err)
	}
	for _, tr := range rep.Tables {
		if tr.Err == nil || tr.Status != "failed" {
			t.Errorf("table %s: status %s, err %v: want failed (rolled back)", tr.MyTable, tr.Status, tr.Err)
		}
	}
	out, perr := pgs.Psql(db, "-Atc", "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname not in ('pg_catalog','information_schema','pg_toast')")
	if perr != nil || strings.TrimSpace(string(out)) != "0" {
		t.Fatalf("relations left behind after the rollback: %s %v", out, perr)
	}

	opts := corpusOpts()
	f.Seek(0, 0)
	rep, err = migrate.Load(context.Background(), f, migrate.LoadOptions{Options: opts, URL: pgs.URL(db), SingleTx: true})
	if err != nil {
		t.Fatalf("single-transaction load: %v", err)
	}
	fixDefs(rep, args)
	check(t, rep, db, opts)
	f.Seek(0, 0)
	if _, err = migrate.Load(context.Background(), f, migrate.LoadOptions{Options: opts, URL: pgs.URL(db), SingleTx: true, Drop: true}); err != nil {
		t.Fatalf("single-transaction re-load with --drop: %v", err)
	}
	check(t, rep, db, opts)
}

// A CHECK MySQL accepted but its PostgreSQL translation rejects (MySQL's
// collation ignores case) is a warning, the rows stay loaded, and in a
// single transaction it does not roll anything back.
func TestLoadCheckRejectedByRowsIsAWarning(t *testing.T) {
	servers(t)
	dump := "CREATE TABLE `c` (\n  `id` int NOT NULL,\n  `s` varchar(5) DEFAULT NULL,\n  `n` int GENERATED ALWAYS AS (`id` * 10) VIRTUAL,\n  PRIMARY KEY (`id`),\n  CONSTRAINT `s_abc` CHECK (`s` = 'abc'),\n  CONSTRAINT `id_pos` CHECK (`id` > 0)\n) DEFAULT CHARSET=utf8mb4;\n" +
		"INSERT INTO `c` VALUES (1,'abc',10),(2,'ABC',20);\n"
	for _, single := range []bool{false, true} {
		db := newPGDB(t)
		rep, err := migrate.Load(context.Background(), strings.NewReader(dump), migrate.LoadOptions{URL: pgs.URL(db), SingleTx: single})
		if err != nil {
			t.Fatalf("single=%v: %v", single, err)
		}
		w := strings.Join(rep.Tables[0].Warnings, "\n")
		if !strings.Contains(w, `CHECK not migrated: PostgreSQL rejected ALTER TABLE "public"."c" ADD CONSTRAINT "c_s_abc"`) {
			t.Errorf("single=%v: warnings: %s", single, w)
		}
		out, err := pgs.Psql(db, "-Atc", "SELECT string_agg(id || ':' || n, ',' ORDER BY id) || ' ' || (SELECT string_agg(conname, ',') FROM pg_constraint WHERE contype = 'c' AND conrelid = 'c'::regclass) FROM c")
		if err != nil || strings.TrimSpace(string(out)) != "1:10,2:20 c_id_pos" {
			t.Errorf("single=%v: rows and CHECKs: %s %v", single, out, err)
		}
	}
}
