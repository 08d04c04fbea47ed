package sqltr

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/myparse"
)

// The expression translator turns the MySQL expressions of generated
// columns and CHECK constraints (as SHOW CREATE TABLE prints them) into
// PostgreSQL. It translates only what it can translate exactly: the result
// must compute the same values as MySQL, and (for generated columns) be
// IMMUTABLE in PostgreSQL. Anything else is an error that names the
// construct; the caller then keeps its fallback (a plain column with the
// dumped values, or a CHECK listed as not migrated).

// ekind is the type class of a translated expression.
type ekind uint8

const (
	ekNull ekind = iota
	ekInt
	ekDec
	ekFloat
	ekText
	ekBool
	ekDate
	ekTS   // timestamp without time zone
	ekTSTZ // timestamptz (MySQL TIMESTAMP)
	ekTime
	ekJSON
	ekBytes
	ekOther
)

func (k ekind) String() string {
	return [...]string{"null", "integer", "decimal", "float", "text", "boolean", "date", "datetime", "timestamp", "time", "json", "binary", "other"}[k]
}

func (k ekind) numeric() bool { return k == ekInt || k == ekDec || k == ekFloat }

// enode is a translated subexpression.
type enode struct {
	sql   string
	k     ekind
	scale int    // decimal digits (ekDec)
	lit   bool   // an untyped string literal ('2020-01-01', 'a')
	str   string // the literal's text
	jsrc  *enode // JSON_EXTRACT: the document
	jpath string // JSON_EXTRACT: the MySQL path
	num   bool   // a numeric literal
	wide  bool   // already 64-bit (or wider) integer arithmetic
	// anyOrder: a GROUP_CONCAT without ORDER BY, whose items MySQL gives
	// in no defined order: its separator (nil otherwise)
	anyOrder *string
	// notUTF8: text from a column whose MySQL bytes are not UTF-8
	// (latin1...): byte-level functions would give other results
	notUTF8 bool
	col     *model.Column
}

// etok is one token of the translated text.
type etok = myparse.Token

// exprTr translates one expression.
type exprTr struct {
	toks  []etok
	i     int
	t     *model.Table
	check bool // CHECK context: text comparisons allowed (the rows are validated)
	self  *model.Column
	// sc is the query scope (views, triggers, routines): column names
	// resolve through it, and subqueries, aggregates and routine calls
	// are allowed. nil for generated columns and CHECKs.
	sc *scope
}

// translateExpr translates expr in the context of table t (whose columns
// have their PostgreSQL types decided).
func translateExpr(t *model.Table, expr string, ansi, check bool, self *model.Column) (enode, error) {
	x := &exprTr{toks: myparse.Tokenize(expr, ansi), t: t, check: check, self: self}
	n, err := x.or()
	if err != nil {
		return n, err
	}
	if x.i < len(x.toks) {
		return n, fmt.Errorf("unexpected %q", x.toks[x.i].Raw)
	}
	return n, nil
}

// GeneratedSQL translates a generated column's expression into its column
// type, or says why it cannot.
func GeneratedSQL(t *model.Table, c *model.Column, ansi bool) (string, error) {
	n, err := translateExpr(t, c.Generated, ansi, false, c)
	if err != nil {
		return "", err
	}
	return assignTo(n, c)
}

// CheckSQL translates a CHECK constraint's expression to a boolean.
func CheckSQL(t *model.Table, expr string, ansi bool) (string, error) {
	n, err := translateExpr(t, expr, ansi, true, nil)
	if err != nil {
		return "", err
	}
	b, err := asBool(n)
	if err != nil {
		return "", err
	}
	return b.sql, nil
}

// assignTo converts n to the column's PostgreSQL type where MySQL's
// assignment gives the same value.
func assignTo(n enode, c *model.Column) (string, error) {
	bad := func() (string, error) {
		return "", fmt.Errorf("a %s expression stored in a %s column", n.k, c.PGType)
	}
	if n.k == ekNull {
		return "NULL::" + c.PGType, nil
	}
	switch c.Conv {
	case cast.Number:
		switch {
		case n.k.numeric():
			if n.k == ekFloat && !(strings.HasPrefix(c.PGType, "double") || strings.HasPrefix(c.PGType, "real")) {
				return bad() // MySQL and PostgreSQL round doubles differently
			}
			return n.sql, nil
		case n.k == ekBool:
			return "(" + n.sql + ")::int", nil
		}
	case cast.Text:
		switch n.k {
		case ekText:
			return n.sql, nil
		case ekInt, ekDec:
			return "(" + n.sql + ")::text", nil
		case ekBool:
			return "(" + n.sql + ")::int::text", nil
		}
	case cast.Bool:
		if n.k == ekBool {
			return n.sql, nil
		}
	case cast.Date:
		switch n.k {
		case ekDate:
			return n.sql, nil
		case ekTS:
			return "(" + n.sql + ")::date", nil
		}
	case cast.Datetime:
		tz := strings.HasPrefix(c.PGType, "timestamptz")
		switch {
		case n.k == ekTS && !tz, n.k == ekTSTZ && tz, n.k == ekDate && !tz:
			return n.sql, nil
		}
	case cast.Time:
		if n.k == ekTime { // a time column's value (both sides within a day)
			return n.sql, nil
		}
	case cast.JSON:
		if n.k == ekJSON {
			return n.sql, nil
		}
	}
	return bad()
}

