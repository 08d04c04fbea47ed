package migrate

import (
	"strings"
	"testing"
)

// trCatalog translates objs against tables given as CREATE TABLEs.
func trObjects(t testing.TB, tables []string, objs ...*sqlObject) objResult {
	t.Helper()
	m := &Mapping{}
	var defs []*Table
	for _, s := range tables {
		tb, err := parseCreateTable(s, false)
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
		if o.schema == "" {
			o.schema = "public"
		}
	}
	return translateObjects(m, &namer{}, defs, objs)
}

var trTables = []string{
	"CREATE TABLE `city` (`city_id` int NOT NULL, `city` varchar(50) NOT NULL, `country_id` int NOT NULL, PRIMARY KEY (`city_id`))",
	"CREATE TABLE `country` (`country_id` int NOT NULL, `country` varchar(50) NOT NULL, PRIMARY KEY (`country_id`))",
	"CREATE TABLE `t` (`id` int NOT NULL, `a` int DEFAULT NULL, `s` varchar(10) DEFAULT NULL, `d` date DEFAULT NULL, `ts` datetime DEFAULT NULL, `b` tinyint(1) DEFAULT NULL, `m` decimal(10,2) DEFAULT NULL, PRIMARY KEY (`id`))",
}

func view(name, body string) *sqlObject { return &sqlObject{kind: "VIEW", name: name, text: body} }

func TestTranslateViewGroupByLeniency(t *testing.T) {
	res := trObjects(t, trTables, view("v", "select concat(`c`.`city`,_utf8mb3',',`cy`.`country`) AS `store`, count(*) AS n from (`city` `c` join `country` `cy` on(`c`.`country_id` = `cy`.`country_id`)) group by `c`.`city_id` order by `cy`.`country`,`c`.`city`"))
	if len(res.untr) > 0 {
		t.Fatal(res.untr)
	}
	sql := res.stmts[len(res.stmts)-1].sql[0]
	t.Log(sql)
	for _, want := range []string{`GROUP BY "c"."city_id", ("c"."city"::text COLLATE "public".opsctl_ci), ("cy"."country"::text COLLATE "public".opsctl_ci)`, `NULLS FIRST`} {
		if !strings.Contains(sql, want) {
			t.Errorf("missing %s", want)
		}
	}
}
