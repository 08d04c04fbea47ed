package migrate

import (
	"sort"

	"github.com/opsctl/opsctl/migrate/internal/sqltr"
)

// translateObjects turns the captured views, triggers and routines into
// the statements the sinks run after the tables (d.views), and lists the
// rest in rep.
func (d *dumpParser) translateObjects(rep *Report) {
	if d.opts.DataOnly {
		return
	}
	var tables []*Table
	for _, t := range d.tables {
		tables = append(tables, t)
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].Schema+"."+tables[i].Name < tables[j].Schema+"."+tables[j].Name })
	res := sqltr.Translate(d.m, &d.names, tables, d.objs)
	d.views = d.views[:0]
	for _, p := range res.Stmts {
		d.views = append(d.views, viewDef{kind: p.Kind, schema: p.Schema, name: p.Name, my: p.MySQL, stmts: p.SQL})
	}
	for _, u := range res.Untranslated {
		recordUntranslated(rep, u)
	}
}

// rejected lists an object PostgreSQL refused to create.
func (v viewDef) rejected(rep *Report, err error) {
	recordUntranslated(rep, Untranslated{Kind: v.kind, Schema: v.schema, Name: v.name, Reason: "PostgreSQL refused it: " + err.Error(), MySQLText: v.my})
}