func asBool(n enode) (enode, error) {
	switch {
	case n.k == ekBool || n.k == ekNull:
		return enode{sql: n.sql, k: ekBool}, nil
	case n.k == ekInt || n.k == ekDec:
		return enode{sql: "(" + n.sql + ") <> 0", k: ekBool}, nil
	}
	return n, fmt.Errorf("a %s value used as a condition", n.k)
}

func asNum(n enode) (enode, error) {
	switch {
	case n.k.numeric(), n.k == ekNull:
		return n, nil
	case n.k == ekBool:
		return enode{sql: "(" + n.sql + ")::int", k: ekInt}, nil
	}
	return n, fmt.Errorf("a %s value used as a number (MySQL converts it leniently)", n.k)
}

func (x *exprTr) peek() etok {
	if x.i < len(x.toks) {
		return x.toks[x.i]
	}
	return etok{Kind: myparse.TkEOF}
}

func (x *exprTr) isWord(w ...string) bool {
	for k, s := range w {
		if x.i+k >= len(x.toks) {
			return false
		}
		tk := x.toks[x.i+k]
		if tk.Kind != myparse.TkWord || !strings.EqualFold(tk.Text, s) {
			return false
		}
	}
	return true
}

func (x *exprTr) isP(p string) bool {
	tk := x.peek()
	return tk.Kind == myparse.TkPunct && tk.Text == p
}

func (x *exprTr) expectP(p string) error {
	if !x.isP(p) {
		return fmt.Errorf("expected %q near %q", p, x.peek().Raw)
	}
	x.i++
	return nil
}

func (x *exprTr) or() (enode, error) {
	l, err := x.and()
	if err != nil {
		return l, err
	}
	if x.isP("||") {
		// OR, or CONCAT under PIPES_AS_CONCAT (ANSI): the printed
		// expression does not say which
		return l, fmt.Errorf("|| is not translated (OR or CONCAT depending on sql_mode)")
	}
	for x.isWord("OR") {
		x.i++
		r, err := x.and()
		if err != nil {
			return r, err
		}
		if l, err = boolOp(l, r, "OR"); err != nil {
			return l, err
		}
	}
	if x.isWord("XOR") {
		return l, fmt.Errorf("XOR is not translated")
	}
	return l, nil
}

func boolOp(l, r enode, op string) (enode, error) {
	lb, err := asBool(l)
	if err != nil {
		return l, err
	}
	rb, err := asBool(r)
	if err != nil {
		return r, err
	}
	return enode{sql: "(" + lb.sql + " " + op + " " + rb.sql + ")", k: ekBool}, nil
}

func (x *exprTr) and() (enode, error) {
	l, err := x.not()
	if err != nil {
		return l, err
	}
	for x.isWord("AND") || x.isP("&&") {
		x.i++
		r, err := x.not()
		if err != nil {
			return r, err
		}
		if l, err = boolOp(l, r, "AND"); err != nil {
			return l, err
		}
	}
	return l, nil
}

func (x *exprTr) not() (enode, error) {
	if x.isWord("NOT") || x.isP("!") {
		x.i++
		n, err := x.not()
		if err != nil {
			return n, err
		}
		b, err := asBool(n)
		if err != nil {
			return b, err
		}
		return enode{sql: "(NOT " + b.sql + ")", k: ekBool}, nil
	}
	return x.cmp()
}

var cmpOps = map[string]string{"=": "=", "<>": "<>", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "<=>": "IS NOT DISTINCT FROM"}

// comparable checks that MySQL and PostgreSQL compare l and r alike.
func (x *exprTr) comparable(l, r enode) error {
	textish := func(n enode) bool { return n.k == ekText && !n.lit }
	if textish(l) || textish(r) || (l.lit && r.lit) {
		if !x.check && x.sc == nil {
			return fmt.Errorf("a text comparison (MySQL's collations ignore case and trailing spaces)")
		}
		if (l.k == ekText || l.k == ekNull) && (r.k == ekText || r.k == ekNull) {
			return nil
		}
		return fmt.Errorf("a comparison of %s with %s", l.k, r.k)
	}
	if l.lit || r.lit {
		o := r
		if r.lit {
			o = l
		}
		switch o.k {
		case ekDate, ekTS, ekTime, ekText, ekNull:
			return nil
		}
		return fmt.Errorf("a %s compared with a string literal", o.k)
	}
	switch {
	case l.k == ekNull || r.k == ekNull:
	case (l.k.numeric() || l.k == ekBool) && (r.k.numeric() || r.k == ekBool):
	case l.k == r.k && (l.k == ekDate || l.k == ekTS || l.k == ekTSTZ || l.k == ekTime):
	case (l.k == ekDate && r.k == ekTS) || (l.k == ekTS && r.k == ekDate):
	default:
		return fmt.Errorf("a comparison of %s with %s", l.k, r.k)
	}
	return nil
}

func cmpOperand(n enode) enode {
	if n.k == ekBool {
		return enode{sql: "(" + n.sql + ")::int", k: ekInt}
	}
	return n
}

