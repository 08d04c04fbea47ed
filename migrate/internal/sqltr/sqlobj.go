package sqltr

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/myparse"
)

// Views, triggers, functions and procedures: captured from the dump (or
// SHOW CREATE), translated once every table is known, created after the
// tables in an order that works (routines, then views in dependency order,
// then triggers), or listed as Untranslated with the reason and the line.

// Object is a captured MySQL object.
type Object struct {
	Kind     string // VIEW, TRIGGER, FUNCTION, PROCEDURE, EVENT
	Schema   string // PostgreSQL schema
	MyDB     string
	Name     string // MySQL name
	Text     string // CREATE statement (VIEW: the SELECT)
	ANSI     bool
	Pre      []string // statements to run first (drop a dump's stand-in table)
	Fail     error    // known untranslatable before parsing
	DumpLine int      // line of the CREATE in the dump (0: live)

	// translation state
	state int // 0 new, 1 in progress, 2 done
	cols  []outCol
	sql   []string
	err   error
	decl  *routineDecl
	calls map[string]bool // routines it calls (lowercase MySQL names)
	// a function's volatility (IMMUTABLE, STABLE, VOLATILE) and its
	// CREATE FUNCTION with another one
	vol     string
	withVol func(vol string) string
}

type routineSig struct {
	kind, schema, pgName string
	params               []struct {
		mode string
		col  *model.Column
	}
	ret *model.Column
	obj *Object
}

type catalog struct {
	m        *model.Mapping
	names    *model.Namer
	dbSchema map[string]string       // MySQL db (lowercase) -> PostgreSQL schema
	tables   map[string]*model.Table // schema.name (PostgreSQL)
	views    map[string]*Object
	routines map[string]*routineSig // lowercase MySQL name
	cur      *Object                // object being translated (its db)
	// temps are the temporary tables the routine being translated has
	// created so far (lowercase MySQL name): they hide tables of the same
	// name, as in MySQL.
	temps    map[string]*model.Table
	viewDone []*Object // views in the order they were finished
}

func (c *catalog) schemaOf(db string) string {
	if db == "" {
		db = c.cur.MyDB
	}
	if s, ok := c.dbSchema[strings.ToLower(db)]; ok {
		return s
	}
	if db == "" || c.cur.MyDB == "" {
		return c.cur.Schema // a one-database dump without USE
	}
	return c.names.PG(db)
}

