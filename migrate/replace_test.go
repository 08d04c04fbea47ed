package migrate_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/opsctl/opsctl/migrate"
)

// atomDB makes MariaDB database atom: a_parent <- b_child (foreign key,
// big enough for its COPY to be caught in flight) and c_last, a view on
// a_parent; a_parent.name holds a NUL (a bad value under --on-nul error).
func atomDB(t *testing.T) {
	t.Helper()
	servers(t)
	atomOnce.Do(func() {
		_, atomErr = mysqlExec("", "-e", `DROP DATABASE IF EXISTS atom; CREATE DATABASE atom;
CREATE TABLE atom.a_parent (id int PRIMARY KEY, name varchar(40), KEY name_idx (name));
CREATE TABLE atom.b_child (id int PRIMARY KEY, parent int NOT NULL, note varchar(120), KEY note_idx (note), CONSTRAINT child_parent FOREIGN KEY (parent) REFERENCES a_parent (id));
CREATE TABLE atom.c_last (id int PRIMARY KEY);
INSERT INTO atom.a_parent SELECT seq, concat('p', seq) FROM atom.seq_1_to_1000;
UPDATE atom.a_parent SET name = concat('nul', char(0), 'here') WHERE id = 7;
INSERT INTO atom.b_child SELECT seq, 1 + seq % 1000, repeat(char(97 + seq % 26), 100) FROM atom.seq_1_to_100000;
INSERT INTO atom.c_last SELECT seq FROM atom.seq_1_to_10;
CREATE VIEW atom.v_parent AS SELECT id, name FROM atom.a_parent WHERE id < 10;
ANALYZE TABLE atom.b_child;`)
	})
	if atomErr != nil {
		t.Fatal(atomErr)
	}
}

var (
	atomOnce sync.Once
	atomErr  error
)

// handMade adds what the migration does not define, on both tables: a
// view each, and a table with a foreign key to each.
func handMade(t *testing.T, db string) {
	t.Helper()
	if out, err := pgs.Psql(db, "-v", "ON_ERROR_STOP=1", "-c", `DROP TABLE IF EXISTS other;
CREATE OR REPLACE VIEW hand_p AS SELECT count(*) AS n FROM a_parent;
CREATE OR REPLACE VIEW hand_c AS SELECT count(*) AS n FROM b_child;
CREATE TABLE other (id int PRIMARY KEY, p int REFERENCES a_parent (id), c int REFERENCES b_child (id));
INSERT INTO other VALUES (1, 1, 1);`); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

// snapshot is pg_dump --schema-only of db and an md5 of every table's rows.
func snapshot(t *testing.T, db string) string {
	t.Helper()
	t0 := time.Now()
	defer func() { t.Logf("snapshot: %s", time.Since(t0)) }()
	c := exec.Command("pg_dump", "-h", "127.0.0.1", "-p", strconv.Itoa(pgs.Port), "-U", "postgres", "--schema-only", "--restrict-key=opsctltest", db)
	schema, err := c.Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	var b strings.Builder
	b.Write(schema)
	b.WriteString(pgQuery(t, db, `SELECT string_agg(c.oid::regclass || ': ' || (xpath('/row/s/text()', query_to_xml(format('SELECT count(*) || '' '' || coalesce(sum(hashtextextended(t::text, 0)), 0) AS s FROM %s t', c.oid::regclass), false, true, '')))[1]::text, E'\n' ORDER BY c.oid::regclass::text)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')`))
	return b.String()
}

// pgQuery is the one text value q returns (over pgx: no psql to start).
func pgQuery(t *testing.T, db, q string) string {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, pgs.URL(db))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var s *string
	if err := c.QueryRow(ctx, q).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if s == nil {
		return ""
	}
	return *s
}

func sameSnapshot(t *testing.T, what, before, after string) {
	t.Helper()
	if before == after {
		return
	}
	a, b := strings.Split(before, "\n"), strings.Split(after, "\n")
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			t.Fatalf("%s: the target changed; first difference at line %d:\n before: %s\n after:  %s", what, i+1, x, y)
		}
	}
}

