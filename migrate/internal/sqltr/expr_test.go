package sqltr

import (
	"strings"
	"testing"

	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/myparse"
)

func exprTable(t *testing.T) *model.Table {
	t.Helper()
	tb, err := myparse.ParseCreateTable("CREATE TABLE `t` (`i` int, `u` int unsigned, `d` decimal(10,2), `f` double, `s` varchar(10), `c` char(3), `dt` datetime, `ts` timestamp NULL, `dd` date, `j` json, `b` tinyint(1), `g` int AS (`i` + 1) VIRTUAL)", false)
	if err != nil {
		t.Fatal(err)
	}
	m := &model.Mapping{}
	for _, c := range tb.Columns {
		c.Name = strings.ToLower(c.MyName)
		m.Decide(c)
	}
	return tb
}

func TestTranslateExpr(t *testing.T) {
	tb := exprTable(t)
	ok := []struct{ my, pg string }{
		{"`i` + 1", `("i"::bigint + 1)`},
		{"`d` * `i`", `("d" * "i")`},
		{"`d` / 3", `round(("d")::numeric / NULLIF(3, 0), 6)`},
		{"`i` DIV 2", `div(("i")::numeric, NULLIF((2)::numeric, 0))`},
		{"`i` % 3", `mod("i", NULLIF(3, 0))`},
		{"`f` / 2", `(("f")::float8 / NULLIF(2, 0))`},
		{"char_length(`s`)", `char_length("s")`},
		{"length(`s`)", `octet_length("s")`},
		{"lower(`s`)", `lower("s")`},
		{"concat(`s`,_utf8mb4'-',`i`)", `("s" || '-' || ("i")::text)`},
		{"ifnull(`s`,'?')", `coalesce("s", '?')`},
		{"if(`i` > 1,'a','b')", `(CASE WHEN ("i" > 1) THEN 'a' ELSE 'b' END)`},
		{"year(`dt`)", `EXTRACT(YEAR FROM "dt")::int`},
		{"cast_me", ""},
		{"json_unquote(json_extract(`j`,'$.a[1].b'))", `(CASE jsonb_typeof("j" #> '{a,1,b}') WHEN 'null' THEN 'null' ELSE "j" #>> '{a,1,b}' END)`},
		{"`j`->>'$.a'", `(CASE jsonb_typeof("j" #> '{a}') WHEN 'null' THEN 'null' ELSE "j" #>> '{a}' END)`},
		{"`i` > 1 and `d` <= 2.5", `(("i" > 1) AND ("d" <= 2.5))`},
		{"`dd` >= '2020-01-01'", `("dd" >= '2020-01-01')`},
		{"case when `i` is null then 0 else `i` end", `CASE WHEN ("i" IS NULL) THEN 0 ELSE "i" END`},
		{"greatest(`i`, 5)", `(CASE WHEN "i" IS NULL OR 5 IS NULL THEN NULL ELSE greatest("i", 5) END)`},
	}
	for _, c := range ok {
		if c.pg == "" {
			continue
		}
		n, err := translateExpr(tb, c.my, false, false, nil)
		if err != nil {
			t.Errorf("%s: %v", c.my, err)
			continue
		}
		if n.sql != c.pg {
			t.Errorf("%s:\n got %s\nwant %s", c.my, n.sql, c.pg)
		}
	}
	bad := []string{
		"date_format(`dt`, '%Y')", // unknown function
		"`s` = 'x'",               // collation-dependent
		"`s` like 'a%'",
		"year(`ts`)",    // timestamptz: not immutable
		"concat(`dt`)",  // text form of a date
		"`g` + 1",       // another generated column (translated below)
		"`s` + 1",       // lenient string to number
		"`i` | 1",       // bit operator
		"round(`f`, 1)", // double rounding
		"`i` xor 1",     //
		"`nosuch` + 1",  //
		"json_extract(`s`, '$.a')",
	}
	tb.Column("g").GeneratedPG = `("i" + 1)`
	for _, my := range bad {
		if n, err := translateExpr(tb, my, false, false, nil); err == nil {
			t.Errorf("%s: translated to %s, want an error", my, n.sql)
		}
	}
	// CHECK context: text comparisons are fine (the rows are validated)
	if s, err := CheckSQL(tb, "`s` <> 'root' and `i` between 0 and 10", false); err != nil || s != `(("s" <> 'root') AND ("i" BETWEEN 0 AND 10))` {
		t.Errorf("check: %s %v", s, err)
	}
	if s, err := CheckSQL(tb, "`i`", false); err != nil || s != `("i") <> 0` {
		t.Errorf("check of a number: %s %v", s, err)
	}
	// assignment into the column type
	for _, c := range []struct {
		expr, col, want string
	}{
		{"`i` > 1", "b", `("i" > 1)`},
		{"`i` > 1", "i", `(("i" > 1))::int`},
		{"`i` + 1", "s", `(("i"::bigint + 1))::text`},
		{"`dt`", "dd", `("dt")::date`},
	} {
		col := tb.Column(c.col)
		n, err := translateExpr(tb, c.expr, false, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := assignTo(n, col)
		if err != nil || got != c.want {
			t.Errorf("%s into %s: %s %v, want %s", c.expr, c.col, got, err, c.want)
		}
	}
	if _, err := assignTo(enode{sql: "x", k: ekFloat}, tb.Column("i")); err == nil {
		t.Error("a double into an integer column: want an error")
	}
}

func TestTranslateCast(t *testing.T) {
	tb := exprTable(t)
	for my, pg := range map[string]string{
		"cast(`dt` as date)":                `("dt")::date`,
		"cast(`d` as decimal(12,1))":        `("d")::numeric(12,1)`,
		"cast(`d` as signed)":               `("d")::numeric(20,0)`,
		"cast(`i` as char charset utf8mb4)": "",
	} {
		n, err := translateExpr(tb, my, false, false, nil)
		if pg == "" {
			if err == nil {
				t.Errorf("%s: translated to %s, want an error", my, n.sql)
			}
			continue
		}
		if err != nil || n.sql != pg {
			t.Errorf("%s: got %s %v, want %s", my, n.sql, err, pg)
		}
	}
}

func TestTranslateEdges(t *testing.T) {
	tb, err := myparse.ParseCreateTable("CREATE TABLE `t` (`i` int, `l1` varchar(10) CHARACTER SET latin1, `u` varchar(10), `d` decimal(10,2)) DEFAULT CHARSET=utf8mb4", false)
	if err != nil {
		t.Fatal(err)
	}
	m := &model.Mapping{}
	for _, c := range tb.Columns {
		c.Name = c.MyName
		m.Decide(c)
	}
	if _, err := translateExpr(tb, "length(`l1`)", false, false, nil); err == nil {
		t.Error("LENGTH of a latin1 column: want an error (MySQL counts latin1 bytes)")
	}
	if _, err := translateExpr(tb, "md5(lower(`l1`))", false, false, nil); err == nil {
		t.Error("MD5 of a latin1 column: want an error")
	}
	if n, err := translateExpr(tb, "length(`u`)", false, false, nil); err != nil || n.sql != `octet_length("u")` {
		t.Errorf("LENGTH of a utf8mb4 column: %s %v", n.sql, err)
	}
	if n, err := translateExpr(tb, "if(`i` > 0, `d`, 2)", false, false, nil); err != nil || n.sql != `(CASE WHEN ("i" > 0) THEN "d" ELSE round((2)::numeric, 2) END)` {
		t.Errorf("IF with mixed scales: %s %v", n.sql, err)
	}
	if n, err := translateExpr(tb, "-`i`", false, false, nil); err != nil || n.sql != `(- "i"::bigint)` {
		t.Errorf("unary minus: %s %v", n.sql, err)
	}
	tb2, _ := myparse.ParseCreateTable("CREATE TABLE `t` (`s` varchar(10)) DEFAULT CHARSET=latin1", false)
	for _, c := range tb2.Columns {
		c.Name = c.MyName
		m.Decide(c)
	}
	if _, err := translateExpr(tb2, "length(`s`)", false, false, nil); err == nil {
		t.Error("LENGTH of a column of a latin1 table: want an error")
	}
}

// FuzzTranslateExpr: any expression ends in SQL or an error, never a panic.
//
//	go test ./migrate/internal/sqltr -run XXX -fuzz FuzzTranslateExpr -fuzztime 30s
func FuzzTranslateExpr(f *testing.F) {
	for _, s := range []string{
		"`i` + 1", "`d` / 3 * (`i` DIV 2) % 5", "case when `i` is null then 0 else `i` end", "case `i` when 1 then 'a' end",
		"concat(`s`,_utf8mb4'-',`i`)", "if(`i` > 1,'a','b')", "json_unquote(json_extract(`j`,'$.a[1].b'))", "`j`->>'$.a'",
		"cast(`dt` as date)", "cast(`d` as decimal(12,1))", "greatest(`i`, 5, null)", "substring(`s`, 2, 3)",
		"`s` in ('a','b') and not `b` or `i` between -1 and +1", "case end", "cast(", "((((", "`dd` >= '2020-01-01'",
	} {
		f.Add(s)
	}
	tb, err := myparse.ParseCreateTable("CREATE TABLE `t` (`i` int, `d` decimal(10,2), `f` double, `s` varchar(10), `dt` datetime, `dd` date, `j` json, `b` tinyint(1))", false)
	if err != nil {
		f.Fatal(err)
	}
	m := &model.Mapping{}
	for _, c := range tb.Columns {
		c.Name = c.MyName
		m.Decide(c)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		for _, check := range []bool{false, true} {
			if n, err := translateExpr(tb, expr, false, check, nil); err == nil {
				assignTo(n, tb.Columns[0])
				asBool(n)
			}
		}
	})
}
