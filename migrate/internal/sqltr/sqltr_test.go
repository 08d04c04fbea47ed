package sqltr

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/myparse"
)

// trCatalog translates objs against tables given as CREATE TABLEs.
func trObjects(t testing.TB, tables []string, objs ...*Object) Result {
	t.Helper()
	m := &model.Mapping{}
	var defs []*model.Table
	for _, s := range tables {
		tb, err := myparse.ParseCreateTable(s, false)
		if err != nil {
			t.Fatal(err)
		}
		tb.Schema, tb.Name = "public", strings.ToLower(tb.MyName)
		for _, c := range tb.Columns {
			c.Name = strings.ToLower(c.MyName)
			m.Decide(c)
		}
		defs = append(defs, tb)
	}
	for _, o := range objs {
		if o.Schema == "" {
			o.Schema = "public"
		}
	}
	return Translate(m, &model.Namer{}, defs, objs)
}

var trTables = []string{
	"CREATE TABLE `city` (`city_id` int NOT NULL, `city` varchar(50) NOT NULL, `country_id` int NOT NULL, PRIMARY KEY (`city_id`))",
	"CREATE TABLE `country` (`country_id` int NOT NULL, `country` varchar(50) NOT NULL, PRIMARY KEY (`country_id`))",
	"CREATE TABLE `t` (`id` int NOT NULL, `a` int DEFAULT NULL, `s` varchar(10) DEFAULT NULL, `d` date DEFAULT NULL, `ts` datetime DEFAULT NULL, `b` tinyint(1) DEFAULT NULL, `m` decimal(10,2) DEFAULT NULL, PRIMARY KEY (`id`))",
}

func view(name, body string) *Object { return &Object{Kind: "VIEW", Name: name, Text: body} }

func TestTranslateViewGroupByLeniency(t *testing.T) {
	res := trObjects(t, trTables, view("v", "select concat(`c`.`city`,_utf8mb3',',`cy`.`country`) AS `store`, count(*) AS n from (`city` `c` join `country` `cy` on(`c`.`country_id` = `cy`.`country_id`)) group by `c`.`city_id` order by `cy`.`country`,`c`.`city`"))
	if len(res.Untranslated) > 0 {
		t.Fatal(res.Untranslated)
	}
	sql := res.Stmts[len(res.Stmts)-1].SQL[0]
	t.Log(sql)
	for _, want := range []string{`GROUP BY "c"."city_id", ("c"."city"::text COLLATE "public".opsctl_ci), ("cy"."country"::text COLLATE "public".opsctl_ci)`, `NULLS FIRST`} {
		if !strings.Contains(sql, want) {
			t.Errorf("missing %s", want)
		}
	}
}

