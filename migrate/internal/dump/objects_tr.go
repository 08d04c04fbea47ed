package dump

import (
	"sort"

	"github.com/opsctl/opsctl/migrate/internal/model"

	"github.com/opsctl/opsctl/migrate/internal/sqltr"
)

// TranslateObjects turns the captured views, triggers and routines into
// the statements the sinks run after the tables (d.views), and lists the
// rest in rep.
func (d *Parser) TranslateObjects(rep *Report) {
	if d.opts.DataOnly {
		return
	}
	var tables []*model.Table
	for _, t := range d.tables {
		tables = append(tables, t)
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].Schema+"."+tables[i].Name < tables[j].Schema+"."+tables[j].Name })
	res := sqltr.Translate(d.M, &d.Names, tables, d.Objs)
	d.Views = d.Views[:0]
	for _, p := range res.Stmts {
		d.Views = append(d.Views, ViewDef{Kind: p.Kind, Schema: p.Schema, Name: p.Name, my: p.MySQL, Stmts: p.SQL})
	}
	for _, u := range res.Untranslated {
		recordUntranslated(rep, u)
	}
}

// Rejected lists an object PostgreSQL refused to create.
func (v ViewDef) Rejected(rep *Report, err error) {
	recordUntranslated(rep, model.Untranslated{Kind: v.Kind, Schema: v.Schema, Name: v.Name, Reason: "PostgreSQL refused it: " + err.Error(), MySQLText: v.my})
}
