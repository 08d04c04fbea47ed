package cutover

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestPrecopyLab: against a real MariaDB and PostgreSQL, a precopy records
// the tables that took no write during it (a table written meanwhile is
// not recorded); after a write to a parent table, the window's copy
// copies again only that table and the unrecorded one, keeps the rest,
// puts back the foreign key a kept child table lost to the parent's DROP
// ... CASCADE, and verify passes. A second window copy (a resumed one)
// copies nothing again; a full copy forgets the precopy.
func TestPrecopyLab(t *testing.T) {
	my, pg, db := startDBs(t)
	if _, err := db.Exec(`CREATE DATABASE app; USE app;
CREATE TABLE parent (id int PRIMARY KEY, name varchar(20));
INSERT INTO parent VALUES (1, 'a'), (2, 'b');
CREATE TABLE child (id int PRIMARY KEY, parent_id int NOT NULL, FOREIGN KEY (parent_id) REFERENCES parent (id));
INSERT INTO child VALUES (10, 1), (11, 2), (12, 2);
CREATE TABLE big (id int PRIMARY KEY, v text);
INSERT INTO big SELECT seq, CONCAT('row ', seq) FROM seq_1_to_2000;
CREATE TABLE hot (id int PRIMARY KEY AUTO_INCREMENT, v int);
INSERT INTO hot (v) VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	m := &MySQLPG{From: my.URL("app"), To: pg.URL("app"), Jobs: 2}
	ctx := context.Background()
	var progress []string
	wrote := false
	rc := &RunContext{Stop: ctx, Warn: func(f string, a ...any) { t.Logf("warning: "+f, a...) },
		Progress: func(f string, a ...any) {
			progress = append(progress, fmt.Sprintf(f, a...))
			// A write while the precopy runs: right after its first
			// checksums, before the copy.
			if !wrote && strings.HasPrefix(f, "checksums before") {
				wrote = true
				if _, err := db.Exec("INSERT INTO app.hot (v) VALUES (2)"); err != nil {
					t.Error(err)
				}
			}
		}}
	d, err := m.Precopy(ctx, rc)
	if err != nil || !strings.Contains(d, "4 table(s)") || !strings.Contains(d, "3 unchanged during their copy (recorded), 1 written meanwhile (copied again in the window: app.hot)") {
		t.Fatalf("precopy: %v %q\n%s", err, d, strings.Join(progress, "\n"))
	}
	recorded := func() string {
		out, err := pg.Psql("app", "-Atc", "SELECT string_agg(tbl || ':' || (finished IS NULL)::text, ',' ORDER BY tbl) FROM "+precopyTable)
		if err != nil {
			t.Fatalf("%v %s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if r := recorded(); r != "public.big:false,public.child:false,public.parent:false" {
		t.Errorf("recorded after the precopy: %q", r)
	}

	// In the window: one more write, to the parent.
	if _, err := db.Exec("UPDATE app.parent SET name = 'B' WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	rc.Progress = func(string, ...any) {}
	d, err = m.CopyChanged(ctx, rc)
	if err != nil || !strings.Contains(d, "2 table(s) unchanged since the precopy, 2 re-copied") || !strings.Contains(d, "app.hot, app.parent") {
		t.Fatalf("window copy: %v %q", err, d)
	}
	if out, _ := pg.Psql("app", "-Atc", "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'child'::regclass"); strings.TrimSpace(string(out)) != "1" {
		t.Errorf("foreign key of the kept child table: %s", out)
	}
	if ok, d, err := m.Copied(ctx); !ok || err != nil {
		t.Fatalf("copied: %v %s %v", ok, d, err)
	}
	if d, err := m.Verify(ctx, rc); err != nil || !strings.Contains(d, "4 table(s)") {
		t.Fatalf("verify: %v %s", err, d)
	}
	if r := recorded(); r != "public.big:false,public.child:false,public.hot:false,public.parent:false" {
		t.Errorf("recorded after the window copy: %q", r)
	}
	// Again (a resumed window): nothing changed, nothing copied.
	rc.Retry = true
	if d, err := m.CopyChanged(ctx, rc); err != nil || !strings.Contains(d, "4 table(s) unchanged since the precopy, 0 re-copied") {
		t.Fatalf("second window copy: %v %q", err, d)
	}
	// A window copy that stopped after marking big as changed (copy state
	// removed, record pending) but before copying it: the retry copies big
	// again, and only big.
	if out, err := pg.Psql("app", "-c", "DELETE FROM opsctl_migrate_state WHERE tbl = 'public.big'; UPDATE "+precopyTable+" SET finished = NULL WHERE tbl = 'public.big'"); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	if d, err := m.CopyChanged(ctx, rc); err != nil || !strings.Contains(d, "3 table(s) unchanged since the precopy, 1 re-copied (2000 rows)") {
		t.Fatalf("window copy retried: %v %q", err, d)
	}
	if r := recorded(); r != "public.big:false,public.child:false,public.hot:false,public.parent:false" {
		t.Errorf("recorded after the retried window copy: %q", r)
	}
	// A full copy forgets the precopy: the next window copy copies all.
	rc.Retry = false
	if _, err := m.Copy(ctx, rc); err != nil {
		t.Fatal(err)
	}
	if d, err := m.CopyChanged(ctx, rc); err != nil || !strings.Contains(d, "0 table(s) unchanged since the precopy, 4 re-copied") {
		t.Fatalf("window copy without a precopy: %v %q", err, d)
	}
	if _, err := m.Verify(ctx, rc); err != nil {
		t.Fatal(err)
	}
}
