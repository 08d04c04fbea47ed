package migrate_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/opsctl/opsctl/migrate"
)

func liveCopy(t *testing.T, myDB, pgdb string, co migrate.CopyOptions) (*migrate.Report, error) {
	t.Helper()
	my, db, err := migrate.OpenMySQL(myd.URL(myDB))
	if err != nil {
		t.Fatal(err)
	}
	defer my.Close()
	co.URL = pgs.URL(pgdb)
	return migrate.Copy(context.Background(), my, db, co)
}

func TestCopyCorpusLive(t *testing.T) {
	servers(t)
	pgdb := newPGDB(t)
	opts := corpusOpts()
	rep, err := liveCopy(t, "shop", pgdb, migrate.CopyOptions{Options: opts, Jobs: 3})
	if err != nil {
		for _, tr := range rep.Tables {
			t.Logf("%s %s %v", tr.MyTable, tr.Status, tr.Err)
		}
		t.Fatalf("copy: %v", err)
	}
	if len(rep.Tables) != 9 {
		t.Fatalf("want 9 tables, got %d", len(rep.Tables))
	}
	var zero int64
	for _, tr := range rep.Tables {
		if tr.MyTable == "shop.times" {
			for _, n := range tr.Changed["d"] {
				zero += n
			}
		}
	}
	if zero != 2 {
		t.Errorf("times.d: want 2 zero dates reported, got %d (%v)", zero, rep.Tables)
	}
	check(t, rep, pgdb, opts)
	if _, err := runVerify(t, pgdb, migrate.VerifyOptions{Options: opts, AcceptMissing: []string{"trg_docs", "procedure:p_hello"}}); err != nil {
		t.Fatalf("verify after copy: %v", err)
	}
	postLoadChecks(t, pgdb) // (changes rows: after verify)
	// a second copy refuses; --resume has nothing left to do
	if _, err := liveCopy(t, "shop", pgdb, migrate.CopyOptions{Options: opts}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second copy: want refusal, got %v", err)
	}
	rep, err = liveCopy(t, "shop", pgdb, migrate.CopyOptions{Options: opts, Resume: true})
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	for _, tr := range rep.Tables {
		if tr.Status != "skipped" {
			t.Errorf("resume: %s %s, want skipped", tr.MyTable, tr.Status)
		}
	}
}

// The PostgreSQL connections are killed in the middle of a big table:
// the copy fails loudly, --resume finishes, verify passes.
func TestCopyKilledThenResumed(t *testing.T) {
	servers(t)
	if _, err := mysqlExec("", "-e", `DROP DATABASE IF EXISTS big; CREATE DATABASE big;
CREATE TABLE big.small (id int PRIMARY KEY, v varchar(10));
INSERT INTO big.small VALUES (1,'a'),(2,'b');
CREATE TABLE big.rows (id int PRIMARY KEY, v varchar(200), n double, d datetime);
INSERT INTO big.rows SELECT seq, repeat('x', 150), seq / 7, '2024-01-01' + INTERVAL seq SECOND FROM big.seq_1_to_200000;
ANALYZE TABLE big.rows;`); err != nil {
		t.Fatal(err)
	}
	pgdb := newPGDB(t)
	var once sync.Once
	co := migrate.CopyOptions{Jobs: 2, ChunkRows: 50000}
	// Synchronously, from the reader's progress event: the range being
	// read is certainly in flight when its PostgreSQL backend dies.
	co.OnEvent = func(e migrate.Event) {
		if e.Is(migrate.EvRows) && e.Table == "public.rows" && e.Rows > 0 {
			once.Do(func() {
				out, err := pgs.Psql(pgdb, "-Atc", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
				t.Logf("terminated %s %v", strings.TrimSpace(string(out)), err)
			})
		}
	}
	rep, err := liveCopy(t, "big", pgdb, co)
	if err == nil {
		t.Fatal("copy with killed connections: want an error")
	}
	t.Logf("first run: %v", err)
	var failed bool
	for _, tr := range rep.Tables {
		if tr.MyTable == "big.rows" && tr.Err != nil {
			failed = true
		}
	}
	if !failed && !errors.Is(err, context.Canceled) {
		t.Errorf("big.rows should be reported failed: %+v", rep.Tables)
	}
	co.OnEvent = nil
	co.Resume = true
	rep, err = liveCopy(t, "big", pgdb, co)
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	for _, tr := range rep.Tables {
		if tr.MyTable == "big.rows" && (tr.Status != "ok" || tr.Rows != 200000) {
			t.Errorf("resume: big.rows %s %d rows", tr.Status, tr.Rows)
		}
	}
	vo := migrate.VerifyOptions{ChunkRows: 20000, Jobs: 2}
	dbs, err := migrate.OpenVerify(context.Background(), myd.URL("big"), pgs.URL(pgdb), vo, migrate.TableFilter{})
	if err != nil {
		t.Fatal(err)
	}
	defer dbs.Close()
	res, err := migrate.Verify(context.Background(), dbs.MySQL, dbs.PG, dbs.Tables, vo)
	if err != nil {
		t.Fatalf("verify after resume: %v %+v", err, res)
	}
}

// OpenVerify refuses input that names nothing to verify (a usage error)
// and opens both real servers otherwise.
func TestOpenVerify(t *testing.T) {
	servers(t)
	pgdb := newPGDB(t)
	ctx := context.Background()
	vo := migrate.VerifyOptions{Jobs: 1}
	_, err := migrate.OpenVerify(ctx, myd.URL("crm"), pgs.URL(pgdb), vo, migrate.TableFilter{Include: []string{"no_such_*"}})
	var ie *migrate.InputError
	if !errors.As(err, &ie) || !ie.Usage() || !strings.Contains(err.Error(), "no tables selected") {
		t.Fatalf("no table selected: %v", err)
	}
	if _, err := migrate.OpenVerify(ctx, "mysql://nodb", pgs.URL(pgdb), vo, migrate.TableFilter{}); !errors.As(err, &ie) {
		t.Fatalf("bad MySQL URL: %v", err)
	}
	dbs, err := migrate.OpenVerify(ctx, myd.URL("crm"), pgs.URL(pgdb), vo, migrate.TableFilter{})
	if err != nil {
		t.Fatal(err)
	}
	defer dbs.Close()
	if len(dbs.Tables) == 0 || dbs.PG.Ping(ctx) != nil || dbs.MySQL.PingContext(ctx) != nil {
		t.Fatalf("opened: %d tables", len(dbs.Tables))
	}
}

// A stop (first Ctrl-C) before any table starts: nothing is copied, the
// report says so, and a --resume run copies everything.
func TestCopyStoppedThenResumed(t *testing.T) {
	servers(t)
	pgdb := newPGDB(t)
	stop, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := liveCopy(t, "crm", pgdb, migrate.CopyOptions{Stop: stop})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped copy: want context.Canceled, got %v", err)
	}
	if len(rep.Tables) != 1 || rep.Tables[0].Status != "skipped" {
		t.Fatalf("stopped copy: %+v", rep.Tables[0])
	}
	if _, err := liveCopy(t, "crm", pgdb, migrate.CopyOptions{Resume: true}); err != nil {
		t.Fatalf("resume: %v", err)
	}
	if out, _ := pgs.Psql(pgdb, "-Atc", "SELECT name FROM contacts WHERE id = 1"); strings.TrimSpace(string(out)) != "Zoë" {
		t.Errorf("contacts after resume: %q", out)
	}
}

