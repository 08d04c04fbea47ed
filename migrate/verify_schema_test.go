package migrate_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/migrate"
)

// A database with keys, an FK with an action, a CHECK, defaults, a view,
// a trigger, a function and an event. The copy carries the tables, the
// view, the trigger and the function (the SQL translator), lists the event
// as not migrated (stub written, the report incomplete); once the event is
// accepted, verify passes. Then every kind of gap
// is planted in PostgreSQL and verify names each one.
func TestVerifySchemaFindsPlantedGaps(t *testing.T) {
	servers(t)
	if _, err := mysqlExec("", "-e", "DROP DATABASE IF EXISTS sch; CREATE DATABASE sch; USE sch;"+`
CREATE TABLE parent (id int AUTO_INCREMENT PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'x', code char(3), UNIQUE KEY uq_code (code), KEY ix_name (name));
CREATE TABLE child (id int AUTO_INCREMENT PRIMARY KEY, parent_id int NOT NULL, qty int NOT NULL DEFAULT 1, made datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE, CONSTRAINT chk_qty CHECK (qty > 0));
INSERT INTO parent (name, code) VALUES ('a', 'AAA'), ('b', 'BBB'), ('c', NULL);
INSERT INTO child (parent_id, qty, made) VALUES (1, 2, '2024-01-01 10:00:00'), (1, 3, '2024-01-02 10:00:00'), (2, 5, '2024-01-03 10:00:00');
CREATE VIEW v_child AS SELECT c.id, p.name, c.qty, c.made, c.qty > 2 AS big FROM child c JOIN parent p ON p.id = c.parent_id;
CREATE TRIGGER trg_child BEFORE INSERT ON child FOR EACH ROW SET NEW.qty = NEW.qty;
CREATE FUNCTION f_double(x int) RETURNS int DETERMINISTIC RETURN x * 2;
CREATE EVENT ev_purge ON SCHEDULE EVERY 1 DAY
  DO DELETE FROM child WHERE qty < 0;`); err != nil {
		t.Fatal(err)
	}
	pgdb := newPGDB(t)
	rep, err := liveCopy(t, "sch", pgdb, migrate.CopyOptions{Jobs: 2})
	if err != nil {
		t.Fatalf("copy: %v", err)
	}
	// never silent: each object named, the report says incomplete, stubs
	inc := rep.Incomplete()
	if inc == nil || !migrate.IsIncomplete(inc) {
		t.Fatalf("copy report: want incomplete, got %v", inc)
	}
	var kinds []string
	for _, u := range rep.Untranslated {
		kinds = append(kinds, u.Kind+":"+u.Name)
		if u.Reason == "" || u.Line < 1 || !strings.Contains(u.MySQLText, u.Name) {
			t.Errorf("%s: reason %q line %d text %q", u.Name, u.Reason, u.Line, u.MySQLText)
		}
	}
	sort.Strings(kinds)
	if strings.Join(kinds, " ") != "event:ev_purge" {
		t.Errorf("untranslated: %v", kinds)
	}
	dir := filepath.Join(t.TempDir(), "stubs")
	paths, err := migrate.WriteStubs(dir, rep.Untranslated)
	if err != nil || len(paths) != 1 {
		t.Fatalf("stubs: %v %v", paths, err)
	}
	ev, _ := os.ReadFile(filepath.Join(dir, "public.event.ev_purge.sql"))
	for _, want := range []string{"-- opsctl migrate: event public.ev_purge was NOT migrated", "-- Reason: events have no PostgreSQL equivalent", "-- At line 1", "-- > CREATE DEFINER=", "ENABLE DO DELETE FROM child WHERE qty < 0\n", "cutover.accept_missing: [ev_purge]"} {
		if !strings.Contains(string(ev), want) {
			t.Errorf("event stub lacks %q:\n%s", want, ev)
		}
	}
	mustPsql := func(q string) {
		t.Helper()
		if out, err := pgs.Psql(pgdb, "-v", "ON_ERROR_STOP=1", "-c", q); err != nil {
			t.Fatalf("%s: %v %s", q, err, out)
		}
	}
	vo := migrate.VerifyOptions{AcceptMissing: []string{"event:ev_purge"}}
	res, err := runVerifyDB(t, "sch", pgdb, vo)
	if err != nil {
		for _, r := range res {
			t.Logf("%s %v %+v %+v", r.Table, r.Err, r.Mismatches, r.Gaps)
		}
		t.Fatalf("verify of a complete database: %v", err)
	}
	sch := res[len(res)-1]
	if sch.Table != migrate.SchemaTable || len(sch.Gaps) != 1 || sch.Gaps[0].Kind != "event" || !sch.Gaps[0].Accepted {
		t.Errorf("schema result: %+v", sch.Gaps)
	}
	// without the acceptance the event is a gap
	if _, err := runVerifyDB(t, "sch", pgdb, migrate.VerifyOptions{}); err == nil {
		t.Error("verify: the event not accepted must fail")
	}

	// Plant one gap of each kind.
	mustPsql(`DO $$DECLARE r record; BEGIN
  FOR r IN SELECT indexname FROM pg_indexes WHERE tablename = 'parent' AND indexdef LIKE '%(name)%' LOOP EXECUTE format('DROP INDEX %I', r.indexname); END LOOP;
  FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = 'child'::regclass AND contype IN ('f', 'c') LOOP EXECUTE format('ALTER TABLE child DROP CONSTRAINT %I', r.conname); END LOOP;
  FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = 'parent'::regclass AND contype = 'u' LOOP EXECUTE format('ALTER TABLE parent DROP CONSTRAINT %I', r.conname); END LOOP;
END$$`)
	mustPsql(`DROP VIEW v_child; DROP TRIGGER trg_child ON child; DROP FUNCTION f_double(int);
ALTER TABLE parent ALTER name SET DEFAULT 'y'; ALTER TABLE child ALTER qty DROP NOT NULL; ALTER TABLE parent ALTER code TYPE varchar(3);
SELECT setval(pg_get_serial_sequence('child', 'id'), 2)`)
	res, err = runVerifyDB(t, "sch", pgdb, vo)
	if err == nil {
		t.Fatal("verify: want the planted gaps")
	}
	sch = res[len(res)-1]
	got := map[string]string{}
	for _, g := range sch.Gaps {
		if !g.Accepted {
			got[g.Kind] = g.Object
		}
	}
	for _, kind := range []string{"index", "unique", "foreign_key", "check", "view", "trigger", "routine", "default", "not_null", "type", "identity"} {
		if got[kind] == "" {
			t.Errorf("verify did not report the planted %s gap; gaps: %+v", kind, sch.Gaps)
		}
	}
	if got["identity"] != "public.child.id" || got["type"] != "public.parent.code" || got["default"] != "public.parent.name" || got["view"] != "public.v_child" || got["unique"] != "public.parent.parent_uq_code" {
		t.Errorf("gap objects: %v", got)
	}
	// a view returning other rows is found too
	mustPsql(`CREATE VIEW v_child AS SELECT c.id, p.name, c.qty + 1 AS qty, c.made, c.qty > 2 AS big FROM child c JOIN parent p ON p.id = c.parent_id`)
	res, _ = runVerifyDB(t, "sch", pgdb, vo)
	var rowsGap bool
	for _, g := range res[len(res)-1].Gaps {
		rowsGap = rowsGap || g.Kind == "view_rows" && g.Object == "public.v_child"
	}
	if !rowsGap {
		t.Errorf("view with other rows not reported: %+v", res[len(res)-1].Gaps)
	}
	// a foreign key back with another action, and a column gone
	mustPsql(`ALTER TABLE child ADD CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id); ALTER TABLE parent DROP COLUMN name CASCADE`)
	res, _ = runVerifyDB(t, "sch", pgdb, vo)
	var fkAction, colGone bool
	for _, g := range res[len(res)-1].Gaps {
		fkAction = fkAction || g.Kind == "foreign_key" && strings.HasPrefix(g.Object, "public.child.") && strings.Contains(g.MySQL, "ON DELETE CASCADE") && strings.Contains(g.PG, "ON DELETE NO ACTION")
		colGone = colGone || g.Kind == "column" && g.Object == "public.parent.name" && g.PG == "missing"
	}
	if !fkAction || !colGone {
		t.Errorf("foreign key with another action found: %v, dropped column found: %v; gaps %+v", fkAction, colGone, res[len(res)-1].Gaps)
	}
	// a primary key gone (child's: nothing references it)
	mustPsql(`DO $$DECLARE r record; BEGIN
  FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = 'child'::regclass AND contype = 'p' LOOP EXECUTE format('ALTER TABLE child DROP CONSTRAINT %I', r.conname); END LOOP;
END$$`)
	res, _ = runVerifyDB(t, "sch", pgdb, vo)
	var pkGone bool
	for _, g := range res[len(res)-1].Gaps {
		pkGone = pkGone || g.Kind == "primary_key" && strings.HasPrefix(g.Object, "public.child.") && g.MySQL == "(id)" && g.PG == "missing"
	}
	if !pkGone {
		t.Errorf("dropped primary key not reported: %+v", res[len(res)-1].Gaps)
	}

	// The dump path: the same database loaded from mysqldump, the same
	// objects dropped, the same gaps found.
	p := dump(t, "--routines", "--triggers", "--events", "sch")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fit, err := migrate.Prescan(context.Background(), f, migrate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	dumpDB := newPGDB(t)
	if _, err := migrate.Load(context.Background(), f, migrate.LoadOptions{Options: migrate.Options{Fit: fit}, URL: pgs.URL(dumpDB), Jobs: 2}); err != nil && !migrate.IsIncomplete(err) {
		t.Fatalf("load: %v", err)
	}
	if _, err := runVerifyDB(t, "sch", dumpDB, vo); err != nil {
		t.Fatalf("verify of the loaded database: %v", err)
	}
	if out, err := pgs.Psql(dumpDB, "-v", "ON_ERROR_STOP=1", "-c", `DO $$DECLARE r record; BEGIN
  FOR r IN SELECT indexname FROM pg_indexes WHERE tablename = 'parent' AND indexdef LIKE '%(name)%' LOOP EXECUTE format('DROP INDEX %I', r.indexname); END LOOP;
  FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = 'child'::regclass AND contype = 'f' LOOP EXECUTE format('ALTER TABLE child DROP CONSTRAINT %I', r.conname); END LOOP;
END$$;
DROP VIEW v_child; DROP TRIGGER trg_child ON child; DROP FUNCTION f_double(int)`); err != nil {
		t.Fatalf("plant: %v %s", err, out)
	}
	res, err = runVerifyDB(t, "sch", dumpDB, vo)
	if err == nil {
		t.Fatal("verify of the loaded database: want the planted gaps")
	}
	got = map[string]string{}
	for _, g := range res[len(res)-1].Gaps {
		if !g.Accepted {
			got[g.Kind] = g.Object
		}
	}
	for _, kind := range []string{"index", "foreign_key", "view", "trigger", "routine"} {
		if got[kind] == "" {
			t.Errorf("loaded database: verify did not report the planted %s gap; gaps: %+v", kind, res[len(res)-1].Gaps)
		}
	}
	_ = context.Background
}

// Two triggers on one table and event whose MySQL order (FOLLOWS) is not
// their name order: the translator names them 01_trg_z, 02_trg_a so that
// PostgreSQL fires them in MySQL's order. Verify finds both (it once looked
// them up by their bare names and reported them missing), and still reports
// one dropped.
func TestVerifyFindsOrderedTriggers(t *testing.T) {
	servers(t)
	if _, err := mysqlExec("", "-e", "DROP DATABASE IF EXISTS trgord; CREATE DATABASE trgord; USE trgord;"+`
CREATE TABLE t (id int PRIMARY KEY, v varchar(20) NOT NULL DEFAULT '');
CREATE TABLE u (id int PRIMARY KEY);
INSERT INTO t VALUES (1, 'x');
CREATE TRIGGER trg_z BEFORE INSERT ON t FOR EACH ROW SET NEW.v = CONCAT(NEW.v, 'z');
CREATE TRIGGER trg_a BEFORE INSERT ON t FOR EACH ROW FOLLOWS trg_z SET NEW.v = CONCAT(NEW.v, 'a');
CREATE TRIGGER trg_u BEFORE INSERT ON u FOR EACH ROW SET NEW.id = NEW.id;`); err != nil {
		t.Fatal(err)
	}
	pgdb := newPGDB(t)
	rep, err := liveCopy(t, "trgord", pgdb, migrate.CopyOptions{Jobs: 1})
	if err != nil || len(rep.Untranslated) != 0 {
		t.Fatalf("copy: %v %v", err, rep.Untranslated)
	}
	out, err := pgs.Psql(pgdb, "-At", "-c", "SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE tgrelid = 'public.t'::regclass AND NOT tgisinternal")
	if err != nil || strings.TrimSpace(string(out)) != "01_trg_z,02_trg_a" {
		t.Fatalf("PostgreSQL triggers on t: %q %v (want the order prefixes)", out, err)
	}
	if res, err := runVerifyDB(t, "trgord", pgdb, migrate.VerifyOptions{}); err != nil {
		t.Fatalf("verify of the ordered triggers: %v %+v", err, res[len(res)-1].Gaps)
	}
	// a dropped one is still a gap, and a trigger of the same name on
	// another table does not stand in for it
	if out, err := pgs.Psql(pgdb, "-v", "ON_ERROR_STOP=1", "-c", `DROP TRIGGER "02_trg_a" ON t; CREATE TRIGGER "02_trg_a" BEFORE INSERT ON u FOR EACH ROW EXECUTE FUNCTION trg_u_trg()`); err != nil {
		t.Fatalf("plant: %v %s", err, out)
	}
	res, err := runVerifyDB(t, "trgord", pgdb, migrate.VerifyOptions{})
	if err == nil {
		t.Fatal("verify: the dropped trigger must be a gap")
	}
	var gaps []string
	for _, g := range res[len(res)-1].Gaps {
		gaps = append(gaps, g.Kind+" "+g.Object)
	}
	if strings.Join(gaps, ";") != "trigger public.trg_a" {
		t.Errorf("gaps: %v", gaps)
	}
}