// BenchmarkTranslateObjects: a schema of 400 objects (100 each of views,
// views on those views, functions with a loop and SELECT INTO, triggers).
//
//	go test ./migrate/internal/sqltr -run XXX -bench BenchmarkTranslateObjects -benchtime 20x
func BenchmarkTranslateObjects(b *testing.B) {
	objs := func() []*Object {
		var out []*Object
		for i := 0; i < 100; i++ {
			out = append(out,
				view(fmt.Sprintf("v%03d", i), "select `t`.`id` AS `id`,concat(`t`.`s`,_utf8mb4'-',`t`.`a`) AS `label`,if(`t`.`b`,'y','n') AS `yn`,date_format(`t`.`d`,'%Y-%m') AS `ym`,timestampdiff(DAY,`t`.`d`,`t`.`ts`) AS `days`,`c`.`city` AS `city` from (`t` join `city` `c` on(`c`.`city_id` = `t`.`a`)) where `t`.`m` > 10 order by `t`.`id` limit 5,10"),
				view(fmt.Sprintf("w%03d", i), fmt.Sprintf("select `v`.`city` AS `city`,group_concat(distinct `v`.`label` order by `v`.`label` ASC separator '; ') AS `labels`,count(0) AS `n` from `v%03d` `v` group by `v`.`city`", i)),
				&Object{Kind: "FUNCTION", Name: fmt.Sprintf("f%03d", i), Text: "CREATE FUNCTION f(n int) RETURNS decimal(10,2) READS SQL DATA\nBEGIN\n  DECLARE s decimal(10,2) DEFAULT 0;\n  DECLARE i int DEFAULT 0;\n  WHILE i < n DO\n    SET i = i + 1;\n    IF i % 2 = 0 THEN SET s = s + i; ELSEIF i > 5 THEN SET s = s - 1; END IF;\n  END WHILE;\n  SELECT IFNULL(SUM(m), 0) + s INTO s FROM t WHERE a = n;\n  RETURN s;\nEND"},
				&Object{Kind: "TRIGGER", Name: fmt.Sprintf("tr%03d", i), Text: "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n  IF NEW.m < 0 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative'; END IF;\n  SET NEW.s = CONCAT(UPPER(LEFT(NEW.s, 1)), SUBSTRING(NEW.s, 2));\n  INSERT INTO city (city_id, city, country_id) VALUES (NEW.id, NEW.s, 1);\nEND"},
			)
		}
		return out
	}
	for i := 0; i < b.N; i++ {
		res := trObjects(b, trTables, objs()...)
		if len(res.Untranslated) > 0 {
			b.Fatal(res.Untranslated[0])
		}
	}
}

// untrOf: "kind name (line N: reason)" of each object not translated.
func untrOf(res Result) map[string]string {
	out := map[string]string{}
	for _, u := range res.Untranslated {
		out[u.Kind+" "+u.Name] = fmt.Sprintf("line %d: %s", u.Line, u.Reason)
	}
	return out
}

// Found on openSIS and the employees sample: a routine, view or trigger
// calling a routine that is not migrated was created anyway (PL/pgSQL
// resolves a call when it runs: the caller failed later, in production).
func TestTranslateCallersOfUntranslated(t *testing.T) {
	fn := func(name, text string) *Object { return &Object{Kind: "FUNCTION", Name: name, Text: text} }
	res := trObjects(t, trTables,
		// a calls b, which comes later and is not translated
		fn("a", "CREATE FUNCTION a(n int) RETURNS int READS SQL DATA\nBEGIN\n  RETURN b(n) + 1;\nEND"),
		fn("b", "CREATE FUNCTION b(n int) RETURNS int READS SQL DATA\nBEGIN\n  SET @last = n;\n  RETURN n;\nEND"),
		fn("c", "CREATE FUNCTION c(n int) RETURNS int READS SQL DATA\nBEGIN\n  RETURN\n    a(n) * 2;\nEND"),
		fn("ok", "CREATE FUNCTION ok(n int) RETURNS int DETERMINISTIC\nBEGIN\n  RETURN n * 3;\nEND"),
		&Object{Kind: "PROCEDURE", Name: "p", Text: "CREATE PROCEDURE p(IN n int)\nBEGIN\n  INSERT INTO t (id, a) VALUES (n, c(n));\nEND"},
		&Object{Kind: "TRIGGER", Name: "tr", Text: "CREATE TRIGGER tr AFTER INSERT ON city FOR EACH ROW\nCALL p(NEW.city_id)"},
		&Object{Kind: "TRIGGER", Name: "tr2", Text: "CREATE TRIGGER tr2 BEFORE INSERT ON country FOR EACH ROW\nSET NEW.country_id = ok(NEW.country_id)"},
		view("v", "select `t`.`id` AS `id`,`a`(`t`.`a`) AS `x` from `t`"),
		view("w", "select `t`.`id` AS `id`,`ok`(`t`.`a`) AS `x` from `t`"),
		// a routine whose text could not be read (live copy without the
		// privilege) is still named by its callers
		&Object{Kind: "FUNCTION", Name: "hidden", Fail: errors.New("SHOW CREATE FUNCTION gives no definition")},
		view("vh", "select `t`.`id` AS `id`,\n`hidden`(`t`.`a`) AS `x` from `t`"),
	)
	got := untrOf(res)
	want := map[string]string{
		"function b":      "line 3: user variable @last is not translated (session state)",
		"function a":      "line 3: calls function b, which is not migrated",
		"function c":      "line 4: calls function a, which is not migrated",
		"procedure p":     "line 3: calls function c, which is not migrated",
		"trigger tr":      "line 2: calls procedure p, which is not migrated",
		"view v":          "line 2: calls function a, which is not migrated",
		"function hidden": "line 0: SHOW CREATE FUNCTION gives no definition",
		"view vh":         "line 3: calls function hidden, which is not migrated",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: got %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("not translated: %v", got)
	}
}

