package sqltr

import (
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
