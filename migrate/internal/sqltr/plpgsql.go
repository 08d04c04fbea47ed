package sqltr

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/myparse"
)

// The PL/pgSQL generator: a parsed routine or trigger body into a
// PL/pgSQL block, statement by statement, each embedded query and
// expression through the query translator.

type handlerInfo struct {
	kind  string // CONTINUE, EXIT
	body  []pnode
	block string // label of the block declaring it (EXIT)
}

type cursorInfo struct {
	rec  string
	cols []outCol
}

type plGen struct {
	o        *objCtx
	vars     []map[string]varInfo
	notFound []*handlerInfo // innermost last
	cursors  map[string]cursorInfo
	labels   []string // enclosing labels, innermost last
	kinds    map[string]string
	ret      *model.Column // function result
	proc     bool
	nblock   int
	b        strings.Builder
	depth    int
}

func (g *plGen) line(format string, args ...any) {
	g.b.WriteString(strings.Repeat("  ", g.depth))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

func (g *plGen) scope() *scope {
	return &scope{o: g.o, vars: g.vars, bareSet: map[string]bool{}}
}

func (g *plGen) expr(toks []etok) (enode, error) {
	q := &queryTr{sc: g.scope()}
	return q.expr(toks)
}

func (g *plGen) cond(toks []etok) (string, error) {
	n, err := g.expr(toks)
	if err != nil {
		return "", err
	}
	c, err := asBool(n)
	if err != nil {
		return "", errAt(toks, "%v", err)
	}
	return c.sql, nil
}

// block emits a BEGIN ... END block (its DECLAREs first).
func (g *plGen) block(n pnode) error {
	g.nblock++
	label := n.label
	if label == "" {
		label = fmt.Sprintf("b%d", g.nblock)
	}
	label = strings.ToLower(label)
	vars := map[string]varInfo{}
	g.vars = append(g.vars, vars)
	nf := len(g.notFound)
	defer func() {
		g.vars = g.vars[:len(g.vars)-1]
		g.notFound = g.notFound[:nf]
	}()
	var decl []string
	var stmts []pnode
	for _, s := range n.body {
		switch s.kind {
		case "var":
			for _, name := range s.names {
				c, err := typeColumn(g.o.cat.m, name, s.typ)
				if err != nil {
					return &posError{pos: s.pos, err: err}
				}
				d := model.QuoteIdent(strings.ToLower(name)) + " " + c.PGType
				if s.def != nil {
					dn, err := g.expr(s.def)
					if err != nil {
						return err
					}
					v, err := assignTo(dn, c)
					if err != nil {
						return errAt(s.def, "DEFAULT of %s: %v", name, err)
					}
					d += " := " + v
				}
				decl = append(decl, d+";")
				vars[strings.ToLower(name)] = varInfo{pg: model.QuoteIdent(strings.ToLower(name)), col: c}
			}
		case "cursor":
			q := &queryTr{sc: g.scope()}
			sql, cols, err := q.selectQuery(s.toks)
			if err != nil {
				return err
			}
			if q.into != nil {
				return errAt(s.toks, "a cursor SELECT ... INTO")
			}
			name := strings.ToLower(s.names[0])
			rec := model.QuoteIdent("_opsctl_" + name)
			decl = append(decl, model.QuoteIdent(name)+" CURSOR FOR "+sql+";", rec+" record;")
			g.cursors[name] = cursorInfo{rec: rec, cols: cols}
		case "handler":
			for _, c := range s.hconds {
				if c != "NOT FOUND" && c != "SQLSTATE 02000" {
					return &posError{pos: s.pos, err: fmt.Errorf("%s HANDLER FOR %s is not translated (only NOT FOUND)", s.hkind, c)}
				}
			}
			if s.hkind == "UNDO" {
				return &posError{pos: s.pos, err: fmt.Errorf("UNDO HANDLER")}
			}
			g.notFound = append(g.notFound, &handlerInfo{kind: s.hkind, body: s.body, block: label})
		case "condition":
			return &posError{pos: s.pos, err: fmt.Errorf("DECLARE ... CONDITION is not translated")}
		default:
			stmts = append(stmts, s)
		}
	}
	g.line("<<%s>>", model.QuoteIdent(label))
	if len(decl) > 0 {
		g.line("DECLARE")
		for _, d := range decl {
			g.line("  %s", d)
		}
	}
	g.line("BEGIN")
	g.labels = append(g.labels, label)
	g.kinds[label] = "block"
	defer func() { g.labels = g.labels[:len(g.labels)-1] }()
	if err := g.indented(stmts); err != nil {
		return err
	}
	g.line("END %s;", model.QuoteIdent(label))
	return nil
}

// indented writes stmts one level deeper.
func (g *plGen) indented(stmts []pnode) error {
	g.depth++
	err := g.stmts(stmts)
	g.depth--
	return err
}

func (g *plGen) stmts(ss []pnode) error {
	if len(ss) == 0 {
		g.line("NULL;")
	}
	for _, s := range ss {
		if err := g.stmt(s); err != nil {
			var pe *posError
			if asPosErr(err, &pe) {
				return err
			}
			return &posError{pos: s.pos, err: err}
		}
	}
	return nil
}

func (g *plGen) findLabel(l string) (string, error) {
	l = strings.ToLower(l)
	for i := len(g.labels) - 1; i >= 0; i-- {
		if g.labels[i] == l {
			return model.QuoteIdent(l), nil
		}
	}
	return "", fmt.Errorf("unknown label %s", l)
}

func (g *plGen) loopLabel(n pnode) string {
	g.nblock++
	if n.label == "" {
		return fmt.Sprintf("l%d", g.nblock)
	}
	return strings.ToLower(n.label)
}

func (g *plGen) stmt(s pnode) error {
	switch s.kind {
	case "block":
		return g.block(s)
	case "var", "cursor", "handler", "condition":
		return fmt.Errorf("DECLARE after other statements")
	case "if":
		for i, c := range s.conds {
			cs, err := g.cond(c)
			if err != nil {
				return err
			}
			if i == 0 {
				g.line("IF %s THEN", cs)
			} else {
				g.line("ELSIF %s THEN", cs)
			}
			if err := g.indented(s.bodies[i]); err != nil {
				return err
			}
		}
		if s.hasEls {
			g.line("ELSE")
			if err := g.indented(s.els); err != nil {
				return err
			}
		}
		g.line("END IF;")
		return nil
	case "case":
		var subj *enode
		if s.toks != nil {
			n, err := g.expr(s.toks)
			if err != nil {
				return err
			}
			subj = &n
		}
		g.line("CASE")
		for i, c := range s.conds {
			var cs string
			if subj != nil {
				v, err := g.expr(c)
				if err != nil {
					return err
				}
				eq, err := (&exprTr{sc: g.scope()}).caseEq(*subj, v)
				if err != nil {
					return errAt(c, "%v", err)
				}
				cs = eq.sql
			} else {
				var err error
				if cs, err = g.cond(c); err != nil {
					return err
				}
			}
			g.line("WHEN %s THEN", cs)
			if err := g.indented(s.bodies[i]); err != nil {
				return err
			}
		}
		if s.hasEls {
			g.line("ELSE")
			if err := g.indented(s.els); err != nil {
				return err
			}
		}
		g.line("END CASE;") // no match: both raise an error
		return nil
	case "loop", "while", "repeat":
		l := g.loopLabel(s)
		g.labels = append(g.labels, l)
		g.kinds[l] = s.kind
		defer func() { g.labels = g.labels[:len(g.labels)-1] }()
		switch s.kind {
		case "loop", "repeat":
			g.line("<<%s>>", model.QuoteIdent(l))
			g.line("LOOP")
		case "while":
			c, err := g.cond(s.toks)
			if err != nil {
				return err
			}
			g.line("<<%s>>", model.QuoteIdent(l))
			g.line("WHILE %s LOOP", c)
		}
		g.depth++
		if err := g.stmts(s.body); err != nil {
			return err
		}
		if s.kind == "repeat" {
			c, err := g.cond(s.toks)
			if err != nil {
				return err
			}
			g.line("EXIT %s WHEN %s;", model.QuoteIdent(l), c)
		}
		g.depth--
		g.line("END LOOP %s;", model.QuoteIdent(l))
		return nil
	case "leave":
		l, err := g.findLabel(s.label)
		if err != nil {
			return err
		}
		g.line("EXIT %s;", l)
		return nil
	case "iterate":
		l, err := g.findLabel(s.label)
		if err != nil {
			return err
		}
		if g.kinds[strings.ToLower(s.label)] != "loop" && g.kinds[strings.ToLower(s.label)] != "while" {
			return fmt.Errorf("ITERATE %s (a REPEAT or a block) is not translated", s.label)
		}
		g.line("CONTINUE %s;", l)
		return nil
	case "return":
		if g.ret == nil {
			return fmt.Errorf("RETURN outside a function")
		}
		n, err := g.expr(s.toks)
		if err != nil {
			return err
		}
		v, err := assignTo(n, g.ret)
		if err != nil {
			return errAt(s.toks, "RETURN: %v", err)
		}
		g.line("RETURN %s;", typmodCast(v, g.ret))
		return nil
	case "set":
		return g.set(s.toks)
	case "signal":
		return g.signal(s.toks)
	case "resignal":
		return fmt.Errorf("RESIGNAL is not translated")
	case "open", "close":
		c := strings.ToLower(s.names[0])
		if _, ok := g.cursors[c]; !ok {
			return fmt.Errorf("unknown cursor %s", c)
		}
		g.line("%s %s;", strings.ToUpper(s.kind), model.QuoteIdent(c))
		return nil
	case "fetch":
		return g.fetch(s)
	case "sql":
		return g.sql(s.toks)
	}
	return fmt.Errorf("%s is not translated", s.kind)
}

// typmodCast: PostgreSQL drops the scale of a function's result and
// parameter types; MySQL rounds to it.
func typmodCast(v string, c *model.Column) string {
	if strings.HasPrefix(c.PGType, "numeric(") {
		return "(" + v + ")::" + c.PGType
	}
	return v
}

func (g *plGen) set(toks []etok) error {
	for _, a := range splitTop(toks) {
		eq := -1
		for k, t := range a {
			if t.Kind == myparse.TkPunct && (t.Text == "=" || t.Text == ":=") {
				eq = k
				break
			}
		}
		if eq < 1 {
			return errAt(a, "SET %s is not translated", rawJoin(a))
		}
		target := a[:eq]
		if strings.HasPrefix(target[0].Text, "@") {
			return errAt(a, "user variable %s is not translated (session state)", target[0].Text)
		}
		var col *model.Column
		var lhs string
		switch {
		case len(target) == 3 && target[1].Text == "." && g.o.trig != nil && (strings.EqualFold(target[0].Text, "NEW") || strings.EqualFold(target[0].Text, "OLD")):
			if !strings.EqualFold(target[0].Text, "NEW") || g.o.trigEv == "DELETE" {
				return errAt(a, "SET %s.%s", target[0].Text, target[2].Text)
			}
			c := g.o.trig.Column(target[2].Text)
			if c == nil {
				return errAt(a, "unknown column NEW.%s", target[2].Text)
			}
			col, lhs = c, "NEW."+model.QuoteIdent(c.Name)
		case len(target) == 1:
			v, ok := (&scope{vars: g.vars}).lookupVar(target[0].Text)
			if !ok {
				return errAt(a, "SET %s (not a local variable) is not translated", target[0].Text)
			}
			col, lhs = v.col, v.pg
		default:
			return errAt(a, "SET %s is not translated", rawJoin(target))
		}
		n, err := g.expr(a[eq+1:])
		if err != nil {
			return err
		}
		v, err := assignTo(n, col)
		if err != nil {
			return errAt(a[eq+1:], "SET %s: %v", rawJoin(target), err)
		}
		g.line("%s := %s;", lhs, v)
	}
	return nil
}

func (g *plGen) signal(toks []etok) error {
	i := 0
	if i < len(toks) && strings.EqualFold(toks[i].Text, "SQLSTATE") {
		i++
		if i < len(toks) && strings.EqualFold(toks[i].Text, "VALUE") {
			i++
		}
	} else {
		return errAt(toks, "SIGNAL of a named condition is not translated")
	}
	if i >= len(toks) || toks[i].Kind != myparse.TkString || len(toks[i].Text) != 5 {
		return errAt(toks, "SIGNAL SQLSTATE 'xxxxx' expected")
	}
	state := toks[i].Text
	i++
	msg := model.QuoteLit("Unhandled user-defined exception condition")
	if state[:2] == "01" {
		msg = model.QuoteLit("Unhandled user-defined warning condition")
	}
	if i < len(toks) {
		if !strings.EqualFold(toks[i].Text, "SET") {
			return errAt(toks[i:], "SIGNAL ... %s", toks[i].Raw)
		}
		for _, a := range splitTop(toks[i+1:]) {
			if len(a) < 3 || a[1].Text != "=" {
				return errAt(a, "SIGNAL SET item expected")
			}
			if !strings.EqualFold(a[0].Text, "MESSAGE_TEXT") {
				return errAt(a, "SIGNAL SET %s is not translated", a[0].Text)
			}
			n, err := g.expr(a[2:])
			if err != nil {
				return err
			}
			if n.k != ekText {
				return errAt(a, "MESSAGE_TEXT of a %s value", n.k)
			}
			msg = n.sql
		}
	}
	if state[:2] == "01" {
		g.line("RAISE WARNING '%%', %s;", msg)
		return nil
	}
	if state[:2] == "00" {
		return errAt(toks, "SIGNAL SQLSTATE '%s' (success class) is invalid", state)
	}
	g.line("RAISE EXCEPTION USING ERRCODE = %s, MESSAGE = %s;", model.QuoteLit(state), msg)
	return nil
}

// notFoundSQL emits what MySQL does on NOT FOUND: the innermost handler,
// else (FETCH) an error.
func (g *plGen) notFoundBody(fetch bool) error {
	if len(g.notFound) == 0 {
		if fetch {
			g.line("RAISE EXCEPTION USING ERRCODE = '02000', MESSAGE = 'No data - zero rows fetched, selected, or processed';")
		} else {
			g.line("NULL; -- MySQL: a warning, the variables keep their values")
		}
		return nil
	}
	h := g.notFound[len(g.notFound)-1]
	saved := g.notFound
	g.notFound = g.notFound[:len(g.notFound)-1] // a handler does not catch its own condition
	defer func() { g.notFound = saved }()
	if err := g.stmts(h.body); err != nil {
		return err
	}
	if h.kind == "EXIT" {
		g.line("EXIT %s;", model.QuoteIdent(h.block))
	}
	return nil
}

func (g *plGen) fetch(s pnode) error {
	c, ok := g.cursors[strings.ToLower(s.names[0])]
	if !ok {
		return fmt.Errorf("unknown cursor %s", s.names[0])
	}
	targets := s.names[1:]
	if len(targets) != len(c.cols) {
		return fmt.Errorf("FETCH of %d columns into %d variables", len(c.cols), len(targets))
	}
	g.line("FETCH %s INTO %s;", model.QuoteIdent(strings.ToLower(s.names[0])), c.rec)
	g.line("IF FOUND THEN")
	g.depth++
	for i, t := range targets {
		v, ok := (&scope{vars: g.vars}).lookupVar(t)
		if !ok {
			return fmt.Errorf("FETCH INTO %s (not a local variable)", t)
		}
		n := c.cols[i].n
		n.sql, n.col = c.rec+"."+model.QuoteIdent(c.cols[i].name), nil
		val, err := assignTo(n, v.col)
		if err != nil {
			return fmt.Errorf("FETCH INTO %s: %v", t, err)
		}
		g.line("%s := %s;", v.pg, val)
	}
	g.depth--
	g.line("ELSE")
	g.depth++
	if err := g.notFoundBody(true); err != nil {
		return err
	}
	g.depth--
	g.line("END IF;")
	return nil
}

func (g *plGen) sql(toks []etok) error {
	w := strings.ToUpper(toks[0].Text)
	switch w {
	case "SELECT", "(":
		q := &queryTr{sc: g.scope()}
		sql, cols, err := q.selectQuery(toks)
		if err != nil {
			return err
		}
		if q.into == nil {
			return errAt(toks, "SELECT without INTO returns a result set to the client: a PostgreSQL CALL returns only OUT parameters, and a function RETURNS TABLE or a refcursor parameter would change how every caller calls it (rewrite it and its callers by hand)")
		}
		targets := splitTop(q.into)
		if len(targets) != len(cols) {
			return errAt(q.into, "SELECT of %d columns INTO %d variables", len(cols), len(targets))
		}
		var names, vals []string
		for i, t := range targets {
			if len(t) != 1 {
				return errAt(t, "INTO %s is not translated", rawJoin(t))
			}
			v, ok := (&scope{vars: g.vars}).lookupVar(t[0].Text)
			if !ok {
				return errAt(t, "INTO %s (not a local variable) is not translated", t[0].Text)
			}
			cn := fmt.Sprintf("c%d", i+1)
			n := cols[i].n
			n.sql, n.col = "s."+cn, nil
			val, err := assignTo(n, v.col)
			if err != nil {
				return errAt(t, "INTO %s: %v", t[0].Text, err)
			}
			names = append(names, cn)
			vals = append(vals, val)
			_ = v
		}
		var vs []string
		for _, t := range targets {
			v, _ := (&scope{vars: g.vars}).lookupVar(t[0].Text)
			vs = append(vs, v.pg)
		}
		// STRICT: no row leaves the variables as they were (as MySQL
		// does), more than one row is an error (as in MySQL)
		g.line("BEGIN")
		g.depth++
		g.line("SELECT %s INTO STRICT %s FROM (%s) AS s(%s);", strings.Join(vals, ", "), strings.Join(vs, ", "), sql, strings.Join(names, ", "))
		g.depth--
		g.line("EXCEPTION WHEN no_data_found THEN")
		g.depth++
		if err := g.notFoundBody(false); err != nil {
			return err
		}
		g.depth--
		g.line("END;")
		return nil
	case "INSERT", "UPDATE", "DELETE":
		q := &queryTr{sc: g.scope()}
		sql, err := q.dml(toks)
		if err != nil {
			return err
		}
		g.line("%s;", sql)
		return nil
	case "CALL":
		if len(toks) < 2 {
			return errAt(toks, "CALL without a procedure")
		}
		name := toks[1].Text
		r := g.o.cat.routine(name)
		if r == nil {
			if err := g.o.cat.notMigrated(name); err != nil {
				return errAt(toks, "%v", err)
			}
		}
		if r == nil || r.kind != "PROCEDURE" {
			return errAt(toks, "CALL %s: not a migrated procedure", name)
		}
		var args []string
		if len(toks) > 2 {
			if toks[2].Text != "(" || matchParen(toks, 2) != len(toks)-1 {
				return errAt(toks, "CALL %s(...) expected", name)
			}
			for i, a := range splitTop(toks[3 : len(toks)-1]) {
				if i >= len(r.params) {
					return errAt(toks, "CALL %s with too many arguments", name)
				}
				n, err := g.expr(a)
				if err != nil {
					return err
				}
				if r.params[i].mode != "IN" {
					args = append(args, n.sql)
					continue
				}
				v, err := assignTo(n, r.params[i].col)
				if err != nil {
					return errAt(a, "argument %d: %v", i+1, err)
				}
				args = append(args, v)
			}
		}
		g.o.writes = true
		g.line("CALL %s.%s(%s);", model.QuoteIdent(r.schema), model.QuoteIdent(r.pgName), strings.Join(args, ", "))
		return nil
	case "CREATE":
		return g.createTemp(toks)
	case "DROP":
		return g.dropTemp(toks)
	}
	return errAt(toks, "%s is not translated", w)
}

// createTemp translates CREATE TEMPORARY TABLE t (columns) into a
// PostgreSQL temporary table, pg_temp.t: like MySQL's, it lives until the
// session ends or it is dropped, is seen only by this session, and hides a
// table of the same name (the statements after it read and write it).
// Refused: other CREATEs, CREATE ... LIKE / AS SELECT, and column or table
// features whose PostgreSQL form the table DDL (not the translator) owns:
// defaults other than NULL or a number, AUTO_INCREMENT, generated columns,
// ENUM/SET, spatial and bit types, foreign keys, CHECKs, prefix keys.
func (g *plGen) createTemp(toks []etok) error {
	if len(toks) < 3 || !strings.EqualFold(toks[1].Text, "TEMPORARY") || !strings.EqualFold(toks[2].Text, "TABLE") {
		return errAt(toks, "%s inside a routine is not translated (only CREATE TEMPORARY TABLE is)", rawJoin(toks[:min(3, len(toks))]))
	}
	c := g.o.cat
	t, err := myparse.ParseCreateTable(rawJoin(toks), c.cur.ANSI)
	if err != nil {
		return errAt(toks, "CREATE TEMPORARY TABLE: %v", err)
	}
	if t.MyDB != "" && !strings.EqualFold(t.MyDB, c.cur.MyDB) {
		return errAt(toks, "CREATE TEMPORARY TABLE in another database (%s) is not translated", t.MyDB)
	}
	if len(t.ForeignKeys) > 0 || len(t.Checks) > 0 || t.Partitioned {
		return errAt(toks, "CREATE TEMPORARY TABLE %s with FOREIGN KEY, CHECK or PARTITION is not translated", t.MyName)
	}
	t.MyDB, t.Schema, t.Name = c.cur.MyDB, "pg_temp", c.names.PG(t.MyName)
	var defs []string
	for _, col := range t.Columns {
		col.Name = c.names.PG(col.MyName)
		c.m.Decide(col)
		switch {
		case col.AutoInc || col.Generated != "" || col.OnUpdate != "":
			return errAt(toks, "temporary table column %s: AUTO_INCREMENT, generated or ON UPDATE columns are not translated", col.MyName)
		case col.Base == "enum" || col.Base == "set" || model.IsSpatial(col.Base) || col.Conv == cast.Bits || col.Conv == cast.Interval:
			return errAt(toks, "temporary table column %s: type %s is not translated inside a routine", col.MyName, col.MyType)
		}
		def := model.QuoteIdent(col.Name) + " " + col.PGType
		switch d := strings.ToUpper(col.Default); {
		case d == "" || d == "NULL":
		case col.Conv == cast.Number && isNumberLit(d):
			def += " DEFAULT " + d
		default:
			return errAt(toks, "temporary table column %s: DEFAULT %s is not translated", col.MyName, col.Default)
		}
		if col.NotNull {
			def += " NOT NULL"
		}
		defs = append(defs, def)
	}
	for _, ix := range t.Indexes {
		if ix.Kind != "primary" && ix.Kind != "unique" {
			continue // a plain index changes no result
		}
		var cols []string
		for i, n := range ix.Columns {
			if i < len(ix.Prefixes) && ix.Prefixes[i] > 0 {
				return errAt(toks, "temporary table key on a column prefix (%s) is not translated", n)
			}
			col := t.Column(n)
			if col == nil {
				return errAt(toks, "temporary table key on unknown column %s", n)
			}
			if col.Conv == cast.Text || col.Conv == cast.JSON {
				// MySQL compares it under the column's collation
				// (case-insensitive by default): another set of duplicates
				return errAt(toks, "temporary table key on text column %s is not translated (MySQL compares it case-insensitively)", n)
			}
			cols = append(cols, model.QuoteIdent(col.Name))
		}
		kw := "UNIQUE"
		if ix.Kind == "primary" {
			kw = "PRIMARY KEY"
		}
		defs = append(defs, kw+" ("+strings.Join(cols, ", ")+")")
	}
	ifNot := ""
	if len(toks) > 5 && strings.EqualFold(toks[3].Text, "IF") && strings.EqualFold(toks[4].Text, "NOT") {
		ifNot = "IF NOT EXISTS "
	}
	if c.temps == nil {
		c.temps = map[string]*model.Table{}
	}
	c.temps[strings.ToLower(t.MyName)] = t
	g.o.writes = true
	g.line("CREATE TEMPORARY TABLE %s%s (%s);", ifNot, t.QName(), strings.Join(defs, ", "))
	return nil
}

// isNumberLit: a plain decimal number (a default PostgreSQL reads alike).
func isNumberLit(s string) bool {
	s = strings.Trim(s, "'")
	if s == "" {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && !strings.ContainsAny(s, "eExXpP")
}

// dropTemp translates DROP TEMPORARY TABLE [IF EXISTS] t, ...: only the
// temporary tables go (pg_temp.t), as in MySQL. A plain DROP TABLE is
// refused: MySQL drops the temporary table of that name if there is one,
// else the real table, which the routine's text cannot tell.
func (g *plGen) dropTemp(toks []etok) error {
	if len(toks) < 4 || !strings.EqualFold(toks[1].Text, "TEMPORARY") || !strings.EqualFold(toks[2].Text, "TABLE") {
		return errAt(toks, "%s inside a routine is not translated (only DROP TEMPORARY TABLE is)", rawJoin(toks[:min(3, len(toks))]))
	}
	i, ifEx := 3, ""
	if len(toks) > 5 && strings.EqualFold(toks[3].Text, "IF") && strings.EqualFold(toks[4].Text, "EXISTS") {
		i, ifEx = 5, "IF EXISTS "
	}
	var names []string
	for _, part := range splitTop(toks[i:]) {
		if len(part) == 3 && part[1].Text == "." {
			if !strings.EqualFold(part[0].Text, g.o.cat.cur.MyDB) {
				return errAt(part, "DROP TEMPORARY TABLE in another database (%s) is not translated", part[0].Text)
			}
			part = part[2:]
		}
		if len(part) != 1 || (part[0].Kind != myparse.TkIdent && part[0].Kind != myparse.TkWord) {
			return errAt(part, "DROP TEMPORARY TABLE: table name expected")
		}
		names = append(names, model.QuoteIdent("pg_temp")+"."+model.QuoteIdent(g.o.cat.names.PG(part[0].Text)))
		delete(g.o.cat.temps, strings.ToLower(part[0].Text))
	}
	g.o.writes = true
	g.line("DROP TABLE %s%s;", ifEx, strings.Join(names, ", "))
	return nil
}