// whenCopying calls f once, as soon as a backend of db runs a COPY into
// table (observed in pg_stat_activity), and reports whether it did.
func whenCopying(t *testing.T, db, table string, f func()) (stop func() bool) {
	ctx, cancel := context.WithCancel(context.Background())
	c, err := pgx.Connect(ctx, pgs.URL(db))
	if err != nil {
		t.Fatal(err)
	}
	fired := make(chan bool, 1)
	go func() {
		defer c.Close(context.Background())
		for ctx.Err() == nil {
			var n int
			c.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY %' AND query LIKE $1", "%"+table+"%").Scan(&n)
			if n > 0 {
				f()
				fired <- true
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
		fired <- false
	}()
	return func() bool { cancel(); return <-fired }
}

// parentState is a_parent's rows, indexes, views and the foreign keys
// pointing at it.
func parentState(t *testing.T, db string) string {
	t.Helper()
	return pgQuery(t, db, `SELECT (SELECT count(*) || ' ' || sum(hashtextextended(t::text, 0)) FROM a_parent t)
		|| ' ' || (SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'a_parent')
		|| ' ' || (SELECT n FROM hand_p) || ' ' || (SELECT count(*) FROM v_parent)
		|| ' ' || (SELECT string_agg(conrelid::regclass || '.' || conname, ',' ORDER BY conname) FROM pg_constraint WHERE confrelid = 'a_parent'::regclass)`)
}

// childState is b_child's rows, indexes, view and the foreign keys
// pointing at it.
func childState(t *testing.T, db string) string {
	return pgQuery(t, db, `SELECT (SELECT count(*) || ' ' || sum(hashtextextended(t::text, 0)) FROM b_child t)
		|| ' ' || (SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'b_child')
		|| ' ' || (SELECT n FROM hand_c)
		|| ' ' || (SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE confrelid = 'b_child'::regclass)`)
}

func killBackends(t *testing.T, db string) {
	out, err := pgs.Psql(db, "-Atc", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
	t.Logf("terminated %s backends %v", strings.TrimSpace(string(out)), err)
}

// A --drop load that fails in any way (the dump cut in the middle of a
// table, a bad value, every PostgreSQL backend killed, Ctrl-C twice) leaves
// the existing database exactly as it was: schema byte for byte (tables,
// indexes, foreign keys pointing at them, views on them) and rows. Before,
// the DROP was committed first: the tables were gone.
func TestLoadDropFailureKeepsOldTables(t *testing.T) {
	atomDB(t)
	p := dump(t, "atom")
	full, _ := os.ReadFile(p)
	db := newPGDB(t)
	url := pgs.URL(db)
	if _, err := migrate.Load(context.Background(), bytes.NewReader(full), migrate.LoadOptions{URL: url, Jobs: 2}); err != nil {
		t.Fatalf("first load: %v", err)
	}
	handMade(t, db)
	before := snapshot(t, db)
	parentBefore := parentState(t, db)
	load := func(ctx context.Context, b []byte, lo migrate.LoadOptions) (*migrate.Report, error) {
		lo.URL, lo.Drop, lo.Jobs = url, true, 2
		t0 := time.Now()
		defer func() { t.Logf("load: %s", time.Since(t0)) }()
		return migrate.Load(ctx, bytes.NewReader(b), lo)
	}

	// cut in the middle of b_child's rows
	i := bytes.Index(full, []byte("INSERT INTO `b_child`"))
	if _, err := load(context.Background(), full[:i+50000], migrate.LoadOptions{}); err == nil {
		t.Fatal("truncated dump: want an error")
	}
	sameSnapshot(t, "truncated dump", before, snapshot(t, db))

	// a bad value: a_parent fails, the other tables are replaced by the
	// same rows and b_child's foreign key to a_parent comes back
	rep, err := load(context.Background(), full, migrate.LoadOptions{Options: migrate.Options{OnNUL: "error"}})
	var pe *migrate.PartialError
	if !errors.As(err, &pe) || len(pe.Failed) != 1 || pe.Failed[0].Name != "a_parent" {
		t.Fatalf("bad value: want a_parent failed, got %v", err)
	}
	for _, tr := range rep.Tables {
		if tr.Table == "a_parent" && tr.Rows != 0 {
			t.Errorf("bad value: a_parent ROWS %d, want 0 (nothing loaded)", tr.Rows)
		}
	}
	// a_parent as it was, with its view, index and the foreign keys to it
	// (b_child's back again); what was hand-made on b_child went with it
	if got := parentState(t, db); got != parentBefore {
		t.Fatalf("bad value: a_parent changed:\n before %s\n after  %s", parentBefore, got)
	}
	if w := strings.Join(rep.Warnings, "\n"); !strings.Contains(w, "view hand_c depended on public.b_child") || strings.Contains(w, "a_parent") {
		t.Errorf("bad value: warnings %s", w)
	}
	// the rest from a clean state again
	if _, err := load(context.Background(), full, migrate.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	handMade(t, db)

	// every backend killed while b_child's rows are copied: b_child
	// fails and stays as it was (what else was killed too, as well)
	childBefore := childState(t, db)
	stop := whenCopying(t, db, "b_child", func() { killBackends(t, db) })
	rep, err = load(context.Background(), full, migrate.LoadOptions{})
	if !stop() {
		t.Fatal("kill: no COPY into b_child seen")
	}
	if !errors.As(err, &pe) {
		t.Fatalf("killed backends: want a failure, got %v", err)
	}
	t.Logf("killed: %v", err)
	for _, tr := range rep.Tables {
		if tr.Table == "b_child" && tr.Err == nil {
			t.Errorf("killed: b_child reported %s", tr.Status)
		}
	}
	if got := childState(t, db); got != childBefore {
		t.Fatalf("killed: b_child changed:\n before %s\n after  %s", childBefore, got)
	}
	if _, err := load(context.Background(), full, migrate.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	handMade(t, db)
	before = snapshot(t, db)

	// Ctrl-C twice (the load's context cancelled) during the same COPY
	ctx, cancel := context.WithCancel(context.Background())
	stop = whenCopying(t, db, "b_child", cancel)
	_, err = load(ctx, full, migrate.LoadOptions{})
	if !stop() || !errors.Is(err, context.Canceled) {
		t.Fatalf("abort: want context.Canceled, got %v", err)
	}
	sameSnapshot(t, "aborted", before, snapshot(t, db))

	// a successful --drop replaces everything and says what CASCADE
	// took that the dump does not define
	rep, err = load(context.Background(), full, migrate.LoadOptions{})
	if err != nil {
		t.Fatalf("--drop: %v", err)
	}
	w := strings.Join(rep.Warnings, "\n")
	for _, want := range []string{"view hand_p depended on public.a_parent", "view hand_c depended on public.b_child", "foreign key other_p_fkey on other depended on public.a_parent", "foreign key other_c_fkey on other depended on public.b_child"} {
		if !strings.Contains(w, want) {
			t.Errorf("--drop warnings lack %q:\n%s", want, w)
		}
	}
	if strings.Contains(w, "v_parent") || strings.Contains(w, "child_parent") {
		t.Errorf("--drop warns about what the dump re-creates:\n%s", w)
	}
	if out, _ := pgs.Psql(db, "-Atc", "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'opsctl_stage%'"); strings.TrimSpace(string(out)) != "0" {
		t.Errorf("staging schemas left behind: %s", out)
	}
}

// A refused load or copy (tables exist, no --drop) changes nothing:
// pg_dump --schema-only is byte-identical before and after. Before, the
// refused load added foreign keys to the existing tables.
func TestRefusalChangesNothing(t *testing.T) {
	atomDB(t)
	p := dump(t, "atom")
	full, _ := os.ReadFile(p)
	db := newPGDB(t)
	if _, err := migrate.Load(context.Background(), bytes.NewReader(full), migrate.LoadOptions{URL: pgs.URL(db)}); err != nil {
		t.Fatalf("first load: %v", err)
	}
	// one table missing: the refused run would have created it
	if out, err := pgs.Psql(db, "-c", "DROP TABLE c_last"); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	before := snapshot(t, db)
	for _, jobs := range []int{1, 3} {
		_, err := migrate.Load(context.Background(), bytes.NewReader(full), migrate.LoadOptions{URL: pgs.URL(db), Jobs: jobs})
		if err == nil || !strings.Contains(err.Error(), "already exists") || !strings.Contains(err.Error(), "nothing was changed") {
			t.Fatalf("load without --drop: want a refusal, got %v", err)
		}
		sameSnapshot(t, "refused load", before, snapshot(t, db))
	}
	// from a pipe (not seekable): the same
	pr, pw, _ := os.Pipe()
	go func() { pw.Write(full); pw.Close() }()
	if _, err := migrate.Load(context.Background(), pr, migrate.LoadOptions{URL: pgs.URL(db)}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("load from a pipe: want a refusal, got %v", err)
	}
	sameSnapshot(t, "refused load from a pipe", before, snapshot(t, db))

	_, err := liveCopy(t, "atom", db, migrate.CopyOptions{})
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("copy without --drop: want a refusal, got %v", err)
	}
	sameSnapshot(t, "refused copy", before, snapshot(t, db))
}

// A --drop copy killed or aborted in the middle of a table leaves that
// table as it was, with its indexes, the views on it and the foreign keys
// pointing at it. Before, every table was dropped before the first row.
func TestCopyDropFailureKeepsOldTable(t *testing.T) {
	atomDB(t)
	db := newPGDB(t)
	opts := migrate.Options{}
	if _, err := liveCopy(t, "atom", db, migrate.CopyOptions{Options: opts}); err != nil {
		t.Fatalf("first copy: %v", err)
	}
	handMade(t, db)
	child := func() string { return childState(t, db) }
	before := child()
	stop := whenCopying(t, db, "b_child", func() { killBackends(t, db) })
	_, err := liveCopy(t, "atom", db, migrate.CopyOptions{Options: opts, Drop: true, Jobs: 1})
	if !stop() || err == nil {
		t.Fatalf("killed copy: want an error (COPY seen), got %v", err)
	}
	if after := child(); after != before {
		t.Fatalf("killed copy: b_child changed:\n before %s\n after  %s", before, after)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stop = whenCopying(t, db, "b_child", cancel)
	my, mdb, _ := migrate.OpenMySQL(myd.URL("atom"))
	defer my.Close()
	_, err = migrate.Copy(ctx, my, mdb, migrate.CopyOptions{Options: opts, URL: pgs.URL(db), Drop: true, Jobs: 1})
	if !stop() || err == nil {
		t.Fatalf("aborted copy: want an error, got %v", err)
	}
	if after := child(); after != before {
		t.Fatalf("aborted copy: b_child changed:\n before %s\n after  %s", before, after)
	}
	if out, _ := pgs.Psql(db, "-Atc", "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'opsctl_stage%'"); strings.TrimSpace(string(out)) != "0" {
		t.Errorf("staging schemas left behind: %s", out)
	}
	// and a --drop copy that completes replaces it, FKs and view back
	rep, err := liveCopy(t, "atom", db, migrate.CopyOptions{Options: opts, Drop: true, Jobs: 2})
	if err != nil {
		t.Fatalf("--drop copy: %v", err)
	}
	if w := strings.Join(rep.Warnings, "\n"); !strings.Contains(w, "view hand_c depended on public.b_child") {
		t.Errorf("--drop copy warnings: %s", w)
	}
	if out, _ := pgs.Psql(db, "-Atc", "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'b_child'::regclass AND confrelid = 'a_parent'::regclass"); strings.TrimSpace(string(out)) != "1" {
		t.Errorf("b_child's foreign key after --drop copy: %s", out)
	}
}

// What mysqldump writes when it stops at its first error (here error 1449
// on a view whose DEFINER does not exist): a header and no table. Loading
// it, or a complete dump cut after a whole table, is an error that says
// so, and nothing is created. Before, both loaded with exit 0.
func TestLoadEmptyOrCutDump(t *testing.T) {
	atomDB(t)
	if _, err := mysqlExec("", "-e", "DROP DATABASE IF EXISTS broken; CREATE DATABASE broken; CREATE TABLE broken.t (id int); CREATE DEFINER=`gone`@`localhost` VIEW broken.v AS SELECT 1 AS one;"); err != nil {
		t.Fatal(err)
	}
	c := exec.Command("mariadb-dump", append(append(myd.Args(), "--default-character-set=utf8mb4"), "broken")...)
	empty, err := c.Output()
	if err == nil {
		t.Fatalf("mariadb-dump of a view with a missing DEFINER succeeded:\n%s", empty)
	}
	full, _ := os.ReadFile(dump(t, "atom"))
	i := bytes.Index(full, []byte("--\n-- Table structure for table `c_last`"))
	if i < 0 {
		t.Fatal("no c_last in the dump")
	}
	for name, b := range map[string][]byte{"stopped at error 1449": empty, "cut after a table": full[:i]} {
		db := newPGDB(t)
		_, err := migrate.Load(context.Background(), bytes.NewReader(b), migrate.LoadOptions{URL: pgs.URL(db)})
		if err == nil {
			t.Errorf("%s: want an error", name)
			continue
		}
		t.Logf("%s: %v", name, err)
		if n := pgQuery(t, db, "SELECT count(*)::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"); n != "0" {
			t.Errorf("%s: %s relations created", name, n)
		}
	}
}