// A routine PostgreSQL refuses at load time must take its callers with
// it (the loaders skip them): each statement lists the routines it calls,
// and routines come after the ones they call, whatever the dump's order.
func TestTranslateCallsListed(t *testing.T) {
	fn := func(name, text string) *Object {
		return &Object{Kind: "FUNCTION", Schema: "public", Name: name, Text: text}
	}
	res := trObjects(t, trTables,
		fn("outer_f", "CREATE FUNCTION outer_f(n int) RETURNS int READS SQL DATA\nBEGIN\n  RETURN inner_f(n) + 1;\nEND"),
		fn("inner_f", "CREATE FUNCTION inner_f(n int) RETURNS int DETERMINISTIC\nBEGIN\n  RETURN n * 2;\nEND"),
		&Object{Kind: "TRIGGER", Schema: "public", Name: "tr", Text: "CREATE TRIGGER tr BEFORE INSERT ON country FOR EACH ROW\nSET NEW.country_id = outer_f(NEW.country_id)"},
		&Object{Kind: "VIEW", Schema: "public", Name: "v", Text: "select `t`.`id` AS `id`,`inner_f`(`t`.`a`) AS `x` from `t`"},
	)
	if len(res.Untranslated) > 0 {
		t.Fatalf("not translated: %v", untrOf(res))
	}
	var order []string
	calls := map[string]string{}
	for _, s := range res.Stmts {
		if s.Kind == "collation" {
			continue
		}
		order = append(order, s.Kind+" "+s.Name)
		calls[s.Kind+" "+s.Name] = strings.Join(s.Calls, ",")
	}
	if got, want := strings.Join(order, "; "), "function inner_f; function outer_f; view v; trigger tr"; got != want {
		t.Errorf("order: got %s, want %s", got, want)
	}
	for k, w := range map[string]string{"function inner_f": "", "function outer_f": "public.inner_f", "view v": "public.inner_f", "trigger tr": "public.outer_f"} {
		if calls[k] != w {
			t.Errorf("%s calls %q, want %q", k, calls[k], w)
		}
	}
}

