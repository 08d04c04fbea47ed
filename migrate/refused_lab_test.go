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

// The callers of a routine that is not migrated are not migrated either,
// and say which routine: whether the translator refused the routine
// (f_var reads a user variable) or PostgreSQL refused to create it at load
// time (here: g, because the target already has a function g(integer)
// returning text). PL/pgSQL resolves a call only when it runs, so a
// trigger or routine calling g would be created fine and fail later, in
// production, and a view would bind to the old g: none of them is
// created; each is listed with the reason, and the report is incomplete.
// On every path: load, load --single-transaction, copy, convert | psql.
func TestCallersOfRefusedRoutines(t *testing.T) {
	servers(t)
	if _, err := mysqlExec("", "-e", "DROP DATABASE IF EXISTS refused; CREATE DATABASE refused; USE refused;"+`
CREATE TABLE t (id int PRIMARY KEY, a int);
INSERT INTO t VALUES (1, 10), (2, 20);
DELIMITER ;;
CREATE FUNCTION f_var(n int) RETURNS int READS SQL DATA
BEGIN
  SET @last = n;
  RETURN n;
END;;
CREATE FUNCTION g(n int) RETURNS int DETERMINISTIC
BEGIN
  RETURN n * 2;
END;;
CREATE FUNCTION h(n int) RETURNS int DETERMINISTIC
BEGIN
  RETURN g(n) + 1;
END;;
CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.a = g(NEW.a);;
DELIMITER ;
CREATE VIEW v_var AS SELECT id, f_var(a) AS x FROM t;
CREATE VIEW v_g AS SELECT id, g(a) AS x FROM t;
CREATE VIEW v_ok AS SELECT id, a FROM t;`); err != nil {
		t.Fatal(err)
	}
	p := dump(t, "--routines", "--triggers", "refused")
	// the target's own g(integer), which PostgreSQL will not replace
	target := func(t *testing.T) string {
		db := newPGDB(t)
		if o, err := pgs.Psql(db, "-v", "ON_ERROR_STOP=1", "-c", "CREATE FUNCTION public.g(n integer) RETURNS text LANGUAGE sql AS $$SELECT 'old'$$"); err != nil {
			t.Fatalf("psql: %v\n%s", err, o)
		}
		return db
	}
	wantWhy := map[string]string{
		"view public.v_var":     "calls function f_var, which is not migrated",
		"view public.v_g":       "calls function g, which is not migrated (PostgreSQL refused it)",
		"function public.h":     "calls function g, which is not migrated (PostgreSQL refused it)",
		"trigger public.t_bi":   "calls function g, which is not migrated (PostgreSQL refused it)",
		"function public.f_var": "user variable @last is not translated (session state)",
		"function public.g":     "PostgreSQL refused it: ",
	}
	checkReport := func(t *testing.T, rep *migrate.Report) {
		t.Helper()
		got := map[string]string{}
		for _, u := range rep.Untranslated {
			got[u.Kind+" "+u.Ref()] = u.Reason
		}
		for k, w := range wantWhy {
			if !strings.Contains(got[k], w) {
				t.Errorf("%s: reason %q, want %q", k, got[k], w)
			}
		}
		if len(got) != len(wantWhy) {
			t.Errorf("not migrated: %v", got)
		}
		if !migrate.IsIncomplete(rep.Incomplete()) {
			t.Errorf("the report does not say incomplete")
		}
	}
	// in PostgreSQL: the old g untouched, none of its callers, v_ok there
	checkPG := func(t *testing.T, db string) {
		t.Helper()
		got := pgQuery(t, db, `SELECT string_agg(x, ' ' ORDER BY x) FROM (
  SELECT 'view:' || viewname AS x FROM pg_views WHERE schemaname = 'public'
  UNION ALL SELECT 'fn:' || proname || ':' || format_type(prorettype, NULL) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE nspname = 'public' AND (proname IN ('g', 'h', 'f_var') OR proname LIKE 't\_bi%')
  UNION ALL SELECT 'trigger:' || tgname FROM pg_trigger WHERE NOT tgisinternal) s`)
		if want := "fn:g:text view:v_ok"; got != want {
			t.Errorf("in PostgreSQL: %s, want %s", got, want)
		}
	}
	ctx := context.Background()
	t.Run("load", func(t *testing.T) {
		db := target(t)
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rep, err := migrate.Load(ctx, f, migrate.LoadOptions{URL: pgs.URL(db)})
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		checkReport(t, rep)
		checkPG(t, db)
	})
	t.Run("single-transaction", func(t *testing.T) {
		db := target(t)
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rep, err := migrate.Load(ctx, f, migrate.LoadOptions{URL: pgs.URL(db), SingleTx: true})
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		checkReport(t, rep)
		checkPG(t, db)
	})
	t.Run("copy", func(t *testing.T) {
		db := target(t)
		rep, err := liveCopy(t, "refused", db, migrate.CopyOptions{})
		if err != nil {
			t.Fatalf("copy: %v", err)
		}
		checkReport(t, rep)
		checkPG(t, db)
	})
	t.Run("convert", func(t *testing.T) {
		db := target(t)
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out := filepath.Join(t.TempDir(), "out.sql")
		w, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := migrate.Convert(ctx, f, w, migrate.Options{})
		w.Close()
		if err != nil {
			t.Fatalf("convert: %v", err)
		}
		// a script cannot know what PostgreSQL will refuse: the report
		// lists what the translator refused; psql warns about the rest
		var names []string
		for _, u := range rep.Untranslated {
			names = append(names, u.Kind+" "+u.Ref())
		}
		sort.Strings(names)
		if got := strings.Join(names, ", "); got != "function public.f_var, view public.v_var" {
			t.Errorf("convert lists %s", got)
		}
		o, err := pgs.Psql(db, "-v", "ON_ERROR_STOP=1", "-f", out)
		if err != nil {
			t.Fatalf("psql: %v\n%s", err, o)
		}
		for _, w := range []string{"function public.g not migrated", "view public.v_g not migrated: it calls a routine PostgreSQL refused", "trigger public.t_bi not migrated: it calls a routine PostgreSQL refused"} {
			if !strings.Contains(string(o), w) {
				t.Errorf("psql says no %q:\n%s", w, o)
			}
		}
		checkPG(t, db)
	})
}
