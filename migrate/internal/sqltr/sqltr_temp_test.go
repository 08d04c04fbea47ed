package sqltr

import (
	"strings"
	"testing"
)

func proc(name, text string) *Object { return &Object{Kind: "PROCEDURE", Name: name, Text: text} }

// Temporary tables in a routine become pg_temp tables that the statements
// after the CREATE read and write (they hide a table of the same name, as
// in MySQL); what cannot be exact is refused with its line.
func TestTranslateTemporaryTables(t *testing.T) {
	res := trObjects(t, trTables, proc("p", "CREATE PROCEDURE `p`(IN lim int, OUT n int)\nBEGIN\n"+
		"  DROP TEMPORARY TABLE IF EXISTS t;\n"+
		"  CREATE TEMPORARY TABLE t (k int NOT NULL PRIMARY KEY, s varchar(10), v int DEFAULT 0, KEY (s));\n"+
		"  INSERT INTO t (k, s) SELECT id, s FROM t2;\n"+
		"END"))
	// t2 is unknown: refused, with the line
	if len(res.Untranslated) != 1 || res.Untranslated[0].Line != 5 || !strings.Contains(res.Untranslated[0].Reason, "unknown table t2") {
		t.Fatalf("want an unknown-table refusal at line 5: %+v", res.Untranslated)
	}
	res = trObjects(t, trTables, proc("p", "CREATE PROCEDURE `p`(IN lim int, OUT n int)\nBEGIN\n"+
		"  DROP TEMPORARY TABLE IF EXISTS t;\n"+
		"  CREATE TEMPORARY TABLE t (k int NOT NULL PRIMARY KEY, s varchar(10), v int DEFAULT 0, KEY (s));\n"+
		"  INSERT INTO t (k, s) SELECT city_id, city FROM city WHERE city_id > lim;\n"+
		"  SELECT COUNT(*) INTO n FROM t WHERE v = 0;\n"+
		"  DROP TEMPORARY TABLE t;\n"+
		"END"))
	if len(res.Untranslated) > 0 {
		t.Fatal(res.Untranslated)
	}
	sql := strings.Join(res.Stmts[len(res.Stmts)-1].SQL, "\n")
	t.Log(sql)
	for _, want := range []string{
		`DROP TABLE IF EXISTS "pg_temp"."t";`,
		`CREATE TEMPORARY TABLE "pg_temp"."t" ("k" integer NOT NULL, "s" varchar(10), "v" integer DEFAULT 0, PRIMARY KEY ("k"));`,
		`INSERT INTO "pg_temp"."t"`,
		`FROM "pg_temp"."t"`,
		`DROP TABLE "pg_temp"."t";`,
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("missing %s", want)
		}
	}
	// the temporary table hides the real one of the same name
	res = trObjects(t, trTables, proc("p", "CREATE PROCEDURE `p`(OUT n int)\nBEGIN\n"+
		"  CREATE TEMPORARY TABLE city (x int);\n"+
		"  SELECT COUNT(*) INTO n FROM city;\n"+
		"END"))
	if len(res.Untranslated) > 0 || !strings.Contains(strings.Join(res.Stmts[len(res.Stmts)-1].SQL, " "), `FROM "pg_temp"."city"`) {
		t.Errorf("the temporary city must hide the table: %+v %v", res.Untranslated, res.Stmts)
	}
	for _, c := range []struct{ body, why string }{
		{"CREATE TEMPORARY TABLE t (s varchar(5) PRIMARY KEY)", "key on text column s"},
		{"CREATE TEMPORARY TABLE t (e enum('a','b'))", "type enum"},
		{"CREATE TEMPORARY TABLE t (k int AUTO_INCREMENT PRIMARY KEY)", "AUTO_INCREMENT"},
		{"CREATE TEMPORARY TABLE t (d date DEFAULT '2020-01-01')", "DEFAULT '2020-01-01'"},
		{"CREATE TEMPORARY TABLE t AS SELECT * FROM city", "LIKE/SELECT"},
		{"CREATE TABLE t (k int)", "only CREATE TEMPORARY TABLE"},
		{"DROP TABLE city", "only DROP TEMPORARY TABLE"},
	} {
		res := trObjects(t, trTables, proc("p", "CREATE PROCEDURE `p`()\nBEGIN\n  "+c.body+";\nEND"))
		if len(res.Untranslated) != 1 || res.Untranslated[0].Line != 3 || !strings.Contains(res.Untranslated[0].Reason, c.why) {
			t.Errorf("%s: want refused at line 3 (%s), got %+v", c.body, c.why, res.Untranslated)
		}
	}
}