// MySQL's GROUP BY leniency is spelled out for PostgreSQL only where the
// column is functionally dependent on the groups (MySQL's own rules: a
// grouped key, equalities of inner joins and the WHERE, a NULL-extended
// side only from its outer side, literals); elsewhere MySQL returns any
// row's value and the view is refused (found in openSIS's
// SET_CLASS_RANK_MP: SELECT DISTINCT student_id ... GROUP BY gpa).
func TestTranslateGroupByDependence(t *testing.T) {
	cases := []struct{ body, err string }{
		{"select `t`.`id` AS `id`,`t`.`s` AS `s`,count(0) AS `n` from `t` group by `t`.`id`", ""},
		{"select `t`.`a` AS `a`,`t`.`s` AS `s` from `t` group by `t`.`a`", `column ("t"."s"::text COLLATE "public".opsctl_ci) is neither grouped`},
		{"select `c`.`city` AS `city`,`cy`.`country` AS `country` from (`city` `c` join `country` `cy` on((`c`.`country_id` = `cy`.`country_id`))) group by `c`.`city_id`", ""},
		{"select `c`.`city` AS `city`,`cy`.`country` AS `country` from `city` `c`, `country` `cy` where `cy`.`country_id` = `c`.`country_id` and `c`.`city_id` > 3 group by `c`.`city_id`", ""},
		// the outer side does not follow from the NULL-extended one
		{"select `c`.`city` AS `city`,`cy`.`country` AS `country` from (`city` `c` left join `country` `cy` on((`cy`.`country_id` = `c`.`country_id`))) group by `c`.`city_id`", ""},
		{"select `cy`.`country` AS `country`,`c`.`city_id` AS `city_id` from (`city` `c` left join `country` `cy` on((`cy`.`country_id` = `c`.`country_id`))) group by `cy`.`country_id`", `column "c"."city_id" is neither grouped`},
		{"select `t`.`a` AS `a`,max(`t`.`s`) AS `s` from `t` where `t`.`a` = 5 group by `t`.`d`", ""},
		{"select `t`.`a` AS `a`,max(`t`.`s`) AS `s` from `t` where `t`.`a` = 5 or `t`.`a` = 6 group by `t`.`d`", `column "t"."a" is neither grouped`},
		{"select `t`.`a` AS `a` from `t` where `t`.`a` between 1 and `t`.`id` = 2 group by `t`.`d`", `column "t"."a" is neither grouped`},
	}
	for _, c := range cases {
		res := trObjects(t, trTables, view("v", c.body))
		got := ""
		if len(res.Untranslated) > 0 {
			got = res.Untranslated[0].Reason
		}
		if c.err == "" && got != "" || !strings.HasPrefix(got, c.err) {
			t.Errorf("%s:\n  got %q\n  want %q", c.body, got, c.err)
		}
	}
}

// Small exact additions found on openSIS: a "--" comment ended by the
// line's end, ISNULL(), CURDATE(), a TIME value stored in a TIME column.
func TestTranslateOpenSISBits(t *testing.T) {
	tables := append([]string{"CREATE TABLE `p` (`id` int NOT NULL, `st` time NOT NULL, `et` time DEFAULT NULL, PRIMARY KEY (`id`))"}, trTables...)
	res := trObjects(t, tables,
		&Object{Kind: "TRIGGER", Name: "tu", Text: "CREATE TRIGGER tu AFTER UPDATE ON p FOR EACH ROW\nUPDATE p SET et = NEW.st WHERE id = NEW.id + 1000"},
		&Object{Kind: "PROCEDURE", Name: "q", Text: "CREATE PROCEDURE q()\nBEGIN\n  --\n  -- a comment\n  --\n  UPDATE t SET b = ISNULL(s), a = 1--1\n  WHERE d < CURDATE();\nEND"},
	)
	if len(res.Untranslated) > 0 {
		t.Fatal(res.Untranslated)
	}
	var all []string
	for _, s := range res.Stmts {
		all = append(all, s.SQL...)
	}
	sql := strings.Join(all, "\n")
	for _, want := range []string{`"et" = NEW."st"`, `COLLATE "public".opsctl_ci) IS NULL)`, `(1::bigint - (- 1::bigint))`, `< CURRENT_DATE`} {
		if !strings.Contains(strings.ReplaceAll(sql, "  ", " "), want) {
			t.Errorf("missing %s in\n%s", want, sql)
		}
	}
}