// Copying again over tables joined by foreign keys (a rehearsal, then the
// real run) replaces them all: dropped one per worker, two such tables
// deadlocked in PostgreSQL ("drop: deadlock detected").
func TestCopyAgainOverForeignKeys(t *testing.T) {
	servers(t)
	if _, err := mysqlExec("", "-e", `DROP DATABASE IF EXISTS fkweb; CREATE DATABASE fkweb;
CREATE TABLE fkweb.customers (id int PRIMARY KEY, name varchar(20));
CREATE TABLE fkweb.products (id int PRIMARY KEY, sku varchar(20));
CREATE TABLE fkweb.orders (id int PRIMARY KEY, customer int NOT NULL REFERENCES customers (id), product int NOT NULL REFERENCES products (id));
CREATE TABLE fkweb.items (id int PRIMARY KEY, ord int NOT NULL REFERENCES orders (id), product int NOT NULL REFERENCES products (id));
CREATE TABLE fkweb.notes (id int PRIMARY KEY, ord int REFERENCES orders (id), customer int REFERENCES customers (id));
INSERT INTO fkweb.customers SELECT seq, concat('c', seq) FROM fkweb.seq_1_to_50;
INSERT INTO fkweb.products SELECT seq, concat('p', seq) FROM fkweb.seq_1_to_50;
INSERT INTO fkweb.orders SELECT seq, 1 + seq % 50, 1 + seq % 49 FROM fkweb.seq_1_to_500;
INSERT INTO fkweb.items SELECT seq, 1 + seq % 500, 1 + seq % 50 FROM fkweb.seq_1_to_1000;
INSERT INTO fkweb.notes SELECT seq, 1 + seq % 500, 1 + seq % 50 FROM fkweb.seq_1_to_100;`); err != nil {
		t.Fatal(err)
	}
	pgdb := newPGDB(t)
	for i := 0; i < 6; i++ {
		rep, err := liveCopy(t, "fkweb", pgdb, migrate.CopyOptions{Jobs: 5, Drop: true})
		if err != nil {
			t.Fatalf("copy %d: %v", i+1, err)
		}
		if len(rep.Tables) != 5 {
			t.Fatalf("copy %d: %d tables, want 5", i+1, len(rep.Tables))
		}
	}
	out, err := pgs.Psql(pgdb, "-Atc", "SELECT count(*) FROM pg_constraint WHERE contype = 'f'")
	if err != nil || strings.TrimSpace(string(out)) != "6" {
		t.Fatalf("foreign keys after the last copy: %q %v, want 6", out, err)
	}
}