// relation resolves [db.]name to a table or a (translated) view.
func (c *catalog) relation(parts []string) (*rel, string, error) {
	db, name := "", parts[len(parts)-1]
	if len(parts) > 1 {
		db = parts[len(parts)-2]
	}
	schema := c.schemaOf(db)
	if db == "" {
		schema = c.cur.Schema
	}
	if t, ok := c.temps[strings.ToLower(name)]; ok && (db == "" || strings.EqualFold(db, c.cur.MyDB)) {
		return &rel{alias: strings.ToLower(name), t: t}, t.QName(), nil
	}
	key := schema + "." + c.names.PG(name)
	if t, ok := c.tables[key]; ok {
		return &rel{alias: strings.ToLower(name), t: t}, t.QName(), nil
	}
	if v, ok := c.views[key]; ok {
		saved, temps := c.cur, c.temps
		c.temps = nil // a view never reads a routine's temporary table
		err := c.translateView(v)
		c.cur, c.temps = saved, temps
		if err != nil {
			return nil, "", fmt.Errorf("view %s is not translated", name)
		}
		return &rel{alias: strings.ToLower(name), cols: v.cols}, model.QuoteIdent(v.Schema) + "." + model.QuoteIdent(c.names.PG(v.Name)), nil
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

// notMigrated is the error for a call to name when name is a routine of
// the database that is not migrated (nil otherwise): the caller is not
// migrated either, for that reason.
func (c *catalog) notMigrated(name string) error {
	r := c.routines[strings.ToLower(name)]
	if r == nil || r.obj == nil || r.obj.err == nil {
		return nil
	}
	return fmt.Errorf("calls %s %s, which is not migrated", strings.ToLower(r.kind), r.obj.Name)
}

// callsOf lists the routines o calls as PostgreSQL schema.name.
func (c *catalog) callsOf(o *Object) []string {
	var out []string
	for k := range o.calls {
		if r := c.routines[k]; r != nil && r.obj != nil && r.pgName != "" {
			out = append(out, r.schema+"."+r.pgName)
		}
	}
	sort.Strings(out)
	return out
}

// calleesFirst orders routines so that each comes after the routines it
// calls (a cycle keeps the dump's order): whoever creates them can leave
// out the callers of one PostgreSQL refuses.
func (c *catalog) calleesFirst(routines []*Object) []*Object {
	state := map[*Object]int{}
	var out []*Object
	var visit func(o *Object)
	visit = func(o *Object) {
		if state[o] != 0 {
			return
		}
		state[o] = 1
		var callees []string
		for k := range o.calls {
			callees = append(callees, k)
		}
		sort.Strings(callees)
		for _, k := range callees {
			if r := c.routines[k]; r != nil && r.obj != nil && r.obj != o {
				visit(r.obj)
			}
		}
		state[o] = 2
		out = append(out, o)
	}
	for _, o := range routines {
		visit(o)
	}
	return out
}

// callsUntranslated: o calls r, which is not migrated, so o is not either
// (PL/pgSQL resolves calls when they run: o would be created and fail
// later, in production). The line is the first mention of r's name.
func callsUntranslated(o *Object, r *routineSig, name string) error {
	pos := 0
	up, n := strings.ToLower(o.Text), strings.ToLower(name)
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

func (c *catalog) translateView(v *Object) error {
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
	o := &objCtx{cat: c, schema: v.Schema}
	q := &queryTr{sc: &scope{o: o, bareSet: map[string]bool{}}, ansi: v.ANSI}
	sql, cols, err := q.selectQuery(myparse.Tokenize(v.Text, v.ANSI))
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
	qn := model.QuoteIdent(v.Schema) + "." + model.QuoteIdent(c.names.PG(v.Name))
	v.sql = []string{"CREATE VIEW " + qn + " AS " + sql}
	// a column that is a GROUP_CONCAT without ORDER BY says so, for
	// verify: its items may come in another order than in MySQL
	for _, oc := range cols {
		if oc.n.anyOrder != nil && *oc.n.anyOrder != "" && strings.HasPrefix(oc.n.sql, "string_agg(") {
			v.sql = append(v.sql, "COMMENT ON COLUMN "+qn+"."+model.QuoteIdent(oc.name)+" IS "+model.QuoteLit(model.AnyOrderComment+*oc.n.anyOrder))
		}
	}
	return nil
}

// routineHeader parses a routine's header and registers its signature.
func (c *catalog) routineHeader(o *Object) error {
	d, err := parseRoutine(o.Text, o.ANSI)
	if err != nil {
		return err
	}
	o.decl = d
	if d.db != "" {
		o.MyDB = d.db
		o.Schema = c.schemaOf(d.db)
	}
	o.Name = d.name
	if d.kind == "TRIGGER" {
		return nil
	}
	sig := &routineSig{kind: d.kind, schema: o.Schema, pgName: c.names.PG(d.name), obj: o}
	for _, p := range d.params {
		col, err := typeColumn(c.m, p.name, p.typ)
		if err != nil {
			return err
		}
		sig.params = append(sig.params, struct {
			mode string
			col  *model.Column
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

func (c *catalog) translateRoutine(o *Object) error {
	c.cur = o
	c.temps = nil
	d := o.decl
	sig := c.routines[strings.ToLower(d.name)]
	ob := &objCtx{cat: c, schema: o.Schema}
	g := &plGen{o: ob, cursors: map[string]cursorInfo{}, kinds: map[string]string{}}
	params := map[string]varInfo{}
	var plist []string
	for i, p := range d.params {
		col := sig.params[i].col
		pg := model.QuoteIdent(strings.ToLower(p.name))
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
			pg := model.QuoteIdent(strings.ToLower(p.name))
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
	name := model.QuoteIdent(o.Schema) + "." + model.QuoteIdent(sig.pgName)
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
		o.withVol = func(vol string) string {
			return fmt.Sprintf("CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s LANGUAGE plpgsql %s AS %s", name, strings.Join(plist, ", "), sig.ret.PGType, vol, model.DollarQuote(src))
		}
		o.vol, o.sql = vol, []string{o.withVol(vol)}
		return nil
	}
	o.sql = []string{fmt.Sprintf("CREATE OR REPLACE PROCEDURE %s(%s) LANGUAGE plpgsql AS %s", name, strings.Join(plist, ", "), model.DollarQuote(src))}
	return nil
}

func (c *catalog) translateTrigger(o *Object) (*model.Table, error) {
	c.cur = o
	c.temps = nil
	d := o.decl
	t, ok := c.tables[c.schemaOf(d.tableDB)+"."+c.names.PG(d.table)]
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
	fn := model.QuoteIdent(t.Schema) + "." + model.QuoteIdent(model.Fit63(c.names.PG(d.name)+"_trg"))
	o.sql = []string{fmt.Sprintf("CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS %s", fn, model.DollarQuote(src))}
	return t, nil
}

// Result is the translated objects, ready to create in order.
type Result struct {
	Stmts        []Stmt
	Untranslated []model.Untranslated
}

// Stmt is one thing to create after the tables.
type Stmt struct {
	Kind, Schema, Name string
	SQL                []string
	MySQL              string
	// Calls are the routines it calls (schema.name): PL/pgSQL resolves a
	// call only when it runs, so when PostgreSQL refuses one of them, this
	// one must not be created either (Stmts come after their callees).
	Calls []string
}

func (c *catalog) untr(o *Object, err error) model.Untranslated {
	u := model.Untranslated{Kind: strings.ToLower(o.Kind), Schema: o.Schema, Name: c.names.PG(o.Name), Reason: err.Error(), MySQLText: model.ObjectText(o.Text), DumpLine: o.DumpLine}
	if o.Kind == "VIEW" {
		u.MySQLText = "CREATE VIEW " + model.QuoteIdent(o.Name) + " AS\n" + o.Text
	}
	var pe *posError
	if errors.As(err, &pe) {
		// the line in the text as dumped (objectText only unwraps the
		// version comments, it keeps the lines)
		u.Line = lineAtPos(o.Text, pe.pos)
		if o.Kind == "VIEW" {
			u.Line++
		}
	}
	return u
}

// Translate translates objs against the tables.
func Translate(m *model.Mapping, names *model.Namer, tables []*model.Table, objs []*Object) Result {
	c := &catalog{m: m, names: names, dbSchema: map[string]string{}, tables: map[string]*model.Table{}, views: map[string]*Object{}, routines: map[string]*routineSig{}}
	for _, t := range tables {
		c.tables[t.Schema+"."+t.Name] = t
		if t.MyDB != "" {
			c.dbSchema[strings.ToLower(t.MyDB)] = t.Schema
		}
	}
	var res Result
	var routines, triggers, views []*Object
	schemas := map[string]bool{}
	// a routine that is not migrated before its header is read (its text
	// unreadable, its header refused) is still known by name: its
	// callers say they call it
	failed := func(o *Object, err error) {
		o.err = err
		if k := strings.ToLower(o.Name); (o.Kind == "FUNCTION" || o.Kind == "PROCEDURE") && c.routines[k] == nil {
			c.routines[k] = &routineSig{kind: o.Kind, obj: o}
		}
		res.Untranslated = append(res.Untranslated, c.untr(o, err))
	}
	for _, o := range objs {
		c.cur = o
		if o.Fail != nil {
			failed(o, o.Fail)
			continue
		}
		switch o.Kind {
		case "VIEW":
			c.views[o.Schema+"."+names.PG(o.Name)] = o
			views = append(views, o)
		case "EVENT":
			u := model.NotTranslated("event", o.Schema, names.PG(o.Name), o.Text)
			u.DumpLine = o.DumpLine
			res.Untranslated = append(res.Untranslated, u)
		default:
			if err := c.routineHeader(o); err != nil {
				failed(o, err)
				continue
			}
			if o.Kind == "TRIGGER" {
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
					o.err = callsUntranslated(o, r, r.obj.Name)
					changed = true
					break
				}
			}
		}
	}
	// a function that calls a writing function writes too, at any depth
	// and whatever the order: as STABLE, PostgreSQL would read in the
	// caller's snapshot (missing what the callee wrote) and could call it
	// once for many rows
	for changed := true; changed; {
		changed = false
		for _, o := range routines {
			if o.err != nil || o.withVol == nil || o.vol == "VOLATILE" {
				continue
			}
			for k := range o.calls {
				if r := c.routines[k]; r != nil && r.obj != nil && r.obj.vol == "VOLATILE" {
					o.vol, o.sql[0] = "VOLATILE", o.withVol("VOLATILE")
					changed = true
					break
				}
			}
		}
	}
	for _, o := range c.calleesFirst(routines) {
		if o.err != nil {
			res.Untranslated = append(res.Untranslated, c.untr(o, o.err))
			continue
		}
		schemas[o.Schema] = true
		res.Stmts = append(res.Stmts, Stmt{Kind: strings.ToLower(o.Kind), Schema: o.Schema, Name: names.PG(o.Name), SQL: o.sql, MySQL: o.Text, Calls: c.callsOf(o)})
	}
	// views: each after the views it reads (translateView recurses)
	for _, v := range views {
		c.translateView(v)
	}
	for _, v := range c.viewDone {
		if v.err != nil {
			res.Untranslated = append(res.Untranslated, c.untr(v, v.err))
			continue
		}
		schemas[v.Schema] = true
		res.Stmts = append(res.Stmts, Stmt{Kind: "view", Schema: v.Schema, Name: names.PG(v.Name), SQL: append(v.Pre, v.sql...), MySQL: v.Text, Calls: c.callsOf(v)})
	}
	// triggers: per table and event in MySQL's order; PostgreSQL fires
	// same-event triggers by name, so several get an order prefix
	type group struct {
		list []*Object
	}
	groups := map[string]*group{}
	var keys []string
	tabs := map[*Object]*model.Table{}
	for _, o := range triggers {
		t, err := c.translateTrigger(o)
		if err != nil {
			res.Untranslated = append(res.Untranslated, c.untr(o, err))
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
			if o.decl.follows != "" && strings.EqualFold(x.Name, o.decl.follows) {
				pos = i + 1
			}
			if o.decl.precedes != "" && strings.EqualFold(x.Name, o.decl.precedes) {
				pos = i
			}
		}
		g.list = append(g.list[:pos], append([]*Object{o}, g.list[pos:]...)...)
	}
	for _, k := range keys {
		g := groups[k]
		names := make([]string, len(g.list))
		for i, o := range g.list {
			names[i] = c.names.PG(o.Name)
		}
		ordered := sort.StringsAreSorted(names)
		for i, o := range g.list {
			t := tabs[o]
			n := names[i]
			if !ordered {
				n = model.Fit63(fmt.Sprintf("%02d_%s", i+1, n))
			}
			fn := model.QuoteIdent(t.Schema) + "." + model.QuoteIdent(model.Fit63(c.names.PG(o.Name)+"_trg"))
			sql := append(o.sql, fmt.Sprintf("CREATE TRIGGER %s %s %s ON %s FOR EACH ROW EXECUTE FUNCTION %s()", model.QuoteIdent(n), o.decl.timing, o.decl.event, t.QName(), fn))
			schemas[t.Schema] = true
			drop := fmt.Sprintf("DROP TRIGGER IF EXISTS %s ON %s", model.QuoteIdent(n), t.QName())
			res.Stmts = append(res.Stmts, Stmt{Kind: "trigger", Schema: t.Schema, Name: c.names.PG(o.Name), SQL: append([]string{drop}, sql...), MySQL: o.Text, Calls: c.callsOf(o)})
		}
	}
	var pre []Stmt
	for s := range schemas {
		pre = append(pre, Stmt{Kind: "collation", Schema: s, Name: ciCollation, SQL: []string{ciCollationSQL(s)}})
	}
	sort.Slice(pre, func(i, j int) bool { return pre[i].Schema < pre[j].Schema })
	res.Stmts = append(pre, res.Stmts...)
	return res
}