// A function's volatility says what PostgreSQL may assume: IMMUTABLE when
// the body reads no table and calls no clock, STABLE when it only reads,
// VOLATILE when it writes. A function that calls a writing function (or
// one that calls such a function, in any order) writes too: as STABLE,
// PostgreSQL would run its later SELECTs in the caller's snapshot and
// miss what the callee just wrote (MySQL sees it), and could call it once
// for many rows.
func TestTranslateVolatility(t *testing.T) {
	fn := func(name, text string) *Object { return &Object{Kind: "FUNCTION", Name: name, Text: text} }
	res := trObjects(t, trTables,
		// the caller comes before its callee in the dump
		fn("outer_read", "CREATE FUNCTION outer_read(k int) RETURNS int READS SQL DATA\nBEGIN\n  DECLARE r int;\n  DECLARE x int;\n  SET x = bump(k);\n  SELECT a INTO r FROM t WHERE id = k;\n  RETURN r;\nEND"),
		fn("bump", "CREATE FUNCTION bump(k int) RETURNS int MODIFIES SQL DATA\nBEGIN\n  UPDATE t SET a = a + 1 WHERE id = k;\n  RETURN 1;\nEND"),
		fn("outer2", "CREATE FUNCTION outer2(k int) RETURNS int DETERMINISTIC\nBEGIN\n  RETURN outer_read(k) + 1;\nEND"),
		fn("reads", "CREATE FUNCTION reads(k int) RETURNS int READS SQL DATA\nBEGIN\n  DECLARE r int;\n  SELECT a INTO r FROM t WHERE id = k;\n  RETURN r;\nEND"),
		fn("calls_reads", "CREATE FUNCTION calls_reads(k int) RETURNS int DETERMINISTIC\nBEGIN\n  RETURN reads(k) * 2;\nEND"),
		fn("pure", "CREATE FUNCTION pure(k int) RETURNS int DETERMINISTIC\nBEGIN\n  RETURN k * 2;\nEND"),
		fn("calls_proc", "CREATE FUNCTION calls_proc(k int) RETURNS int DETERMINISTIC\nBEGIN\n  CALL p(k);\n  RETURN k;\nEND"),
		&Object{Kind: "PROCEDURE", Name: "p", Text: "CREATE PROCEDURE p(IN k int)\nBEGIN\n  DECLARE r int;\n  SET r = k;\nEND"},
	)
	if len(res.Untranslated) > 0 {
		t.Fatal(res.Untranslated)
	}
	want := map[string]string{"bump": "VOLATILE", "outer_read": "VOLATILE", "outer2": "VOLATILE", "reads": "STABLE", "calls_reads": "STABLE", "pure": "IMMUTABLE", "calls_proc": "VOLATILE"}
	for _, s := range res.Stmts {
		w, ok := want[s.Name]
		if !ok {
			continue
		}
		delete(want, s.Name)
		head, _, _ := strings.Cut(s.SQL[0], " AS $")
		if !strings.HasSuffix(head, "LANGUAGE plpgsql "+w) {
			t.Errorf("%s: %s, want %s", s.Name, head, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("not created: %v", want)
	}
}

// UTC_TIMESTAMP and UTC_DATE (with or without parentheses; application
// schemas' triggers stamp rows with them): the statement's time in UTC,
// whole seconds, whatever the session's time zone; a precision is
// refused as NOW()'s is.
func TestTranslateUTCClock(t *testing.T) {
	res := trObjects(t, trTables,
		view("v", "select `t`.`id` AS `id`, utc_timestamp() AS `a`, UTC_TIMESTAMP AS `b`, utc_date() AS `c`, `t`.`d` < utc_date AS `old` from `t`"),
		&Object{Kind: "TRIGGER", Name: "tr", Text: "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW\nSET NEW.ts = UTC_TIMESTAMP()"},
		view("p", "select utc_timestamp(3) AS `x`"),
	)
	got := untrOf(res)
	if len(got) != 1 || !strings.Contains(got["view p"], "UTC_TIMESTAMP() with a precision") {
		t.Errorf("not translated: %v", got)
	}
	var sql string
	for _, s := range res.Stmts {
		sql += strings.Join(s.SQL, "\n") + "\n"
	}
	for _, want := range []string{
		`date_trunc('second', (now() AT TIME ZONE 'UTC')) AS "a", date_trunc('second', (now() AT TIME ZONE 'UTC')) AS "b", ((now() AT TIME ZONE 'UTC')::date) AS "c"`,
		`NEW."ts" := date_trunc('second', (now() AT TIME ZONE 'UTC'))`,
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("lacks %s:\n%s", want, sql)
		}
	}
}

// A view column that is a GROUP_CONCAT without ORDER BY (Sakila's
// film_list.actors) carries a comment with its separator: MySQL gives the
// items in no defined order, and verify compares them as a set. With an
// ORDER BY, or wrapped in another expression, no comment.
func TestTranslateAnyOrderGroupConcat(t *testing.T) {
	res := trObjects(t, trTables, view("v", "select `c`.`country_id` AS `id`, group_concat(`c`.`city` separator ', ') AS `cities`, group_concat(`c`.`city` order by `c`.`city` ASC separator ', ') AS `sorted`, group_concat(distinct `c`.`city_id`) AS `ids`, upper(group_concat(`c`.`city`)) AS `up` from `city` `c` group by `c`.`country_id`"))
	if len(res.Untranslated) > 0 {
		t.Fatal(res.Untranslated)
	}
	comments := res.Stmts[len(res.Stmts)-1].SQL[1:]
	want := []string{
		`COMMENT ON COLUMN "public"."v"."cities" IS 'opsctl: GROUP_CONCAT without ORDER BY (items in no defined order), separator: , '`,
		`COMMENT ON COLUMN "public"."v"."ids" IS 'opsctl: GROUP_CONCAT without ORDER BY (items in no defined order), separator: ,'`,
	}
	if strings.Join(comments, "\n") != strings.Join(want, "\n") {
		t.Errorf("comments:\n%s\nwant:\n%s", strings.Join(comments, "\n"), strings.Join(want, "\n"))
	}
}

// JOIN ... USING (col) on a text column: MySQL matches its values under
// the column's *_ci collation ('Paris' = 'PARIS'), PostgreSQL's USING with
// the column's own, case-sensitive one: other rows. Refused with the line,
// rather than emitted; USING on numbers is translated.
func TestTranslateUsingOnText(t *testing.T) {
	res := trObjects(t, trTables,
		view("vt", "select `x`.`cid` AS `id`\nfrom (`city` join (select `city_id` AS `cid`, `city` AS `city` from `city`) `x` using (`city`))"),
		view("vn", "select `city`.`city` AS `city`, `country`.`country` AS `country` from (`city` join `country` using (`country_id`))"),
	)
	got := untrOf(res)
	if len(got) != 1 || !strings.Contains(got["view vt"], "line 3: USING (city) on text") {
		t.Errorf("not translated: %v", got)
	}
}

// NATURAL [LEFT] JOIN: USING on the columns both sides name (in the left
// side's order), as MySQL and PostgreSQL both define it; none in common is
// a cross join; a common text column is refused as USING on text is.
func TestTranslateNaturalJoin(t *testing.T) {
	res := trObjects(t, trTables,
		view("vn", "select `city`.`city` AS `city`, `country`.`country` AS `country` from (`city` natural join `country`)"),
		view("vl", "select `c`.`city` AS `city`, `x`.`n` AS `n` from (`city` `c` natural left join (select `country_id` AS `country_id`, 1 AS `n` from `country`) `x`)"),
		view("vx", "select `t`.`id` AS `id`, `x`.`n` AS `n` from (`t` natural join (select 2 AS `n`) `x`)"),
		view("vt", "select `c`.`city_id` AS `id`\nfrom (`city` `c` natural join (select `city` AS `city` from `city`) `y`)"),
	)
	got := untrOf(res)
	if len(got) != 1 || !strings.Contains(got["view vt"], "line 3: NATURAL JOIN on text column city") {
		t.Errorf("not translated: %v", got)
	}
	sql := map[string]string{}
	for _, s := range res.Stmts {
		sql[s.Name] = strings.Join(s.SQL, "\n")
	}
	for name, want := range map[string]string{
		"vn": `JOIN "public"."country" AS "country" USING ("country_id")`,
		"vl": `LEFT JOIN (SELECT "country"."country_id" AS "country_id", 1 AS "n" FROM "public"."country" AS "country") AS "x" USING ("country_id")`,
		"vx": `CROSS JOIN (SELECT 2 AS "n") AS "x"`,
	} {
		if !strings.Contains(sql[name], want) {
			t.Errorf("%s lacks %s:\n%s", name, want, sql[name])
		}
	}
}
