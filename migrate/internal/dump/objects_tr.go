package dump

import (
	"sort"
	"strings"

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
		d.Views = append(d.Views, ViewDef{Kind: p.Kind, Schema: p.Schema, Name: p.Name, my: p.MySQL, Stmts: p.SQL, Calls: p.Calls})
	}
	for _, u := range res.Untranslated {
		recordUntranslated(rep, u)
	}
}

// Rejected lists an object PostgreSQL refused to create.
func (v ViewDef) Rejected(rep *Report, err error) {
	recordUntranslated(rep, model.Untranslated{Kind: v.Kind, Schema: v.Schema, Name: v.Name, Reason: "PostgreSQL refused it: " + err.Error(), MySQLText: v.my})
}

// Refused are the objects PostgreSQL refused to create (schema.name ->
// kind), so that their callers are not created either: PL/pgSQL resolves
// a call only when it runs, so a trigger or routine calling a function
// that is not there would be created fine and fail later, in production
// (and a view could bind to an older function of the same name). The
// statements come after their callees (sqltr.Stmt.Calls).
type Refused map[string]string

// Skip says whether v calls a refused routine and, if so, lists v as not
// migrated with that reason and counts it refused too (its own callers
// follow it). Call it before creating v; after a failure, Refuse.
func (r Refused) Skip(v ViewDef, rep *Report) bool {
	for _, c := range v.Calls {
		kind, ok := r[c]
		if !ok {
			continue
		}
		name := strings.TrimPrefix(c, v.Schema+".")
		recordUntranslated(rep, model.Untranslated{Kind: v.Kind, Schema: v.Schema, Name: v.Name, Reason: "calls " + kind + " " + name + ", which is not migrated (PostgreSQL refused it)", MySQLText: v.my})
		r.Refuse(v)
		return true
	}
	return false
}

// Refuse records that PostgreSQL refused v.
func (r Refused) Refuse(v ViewDef) { r[v.Schema+"."+v.Name] = v.Kind }
