package cutover

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/migrate"
)

// TestMySQLPGLab runs the database side against a real MariaDB and
// PostgreSQL: preflight's lists, both quiesce methods, the schema proof,
// copy / copied / verify, and a table in the way.
func TestMySQLPGLab(t *testing.T) {
	my, pg, db := startDBs(t)
	if _, err := db.Exec(`CREATE DATABASE app; USE app;
CREATE TABLE users (id int PRIMARY KEY AUTO_INCREMENT, name varchar(50), born date);
INSERT INTO users (name, born) VALUES ('Zoë', '1990-01-02'), ('bob', '0000-00-00'), (NULL, NULL);
CREATE TABLE log (at datetime, msg text);
INSERT INTO log VALUES ('2026-01-01 00:00:00', 'a'), ('2026-01-01 00:00:00', 'a');
CREATE PROCEDURE bump() SELECT name FROM users;
CREATE TRIGGER users_bi BEFORE INSERT ON users FOR EACH ROW SET NEW.name = TRIM(@who)`); err != nil {
		t.Fatal(err)
	}
	m := &MySQLPG{From: my.URL("app"), To: pg.URL("app"), Jobs: 2,
		DiskFree: func(ctx context.Context, dir string) (uint64, error) { return 1 << 40, nil }}
	ctx := context.Background()

	pf, err := m.Preflight(ctx)
	if err != nil {
		t.Fatal(err)
	}
	acc := strings.Join(pf.Accept, "\n")
	if want := "table app.log has no primary key"; !strings.Contains(acc, want) {
		t.Errorf("preflight accept list lacks %q:\n%s", want, acc)
	}
	// The procedure and the trigger would not migrate: an incomplete
	// database is refused unless cutover.accept_missing lists them.
	if b := strings.Join(pf.Blockers, "\n"); !strings.Contains(b, "database incomplete: 2 object(s) would not migrate (procedure bump, trigger users_bi)") || !strings.Contains(b, "cutover.accept_missing") {
		t.Errorf("preflight blockers: %q", pf.Blockers)
	}
	m.AcceptMissing = []string{"users_bi"}
	if pf, err = m.Preflight(ctx); err != nil || len(pf.Blockers) != 1 || !strings.Contains(pf.Blockers[0], "1 object(s) would not migrate (procedure bump)") {
		t.Fatalf("preflight, trigger accepted: %v %q", err, pf.Blockers)
	}
	m.AcceptMissing = []string{"users_bi", "procedure:bump"}
	if pf, err = m.Preflight(ctx); err != nil {
		t.Fatal(err)
	}
	if w := strings.Join(pf.Warnings, "\n"); !strings.Contains(w, "procedure public.bump (line 2: SELECT without INTO returns a result set to the client") || !strings.Contains(w, "by hand)) will not migrate (accepted: cutover.accept_missing)") {
		t.Errorf("preflight warnings: %s", w)
	}
	if strings.Contains(acc, "bump") || strings.Contains(acc, "users_bi") {
		t.Errorf("preflight lists translated objects:\n%s", acc)
	}
	if len(pf.Blockers) > 0 || !strings.Contains(strings.Join(pf.Facts, "\n"), "2 table(s) to copy") {
		t.Errorf("preflight: %+v", pf)
	}

	// Quiesce: the lab's MariaDB runs without a binary log.
	if _, _, err := m.WriteMark(ctx, "binlog"); err == nil || !strings.Contains(err.Error(), "binary log is off") {
		t.Errorf("binlog mark: %v", err)
	}
	m1, used, err := m.WriteMark(ctx, "auto")
	if err != nil || used != "checksum" {
		t.Fatalf("auto: %v %s", err, used)
	}
	if _, err := db.Exec("INSERT INTO app.users (name) VALUES ('new')"); err != nil {
		t.Fatal(err)
	}
	m2, _, _ := m.WriteMark(ctx, "checksum")
	m3, _, _ := m.WriteMark(ctx, "checksum")
	if m1 == m2 || m2 != m3 {
		t.Errorf("checksum marks: %q %q %q", m1, m2, m3)
	}

	if d, err := m.ProveSchema(ctx); err != nil || !strings.Contains(d, "2 table(s)") {
		t.Fatalf("schema proof: %v %s", err, d)
	}
	if out, _ := pg.Psql("app", "-Atc", "SELECT count(*) FROM pg_namespace WHERE nspname = 'opsctl_cutover_schema_check'"); strings.TrimSpace(string(out)) != "0" {
		t.Errorf("scratch schema left behind: %s", out)
	}

	if ok, _, _ := m.Copied(ctx); ok {
		t.Fatal("copied before the copy")
	}
	var warns []string
	rc := &RunContext{Stop: ctx, Warn: func(f string, a ...any) { warns = append(warns, f) }, Progress: func(string, ...any) {}}
	if d, err := m.Copy(ctx, rc); err != nil || !strings.Contains(d, "2 table(s)") {
		t.Fatalf("copy: %v %s", err, d)
	}
	if ok, d, err := m.Copied(ctx); !ok || err != nil {
		t.Fatalf("copied: %v %s %v", ok, d, err)
	}
	if d, err := m.Verify(ctx, rc); err != nil || !strings.Contains(d, "every row and column equal") {
		t.Fatalf("verify: %v %s", err, d)
	}
	if out, err := pg.Psql("app", "-c", "UPDATE users SET name = 'Zoe' WHERE id = 1"); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	if _, err := m.Verify(ctx, rc); err == nil || !strings.Contains(err.Error(), `key 1 column name mysql="Zoë" pg="Zoe"`) {
		t.Fatalf("verify after damage: %v", err)
	}
	// A second copy replaces the first (tables made by opsctl).
	if _, err := m.Copy(ctx, rc); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Verify(ctx, rc); err != nil {
		t.Fatal(err)
	}

	// The dump method: mariadb-dump streamed into migrate.Load, replacing
	// the copied tables; Copied reads its own marker.
	md := &MySQLPG{From: my.URL("app"), To: pg.URL("app"), Method: "dump", AcceptMissing: m.AcceptMissing}
	if d, err := md.Copy(ctx, rc); err != nil || !strings.Contains(d, "2 table(s), 6 rows from a mariadb-dump dump") {
		t.Fatalf("dump copy: %v %q", err, d)
	}
	if ok, d, err := md.Copied(ctx); !ok || err != nil {
		t.Fatalf("dump copied: %v %s %v", ok, d, err)
	}
	if _, err := md.Verify(ctx, rc); err != nil {
		t.Fatalf("verify after the dump load: %v", err)
	}
	bad := &MySQLPG{From: my.URL("app"), To: pg.URL("app"), Method: "dump", DumpCommand: "echo 'CREATE TABLE x (' ; echo oops >&2; exit 2"}
	if _, err := bad.Copy(ctx, rc); err == nil {
		t.Fatal("a failing dump command: want an error")
	}

	// A table in the way that opsctl did not make blocks preflight.
	if err := pg.CreateDB("other"); err != nil {
		t.Fatal(err)
	}
	if out, err := pg.Psql("other", "-c", "CREATE TABLE users (id int)"); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	m2pg := &MySQLPG{From: my.URL("app"), To: pg.URL("other"), Filter: migrate.TableFilter{Include: []string{"users"}}}
	pf, err = m2pg.Preflight(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b := strings.Join(pf.Blockers, "\n"); !strings.Contains(b, "already exist in PostgreSQL and were not made by opsctl (public.users)") {
		t.Errorf("blockers: %q", b)
	}
	if w := strings.Join(pf.Warnings, "\n"); !strings.Contains(w, "free disk space on the PostgreSQL host not checked") {
		t.Errorf("warnings: %q", w)
	}
}

// TestQuiesceBinlogLab: with the binary log on (as on a production
// primary), auto picks the binlog position; quiesce waits out a write.
func TestQuiesceBinlogLab(t *testing.T) {
	lab.SkipShort(t)
	lab.RequireRoot(t)
	lab.Require(t, "mariadbd", "mariadb-install-db")
	l := lab.NewT(t)
	my, err := l.StartMariaDBOpts(lab.MariaDBOptions{Binlog: true})
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", my.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE app; CREATE TABLE app.t (id int PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	m := &MySQLPG{From: my.URL("app"), To: "postgres://unused@127.0.0.1:1/x"}
	ctx := context.Background()
	m1, used, err := m.WriteMark(ctx, "auto")
	if err != nil || used != "binlog" || !strings.Contains(m1, "my-bin.") {
		t.Fatalf("auto: %q %s %v", m1, used, err)
	}
	if _, err := db.Exec("INSERT INTO app.t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	if m2, _, _ := m.WriteMark(ctx, "binlog"); m2 == m1 {
		t.Fatalf("the binlog position did not move: %s", m2)
	}
	// quiesce: one write while waiting (once it took its first mark)
	// restarts the clock: it ends a stable period after that write.
	start := time.Now()
	marked := make(chan struct{})
	wrote := make(chan time.Duration, 1)
	go func() {
		<-marked
		wrote <- time.Since(start) // the write comes after this
		db.Exec("INSERT INTO app.t VALUES (2)")
	}()
	var progress []string
	rc := &RunContext{Stop: ctx, Warn: func(string, ...any) {}, Progress: func(f string, a ...any) {
		if len(progress) == 0 {
			close(marked)
		}
		progress = append(progress, fmt.Sprintf(f, a...))
	}}
	d, err := quiesce(ctx, rc, Config{QuiesceMethod: "auto", QuiesceStable: 500 * time.Millisecond, QuiesceTimeout: 10 * time.Second, QuiescePoll: 50 * time.Millisecond}, m)
	took, w := time.Since(start), <-wrote
	if err != nil || !strings.Contains(d, "binlog; 1 change(s)") || took < w+500*time.Millisecond {
		t.Fatalf("quiesce: %v %q after %s (the write at %s)\n%s", err, d, took, w, strings.Join(progress, "\n"))
	}
	// Writes that never stop: the timeout says what to look for.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for i := 3; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
				db.Exec("INSERT INTO app.t VALUES (?)", i)
			}
		}
	}()
	_, err = quiesce(ctx, rc, Config{QuiesceMethod: "binlog", QuiesceStable: 400 * time.Millisecond, QuiesceTimeout: time.Second, QuiescePoll: 50 * time.Millisecond}, m)
	if err == nil || !strings.Contains(err.Error(), "MySQL still takes writes after 1s") || !strings.Contains(err.Error(), "SHOW PROCESSLIST") {
		t.Fatalf("endless writes: %v", err)
	}
}

// startDBs starts a MariaDB and a PostgreSQL (with an empty database
// "app") for a test and opens MySQL without a default database.
func startDBs(t *testing.T) (*lab.MariaDB, *lab.Postgres, *sql.DB) {
	t.Helper()
	lab.SkipShort(t)
	lab.RequireRoot(t)
	lab.Require(t, "mariadbd", "mariadb-install-db", "/usr/lib/postgresql/15/bin/postgres", "psql")
	l := lab.NewT(t)
	my := lab.StartMariaDBT(t, l)
	pg := lab.StartPostgresT(t, l)
	if err := pg.CreateDB("app"); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", my.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return my, pg, db
}