func (x *exprTr) cmp() (enode, error) {
	l, err := x.add()
	if err != nil {
		return l, err
	}
	for {
		tk := x.peek()
		if tk.Kind == myparse.TkPunct {
			if op, ok := cmpOps[tk.Text]; ok {
				x.i++
				r, err := x.add()
				if err != nil {
					return r, err
				}
				if err := x.comparable(l, r); err != nil {
					return l, err
				}
				l = enode{sql: "(" + cmpOperand(l).sql + " " + op + " " + cmpOperand(r).sql + ")", k: ekBool}
				continue
			}
		}
		neg := ""
		if x.isWord("NOT") && (x.isWord("NOT", "IN") || x.isWord("NOT", "BETWEEN") || x.isWord("NOT", "LIKE")) {
			x.i++
			neg = "NOT "
		}
		switch {
		case x.isWord("IS"):
			x.i++
			not := ""
			if x.isWord("NOT") {
				x.i++
				not = "NOT "
			}
			if !x.isWord("NULL") {
				return l, fmt.Errorf("IS %s%q is not translated", not, x.peek().Raw)
			}
			x.i++
			l = enode{sql: "(" + l.sql + " IS " + not + "NULL)", k: ekBool}
			continue
		case x.isWord("IN"):
			x.i++
			if x.sc != nil && x.isP("(") && x.i+1 < len(x.toks) && strings.EqualFold(x.toks[x.i+1].Text, "SELECT") {
				r, err := x.subquery()
				if err != nil {
					return r, err
				}
				if err := x.comparable(l, r); err != nil {
					return l, err
				}
				l = enode{sql: "(" + cmpOperand(l).sql + " " + neg + "IN " + r.sql + ")", k: ekBool}
				continue
			}
			if err := x.expectP("("); err != nil {
				return l, err
			}
			var items []string
			for {
				r, err := x.or()
				if err != nil {
					return r, err
				}
				if err := x.comparable(l, r); err != nil {
					return l, err
				}
				items = append(items, cmpOperand(r).sql)
				if x.isP(",") {
					x.i++
					continue
				}
				if err := x.expectP(")"); err != nil {
					return l, err
				}
				break
			}
			l = enode{sql: "(" + cmpOperand(l).sql + " " + neg + "IN (" + strings.Join(items, ", ") + "))", k: ekBool}
			continue
		case x.isWord("BETWEEN"):
			x.i++
			a, err := x.add()
			if err != nil {
				return a, err
			}
			if !x.isWord("AND") {
				return l, fmt.Errorf("BETWEEN without AND")
			}
			x.i++
			b, err := x.add()
			if err != nil {
				return b, err
			}
			if err := x.comparable(l, a); err != nil {
				return l, err
			}
			if err := x.comparable(l, b); err != nil {
				return l, err
			}
			l = enode{sql: "(" + cmpOperand(l).sql + " " + neg + "BETWEEN " + cmpOperand(a).sql + " AND " + cmpOperand(b).sql + ")", k: ekBool}
			continue
		case x.isWord("LIKE"):
			x.i++
			r, err := x.add()
			if err != nil {
				return r, err
			}
			if !x.check || !r.lit || l.k != ekText || strings.Contains(r.sql, `\`) {
				return l, fmt.Errorf("LIKE is not translated here (MySQL's collations ignore case)")
			}
			l = enode{sql: "(" + l.sql + " " + neg + "LIKE " + r.sql + ")", k: ekBool}
			continue
		case neg != "":
			return l, fmt.Errorf("NOT %q is not translated", x.peek().Raw)
		case x.isWord("REGEXP"), x.isWord("RLIKE"), x.isWord("SOUNDS"):
			return l, fmt.Errorf("%s is not translated", strings.ToUpper(x.peek().Text))
		}
		return l, nil
	}
}

func (x *exprTr) add() (enode, error) {
	l, err := x.mul()
	if err != nil {
		return l, err
	}
	for x.isP("+") || x.isP("-") {
		op := x.peek().Text
		x.i++
		if x.sc != nil && x.isWord("INTERVAL") {
			x.i++
			if l, err = x.intervalArith(l, op); err != nil {
				return l, err
			}
			continue
		}
		r, err := x.mul()
		if err != nil {
			return r, err
		}
		if l, err = arith(l, r, op); err != nil {
			return l, err
		}
	}
	if x.isP("|") || x.isP("&") || x.isP("^") || x.isP("<<") || x.isP(">>") {
		return l, fmt.Errorf("bit operator %s is not translated", x.peek().Text)
	}
	return l, nil
}

// widen: MySQL computes integer arithmetic in 64 bits; a bigint left
// operand makes PostgreSQL do so too.
func widen(n enode) string {
	if n.k != ekInt || n.wide {
		return n.sql
	}
	if n.col != nil {
		if n.col.PGType == "integer" || n.col.PGType == "smallint" {
			return n.sql + "::bigint"
		}
		return n.sql
	}
	if n.num {
		return n.sql + "::bigint"
	}
	return "(" + n.sql + ")::bigint"
}

func resultKind(l, r enode) ekind {
	switch {
	case l.k == ekFloat || r.k == ekFloat:
		return ekFloat
	case l.k == ekDec || r.k == ekDec:
		return ekDec
	case l.k == ekNull && r.k == ekNull:
		return ekNull
	}
	return ekInt
}

func arith(l, r enode, op string) (enode, error) {
	var err error
	if l, err = asNum(l); err != nil {
		return l, err
	}
	if r, err = asNum(r); err != nil {
		return r, err
	}
	k := resultKind(l, r)
	n := enode{k: k, scale: max(l.scale, r.scale)}
	switch op {
	case "+", "-", "*":
		if op == "*" {
			n.scale = l.scale + r.scale
		}
		n.sql = "(" + widen(l) + " " + op + " " + r.sql + ")"
		n.wide = k == ekInt
	case "/":
		// MySQL: NULL on division by zero; exact division rounded to the
		// dividend's scale + div_precision_increment (4)
		if k == ekFloat {
			n.sql = "((" + l.sql + ")::float8 / NULLIF(" + r.sql + ", 0))"
		} else {
			n.k, n.scale = ekDec, l.scale+4
			n.sql = fmt.Sprintf("round((%s)::numeric / NULLIF(%s, 0), %d)", l.sql, r.sql, n.scale)
		}
	case "DIV":
		if k == ekFloat {
			return n, fmt.Errorf("DIV of a float is not translated")
		}
		n.k, n.scale = ekInt, 0
		n.sql = "div((" + l.sql + ")::numeric, NULLIF((" + r.sql + ")::numeric, 0))"
	case "%":
		if k == ekFloat {
			return n, fmt.Errorf("MOD of a float is not translated")
		}
		n.sql = "mod(" + l.sql + ", NULLIF(" + r.sql + ", 0))"
	}
	return n, nil
}

func (x *exprTr) mul() (enode, error) {
	l, err := x.unary()
	if err != nil {
		return l, err
	}
	for x.isP("*") || x.isP("/") || x.isP("%") || x.isWord("DIV") || x.isWord("MOD") {
		op := strings.ToUpper(x.peek().Text)
		if op == "MOD" {
			op = "%"
		}
		x.i++
		r, err := x.unary()
		if err != nil {
			return r, err
		}
		if l, err = arith(l, r, op); err != nil {
			return l, err
		}
	}
	return l, nil
}

func (x *exprTr) unary() (enode, error) {
	if x.isP("-") || x.isP("+") {
		op := x.peek().Text
		x.i++
		n, err := x.unary()
		if err != nil {
			return n, err
		}
		if n, err = asNum(n); err != nil {
			return n, err
		}
		if op == "+" {
			return n, nil
		}
		n.sql, n.col, n.wide = "(- "+widen(n)+")", nil, n.k == ekInt
		return n, nil
	}
	if x.isP("~") {
		return enode{}, fmt.Errorf("bit operator ~ is not translated")
	}
	n, err := x.primary()
	if err != nil {
		return n, err
	}
	if x.isWord("COLLATE") {
		return n, fmt.Errorf("COLLATE is not translated")
	}
	if x.isP("->") || x.isP("->>") {
		op := x.peek().Text
		x.i++
		p := x.peek()
		if p.Kind != myparse.TkString {
			return n, fmt.Errorf("JSON path expected after %s", op)
		}
		x.i++
		if op == "->" {
			return jsonExtract(n, p.Text)
		}
		return jsonUnquoteExtract(n, p.Text)
	}
	return n, nil
}

func litNode(s string) enode {
	return enode{sql: model.QuoteLit(s), k: ekText, lit: true, str: s}
}

func (x *exprTr) primary() (enode, error) {
	tk := x.peek()
	switch tk.Kind {
	case myparse.TkEOF:
		return enode{}, fmt.Errorf("expression ends early")
	case myparse.TkNumber:
		x.i++
		t := tk.Text
		if strings.HasPrefix(strings.ToLower(t), "0x") {
			return enode{}, fmt.Errorf("hex literal %s is not translated", t)
		}
		if strings.ContainsAny(t, "eE") {
			return enode{sql: t + "::float8", k: ekFloat, num: true}, nil
		}
		if i := strings.IndexByte(t, '.'); i >= 0 {
			return enode{sql: t, k: ekDec, scale: len(t) - i - 1, num: true}, nil
		}
		return enode{sql: t, k: ekInt, num: true}, nil
	case myparse.TkString:
		x.i++
		if strings.IndexByte(tk.Text, 0) >= 0 {
			return enode{}, fmt.Errorf("a string with a NUL byte")
		}
		return litNode(tk.Text), nil
	case myparse.TkIdent:
		x.i++
		if x.sc != nil {
			return x.scopedName(tk.Text)
		}
		return x.colRef(tk.Text)
	case myparse.TkPunct:
		if tk.Text == "(" {
			if x.sc != nil && x.i+1 < len(x.toks) && x.toks[x.i+1].Kind == myparse.TkWord && strings.EqualFold(x.toks[x.i+1].Text, "SELECT") {
				return x.subquery()
			}
			x.i++
			n, err := x.or()
			if err != nil {
				return n, err
			}
			if x.isP(",") {
				return n, fmt.Errorf("row constructors are not translated")
			}
			if err := x.expectP(")"); err != nil {
				return n, err
			}
			n.sql = "(" + n.sql + ")"
			return n, nil
		}
		return enode{}, fmt.Errorf("unexpected %q", tk.Raw)
	}
	// a word: literal keyword, introducer, function, CASE or column
	w := strings.ToLower(tk.Text)
	x.i++
	switch w {
	case "null":
		return enode{sql: "NULL", k: ekNull}, nil
	case "true":
		return enode{sql: "true", k: ekBool}, nil
	case "false":
		return enode{sql: "false", k: ekBool}, nil
	case "case":
		return x.caseExpr()
	case "cast":
		if x.isP("(") {
			return x.castExpr()
		}
	case "interval", "binary", "select", "exists":
		if x.sc != nil && (w == "exists" || w == "select") {
			x.i--
			return x.subquery()
		}
		return enode{}, fmt.Errorf("%s is not translated", strings.ToUpper(w))
	}
	if x.sc != nil {
		if n, ok, err := x.scopedWord(w); ok {
			return n, err
		}
	}
	if strings.HasPrefix(w, "_") && x.peek().Kind == myparse.TkString { // _utf8mb4'..'
		if w == "_binary" {
			return enode{}, fmt.Errorf("binary literals are not translated")
		}
		return x.primary()
	}
	if x.isP("(") {
		x.i++
		var args []enode
		if !x.isP(")") {
			for {
				a, err := x.or()
				if err != nil {
					return a, err
				}
				args = append(args, a)
				if x.isP(",") {
					x.i++
					continue
				}
				break
			}
		}
		if err := x.expectP(")"); err != nil {
			return enode{}, err
		}
		return x.call(w, args)
	}
	if x.sc != nil {
		return x.scopedName(tk.Text)
	}
	if x.isP(".") { // db.table.col or table.col: the last part
		for x.isP(".") {
			x.i++
			tk = x.peek()
			x.i++
		}
	}
	return x.colRef(tk.Text)
}

func (x *exprTr) colRef(name string) (enode, error) {
	c := x.t.Column(name)
	if c == nil {
		return enode{}, fmt.Errorf("unknown column %s", name)
	}
	if c == x.self {
		return enode{}, fmt.Errorf("column %s refers to itself", name)
	}
	if c.GeneratedPG != "" {
		return enode{}, fmt.Errorf("column %s is generated (PostgreSQL generated columns cannot use one another)", name)
	}
	return colNode(c, model.QuoteIdent(c.Name), x.t.Charset), nil
}

// colNode types a reference (sql) to column c of a table whose default
// charset is tcs.
func colNode(c *model.Column, sql, tcs string) enode {
	n := enode{sql: sql, col: c}
	switch c.Conv {
	case cast.Number:
		t := c.PGType
		switch {
		case strings.HasPrefix(t, "real"), strings.HasPrefix(t, "double"), t == "float4", t == "float8":
			n.k = ekFloat
		case strings.HasPrefix(t, "numeric"), strings.HasPrefix(t, "decimal"):
			n.k = ekDec
			if a := model.ArgsOf(t); len(a) == 2 {
				n.scale, _ = strconv.Atoi(strings.TrimSpace(a[1]))
			}
			if n.scale == 0 {
				n.k = ekInt // numeric(20): bigint unsigned
			}
		default:
			n.k = ekInt
		}
	case cast.Text:
		n.k = ekText
	case cast.Bool:
		n.k = ekBool
	case cast.Date:
		n.k = ekDate
	case cast.Datetime:
		n.k = ekTS
		if strings.HasPrefix(c.PGType, "timestamptz") {
			n.k = ekTSTZ
		}
	case cast.Time:
		n.k = ekTime
	case cast.JSON:
		n.k = ekJSON
	case cast.Bytes:
		n.k = ekBytes
	default:
		n.k = ekOther
	}
	if n.k == ekText {
		cs := c.Charset
		if cs == "" {
			cs = tcs
		}
		n.notUTF8 = cs != "" && !strings.HasPrefix(cs, "utf8")
	}
	if n.k == ekText && c.Base == "char" {
		// PostgreSQL's char(n) pads and compares differently
		n.sql = "rtrim(" + n.sql + "::text, ' ')"
	}
	return n
}

// castExpr: CAST(x AS type) (MariaDB prints DATE(x) as CAST(x AS date)).
func (x *exprTr) castExpr() (enode, error) {
	x.i++ // (
	n, err := x.or()
	if err != nil {
		return n, err
	}
	if !x.isWord("AS") {
		return n, fmt.Errorf("CAST without AS")
	}
	x.i++
	typ := strings.ToLower(x.peek().Text)
	x.i++
	var args []string
	if x.isP("(") {
		x.i++
		for !x.isP(")") && x.i < len(x.toks) {
			if x.peek().Kind == myparse.TkNumber {
				args = append(args, x.peek().Text)
			}
			x.i++
		}
		x.i++
	}
	for x.isWord("INTEGER") || x.isWord("INT") {
		x.i++
	}
	if err := x.expectP(")"); err != nil {
		return n, err
	}
	switch typ {
	case "date":
		return x.call("date", []enode{n})
	case "datetime":
		switch n.k {
		case ekTS:
			return n, nil
		case ekDate:
			return enode{sql: "(" + n.sql + ")::timestamp", k: ekTS}, nil
		}
	case "signed", "unsigned":
		switch n.k {
		case ekInt:
			return n, nil
		case ekDec:
			return enode{sql: "(" + n.sql + ")::numeric(20,0)", k: ekInt}, nil
		case ekBool:
			return cmpOperand(n), nil
		}
	case "char":
		if len(args) == 0 {
			switch n.k {
			case ekText:
				return n, nil
			case ekInt, ekDec:
				return enode{sql: "(" + n.sql + ")::text", k: ekText}, nil
			}
		}
	case "decimal":
		if n.k == ekInt || n.k == ekDec {
			p, sc := "10", "0"
			if len(args) > 0 {
				p = args[0]
			}
			if len(args) > 1 {
				sc = args[1]
			}
			k := ekDec
			scale, _ := strconv.Atoi(sc)
			if scale == 0 {
				k = ekInt
			}
			return enode{sql: "(" + n.sql + ")::numeric(" + p + "," + sc + ")", k: k, scale: scale}, nil
		}
	}
	return n, fmt.Errorf("CAST of a %s value AS %s is not translated", n.k, strings.ToUpper(typ))
}

func (x *exprTr) caseExpr() (enode, error) {
	var subject *enode
	if !x.isWord("WHEN") {
		s, err := x.or()
		if err != nil {
			return s, err
		}
		subject = &s
	}
	var b strings.Builder
	b.WriteString("CASE")
	var results []enode
	for x.isWord("WHEN") {
		x.i++
		cond, err := x.or()
		if err != nil {
			return cond, err
		}
		if subject != nil {
			if cond, err = x.caseEq(*subject, cond); err != nil {
				return cond, err
			}
		} else if cond, err = asBool(cond); err != nil {
			return cond, err
		}
		if !x.isWord("THEN") {
			return cond, fmt.Errorf("CASE WHEN without THEN")
		}
		x.i++
		r, err := x.or()
		if err != nil {
			return r, err
		}
		results = append(results, r)
		b.WriteString(" WHEN " + cond.sql + " THEN \x00")
	}
	if x.isWord("ELSE") {
		x.i++
		r, err := x.or()
		if err != nil {
			return r, err
		}
		results = append(results, r)
		b.WriteString(" ELSE \x00")
	}
	if !x.isWord("END") || len(results) == 0 {
		return enode{}, fmt.Errorf("CASE without WHEN or END")
	}
	x.i++
	b.WriteString(" END")
	u, err := unify(results)
	if err != nil {
		return enode{}, err
	}
	s := b.String()
	for _, r := range u {
		s = strings.Replace(s, "\x00", r.sql, 1)
	}
	return enode{sql: s, k: u[0].k, scale: u[0].scale}, nil
}

// unify gives branches (IF, CASE, COALESCE) one type, as MySQL does.
func unify(ns []enode) ([]enode, error) {
	k := ekNull
	scale := 0
	for _, n := range ns {
		scale = max(scale, n.scale)
		switch {
		case n.k == ekNull:
		case k == ekNull:
			k = n.k
		case k == n.k:
		case k.numeric() && n.k.numeric():
			if n.k > k {
				k = n.k
			}
		case (k.numeric() && n.k == ekBool) || (k == ekBool && n.k.numeric()):
			if n.k.numeric() {
				k = n.k
			}
		default:
			return nil, fmt.Errorf("branches of different types (%s and %s)", k, n.k)
		}
	}
	out := make([]enode, len(ns))
	for i, n := range ns {
		if k.numeric() && n.k == ekBool {
			n = cmpOperand(n)
		}
		if k == ekDec && n.k != ekNull && n.scale < scale {
			// MySQL gives every branch the widest scale: IF(c, 1.5, 2)
			// is 2.0, which shows as text
			n.sql = fmt.Sprintf("round((%s)::numeric, %d)", n.sql, scale)
		}
		if n.k == ekNull && k != ekNull {
			n.sql = "NULL"
		}
		n.k, n.scale = k, scale
		out[i] = n
	}
	return out, nil
}

// jsonPath turns a simple MySQL path ($.a.b[0]) into a PostgreSQL text[]
// literal.
func jsonPath(p string) (string, error) {
	if !strings.HasPrefix(p, "$") {
		return "", fmt.Errorf("JSON path %q", p)
	}
	var parts []string
	s := p[1:]
	for s != "" {
		switch {
		case s[0] == '.':
			j := 1
			for j < len(s) && myparse.IsWordByte(s[j]) {
				j++
			}
			if j == 1 {
				return "", fmt.Errorf("JSON path %q is not translated", p)
			}
			parts = append(parts, s[1:j])
			s = s[j:]
		case s[0] == '[':
			j := strings.IndexByte(s, ']')
			if j < 0 {
				return "", fmt.Errorf("JSON path %q", p)
			}
			if _, err := strconv.ParseUint(s[1:j], 10, 32); err != nil {
				return "", fmt.Errorf("JSON path %q is not translated", p)
			}
			parts = append(parts, s[1:j])
			s = s[j+1:]
		default:
			return "", fmt.Errorf("JSON path %q is not translated", p)
		}
	}
	if len(parts) == 0 {
		return "", fmt.Errorf("JSON path %q is not translated", p)
	}
	return model.QuoteLit("{" + strings.Join(parts, ",") + "}"), nil
}

func jsonExtract(j enode, path string) (enode, error) {
	if j.k != ekJSON {
		return j, fmt.Errorf("JSON_EXTRACT of a %s column (jsonb only)", j.k)
	}
	p, err := jsonPath(path)
	if err != nil {
		return j, err
	}
	return enode{sql: "(" + j.sql + " #> " + p + ")", k: ekJSON, jsrc: &j, jpath: path}, nil
}

// jsonUnquoteExtract: MySQL's JSON_UNQUOTE(JSON_EXTRACT(j, path)) gives
// the text "null" for a JSON null, and NULL for a missing path.
func jsonUnquoteExtract(j enode, path string) (enode, error) {
	if j.k != ekJSON {
		return j, fmt.Errorf("JSON_EXTRACT of a %s column (jsonb only)", j.k)
	}
	p, err := jsonPath(path)
	if err != nil {
		return j, err
	}
	return enode{sql: "(CASE jsonb_typeof(" + j.sql + " #> " + p + ") WHEN 'null' THEN 'null' ELSE " + j.sql + " #>> " + p + " END)", k: ekText}, nil
}

func (x *exprTr) call(f string, a []enode) (enode, error) {
	nargs := func(lo, hi int) error {
		if len(a) < lo || len(a) > hi {
			return fmt.Errorf("%s() with %d arguments", f, len(a))
		}
		return nil
	}
	text := func(i int) error {
		if a[i].k != ekText && a[i].k != ekNull {
			return fmt.Errorf("%s() of a %s value", f, a[i].k)
		}
		return nil
	}
	posInt := func(i int) error {
		if !a[i].num || a[i].k != ekInt || strings.HasPrefix(a[i].sql, "-") {
			return fmt.Errorf("%s() with a non-literal or negative count", f)
		}
		return nil
	}
	fn1 := func(pg string, k ekind) (enode, error) {
		if err := nargs(1, 1); err != nil {
			return enode{}, err
		}
		if err := text(0); err != nil {
			return enode{}, err
		}
		return enode{sql: pg + "(" + a[0].sql + ")", k: k, notUTF8: a[0].notUTF8}, nil
	}
	sqls := func() []string {
		s := make([]string, len(a))
		for i := range a {
			s[i] = a[i].sql
		}
		return s
	}
	switch f {
	case "lower", "lcase":
		return fn1("lower", ekText)
	case "upper", "ucase":
		return fn1("upper", ekText)
	case "length", "octet_length", "md5":
		if len(a) == 1 && a[0].notUTF8 {
			return enode{}, fmt.Errorf("%s() of text that MySQL does not store as UTF-8 (its bytes differ)", f)
		}
		if f == "md5" {
			return fn1("md5", ekText)
		}
		return fn1("octet_length", ekInt)
	case "char_length", "character_length":
		return fn1("char_length", ekInt)
	case "reverse":
		return fn1("reverse", ekText)
	case "trim", "ltrim", "rtrim":
		if err := nargs(1, 1); err != nil {
			return enode{}, err
		}
		if err := text(0); err != nil {
			return enode{}, err
		}
		pg := map[string]string{"trim": "btrim", "ltrim": "ltrim", "rtrim": "rtrim"}[f]
		return enode{sql: pg + "(" + a[0].sql + ", ' ')", k: ekText}, nil
	case "left", "right":
		if err := nargs(2, 2); err != nil {
			return enode{}, err
		}
		if err := text(0); err != nil {
			return enode{}, err
		}
		if err := posInt(1); err != nil {
			return enode{}, err
		}
		return enode{sql: f + "(" + a[0].sql + ", " + a[1].sql + ")", k: ekText}, nil
	case "substring", "substr", "mid":
		if err := nargs(2, 3); err != nil {
			return enode{}, err
		}
		if err := text(0); err != nil {
			return enode{}, err
		}
		for i := 1; i < len(a); i++ {
			if err := posInt(i); err != nil {
				if x.sc != nil {
					return substrExact(a)
				}
				return enode{}, err
			}
		}
		if a[1].sql == "0" {
			return enode{sql: "''", k: ekText}, nil // MySQL: position 0 gives ''
		}
		return enode{sql: "substr(" + strings.Join(sqls(), ", ") + ")", k: ekText}, nil
	case "replace":
		if err := nargs(3, 3); err != nil {
			return enode{}, err
		}
		for i := range a {
			if err := text(i); err != nil {
				return enode{}, err
			}
		}
		return enode{sql: "replace(" + strings.Join(sqls(), ", ") + ")", k: ekText}, nil
	case "repeat":
		if err := nargs(2, 2); err != nil {
			return enode{}, err
		}
		if err := text(0); err != nil {
			return enode{}, err
		}
		if err := posInt(1); err != nil {
			return enode{}, err
		}
		return enode{sql: "repeat(" + a[0].sql + ", " + a[1].sql + ")", k: ekText}, nil
	case "concat":
		if len(a) == 0 {
			return enode{}, fmt.Errorf("concat()")
		}
		// || is IMMUTABLE and NULL in, NULL out, like MySQL's CONCAT
		parts := make([]string, len(a))
		for i, n := range a {
			switch n.k {
			case ekText, ekNull:
				parts[i] = n.sql
				if n.k == ekNull {
					parts[i] = "NULL::text"
				}
			case ekInt, ekDec:
				parts[i] = "(" + n.sql + ")::text"
			case ekBool:
				parts[i] = "(" + n.sql + ")::int::text"
			default:
				return enode{}, fmt.Errorf("CONCAT of a %s value (its text form differs)", n.k)
			}
		}
		return enode{sql: "(" + strings.Join(parts, " || ") + ")", k: ekText}, nil
	case "coalesce", "ifnull", "nullif":
		switch f {
		case "ifnull", "nullif":
			if err := nargs(2, 2); err != nil {
				return enode{}, err
			}
		default:
			if err := nargs(1, 100); err != nil {
				return enode{}, err
			}
		}
		if f == "nullif" {
			if err := x.comparable(a[0], a[1]); err != nil {
				return enode{}, err
			}
		}
		u, err := unify(a)
		if err != nil {
			return enode{}, err
		}
		pg := "coalesce"
		if f == "nullif" {
			pg = "nullif"
		}
		s := make([]string, len(u))
		for i := range u {
			s[i] = u[i].sql
		}
		return enode{sql: pg + "(" + strings.Join(s, ", ") + ")", k: u[0].k, scale: u[0].scale}, nil
	case "isnull":
		// MySQL's ISNULL(x) is x IS NULL (1 or 0, never NULL)
		if err := nargs(1, 1); err != nil {
			return enode{}, err
		}
		return enode{sql: "(" + a[0].sql + " IS NULL)", k: ekBool}, nil
	case "if":
		if err := nargs(3, 3); err != nil {
			return enode{}, err
		}
		c, err := asBool(a[0])
		if err != nil {
			return c, err
		}
		u, err := unify(a[1:])
		if err != nil {
			return enode{}, err
		}
		return enode{sql: "(CASE WHEN " + c.sql + " THEN " + u[0].sql + " ELSE " + u[1].sql + " END)", k: u[0].k, scale: u[0].scale}, nil
	case "greatest", "least":
		if err := nargs(2, 100); err != nil {
			return enode{}, err
		}
		u, err := unify(a)
		if err != nil {
			return enode{}, err
		}
		if !u[0].k.numeric() {
			return enode{}, fmt.Errorf("%s() of %s values", f, u[0].k)
		}
		// MySQL: NULL if any argument is NULL; PostgreSQL skips NULLs
		var nulls []string
		s := make([]string, len(u))
		for i := range u {
			s[i] = u[i].sql
			nulls = append(nulls, u[i].sql+" IS NULL")
		}
		return enode{sql: "(CASE WHEN " + strings.Join(nulls, " OR ") + " THEN NULL ELSE " + f + "(" + strings.Join(s, ", ") + ") END)", k: u[0].k, scale: u[0].scale}, nil
	case "abs", "sign", "floor", "ceil", "ceiling":
		if err := nargs(1, 1); err != nil {
			return enode{}, err
		}
		n, err := asNum(a[0])
		if err != nil {
			return n, err
		}
		k := n.k
		if f != "abs" && k == ekDec {
			k = ekInt
		}
		if f == "ceiling" {
			f = "ceil"
		}
		if f == "sign" {
			k = ekInt
			return enode{sql: "sign(" + n.sql + ")::int", k: k}, nil
		}
		return enode{sql: f + "(" + n.sql + ")", k: k, scale: n.scale}, nil
	case "round", "truncate":
		if err := nargs(1, 2); err != nil {
			return enode{}, err
		}
		n, err := asNum(a[0])
		if err != nil {
			return n, err
		}
		if n.k == ekFloat {
			return n, fmt.Errorf("%s() of a float (MySQL and PostgreSQL round doubles differently)", f)
		}
		d := "0"
		if len(a) == 2 {
			if err := posInt(1); err != nil {
				return enode{}, err
			}
			d = a[1].sql
		}
		if f == "truncate" && len(a) != 2 {
			return enode{}, fmt.Errorf("truncate() needs 2 arguments")
		}
		pg := "round"
		if f == "truncate" {
			pg = "trunc"
		}
		sc, _ := strconv.Atoi(d)
		k := ekDec
		if sc == 0 {
			k = ekInt
			if n.k == ekInt {
				return n, nil
			}
		}
		return enode{sql: pg + "((" + n.sql + ")::numeric, " + d + ")", k: k, scale: sc}, nil
	case "mod":
		if err := nargs(2, 2); err != nil {
			return enode{}, err
		}
		return arith(a[0], a[1], "%")
	case "date":
		if err := nargs(1, 1); err != nil {
			return enode{}, err
		}
		switch a[0].k {
		case ekDate:
			return a[0], nil
		case ekTS:
			return enode{sql: "(" + a[0].sql + ")::date", k: ekDate}, nil
		}
		return enode{}, fmt.Errorf("DATE() of a %s value", a[0].k)
	case "year", "month", "day", "dayofmonth", "hour", "minute", "second", "quarter", "dayofyear":
		if err := nargs(1, 1); err != nil {
			return enode{}, err
		}
		field := map[string]string{"dayofmonth": "day", "dayofyear": "doy"}[f]
		if field == "" {
			field = f
		}
		switch {
		case a[0].k == ekTS, a[0].k == ekDate && (f == "year" || f == "month" || f == "day" || f == "dayofmonth" || f == "quarter" || f == "dayofyear"):
		default:
			return enode{}, fmt.Errorf("%s() of a %s value", strings.ToUpper(f), a[0].k)
		}
		return enode{sql: "EXTRACT(" + strings.ToUpper(field) + " FROM " + a[0].sql + ")::int", k: ekInt}, nil
	case "json_extract":
		if err := nargs(2, 2); err != nil {
			return enode{}, err
		}
		if !a[1].lit {
			return enode{}, fmt.Errorf("JSON_EXTRACT with a non-literal path")
		}
		return jsonExtract(a[0], a[1].str)
	case "json_unquote":
		if err := nargs(1, 1); err != nil {
			return enode{}, err
		}
		if a[0].jsrc != nil {
			return jsonUnquoteExtract(*a[0].jsrc, a[0].jpath)
		}
		return enode{}, fmt.Errorf("JSON_UNQUOTE of anything but JSON_EXTRACT")
	}
	if x.sc != nil {
		return x.scopedCall(f, a)
	}
	return enode{}, fmt.Errorf("function %s() is not translated", f)
}

// caseEq is a simple CASE's "subject = value" test, refused where the two
// do not compare as they do in MySQL (CASE expressions and CASE statements).
func (x *exprTr) caseEq(subject, v enode) (enode, error) {
	if err := x.comparable(subject, v); err != nil {
		return v, err
	}
	return enode{sql: "(" + cmpOperand(subject).sql + " = " + cmpOperand(v).sql + ")", k: ekBool}, nil
}
