package migrate

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Views, triggers, functions and procedures: captured from the dump (or
// SHOW CREATE), translated once every table is known, created after the
// tables in an order that works (routines, then views in dependency order,
// then triggers), or listed as Untranslated with the reason and the line.

// sqlObject is a captured MySQL object.
type sqlObject struct {
	kind     string // VIEW, TRIGGER, FUNCTION, PROCEDURE, EVENT
	schema   string // PostgreSQL schema
	myDB     string
	name     string // MySQL name
	text     string // CREATE statement (VIEW: the SELECT)
	ansi     bool
	pre      []string // statements to run first (drop a dump's stand-in table)
	fail     error    // known untranslatable before parsing
	dumpLine int      // line of the CREATE in the dump (0: live)

	// translation state
	state int // 0 new, 1 in progress, 2 done
	cols  []outCol
	sql   []string
	err   error
	decl  *routineDecl
	calls map[string]bool // routines it calls (lowercase MySQL names)
}

type routineSig struct {
	kind, schema, pgName string
	params               []struct {
		mode string
		col  *Column
	}
	ret *Column
	obj *sqlObject
}

type catalog struct {
	m        *Mapping
	names    *namer
	defDB    string            // MySQL database of unqualified names
	dbSchema map[string]string // MySQL db (lowercase) -> PostgreSQL schema
	tables   map[string]*Table // schema.name (PostgreSQL)
	views    map[string]*sqlObject
	routines map[string]*routineSig // lowercase MySQL name
	cur      *sqlObject             // object being translated (its db)
	viewDone []*sqlObject           // views in the order they were finished
}

func (c *catalog) schemaOf(db string) string {
	if db == "" {
		db = c.cur.myDB
	}
	if s, ok := c.dbSchema[strings.ToLower(db)]; ok {
		return s
	}
	if db == "" || c.cur.myDB == "" {
		return c.cur.schema // a one-database dump without USE
	}
	return c.names.pg(db)
}

// relation resolves [db.]name to a table or a (translated) view.
func (c *catalog) relation(parts []string) (*rel, string, error) {
	db, name := "", parts[len(parts)-1]
	if len(parts) > 1 {
		db = parts[len(parts)-2]
	}
	schema := c.schemaOf(db)
	if db == "" {
		schema = c.cur.schema
	}
	key := schema + "." + c.names.pg(name)
	if t, ok := c.tables[key]; ok {
		return &rel{alias: strings.ToLower(name), t: t}, t.QName(), nil
	}
	if v, ok := c.views[key]; ok {
		saved := c.cur
		err := c.translateView(v)
		c.cur = saved
		if err != nil {
			return nil, "", fmt.Errorf("view %s is not translated", name)
		}
		return &rel{alias: strings.ToLower(name), cols: v.cols}, quoteIdent(v.schema) + "." + quoteIdent(c.names.pg(v.name)), nil
	}
	return nil, "", fmt.Errorf("unknown table %s", strings.Join(parts, "."))
}

// routine resolves a call; a routine that is not migrated is nil (a call
// to it would fail in PostgreSQL only when it runs).
func (c *catalog) routine(name string) *routineSig {
	k := strings.ToLower(name)
	r := c.routines[k]
	if r == nil {
		return nil
	}
	if c.cur != nil && c.cur != r.obj {
		if c.cur.calls == nil {
			c.cur.calls = map[string]bool{}
		}
		c.cur.calls[k] = true
	}
	if r.obj != nil && r.obj.err != nil {
		return nil
	}
	return r
}

// callsUntranslated: o calls r, which is not migrated, so o is not either
// (PL/pgSQL resolves calls when they run: o would be created and fail
// later, in production). The line is the first mention of r's name.
func callsUntranslated(o *sqlObject, r *routineSig, name string) error {
	pos := 0
	up, n := strings.ToLower(o.text), strings.ToLower(name)
	for i := 0; ; {
		k := strings.Index(up[i:], n)
		if k < 0 {
			break
		}
		k += i
		if (k == 0 || !isIdentByte(up[k-1])) && (k+len(n) == len(up) || !isIdentByte(up[k+len(n)])) {
			pos = k
			break
		}
		i = k + len(n)
	}
	return &posError{pos: pos, err: fmt.Errorf("calls %s %s, which is not migrated", strings.ToLower(r.kind), name)}
}

func isIdentByte(b byte) bool {
	return b == '_' || b == '$' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// lineAtPos is the 1-based line of byte offset pos in s.
func lineAtPos(s string, pos int) int {
	if pos > len(s) {
		pos = len(s)
	}
	return strings.Count(s[:pos], "\n") + 1
}

func (c *catalog) translateView(v *sqlObject) error {
	switch v.state {
	case 2:
		return v.err
	case 1:
		v.err = fmt.Errorf("the view depends on itself")
		return v.err
	}
	v.state = 1
	c.cur = v
	defer func() { c.viewDone = append(c.viewDone, v) }()
	o := &objCtx{cat: c, schema: v.schema}
	q := &queryTr{sc: &scope{o: o, bareSet: map[string]bool{}}, ansi: v.ansi}
	sql, cols, err := q.selectQuery(tokenizeExpr(v.text, v.ansi))
	if err == nil && q.into != nil {
		err = fmt.Errorf("SELECT ... INTO in a view")
	}
	v.state = 2
	if err != nil {
		v.err = err
		return err
	}
	seen := map[string]bool{}
	for _, oc := range cols {
		if seen[oc.name] {
			v.err = fmt.Errorf("two columns named %s", oc.name)
			return v.err
		}
		seen[oc.name] = true
	}
	v.cols = cols
	v.sql = []string{"CREATE VIEW " + quoteIdent(v.schema) + "." + quoteIdent(c.names.pg(v.name)) + " AS " + sql}
	return nil
}

// routineHeader parses a routine's header and registers its signature.
func (c *catalog) routineHeader(o *sqlObject) error {
	d, err := parseRoutine(o.text, o.ansi)
	if err != nil {
		return err
	}
	o.decl = d
	if d.db != "" {
		o.myDB = d.db
		o.schema = c.schemaOf(d.db)
	}
	o.name = d.name
	if d.kind == "TRIGGER" {
		return nil
	}
	sig := &routineSig{kind: d.kind, schema: o.schema, pgName: c.names.pg(d.name), obj: o}
	for _, p := range d.params {
		col, err := typeColumn(c.m, p.name, p.typ)
		if err != nil {
			return err
		}
		sig.params = append(sig.params, struct {
			mode string
			col  *Column
		}{p.mode, col})
	}
	if d.kind == "FUNCTION" {
		if sig.ret, err = typeColumn(c.m, "result", d.returns); err != nil {
			return err
		}
	}
	c.routines[strings.ToLower(d.name)] = sig
	return nil
}

func (c *catalog) translateRoutine(o *sqlObject) error {
	c.cur = o
	d := o.decl
	sig := c.routines[strings.ToLower(d.name)]
	ob := &objCtx{cat: c, schema: o.schema}
	g := &plGen{o: ob, cursors: map[string]cursorInfo{}, kinds: map[string]string{}}
	params := map[string]varInfo{}
	var plist []string
	for i, p := range d.params {
		col := sig.params[i].col
		pg := quoteIdent(strings.ToLower(p.name))
		params[strings.ToLower(p.name)] = varInfo{pg: pg, col: col}
		mode := ""
		if d.kind == "PROCEDURE" {
			mode = p.mode + " "
		}
		plist = append(plist, mode+pg+" "+col.PGType)
	}
	g.vars = []map[string]varInfo{params}
	g.ret = sig.ret
	g.line("BEGIN")
	for i, p := range d.params {
		if col := sig.params[i].col; p.mode != "OUT" && strings.HasPrefix(col.PGType, "numeric(") {
			pg := quoteIdent(strings.ToLower(p.name))
			g.line("%s := %s;", pg, typmodCast(pg, col))
		}
	}
	g.proc = d.kind == "PROCEDURE"
	body := d.body
	if body.kind != "block" {
		body = pnode{kind: "block", body: []pnode{body}, pos: body.pos}
	}
	if err := g.block(body); err != nil {
		return err
	}
	g.line("END")
	name := quoteIdent(o.schema) + "." + quoteIdent(sig.pgName)
	src := "#variable_conflict use_variable\n" + g.b.String()
	if d.kind == "FUNCTION" {
		// MySQL falls off the end of a function with an error too
		vol := "IMMUTABLE"
		switch {
		case ob.writes:
			vol = "VOLATILE"
		case ob.reads || ob.vol:
			vol = "STABLE"
		}
		o.sql = []string{fmt.Sprintf("CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s LANGUAGE plpgsql %s AS %s", name, strings.Join(plist, ", "), sig.ret.PGType, vol, dollarQuote(src))}
		return nil
	}
	o.sql = []string{fmt.Sprintf("CREATE OR REPLACE PROCEDURE %s(%s) LANGUAGE plpgsql AS %s", name, strings.Join(plist, ", "), dollarQuote(src))}
	return nil
}

func (c *catalog) translateTrigger(o *sqlObject) (*Table, error) {
	c.cur = o
	d := o.decl
	t, ok := c.tables[c.schemaOf(d.tableDB)+"."+c.names.pg(d.table)]
	if !ok {
		return nil, fmt.Errorf("trigger on unknown table %s", d.table)
	}
	ob := &objCtx{cat: c, schema: t.Schema, trig: t, trigEv: d.event}
	g := &plGen{o: ob, cursors: map[string]cursorInfo{}, kinds: map[string]string{}}
	body := d.body
	if body.kind != "block" {
		body = pnode{kind: "block", body: []pnode{body}, pos: body.pos}
	}
	if err := g.block(body); err != nil {
		return nil, err
	}
	ret := "NULL"
	if d.timing == "BEFORE" {
		ret = "NEW"
		if d.event == "DELETE" {
			ret = "OLD"
		}
	}
	src := "#variable_conflict use_variable\nBEGIN\n" + g.b.String() + "RETURN " + ret + ";\nEND"
	fn := quoteIdent(t.Schema) + "." + quoteIdent(fit63(c.names.pg(d.name)+"_trg"))
	o.sql = []string{fmt.Sprintf("CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS %s", fn, dollarQuote(src))}
	return t, nil
}

// objResult is the translated objects, ready to create in order.
type objResult struct {
	stmts []postObject
	untr  []Untranslated
}

// postObject is one thing to create after the tables.
type postObject struct {
	kind, schema, name string
	sql                []string
	my                 string
}

func (c *catalog) untr(o *sqlObject, err error) Untranslated {
	u := Untranslated{Kind: strings.ToLower(o.kind), Schema: o.schema, Name: c.names.pg(o.name), Reason: err.Error(), MySQLText: objectText(o.text), DumpLine: o.dumpLine}
	if o.kind == "VIEW" {
		u.MySQLText = "CREATE VIEW " + quoteIdent(o.name) + " AS\n" + o.text
	}
	var pe *posError
	if errors.As(err, &pe) {
		// the line in the text as dumped (objectText only unwraps the
		// version comments, it keeps the lines)
		u.Line = lineAtPos(o.text, pe.pos)
		if o.kind == "VIEW" {
			u.Line++
		}
	}
	return u
}

// translateObjects translates objs against the tables.
func translateObjects(m *Mapping, names *namer, tables []*Table, objs []*sqlObject) objResult {
	c := &catalog{m: m, names: names, dbSchema: map[string]string{}, tables: map[string]*Table{}, views: map[string]*sqlObject{}, routines: map[string]*routineSig{}}
	for _, t := range tables {
		c.tables[t.Schema+"."+t.Name] = t
		if t.MyDB != "" {
			c.dbSchema[strings.ToLower(t.MyDB)] = t.Schema
		}
	}
	var res objResult
	var routines, triggers, views []*sqlObject
	schemas := map[string]bool{}
	for _, o := range objs {
		c.cur = o
		if o.fail != nil {
			res.untr = append(res.untr, c.untr(o, o.fail))
			continue
		}
		switch o.kind {
		case "VIEW":
			c.views[o.schema+"."+names.pg(o.name)] = o
			views = append(views, o)
		case "EVENT":
			u := notTranslated("event", o.schema, names.pg(o.name), o.text)
			u.DumpLine = o.dumpLine
			res.untr = append(res.untr, u)
		default:
			if err := c.routineHeader(o); err != nil {
				res.untr = append(res.untr, c.untr(o, err))
				continue
			}
			if o.kind == "TRIGGER" {
				triggers = append(triggers, o)
			} else {
				routines = append(routines, o)
			}
		}
	}
	for _, o := range routines {
		o.err = c.translateRoutine(o)
	}
	// a routine calling one that is not migrated is not migrated either
	for changed := true; changed; {
		changed = false
		for _, o := range routines {
			if o.err != nil {
				continue
			}
			var callees []string
			for k := range o.calls {
				callees = append(callees, k)
			}
			sort.Strings(callees)
			for _, k := range callees {
				if r := c.routines[k]; r.obj != nil && r.obj.err != nil {
					o.err = callsUntranslated(o, r, r.obj.name)
					changed = true
					break
				}
			}
		}
	}
	for _, o := range routines {
		if o.err != nil {
			res.untr = append(res.untr, c.untr(o, o.err))
			continue
		}
		schemas[o.schema] = true
		res.stmts = append(res.stmts, postObject{kind: strings.ToLower(o.kind), schema: o.schema, name: names.pg(o.name), sql: o.sql, my: o.text})
	}
	// views: each after the views it reads (translateView recurses)
	for _, v := range views {
		c.translateView(v)
	}
	for _, v := range c.viewDone {
		if v.err != nil {
			res.untr = append(res.untr, c.untr(v, v.err))
			continue
		}
		schemas[v.schema] = true
		res.stmts = append(res.stmts, postObject{kind: "view", schema: v.schema, name: names.pg(v.name), sql: append(v.pre, v.sql...), my: v.text})
	}
	// triggers: per table and event in MySQL's order; PostgreSQL fires
	// same-event triggers by name, so several get an order prefix
	type group struct {
		list []*sqlObject
	}
	groups := map[string]*group{}
	var keys []string
	tabs := map[*sqlObject]*Table{}
	for _, o := range triggers {
		t, err := c.translateTrigger(o)
		if err != nil {
			res.untr = append(res.untr, c.untr(o, err))
			continue
		}
		tabs[o] = t
		k := t.Schema + "." + t.Name + " " + o.decl.timing + " " + o.decl.event
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
			keys = append(keys, k)
		}
		pos := len(g.list)
		for i, x := range g.list {
			if o.decl.follows != "" && strings.EqualFold(x.name, o.decl.follows) {
				pos = i + 1
			}
			if o.decl.precedes != "" && strings.EqualFold(x.name, o.decl.precedes) {
				pos = i
			}
		}
		g.list = append(g.list[:pos], append([]*sqlObject{o}, g.list[pos:]...)...)
	}
	for _, k := range keys {
		g := groups[k]
		names := make([]string, len(g.list))
		for i, o := range g.list {
			names[i] = c.names.pg(o.name)
		}
		ordered := sort.StringsAreSorted(names)
		for i, o := range g.list {
			t := tabs[o]
			n := names[i]
			if !ordered {
				n = fit63(fmt.Sprintf("%02d_%s", i+1, n))
			}
			fn := quoteIdent(t.Schema) + "." + quoteIdent(fit63(c.names.pg(o.name)+"_trg"))
			sql := append(o.sql, fmt.Sprintf("CREATE TRIGGER %s %s %s ON %s FOR EACH ROW EXECUTE FUNCTION %s()", quoteIdent(n), o.decl.timing, o.decl.event, t.QName(), fn))
			schemas[t.Schema] = true
			drop := fmt.Sprintf("DROP TRIGGER IF EXISTS %s ON %s", quoteIdent(n), t.QName())
			res.stmts = append(res.stmts, postObject{kind: "trigger", schema: t.Schema, name: c.names.pg(o.name), sql: append([]string{drop}, sql...), my: o.text})
		}
	}
	var pre []postObject
	for s := range schemas {
		pre = append(pre, postObject{kind: "collation", schema: s, name: ciCollation, sql: []string{ciCollationSQL(s)}})
	}
	sort.Slice(pre, func(i, j int) bool { return pre[i].schema < pre[j].schema })
	res.stmts = append(pre, res.stmts...)
	return res
}

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
	res := translateObjects(d.m, &d.names, tables, d.objs)
	d.views = d.views[:0]
	for _, p := range res.stmts {
		d.views = append(d.views, viewDef{kind: p.kind, schema: p.schema, name: p.name, my: p.my, stmts: p.sql})
	}
	for _, u := range res.untr {
		rep.untranslated(u)
	}
}

// rejected lists an object PostgreSQL refused to create.
func (v viewDef) rejected(rep *Report, err error) {
	rep.untranslated(Untranslated{Kind: v.kind, Schema: v.schema, Name: v.name, Reason: "PostgreSQL refused it: " + err.Error(), MySQLText: v.my})
}
