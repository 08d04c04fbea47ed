package sqltr

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/myparse"
)

// The query translator: MySQL SELECT / INSERT / UPDATE / DELETE (views,
// trigger and routine bodies) into PostgreSQL, on top of the expression
// translator of expr.go. Column references resolve through a scope (the
// FROM clause, the routine's variables, a trigger's NEW and OLD), so every
// expression has a type and each construct is translated only where
// PostgreSQL computes the same thing; anything else is an error naming the
// construct and its place.

// outCol is a column a query (a view, a derived table) produces.
type outCol struct {
	name string // PostgreSQL name
	my   string // MySQL name (lowercase)
	n    enode
}

// rel is one FROM item.
type rel struct {
	alias string       // MySQL alias or table name, lowercase
	q     string       // quoted PostgreSQL alias
	t     *model.Table // base table, or nil
	cols  []outCol
}

// varInfo is a routine variable or parameter.
type varInfo struct {
	pg  string // PL/pgSQL name (quoted)
	col *model.Column
}

// objCtx is what one object's translation shares across its queries.
type objCtx struct {
	cat    *catalog
	schema string       // PostgreSQL schema of the object
	trig   *model.Table // trigger: the table NEW and OLD are rows of
	trigEv string       // INSERT, UPDATE, DELETE
	reads  bool         // reads tables
	writes bool         // changes tables
	vol    bool         // calls a volatile function (now())
}

// scope is one query level.
type scope struct {
	parent  *scope
	o       *objCtx
	vars    []map[string]varInfo // innermost last (routine blocks)
	rels    []*rel
	using   map[string]bool
	aliases map[string]enode // select-list aliases (HAVING, ORDER BY)
	agg     int              // depth inside an aggregate's arguments
	hasAgg  bool
	bare    []enode // column references outside aggregates
	bareSet map[string]bool
	// eqs: column equalities of the inner joins' ONs and the WHERE (both
	// ways), and of outer joins' ONs (one way: to the NULL-extended side);
	// consts: columns the WHERE equates to a literal. MySQL's functional
	// dependence (GROUP BY leniency) follows them.
	eqs    [][2]string
	consts map[string]bool
}

func (s *scope) child() *scope {
	return &scope{parent: s, o: s.o, vars: s.vars, bareSet: map[string]bool{}}
}

func (s *scope) lookupVar(name string) (varInfo, bool) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if v, ok := s.vars[i][strings.ToLower(name)]; ok {
			return v, true
		}
	}
	return varInfo{}, false
}

// coll is the collation MySQL text comparisons translate to (see
// README: MySQL's default *_ci collations ignore case and accents).
func (s *scope) coll() string {
	return model.QuoteIdent(s.o.schema) + "." + ciCollation
}

const ciCollation = "opsctl_ci"

// ciCollationSQL creates the collation text comparisons use in schema.
func ciCollationSQL(schema string) string {
	return "CREATE COLLATION IF NOT EXISTS " + model.QuoteIdent(schema) + "." + ciCollation + " (provider = icu, locale = 'und-u-ks-level1', deterministic = false)"
}

// textRef makes a text column reference compare as MySQL does.
func (s *scope) textRef(n enode) enode {
	if n.k == ekText {
		// ::text first: PostgreSQL would otherwise put varchar's cast to
		// text under the COLLATE, and GROUP BY (x COLLATE c) would not
		// match (x COLLATE c) || 'y'
		n.sql = "(" + n.sql + "::text COLLATE " + s.coll() + ")"
	}
	return n
}

// noteBare records a column used outside aggregates (GROUP BY leniency).
func (s *scope) noteBare(n enode) {
	if s.agg == 0 && !s.bareSet[n.sql] {
		s.bareSet[n.sql] = true
		s.bare = append(s.bare, n)
	}
}

// scopedName resolves [db.]table.column, column, a variable, NEW.col.
func (x *exprTr) scopedName(first string) (enode, error) {
	if strings.HasPrefix(first, "@") {
		return enode{}, fmt.Errorf("user variable %s is not translated (session state)", first)
	}
	parts := []string{first}
	for x.isP(".") && x.i+1 < len(x.toks) {
		x.i++
		tk := x.peek()
		if tk.Kind == myparse.TkPunct && tk.Text == "*" {
			return enode{}, fmt.Errorf("%s.* in an expression", first)
		}
		parts = append(parts, tk.Text)
		x.i++
	}
	if len(parts) <= 2 && x.isP("(") { // [db.]routine(...), `routine`(...)
		x.i++
		var args []enode
		for !x.isP(")") {
			a, err := x.or()
			if err != nil {
				return a, err
			}
			args = append(args, a)
			if !x.isP(",") {
				break
			}
			x.i++
		}
		if err := x.expectP(")"); err != nil {
			return enode{}, err
		}
		return x.scopedCall(strings.ToLower(parts[len(parts)-1]), args)
	}
	return x.sc.resolve(parts)
}

func (s *scope) resolve(parts []string) (enode, error) {
	name := parts[len(parts)-1]
	if len(parts) == 1 {
		if v, ok := s.lookupVar(name); ok {
			n := colNode(v.col, v.pg, "")
			n.col = nil
			return s.textRef(n), nil
		}
	}
	if len(parts) == 2 && s.o.trig != nil {
		q := strings.ToLower(parts[0])
		if q == "new" || q == "old" {
			c := s.o.trig.Column(name)
			if c == nil {
				return enode{}, fmt.Errorf("unknown column %s.%s", parts[0], name)
			}
			if (q == "new" && s.o.trigEv == "DELETE") || (q == "old" && s.o.trigEv == "INSERT") {
				return enode{}, fmt.Errorf("%s in a %s trigger", strings.ToUpper(q), s.o.trigEv)
			}
			return s.textRef(colNode(c, strings.ToUpper(q)+"."+model.QuoteIdent(c.Name), s.o.trig.Charset)), nil
		}
	}
	qual := ""
	if len(parts) >= 2 {
		qual = strings.ToLower(parts[len(parts)-2])
	}
	for sc := s; sc != nil; sc = sc.parent {
		n, found, err := sc.column(qual, name)
		if err != nil {
			return n, err
		}
		if found {
			if sc == s {
				s.noteBare(n)
			}
			return n, nil
		}
	}
	if qual == "" {
		for sc := s; sc != nil; sc = sc.parent {
			if n, ok := sc.aliases[strings.ToLower(name)]; ok {
				return n, nil
			}
		}
	}
	if qual != "" {
		return enode{}, fmt.Errorf("unknown column %s.%s", qual, name)
	}
	return enode{}, fmt.Errorf("unknown column %s", name)
}

// column finds a column among this level's FROM items.
func (s *scope) column(qual, name string) (enode, bool, error) {
	var hit []enode
	for _, r := range s.rels {
		if qual != "" && r.alias != qual {
			continue
		}
		if n, ok := r.col(name); ok {
			hit = append(hit, n)
		}
	}
	switch {
	case len(hit) == 0:
		return enode{}, false, nil
	case len(hit) > 1 && qual == "" && s.using[strings.ToLower(name)]:
		n := hit[0]
		n.sql = model.QuoteIdent(strings.TrimPrefix(strings.TrimSuffix(n.sql[strings.LastIndexByte(n.sql, '.')+1:], ")"), ""))
		return n, true, nil
	case len(hit) > 1:
		return enode{}, false, fmt.Errorf("column %s is ambiguous", name)
	}
	return s.textRef(hit[0]), true, nil
}

func (r *rel) col(name string) (enode, bool) {
	if r.t != nil {
		c := r.t.Column(name)
		if c == nil {
			return enode{}, false
		}
		return colNode(c, r.q+"."+model.QuoteIdent(c.Name), r.t.Charset), true
	}
	for _, oc := range r.cols {
		if oc.my == strings.ToLower(name) {
			n := oc.n
			n.sql, n.lit, n.num = r.q+"."+model.QuoteIdent(oc.name), false, false
			return n, true
		}
	}
	return enode{}, false
}

// scopedWord handles words that are not plain names: CURRENT_DATE,
// aggregates and functions with their own argument syntax.
func (x *exprTr) scopedWord(w string) (enode, bool, error) {
	switch w {
	case "current_date", "curdate":
		if w == "curdate" && !x.isP("(") {
			return enode{}, false, nil
		}
		x.skipEmptyParens()
		x.sc.o.vol = true
		return enode{sql: "CURRENT_DATE", k: ekDate}, true, nil
	case "current_timestamp", "now", "localtime", "localtimestamp", "sysdate":
		if w == "now" || w == "sysdate" {
			if !x.isP("(") {
				return enode{}, false, nil
			}
		}
		if x.isP("(") && x.i+1 < len(x.toks) && x.toks[x.i+1].Text != ")" {
			return enode{}, true, fmt.Errorf("%s() with a precision", strings.ToUpper(w))
		}
		x.skipEmptyParens()
		x.sc.o.vol = true
		return enode{sql: "date_trunc('second', LOCALTIMESTAMP)", k: ekTS}, true, nil
	case "utc_timestamp", "utc_date":
		// the statement's clock read in UTC, whatever the session's zone
		if x.isP("(") && x.i+1 < len(x.toks) && x.toks[x.i+1].Text != ")" {
			return enode{}, true, fmt.Errorf("%s() with a precision", strings.ToUpper(w))
		}
		x.skipEmptyParens()
		x.sc.o.vol = true
		if w == "utc_date" {
			return enode{sql: "((now() AT TIME ZONE 'UTC')::date)", k: ekDate}, true, nil
		}
		return enode{sql: "date_trunc('second', (now() AT TIME ZONE 'UTC'))", k: ekTS}, true, nil
	}
	if !x.isP("(") {
		return enode{}, false, nil
	}
	switch w {
	case "count", "sum", "avg", "min", "max", "group_concat":
		n, err := x.aggregate(w)
		return n, true, err
	case "date_add", "date_sub", "adddate", "subdate":
		n, err := x.dateAdd(w)
		return n, true, err
	case "timestampdiff":
		n, err := x.timestampDiff()
		return n, true, err
	}
	return enode{}, false, nil
}

func (x *exprTr) skipEmptyParens() {
	if x.isP("(") && x.i+1 < len(x.toks) && x.toks[x.i+1].Text == ")" {
		x.i += 2
	}
}

// aggregate translates COUNT/SUM/AVG/MIN/MAX/GROUP_CONCAT(...).
func (x *exprTr) aggregate(f string) (enode, error) {
	x.i++ // (
	s := x.sc
	s.hasAgg = true
	s.agg++
	defer func() { s.agg-- }()
	distinct := false
	if x.isWord("DISTINCT") {
		x.i++
		distinct = true
	} else if x.isWord("ALL") {
		x.i++
	}
	if f == "count" && x.isP("*") {
		x.i++
		if err := x.expectP(")"); err != nil {
			return enode{}, err
		}
		return enode{sql: "count(*)", k: ekInt}, nil
	}
	var args []enode
	for {
		a, err := x.or()
		if err != nil {
			return a, err
		}
		args = append(args, a)
		if !x.isP(",") {
			break
		}
		x.i++
	}
	var order []string
	var orderKeys []enode
	if f == "group_concat" && x.isWord("ORDER", "BY") {
		x.i += 2
		for {
			k, err := x.or()
			if err != nil {
				return k, err
			}
			orderKeys = append(orderKeys, k)
			order = append(order, orderItem(k.sql, x.desc()))
			if !x.isP(",") {
				break
			}
			x.i++
		}
	}
	sep := ","
	if f == "group_concat" && x.isWord("SEPARATOR") {
		x.i++
		if x.peek().Kind != myparse.TkString {
			return enode{}, fmt.Errorf("SEPARATOR without a string")
		}
		sep = x.peek().Text
		x.i++
	}
	if err := x.expectP(")"); err != nil {
		return enode{}, err
	}
	if x.isWord("OVER") {
		return enode{}, fmt.Errorf("window functions are not translated")
	}
	if f != "group_concat" && f != "count" && len(args) != 1 {
		return enode{}, fmt.Errorf("%s() with %d arguments", strings.ToUpper(f), len(args))
	}
	d := ""
	if distinct {
		d = "DISTINCT "
	}
	a := args[0]
	switch f {
	case "count":
		if len(args) > 1 {
			return enode{}, fmt.Errorf("COUNT(DISTINCT a, b) is not translated")
		}
		return enode{sql: "count(" + d + a.sql + ")", k: ekInt}, nil
	case "sum", "avg":
		n, err := asNum(a)
		if err != nil {
			return n, err
		}
		if n.k == ekFloat {
			return n, fmt.Errorf("%s() of a float (MySQL and PostgreSQL add doubles in different orders)", strings.ToUpper(f))
		}
		if f == "sum" {
			return enode{sql: "sum(" + d + n.sql + ")", k: n.k, scale: n.scale, wide: true}, nil
		}
		// MySQL: AVG of exact values has the argument's scale + 4
		sc := n.scale + 4
		return enode{sql: fmt.Sprintf("round(avg(%s%s), %d)", d, n.sql, sc), k: ekDec, scale: sc}, nil
	case "min", "max":
		if a.k == ekBool {
			a = cmpOperand(a)
		}
		return enode{sql: f + "(" + d + a.sql + ")", k: a.k, scale: a.scale}, nil
	}
	// GROUP_CONCAT: the values are CONCAT'ed, NULLs skipped
	c, err := x.call("concat", args)
	if err != nil {
		return c, err
	}
	if len(args) == 1 {
		c.sql = strings.TrimSuffix(strings.TrimPrefix(c.sql, "("), ")")
	}
	if distinct && len(order) > 0 {
		if len(orderKeys) != 1 {
			return enode{}, fmt.Errorf("GROUP_CONCAT(DISTINCT ... ORDER BY several keys) is not translated")
		}
		// DISTINCT on the value, ordered by another key: PostgreSQL's
		// DISTINCT aggregates order by their argument only
		dir := strings.TrimPrefix(order[0], orderKeys[0].sql)
		k := cmpOperand(orderKeys[0])
		filt := " FILTER (WHERE (" + c.sql + ") IS NOT NULL)"
		return enode{sql: fmt.Sprintf("(SELECT string_agg(u.v, %s ORDER BY u.k%s) FROM (SELECT u0.v, min(u0.k) AS k FROM unnest(array_agg(%s)%s, array_agg(%s)%s) AS u0(v, k) GROUP BY u0.v) AS u)",
			model.QuoteLit(sep), dir, c.sql, filt, k.sql, filt), k: ekText}, nil
	}
	o := ""
	if len(order) > 0 {
		o = " ORDER BY " + strings.Join(order, ", ")
	}
	n := enode{sql: "string_agg(" + d + c.sql + ", " + model.QuoteLit(sep) + o + ")", k: ekText}
	if len(order) == 0 {
		n.anyOrder = &sep
	}
	return n, nil
}

// desc reads an optional ASC/DESC and returns the PostgreSQL ordering
// with MySQL's NULL placement (first when ascending).
func (x *exprTr) desc() bool {
	if x.isWord("DESC") {
		x.i++
		return true
	}
	if x.isWord("ASC") {
		x.i++
	}
	return false
}

func orderItem(sql string, desc bool) string {
	if desc {
		return sql + " DESC NULLS LAST"
	}
	return sql + " NULLS FIRST"
}

var intervalUnits = map[string]string{
	"microsecond": "", "second": "secs", "minute": "mins", "hour": "hours",
	"day": "days", "week": "weeks", "month": "months", "quarter": "", "year": "years",
}

// intervalArith: d + INTERVAL n unit (INTERVAL already read).
func (x *exprTr) intervalArith(d enode, op string) (enode, error) {
	n, err := x.mul()
	if err != nil {
		return n, err
	}
	unit := strings.ToLower(x.peek().Text)
	x.i++
	return dateArith(d, n, unit, op)
}

func dateArith(d, n enode, unit, op string) (enode, error) {
	d = dateLit(d)
	pgu, ok := intervalUnits[unit]
	if !ok {
		return d, fmt.Errorf("INTERVAL unit %s is not translated", strings.ToUpper(unit))
	}
	if n.k != ekInt {
		return d, fmt.Errorf("INTERVAL of a %s amount (MySQL rounds it)", n.k)
	}
	if unit == "quarter" {
		n.sql, pgu = "3 * ("+n.sql+")", "months"
	}
	iv := "make_interval(" + pgu + " => (" + n.sql + ")::int)"
	if unit == "microsecond" || unit == "second" {
		iv = "make_interval(secs => (" + n.sql + ")::int)"
		if unit == "microsecond" {
			iv = "(" + n.sql + ") * interval '1 microsecond'"
		}
	}
	switch d.k {
	case ekDate:
		if unit == "day" || unit == "week" || unit == "month" || unit == "quarter" || unit == "year" {
			return enode{sql: "((" + d.sql + ") " + op + " " + iv + ")::date", k: ekDate}, nil
		}
		return enode{sql: "((" + d.sql + ")::timestamp " + op + " " + iv + ")", k: ekTS}, nil
	case ekTS, ekTSTZ:
		return enode{sql: "(" + d.sql + " " + op + " " + iv + ")", k: d.k}, nil
	case ekNull:
		return enode{sql: "NULL", k: ekNull}, nil
	}
	return d, fmt.Errorf("date arithmetic on a %s value (MySQL converts strings leniently)", d.k)
}

func (x *exprTr) dateAdd(f string) (enode, error) {
	x.i++
	d, err := x.or()
	if err != nil {
		return d, err
	}
	if err := x.expectP(","); err != nil {
		return d, err
	}
	if !x.isWord("INTERVAL") {
		return d, fmt.Errorf("%s without INTERVAL", strings.ToUpper(f))
	}
	x.i++
	n, err := x.or()
	if err != nil {
		return n, err
	}
	unit := strings.ToLower(x.peek().Text)
	x.i++
	if err := x.expectP(")"); err != nil {
		return d, err
	}
	op := "+"
	if f == "date_sub" || f == "subdate" {
		op = "-"
	}
	return dateArith(d, n, unit, op)
}

func (x *exprTr) timestampDiff() (enode, error) {
	x.i++
	unit := strings.ToLower(x.peek().Text)
	x.i++
	if err := x.expectP(","); err != nil {
		return enode{}, err
	}
	a, err := x.or()
	if err != nil {
		return a, err
	}
	if err := x.expectP(","); err != nil {
		return a, err
	}
	b, err := x.or()
	if err != nil {
		return b, err
	}
	if err := x.expectP(")"); err != nil {
		return a, err
	}
	ts := func(n enode) (string, error) {
		n = dateLit(n)
		switch n.k {
		case ekTS, ekTSTZ:
			return n.sql, nil
		case ekDate:
			return "(" + n.sql + ")::timestamp", nil
		}
		return "", fmt.Errorf("TIMESTAMPDIFF of a %s value", n.k)
	}
	as, err := ts(a)
	if err != nil {
		return a, err
	}
	bs, err := ts(b)
	if err != nil {
		return b, err
	}
	secs := map[string]int{"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
	if s, ok := secs[unit]; ok {
		return enode{sql: fmt.Sprintf("trunc(extract(epoch from (%s - %s)) / %d)::bigint", bs, as, s), k: ekInt}, nil
	}
	months := map[string]int{"month": 1, "quarter": 3, "year": 12}
	if m, ok := months[unit]; ok {
		// age() counts whole months as MySQL does (the day and time of
		// day decide whether the last month is complete)
		return enode{sql: fmt.Sprintf("trunc((extract(year from age(%s, %s)) * 12 + extract(month from age(%s, %s))) / %d)::bigint", bs, as, bs, as, m), k: ekInt}, nil
	}
	return enode{}, fmt.Errorf("TIMESTAMPDIFF unit %s is not translated", strings.ToUpper(unit))
}

// scopedCall: functions only queries use, and calls to migrated routines.
func (x *exprTr) scopedCall(f string, a []enode) (enode, error) {
	s := x.sc
	switch f {
	case "concat_ws":
		if len(a) < 2 {
			return enode{}, fmt.Errorf("CONCAT_WS() with %d arguments", len(a))
		}
		c, err := x.call("concat", a)
		if err != nil {
			return c, err
		}
		parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(c.sql, "("), ")"), " || ")
		if len(parts) != len(a) {
			return enode{}, fmt.Errorf("CONCAT_WS() of nested concatenations is not translated")
		}
		return enode{sql: "concat_ws(" + strings.Join(parts, ", ") + ")", k: ekText}, nil
	case "datediff":
		if len(a) != 2 {
			return enode{}, fmt.Errorf("DATEDIFF() with %d arguments", len(a))
		}
		for i := range a {
			a[i] = dateLit(a[i])
			if a[i].k != ekDate && a[i].k != ekTS && a[i].k != ekNull {
				return enode{}, fmt.Errorf("DATEDIFF() of a %s value", a[i].k)
			}
		}
		return enode{sql: "((" + a[0].sql + ")::date - (" + a[1].sql + ")::date)", k: ekInt}, nil
	case "to_days", "last_day":
		if len(a) == 1 {
			a[0] = dateLit(a[0])
		}
	}
	switch f {
	case "to_days":
		if len(a) != 1 || (a[0].k != ekDate && a[0].k != ekTS && a[0].k != ekNull) {
			return enode{}, fmt.Errorf("TO_DAYS() of a non-date value")
		}
		return enode{sql: "(((" + a[0].sql + ")::date - DATE '0001-01-01') + 366)", k: ekInt}, nil
	case "last_day":
		if len(a) != 1 || (a[0].k != ekDate && a[0].k != ekTS && a[0].k != ekNull) {
			return enode{}, fmt.Errorf("LAST_DAY() of a non-date value")
		}
		return enode{sql: "((date_trunc('month', " + a[0].sql + ") + interval '1 month - 1 day')::date)", k: ekDate}, nil
	case "date_format":
		if len(a) != 2 || !a[1].lit {
			return enode{}, fmt.Errorf("DATE_FORMAT() with a non-literal format")
		}
		if a[0].k != ekDate && a[0].k != ekTS && a[0].k != ekTSTZ {
			return enode{}, fmt.Errorf("DATE_FORMAT() of a %s value", a[0].k)
		}
		f, err := pgDateFormat(a[1].str)
		if err != nil {
			return enode{}, err
		}
		return enode{sql: "to_char(" + a[0].sql + ", " + model.QuoteLit(f) + ")", k: ekText}, nil
	case "found_rows", "row_count", "last_insert_id":
		return enode{}, fmt.Errorf("%s() is not translated", strings.ToUpper(f))
	}
	r := s.o.cat.routine(f)
	if r == nil {
		if err := s.o.cat.notMigrated(f); err != nil {
			return enode{}, err
		}
	}
	if r == nil || r.kind != "FUNCTION" {
		return enode{}, fmt.Errorf("function %s() is not translated", f)
	}
	if len(a) != len(r.params) {
		return enode{}, fmt.Errorf("%s() with %d arguments (it takes %d)", f, len(a), len(r.params))
	}
	args := make([]string, len(a))
	for i, n := range a {
		v, err := assignTo(n, r.params[i].col)
		if err != nil {
			return enode{}, fmt.Errorf("argument %d of %s(): %v", i+1, f, err)
		}
		args[i] = v
	}
	s.o.reads, s.o.vol = true, true
	n := colNode(r.ret, model.QuoteIdent(r.schema)+"."+model.QuoteIdent(r.pgName)+"("+strings.Join(args, ", ")+")", "")
	n.col = nil
	return n, nil
}

// substrExact: MySQL's SUBSTRING(s, pos[, len]) for any pos and len (0
// gives ”, a negative pos counts from the end, a negative len gives ”).
func substrExact(a []enode) (enode, error) {
	for _, n := range a[1:] {
		if n.k != ekInt && n.k != ekNull {
			return enode{}, fmt.Errorf("SUBSTRING() with a %s position or length", n.k)
		}
	}
	s, p := a[0].sql, a[1].sql
	l := ""
	if len(a) == 3 {
		l = ", greatest(" + a[2].sql + ", 0)"
	}
	return enode{sql: fmt.Sprintf("(CASE WHEN (%[2]s) > 0 THEN substr(%[1]s, %[2]s%[3]s) WHEN -(%[2]s) <= char_length(%[1]s) THEN substr(%[1]s, char_length(%[1]s) + (%[2]s) + 1%[3]s) ELSE '' END)", s, p, l), k: ekText}, nil
}

// pgDateFormat turns a DATE_FORMAT format into a to_char one.
func pgDateFormat(f string) (string, error) {
	spec := map[byte]string{
		'Y': "YYYY", 'y': "YY", 'm': "MM", 'c': "FMMM", 'd': "DD", 'e': "FMDD", 'H': "HH24", 'k': "FMHH24",
		'h': "HH12", 'I': "HH12", 'l': "FMHH12", 'i': "MI", 's': "SS", 'S': "SS", 'p': "AM", 'M': "FMMonth",
		'b': "Mon", 'W': "FMDay", 'a': "Dy", 'j': "DDD", 'T': "HH24:MI:SS", 'r': "HH12:MI:SS AM", 'f': "US",
	}
	var b strings.Builder
	lit := func(s string) {
		if s != "" {
			b.WriteString(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
		}
	}
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			j := strings.IndexByte(f[i:], '%')
			if j < 0 || i+j+1 >= len(f) {
				lit(f[i:])
				break
			}
			lit(f[i : i+j])
			i += j - 1
			continue
		}
		i++
		if f[i] == '%' {
			lit("%")
			continue
		}
		p, ok := spec[f[i]]
		if !ok {
			return "", fmt.Errorf("DATE_FORMAT specifier %%%c is not translated", f[i])
		}
		b.WriteString(p)
	}
	return b.String(), nil
}

// subquery: ( SELECT ... ), EXISTS ( SELECT ... ).
func (x *exprTr) subquery() (enode, error) {
	exists := false
	if x.isWord("EXISTS") {
		exists = true
		x.i++
	}
	if !x.isP("(") {
		return enode{}, fmt.Errorf("SELECT without parentheses")
	}
	end := matchParen(x.toks, x.i)
	if end < 0 {
		return enode{}, fmt.Errorf("unbalanced parentheses")
	}
	inner := x.toks[x.i+1 : end]
	x.i = end + 1
	q := &queryTr{sc: x.sc.child(), ansi: false}
	sql, cols, err := q.selectQuery(inner)
	if err != nil {
		return enode{}, err
	}
	if exists {
		return enode{sql: "EXISTS (" + sql + ")", k: ekBool}, nil
	}
	if len(cols) != 1 {
		return enode{}, fmt.Errorf("a subquery of %d columns used as a value", len(cols))
	}
	n := cols[0].n
	return enode{sql: "(" + sql + ")", k: n.k, scale: n.scale}, nil
}

// matchParen returns the index of the ) closing the ( at i.
func matchParen(toks []etok, i int) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		if toks[j].Kind != myparse.TkPunct {
			continue
		}
		switch toks[j].Text {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// queryTr translates one query level.
type queryTr struct {
	sc   *scope
	ansi bool
	into []etok // SELECT ... INTO targets (routines)
}

// posError is a translation error at a byte offset of the object's text.
type posError struct {
	pos int
	err error
}

func (e *posError) Error() string { return e.err.Error() }
func (e *posError) Unwrap() error { return e.err }

// expr translates a token slice as one expression.
func (q *queryTr) expr(toks []etok) (enode, error) {
	x := &exprTr{toks: toks, sc: q.sc}
	n, err := x.or()
	if err == nil && x.i < len(toks) {
		err = fmt.Errorf("unexpected %q", toks[x.i].Raw)
	}
	if err != nil {
		var pe *posError
		if asPosErr(err, &pe) {
			return n, err
		}
		i := min(x.i, len(toks)-1)
		if i >= 0 {
			return n, &posError{pos: toks[i].Pos, err: err}
		}
	}
	return n, err
}

func asPosErr(err error, pe **posError) bool {
	p, ok := err.(*posError)
	if ok {
		*pe = p
	}
	return ok
}

// clauses splits a SELECT's tokens at its top-level keywords.
func clauses(toks []etok) map[string][]etok {
	keys := map[string]bool{"SELECT": true, "FROM": true, "WHERE": true, "GROUP": true, "HAVING": true, "ORDER": true, "LIMIT": true, "INTO": true, "FOR": true, "LOCK": true, "WINDOW": true, "PROCEDURE": true}
	out := map[string][]etok{}
	cur := ""
	start := 0
	depth := 0
	for i, t := range toks {
		if t.Kind == myparse.TkPunct {
			switch t.Text {
			case "(":
				depth++
			case ")":
				depth--
			}
			continue
		}
		if t.Kind != myparse.TkWord || depth != 0 {
			continue
		}
		k := strings.ToUpper(t.Text)
		if !keys[k] || (k == "FOR" && cur == "") {
			continue
		}
		if cur != "" {
			out[cur] = toks[start:i]
		}
		cur, start = k, i+1
		if (k == "GROUP" || k == "ORDER") && i+1 < len(toks) && strings.EqualFold(toks[i+1].Text, "BY") {
			start = i + 2
		}
	}
	if cur != "" {
		out[cur] = toks[start:]
	}
	return out
}

// splitTop splits toks at top-level commas.
func splitTop(toks []etok) [][]etok {
	var out [][]etok
	depth, start := 0, 0
	for i, t := range toks {
		if t.Kind != myparse.TkPunct {
			continue
		}
		switch t.Text {
		case "(":
			depth++
		case ")":
			depth--
		case ",":
			if depth == 0 {
				out = append(out, toks[start:i])
				start = i + 1
			}
		}
	}
	if start < len(toks) || len(out) > 0 {
		out = append(out, toks[start:])
	}
	return out
}

// topWord finds a top-level word (UNION) in toks from i.
func topWord(toks []etok, from int, w string) int {
	depth := 0
	for i := from; i < len(toks); i++ {
		t := toks[i]
		if t.Kind == myparse.TkPunct {
			if t.Text == "(" {
				depth++
			} else if t.Text == ")" {
				depth--
			}
			continue
		}
		if depth == 0 && t.Kind == myparse.TkWord && strings.EqualFold(t.Text, w) {
			return i
		}
	}
	return -1
}

func errAt(t []etok, format string, args ...any) error {
	pos := 0
	if len(t) > 0 {
		pos = t[0].Pos
	}
	return &posError{pos: pos, err: fmt.Errorf(format, args...)}
}

// selectQuery translates SELECT ... [UNION ...].
func (q *queryTr) selectQuery(toks []etok) (string, []outCol, error) {
	for len(toks) >= 2 && toks[0].Text == "(" && matchParen(toks, 0) == len(toks)-1 {
		toks = toks[1 : len(toks)-1]
	}
	if u := topWord(toks, 0, "UNION"); u >= 0 {
		lsql, lcols, err := q.selectQuery(toks[:u])
		if err != nil {
			return "", nil, err
		}
		op := " UNION "
		r := toks[u+1:]
		if len(r) > 0 && strings.EqualFold(r[0].Text, "ALL") {
			op, r = " UNION ALL ", r[1:]
		} else if len(r) > 0 && strings.EqualFold(r[0].Text, "DISTINCT") {
			r = r[1:]
		}
		rq := &queryTr{sc: &scope{parent: q.sc.parent, o: q.sc.o, vars: q.sc.vars, bareSet: map[string]bool{}}, ansi: q.ansi}
		rsql, rcols, err := rq.selectQuery(r)
		if err != nil {
			return "", nil, err
		}
		if len(lcols) != len(rcols) {
			return "", nil, errAt(r, "UNION of %d and %d columns", len(lcols), len(rcols))
		}
		for i := range lcols {
			if _, err := unify([]enode{lcols[i].n, rcols[i].n}); err != nil {
				return "", nil, errAt(r, "UNION column %d: %v", i+1, err)
			}
		}
		return lsql + op + rsql, lcols, nil
	}
	if len(toks) == 0 || !strings.EqualFold(toks[0].Text, "SELECT") {
		return "", nil, errAt(toks, "expected SELECT")
	}
	cl := clauses(toks)
	s := q.sc
	var b strings.Builder
	b.WriteString("SELECT ")
	items := cl["SELECT"]
	distinct := false
	for len(items) > 0 && items[0].Kind == myparse.TkWord {
		w := strings.ToUpper(items[0].Text)
		switch w {
		case "DISTINCT", "DISTINCTROW":
			distinct = true
		case "ALL", "STRAIGHT_JOIN", "SQL_CALC_FOUND_ROWS", "HIGH_PRIORITY", "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "SQL_BUFFER_RESULT", "SQL_NO_CACHE", "SQL_CACHE":
			if w == "SQL_CALC_FOUND_ROWS" {
				return "", nil, errAt(items, "SQL_CALC_FOUND_ROWS is not translated")
			}
		default:
			goto items
		}
		items = items[1:]
	}
items:
	if distinct {
		b.WriteString("DISTINCT ")
	}
	fromSQL := ""
	if f, ok := cl["FROM"]; ok {
		var err error
		if fromSQL, err = q.from(f); err != nil {
			return "", nil, err
		}
	}
	if _, ok := cl["FOR"]; ok {
		return "", nil, errAt(cl["FOR"], "SELECT ... FOR UPDATE is not translated")
	}
	if _, ok := cl["LOCK"]; ok {
		return "", nil, errAt(cl["LOCK"], "LOCK IN SHARE MODE is not translated")
	}
	if _, ok := cl["WINDOW"]; ok {
		return "", nil, errAt(cl["WINDOW"], "WINDOW is not translated")
	}
	if t, ok := cl["INTO"]; ok {
		q.into = t
	}
	var cols []outCol
	var sel []string
	s.aliases = map[string]enode{}
	for _, it := range splitTop(items) {
		if len(it) == 0 {
			return "", nil, errAt(items, "empty select item")
		}
		// * and t.*
		if len(it) == 1 && it[0].Text == "*" || len(it) == 3 && it[1].Text == "." && it[2].Text == "*" {
			qual := ""
			if len(it) == 3 {
				qual = strings.ToLower(it[0].Text)
			}
			for _, r := range s.rels {
				if qual != "" && r.alias != qual {
					continue
				}
				for _, oc := range r.columns() {
					n, _ := r.col(oc)
					n = s.textRef(n)
					s.noteBare(n)
					cols = append(cols, outCol{name: q.sc.o.cat.names.PG(oc), my: strings.ToLower(oc), n: n})
					sel = append(sel, n.sql+" AS "+model.QuoteIdent(q.sc.o.cat.names.PG(oc)))
				}
			}
			continue
		}
		alias := ""
		body := it
		if n := len(it); n >= 2 && (it[n-1].Kind == myparse.TkIdent || it[n-1].Kind == myparse.TkString || it[n-1].Kind == myparse.TkWord && !isExprEndWord(it[n-1].Text)) && (n >= 3 && it[n-2].Kind == myparse.TkWord && strings.EqualFold(it[n-2].Text, "AS") || it[n-2].Kind != myparse.TkPunct && !isOperatorWord(it[n-2].Text) || it[n-2].Text == ")") {
			alias = it[n-1].Text
			body = it[:n-1]
			if len(body) > 0 && body[len(body)-1].Kind == myparse.TkWord && strings.EqualFold(body[len(body)-1].Text, "AS") {
				body = body[:len(body)-1]
			}
			if len(body) == 0 {
				body, alias = it, ""
			}
		}
		n, err := q.expr(body)
		if err != nil {
			return "", nil, err
		}
		if alias == "" {
			alias = rawText(body)
			if len(body) == 1 || (len(body) == 3 && body[1].Text == ".") {
				alias = body[len(body)-1].Text
			}
		}
		out := n
		if n.k == ekBool && n.col == nil {
			out = cmpOperand(n) // MySQL shows conditions as 0 and 1
		}
		pgName := q.sc.o.cat.names.PG(alias)
		cols = append(cols, outCol{name: pgName, my: strings.ToLower(alias), n: out})
		sel = append(sel, out.sql+" AS "+model.QuoteIdent(pgName))
		s.aliases[strings.ToLower(alias)] = n
	}
	b.WriteString(strings.Join(sel, ", "))
	if fromSQL != "" {
		b.WriteString(" FROM " + fromSQL)
	}
	if w, ok := cl["WHERE"]; ok {
		s.agg++ // WHERE columns never need grouping
		n, err := q.expr(w)
		if err == nil {
			q.noteEqualities(w, "WHERE", -1)
		}
		s.agg--
		if err != nil {
			return "", nil, err
		}
		c, err := asBool(n)
		if err != nil {
			return "", nil, errAt(w, "WHERE: %v", err)
		}
		b.WriteString(" WHERE " + c.sql)
	}
	var groups []string
	groupSet := map[string]bool{}
	if g, ok := cl["GROUP"]; ok {
		for _, it := range splitTop(g) {
			if n := len(it); n > 2 && strings.EqualFold(it[n-2].Text, "WITH") && strings.EqualFold(it[n-1].Text, "ROLLUP") {
				return "", nil, errAt(it[n-2:], "GROUP BY ... WITH ROLLUP is not translated")
			}
			if len(it) > 1 && (strings.EqualFold(it[len(it)-1].Text, "ASC") || strings.EqualFold(it[len(it)-1].Text, "DESC")) {
				return "", nil, errAt(it, "GROUP BY ... ASC/DESC is not translated")
			}
			s.agg++
			n, err := q.expr(it)
			s.agg--
			if err != nil {
				return "", nil, err
			}
			if n.num {
				return "", nil, errAt(it, "GROUP BY a position is not translated")
			}
			groups = append(groups, n.sql)
			groupSet[n.sql] = true
		}
	}
	var having string
	if h, ok := cl["HAVING"]; ok {
		n, err := q.expr(h)
		if err != nil {
			return "", nil, err
		}
		c, err := asBool(n)
		if err != nil {
			return "", nil, errAt(h, "HAVING: %v", err)
		}
		having = c.sql
	}
	var orders []string
	if o, ok := cl["ORDER"]; ok {
		for _, it := range splitTop(o) {
			desc := false
			if n := len(it); n > 1 && it[n-1].Kind == myparse.TkWord {
				switch strings.ToUpper(it[n-1].Text) {
				case "DESC":
					desc, it = true, it[:n-1]
				case "ASC":
					it = it[:n-1]
				}
			}
			var sql string
			if len(it) == 1 && (it[0].Kind == myparse.TkIdent || it[0].Kind == myparse.TkWord) {
				if _, ok := s.aliases[strings.ToLower(it[0].Text)]; ok {
					sql = model.QuoteIdent(q.sc.o.cat.names.PG(it[0].Text))
				}
			}
			if sql == "" {
				n, err := q.expr(it)
				if err != nil {
					return "", nil, err
				}
				if n.num {
					return "", nil, errAt(it, "ORDER BY a position is not translated")
				}
				sql = cmpOperand(n).sql
			}
			orders = append(orders, orderItem(sql, desc))
		}
	}
	if len(groups) > 0 {
		// MySQL's GROUP BY leniency: columns shown or sorted outside
		// aggregates must be functionally dependent on the groups (else
		// MySQL picks any row's value: refused); spelled out for PostgreSQL
		det := s.determined(groupSet)
		for _, n := range s.bare {
			if !det[n.sql] {
				return "", nil, errAt(cl["GROUP"], "column %s is neither grouped nor functionally dependent on the GROUP BY columns (MySQL returns any row's value of it)", n.sql)
			}
		}
		for _, n := range s.bare {
			if !groupSet[n.sql] {
				groupSet[n.sql] = true
				groups = append(groups, n.sql)
			}
		}
		b.WriteString(" GROUP BY " + strings.Join(groups, ", "))
	} else if s.hasAgg && len(s.bare) > 0 {
		return "", nil, errAt(items, "column %s outside an aggregate in a query without GROUP BY (MySQL takes it from any row)", s.bare[0].sql)
	}
	if having != "" {
		b.WriteString(" HAVING " + having)
	}
	if len(orders) > 0 {
		b.WriteString(" ORDER BY " + strings.Join(orders, ", "))
	}
	if l, ok := cl["LIMIT"]; ok {
		parts := splitTop(l)
		lim := l
		var off []etok
		if len(parts) == 2 {
			off, lim = parts[0], parts[1]
		} else if o := topWord(l, 0, "OFFSET"); o >= 0 {
			lim, off = l[:o], l[o+1:]
		}
		n, err := q.expr(lim)
		if err != nil {
			return "", nil, err
		}
		b.WriteString(" LIMIT " + n.sql)
		if off != nil {
			n, err := q.expr(off)
			if err != nil {
				return "", nil, err
			}
			b.WriteString(" OFFSET " + n.sql)
		}
	}
	return b.String(), cols, nil
}

func isExprEndWord(w string) bool {
	switch strings.ToUpper(w) {
	case "END", "NULL", "TRUE", "FALSE", "CURRENT_DATE", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "LOCALTIME":
		return true
	}
	return false
}

func isOperatorWord(w string) bool {
	switch strings.ToUpper(w) {
	case "AND", "OR", "NOT", "IS", "LIKE", "IN", "BETWEEN", "ELSE", "THEN", "WHEN", "DIV", "MOD", "XOR", "INTERVAL", "BINARY", "DISTINCT", "CASE", "REGEXP":
		return true
	}
	return false
}

// dateLit types a date or datetime string literal ('2024-01-31',
// '2024-01-31 10:00:00') the way MySQL reads it next to a date.
func dateLit(n enode) enode {
	if !n.lit {
		return n
	}
	s := n.str
	ok := func(pat string) bool {
		if len(s) != len(pat) {
			return false
		}
		for i := range pat {
			if pat[i] == '9' && (s[i] < '0' || s[i] > '9') || pat[i] != '9' && s[i] != pat[i] {
				return false
			}
		}
		return true
	}
	switch {
	case ok("9999-99-99"):
		return enode{sql: "DATE " + model.QuoteLit(s), k: ekDate}
	case ok("9999-99-99 99:99:99"):
		return enode{sql: "TIMESTAMP " + model.QuoteLit(s), k: ekTS}
	}
	return n
}

func rawText(t []etok) string {
	var p []string
	for _, x := range t {
		p = append(p, x.Raw)
	}
	return strings.Join(p, "")
}

func (r *rel) columns() []string {
	var out []string
	if r.t != nil {
		for _, c := range r.t.Columns {
			out = append(out, c.MyName)
		}
		return out
	}
	for _, c := range r.cols {
		out = append(out, c.my)
	}
	return out
}

// from translates a FROM clause, adding its items to the scope.
func (q *queryTr) from(toks []etok) (string, error) {
	var parts []string
	for _, ref := range splitTop(toks) {
		sql, err := q.joined(ref)
		if err != nil {
			return "", err
		}
		parts = append(parts, sql)
	}
	return strings.Join(parts, ", "), nil
}

var joinWords = map[string]bool{"JOIN": true, "INNER": true, "CROSS": true, "LEFT": true, "RIGHT": true, "NATURAL": true, "STRAIGHT_JOIN": true, "OUTER": true}

// joined: factor { join factor [ON e | USING (cols)] }.
func (q *queryTr) joined(toks []etok) (string, error) {
	i := 0
	left, err := q.factor(toks, &i)
	if err != nil {
		return "", err
	}
	for i < len(toks) {
		start := i
		natural, kind := false, "JOIN"
		for i < len(toks) && toks[i].Kind == myparse.TkWord && joinWords[strings.ToUpper(toks[i].Text)] {
			switch strings.ToUpper(toks[i].Text) {
			case "NATURAL":
				natural = true
			case "LEFT":
				kind = "LEFT JOIN"
			case "RIGHT":
				kind = "RIGHT JOIN"
			}
			i++
		}
		if i == start {
			return "", errAt(toks[i:], "unexpected %q in FROM", toks[i].Raw)
		}
		rightFrom := len(q.sc.rels)
		right, err := q.factor(toks, &i)
		if err != nil {
			return "", err
		}
		switch {
		case natural:
			// USING on the columns both sides name, in the left side's
			// order (MySQL and PostgreSQL define NATURAL alike); none in
			// common: a cross join
			common, err := q.naturalColumns(rightFrom)
			if err != nil {
				return "", errAt(toks[start:], "%v", err)
			}
			var names []string
			for _, n := range common {
				if q.sc.using == nil {
					q.sc.using = map[string]bool{}
				}
				q.sc.using[n] = true
				names = append(names, model.QuoteIdent(q.sc.o.cat.names.PG(n)))
			}
			switch {
			case len(names) > 0:
				left = "(" + left + " " + kind + " " + right + " USING (" + strings.Join(names, ", ") + "))"
			case kind == "JOIN":
				left = "(" + left + " CROSS JOIN " + right + ")"
			default:
				left = "(" + left + " " + kind + " " + right + " ON TRUE)"
			}
		case i < len(toks) && strings.EqualFold(toks[i].Text, "ON"):
			i++
			end := i
			depth := 0
			for end < len(toks) {
				t := toks[end]
				if t.Kind == myparse.TkPunct && t.Text == "(" {
					depth++
				} else if t.Kind == myparse.TkPunct && t.Text == ")" {
					depth--
				} else if depth == 0 && t.Kind == myparse.TkWord && joinWords[strings.ToUpper(t.Text)] {
					break
				}
				end++
			}
			q.sc.agg++
			n, err := q.expr(toks[i:end])
			if err == nil {
				q.noteEqualities(toks[i:end], kind, rightFrom)
			}
			q.sc.agg--
			if err != nil {
				return "", err
			}
			c, err := asBool(n)
			if err != nil {
				return "", errAt(toks[i:], "ON: %v", err)
			}
			left = "(" + left + " " + kind + " " + right + " ON " + c.sql + ")"
			i = end
		case i < len(toks) && strings.EqualFold(toks[i].Text, "USING"):
			i++
			if i >= len(toks) || toks[i].Text != "(" {
				return "", errAt(toks[i-1:], "USING without (")
			}
			end := matchParen(toks, i)
			if end < 0 {
				return "", errAt(toks[i:], "unbalanced parentheses")
			}
			var names []string
			for _, t := range toks[i+1 : end] {
				if t.Kind == myparse.TkPunct {
					continue
				}
				// MySQL matches text under its *_ci collation; USING in
				// PostgreSQL would use the column's own (case-sensitive)
				for _, r := range q.sc.rels {
					if n, ok := r.col(t.Text); ok && n.k == ekText {
						return "", errAt(toks[i:], "USING (%s) on text: MySQL matches it case- and accent-insensitively (write the join with ON)", t.Text)
					}
				}
				if q.sc.using == nil {
					q.sc.using = map[string]bool{}
				}
				q.sc.using[strings.ToLower(t.Text)] = true
				names = append(names, model.QuoteIdent(q.sc.o.cat.names.PG(t.Text)))
			}
			left = "(" + left + " " + kind + " " + right + " USING (" + strings.Join(names, ", ") + "))"
			i = end + 1
		case kind == "JOIN":
			left = "(" + left + " CROSS JOIN " + right + ")" // MySQL: JOIN without ON
		default:
			return "", errAt(toks[start:], "%s without ON", kind)
		}
	}
	return left, nil
}

// naturalColumns are the columns a NATURAL JOIN matches: named on both
// sides of FROM items [0, rightFrom) and [rightFrom, end), in the left
// side's order. A name twice on one side, or a text column (MySQL matches
// it under its *_ci collation, USING would not), is an error.
func (q *queryTr) naturalColumns(rightFrom int) ([]string, error) {
	side := func(rels []*rel) ([]string, map[string]enode, error) {
		var order []string
		seen := map[string]enode{}
		for _, r := range rels {
			var names []string
			if r.t != nil {
				for _, c := range r.t.Columns {
					names = append(names, strings.ToLower(c.MyName))
				}
			} else {
				for _, oc := range r.cols {
					names = append(names, oc.my)
				}
			}
			for _, n := range names {
				if _, dup := seen[n]; dup && !q.sc.using[n] {
					return nil, nil, fmt.Errorf("NATURAL JOIN with column %s on two tables of one side", n)
				}
				if _, dup := seen[n]; !dup {
					order = append(order, n)
				}
				seen[n], _ = r.col(n)
			}
		}
		return order, seen, nil
	}
	lorder, l, err := side(q.sc.rels[:rightFrom])
	if err != nil {
		return nil, err
	}
	_, r, err := side(q.sc.rels[rightFrom:])
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range lorder {
		rn, ok := r[n]
		if !ok {
			continue
		}
		if l[n].k == ekText || rn.k == ekText {
			return nil, fmt.Errorf("NATURAL JOIN on text column %s: MySQL matches it case- and accent-insensitively (write the join with ON)", n)
		}
		out = append(out, n)
	}
	return out, nil
}

// factor: [db.]table [AS alias] [index hints] | (SELECT ...) alias | (refs).
func (q *queryTr) factor(toks []etok, i *int) (string, error) {
	if *i >= len(toks) {
		return "", errAt(toks, "FROM ends early")
	}
	t := toks[*i]
	var sql string
	var r *rel
	if t.Kind == myparse.TkPunct && t.Text == "(" {
		end := matchParen(toks, *i)
		if end < 0 {
			return "", errAt(toks[*i:], "unbalanced parentheses")
		}
		inner := toks[*i+1 : end]
		*i = end + 1
		if len(inner) > 0 && strings.EqualFold(inner[0].Text, "SELECT") {
			sub := &queryTr{sc: &scope{o: q.sc.o, vars: q.sc.vars, bareSet: map[string]bool{}}}
			s, cols, err := sub.selectQuery(inner)
			if err != nil {
				return "", err
			}
			r = &rel{cols: cols}
			sql = "(" + s + ")"
		} else {
			s, err := q.from(inner)
			if err != nil {
				return "", err
			}
			return s, nil
		}
	} else {
		parts := []string{t.Text}
		*i++
		for *i+1 < len(toks) && toks[*i].Text == "." {
			parts = append(parts, toks[*i+1].Text)
			*i += 2
		}
		var err error
		r, sql, err = q.sc.o.cat.relation(parts)
		if err != nil {
			return "", errAt(toks[*i-1:], "%v", err)
		}
		if r.t != nil {
			q.sc.o.reads = true
		}
	}
	alias := ""
	if *i < len(toks) && toks[*i].Kind == myparse.TkWord && strings.EqualFold(toks[*i].Text, "AS") {
		*i++
	}
	if *i < len(toks) && (toks[*i].Kind == myparse.TkIdent || toks[*i].Kind == myparse.TkWord && !joinWords[strings.ToUpper(toks[*i].Text)] && !isClauseWord(toks[*i].Text)) {
		alias = toks[*i].Text
		*i++
	}
	for *i < len(toks) && toks[*i].Kind == myparse.TkWord && (strings.EqualFold(toks[*i].Text, "USE") || strings.EqualFold(toks[*i].Text, "FORCE") || strings.EqualFold(toks[*i].Text, "IGNORE")) {
		// index hints: PostgreSQL plans by itself
		for *i < len(toks) && toks[*i].Text != "(" {
			*i++
		}
		if end := matchParen(toks, *i); end > 0 {
			*i = end + 1
		}
	}
	if alias == "" {
		if r.t == nil && r.cols != nil && r.alias == "" {
			return "", errAt(toks, "a derived table without an alias")
		}
	} else {
		r.alias = strings.ToLower(alias)
	}
	r.q = model.QuoteIdent(q.sc.o.cat.names.PG(r.alias))
	for _, o := range q.sc.rels {
		if o.alias == r.alias {
			return "", errAt(toks, "table alias %s used twice", r.alias)
		}
	}
	q.sc.rels = append(q.sc.rels, r)
	return sql + " AS " + r.q, nil
}

func isClauseWord(w string) bool {
	switch strings.ToUpper(w) {
	case "ON", "USING", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "INTO", "FOR", "LOCK", "SET", "VALUES":
		return true
	}
	return false
}

// assignment target: a column of t, typed.
func assignCol(t *model.Table, name string) (*model.Column, error) {
	c := t.Column(name)
	if c == nil {
		return nil, fmt.Errorf("unknown column %s.%s", t.MyName, name)
	}
	return c, nil
}

// dml translates INSERT / UPDATE / DELETE inside a routine or trigger.
func (q *queryTr) dml(toks []etok) (string, error) {
	w := strings.ToUpper(toks[0].Text)
	q.sc.o.writes = true
	switch w {
	case "INSERT":
		return q.insert(toks[1:])
	case "UPDATE":
		return q.update(toks[1:])
	case "DELETE":
		return q.delete(toks[1:])
	}
	return "", errAt(toks, "%s is not translated", w)
}

func (q *queryTr) tableName(toks []etok, i *int) (*model.Table, []string, error) {
	if *i >= len(toks) {
		return nil, nil, errAt(toks, "table name expected")
	}
	parts := []string{toks[*i].Text}
	*i++
	for *i+1 < len(toks) && toks[*i].Text == "." {
		parts = append(parts, toks[*i+1].Text)
		*i += 2
	}
	r, _, err := q.sc.o.cat.relation(parts)
	if err != nil {
		return nil, nil, errAt(toks[*i-1:], "%v", err)
	}
	if r.t == nil {
		return nil, nil, errAt(toks[*i-1:], "changing rows through view %s is not translated", strings.Join(parts, "."))
	}
	return r.t, parts, nil
}

func (q *queryTr) insert(toks []etok) (string, error) {
	i := 0
	for i < len(toks) && toks[i].Kind == myparse.TkWord && (strings.EqualFold(toks[i].Text, "LOW_PRIORITY") || strings.EqualFold(toks[i].Text, "HIGH_PRIORITY") || strings.EqualFold(toks[i].Text, "DELAYED")) {
		i++
	}
	if i < len(toks) && strings.EqualFold(toks[i].Text, "IGNORE") {
		return "", errAt(toks[i:], "INSERT IGNORE is not translated")
	}
	if i < len(toks) && strings.EqualFold(toks[i].Text, "INTO") {
		i++
	}
	t, _, err := q.tableName(toks, &i)
	if err != nil {
		return "", err
	}
	if u := topWord(toks, i, "ON"); u >= 0 {
		return "", errAt(toks[u:], "INSERT ... ON DUPLICATE KEY UPDATE is not translated")
	}
	var cols []*model.Column
	if i < len(toks) && toks[i].Text == "(" && !(i+1 < len(toks) && strings.EqualFold(toks[i+1].Text, "SELECT")) {
		end := matchParen(toks, i)
		if end < 0 {
			return "", errAt(toks[i:], "unbalanced parentheses")
		}
		for _, it := range splitTop(toks[i+1 : end]) {
			if len(it) != 1 {
				return "", errAt(it, "column name expected")
			}
			c, err := assignCol(t, it[0].Text)
			if err != nil {
				return "", errAt(it, "%v", err)
			}
			cols = append(cols, c)
		}
		i = end + 1
	} else {
		for _, c := range t.Columns {
			if c.GeneratedPG == "" {
				cols = append(cols, c)
			}
		}
	}
	names := make([]string, len(cols))
	for k, c := range cols {
		names[k] = model.QuoteIdent(c.Name)
	}
	head := "INSERT INTO " + t.QName() + " (" + strings.Join(names, ", ") + ") "
	if i < len(toks) && (strings.EqualFold(toks[i].Text, "VALUES") || strings.EqualFold(toks[i].Text, "VALUE")) {
		i++
		var rows []string
		for _, row := range splitTop(toks[i:]) {
			if len(row) < 2 || row[0].Text != "(" || matchParen(row, 0) != len(row)-1 {
				return "", errAt(row, "VALUES row expected")
			}
			vals := splitTop(row[1 : len(row)-1])
			if len(vals) != len(cols) {
				return "", errAt(row, "%d values for %d columns", len(vals), len(cols))
			}
			var vs []string
			for k, v := range vals {
				if len(v) == 1 && strings.EqualFold(v[0].Text, "DEFAULT") {
					vs = append(vs, "DEFAULT")
					continue
				}
				n, err := q.expr(v)
				if err != nil {
					return "", err
				}
				s, err := assignTo(n, cols[k])
				if err != nil {
					return "", errAt(v, "column %s: %v", cols[k].MyName, err)
				}
				vs = append(vs, s)
			}
			rows = append(rows, "("+strings.Join(vs, ", ")+")")
		}
		return head + "VALUES " + strings.Join(rows, ", "), nil
	}
	if i < len(toks) && strings.EqualFold(toks[i].Text, "SET") {
		return "", errAt(toks[i:], "INSERT ... SET is not translated")
	}
	sub := &queryTr{sc: q.sc.child()}
	sub.sc.parent = nil
	sub.sc.vars = q.sc.vars
	sql, oc, err := sub.selectQuery(toks[i:])
	if err != nil {
		return "", err
	}
	if len(oc) != len(cols) {
		return "", errAt(toks[i:], "%d values for %d columns", len(oc), len(cols))
	}
	for k := range oc {
		if _, err := assignTo(oc[k].n, cols[k]); err != nil {
			return "", errAt(toks[i:], "column %s: %v", cols[k].MyName, err)
		}
	}
	return head + sql, nil
}

func (q *queryTr) update(toks []etok) (string, error) {
	i := 0
	for i < len(toks) && toks[i].Kind == myparse.TkWord && (strings.EqualFold(toks[i].Text, "LOW_PRIORITY") || strings.EqualFold(toks[i].Text, "IGNORE")) {
		if strings.EqualFold(toks[i].Text, "IGNORE") {
			return "", errAt(toks[i:], "UPDATE IGNORE is not translated")
		}
		i++
	}
	cl := map[string][]etok{}
	set := topWord(toks, i, "SET")
	if set < 0 {
		return "", errAt(toks, "UPDATE without SET")
	}
	from := toks[i:set]
	if len(splitTop(from)) != 1 || topWord(from, 0, "JOIN") >= 0 {
		return "", errAt(from, "a multiple-table UPDATE is not translated")
	}
	fi := 0
	t, _, err := q.tableName(from, &fi)
	if err != nil {
		return "", err
	}
	alias := strings.ToLower(t.MyName)
	if fi < len(from) {
		if strings.EqualFold(from[fi].Text, "AS") {
			fi++
		}
		if fi < len(from) {
			alias = strings.ToLower(from[fi].Text)
		}
	}
	rest := toks[set+1:]
	end := len(rest)
	for _, k := range []string{"WHERE", "ORDER", "LIMIT"} {
		if j := topWord(rest, 0, k); j >= 0 && j < end {
			end = j
		}
	}
	for _, k := range []string{"WHERE", "ORDER", "LIMIT"} {
		if j := topWord(rest, 0, k); j >= 0 {
			cl[k] = rest[j+1:]
		}
	}
	if cl["ORDER"] != nil || cl["LIMIT"] != nil {
		return "", errAt(rest, "UPDATE ... ORDER BY/LIMIT is not translated")
	}
	r := &rel{alias: alias, t: t, q: model.QuoteIdent(q.sc.o.cat.names.PG(alias))}
	q.sc.rels = append(q.sc.rels, r)
	var sets []string
	for _, a := range splitTop(rest[:end]) {
		eq := -1
		for k, tk := range a {
			if tk.Kind == myparse.TkPunct && tk.Text == "=" {
				eq = k
				break
			}
		}
		if eq < 1 {
			return "", errAt(a, "SET col = value expected")
		}
		c, err := assignCol(t, a[eq-1].Text)
		if err != nil {
			return "", errAt(a, "%v", err)
		}
		n, err := q.expr(a[eq+1:])
		if err != nil {
			return "", err
		}
		v, err := assignTo(n, c)
		if err != nil {
			return "", errAt(a, "column %s: %v", c.MyName, err)
		}
		sets = append(sets, model.QuoteIdent(c.Name)+" = "+v)
	}
	// MySQL evaluates SET left to right, later ones seeing earlier
	// results; PostgreSQL uses the old row everywhere
	if len(sets) > 1 {
		for k, a := range splitTop(rest[:end]) {
			for _, tk := range a[1:] {
				for _, prev := range splitTop(rest[:end])[:k] {
					if strings.EqualFold(tk.Text, prev[0].Text) && tk.Kind != myparse.TkPunct {
						return "", errAt(a, "UPDATE SET using a column set earlier in the same statement is not translated")
					}
				}
			}
		}
	}
	sql := "UPDATE " + t.QName() + " AS " + r.q + " SET " + strings.Join(sets, ", ")
	if w := cl["WHERE"]; w != nil {
		n, err := q.expr(w)
		if err != nil {
			return "", err
		}
		c, err := asBool(n)
		if err != nil {
			return "", errAt(w, "WHERE: %v", err)
		}
		sql += " WHERE " + c.sql
	}
	return sql, nil
}

func (q *queryTr) delete(toks []etok) (string, error) {
	i := 0
	for i < len(toks) && toks[i].Kind == myparse.TkWord && (strings.EqualFold(toks[i].Text, "LOW_PRIORITY") || strings.EqualFold(toks[i].Text, "QUICK") || strings.EqualFold(toks[i].Text, "IGNORE")) {
		i++
	}
	if i >= len(toks) || !strings.EqualFold(toks[i].Text, "FROM") {
		return "", errAt(toks, "a multiple-table DELETE is not translated")
	}
	i++
	t, _, err := q.tableName(toks, &i)
	if err != nil {
		return "", err
	}
	alias := strings.ToLower(t.MyName)
	if i < len(toks) && (toks[i].Kind == myparse.TkIdent || toks[i].Kind == myparse.TkWord && !isClauseWord(toks[i].Text)) {
		if strings.EqualFold(toks[i].Text, "AS") {
			i++
		}
		alias = strings.ToLower(toks[i].Text)
		i++
	}
	r := &rel{alias: alias, t: t, q: model.QuoteIdent(q.sc.o.cat.names.PG(alias))}
	q.sc.rels = append(q.sc.rels, r)
	sql := "DELETE FROM " + t.QName() + " AS " + r.q
	rest := toks[i:]
	if len(rest) == 0 {
		return sql, nil
	}
	if !strings.EqualFold(rest[0].Text, "WHERE") || topWord(rest, 0, "ORDER") >= 0 || topWord(rest, 0, "LIMIT") >= 0 || topWord(rest, 0, "USING") >= 0 {
		return "", errAt(rest, "DELETE ... %s is not translated", strings.ToUpper(rest[0].Text))
	}
	n, err := q.expr(rest[1:])
	if err != nil {
		return "", err
	}
	c, err := asBool(n)
	if err != nil {
		return "", errAt(rest, "WHERE: %v", err)
	}
	return sql + " WHERE " + c.sql, nil
}

// typeColumn types a MySQL type (a routine parameter, a variable) the way
// a table column of that type is.
func typeColumn(m *model.Mapping, name, typ string) (*model.Column, error) {
	t, err := myparse.ParseCreateTable("CREATE TABLE t ("+"`"+strings.ReplaceAll(name, "`", "``")+"` "+typ+")", false)
	if err != nil || len(t.Columns) != 1 {
		return nil, fmt.Errorf("type %q: %v", typ, err)
	}
	c := t.Columns[0]
	m.Decide(c)
	switch c.Conv {
	case cast.Number, cast.Text, cast.Bool, cast.Date, cast.Datetime, cast.Time, cast.JSON, cast.Bytes:
	default:
		return nil, fmt.Errorf("a %s variable is not translated", typ)
	}
	return c, nil
}

var _ = strconv.Itoa

// conjuncts splits a condition at its top-level ANDs (through parentheses).
func conjuncts(toks []etok) [][]etok {
	for len(toks) >= 2 && toks[0].Text == "(" && matchParen(toks, 0) == len(toks)-1 {
		toks = toks[1 : len(toks)-1]
	}
	depth, start := 0, 0
	var out [][]etok
	for i, t := range toks {
		switch {
		case t.Kind == myparse.TkPunct && t.Text == "(":
			depth++
		case t.Kind == myparse.TkPunct && t.Text == ")":
			depth--
		case depth == 0 && (t.Kind == myparse.TkWord && strings.EqualFold(t.Text, "AND") || t.Kind == myparse.TkPunct && t.Text == "&&"):
			if i > start {
				out = append(out, conjuncts(toks[start:i])...)
			}
			start = i + 1
		}
	}
	if start == 0 {
		return [][]etok{toks}
	}
	if start < len(toks) {
		out = append(out, conjuncts(toks[start:])...)
	}
	return out
}

// noteEqualities records the column = column (and, in a WHERE, column =
// literal) conjuncts of an ON or WHERE for functional dependence. kind is
// the join ("JOIN", "LEFT JOIN", "RIGHT JOIN") or "WHERE"; the relations
// from index right on are the join's right side.
func (q *queryTr) noteEqualities(cond []etok, kind string, right int) {
	s := q.sc
	for _, t := range cond {
		if t.Kind == myparse.TkWord && strings.EqualFold(t.Text, "BETWEEN") {
			return // its AND is not a conjunction: keep it simple
		}
	}
	side := func(toks []etok) (string, bool, bool) {
		if len(toks) == 1 && (toks[0].Kind == myparse.TkNumber || toks[0].Kind == myparse.TkString) {
			return "", true, true
		}
		for i, t := range toks {
			if i%2 == 1 && t.Text != "." || i%2 == 0 && t.Kind != myparse.TkIdent && t.Kind != myparse.TkWord {
				return "", false, false
			}
		}
		n, err := q.expr(toks)
		if err != nil || n.col == nil {
			return "", false, false
		}
		return n.sql, false, true
	}
	inRight := func(sql string) bool {
		for _, r := range s.rels[right:] {
			if strings.Contains(sql, r.q+".") {
				return true
			}
		}
		return false
	}
	for _, c := range conjuncts(cond) {
		eq := -1
		for i, t := range c {
			if t.Kind == myparse.TkPunct && t.Text == "=" {
				if eq >= 0 {
					eq = -1
					break
				}
				eq = i
			} else if t.Kind == myparse.TkPunct && t.Text == "(" {
				eq = -1
				break
			}
		}
		if eq <= 0 || eq == len(c)-1 {
			continue
		}
		a, aLit, okA := side(c[:eq])
		b, bLit, okB := side(c[eq+1:])
		if !okA || !okB || aLit && bLit {
			continue
		}
		if aLit || bLit {
			if kind == "WHERE" {
				if s.consts == nil {
					s.consts = map[string]bool{}
				}
				s.consts[a+b] = true
			}
			continue
		}
		switch kind {
		case "LEFT JOIN", "RIGHT JOIN":
			// only toward the NULL-extended side
			nullSide := inRight
			if kind == "RIGHT JOIN" {
				nullSide = func(sql string) bool { return !inRight(sql) }
			}
			switch {
			case nullSide(b) && !nullSide(a):
				s.eqs = append(s.eqs, [2]string{a, b})
			case nullSide(a) && !nullSide(b):
				s.eqs = append(s.eqs, [2]string{b, a})
			}
		default:
			s.eqs = append(s.eqs, [2]string{a, b}, [2]string{b, a})
		}
	}
}

// determined: the columns functionally dependent on the grouped ones, as
// MySQL sees them: grouped, equal to a determined one, equated to a
// literal, or of a table whose primary key (or a unique key of NOT NULL
// columns) is determined.
func (s *scope) determined(groups map[string]bool) map[string]bool {
	det := map[string]bool{}
	for k := range groups {
		det[k] = true
	}
	for k := range s.consts {
		det[k] = true
	}
	colSQL := func(r *rel, name string) string {
		n, ok := r.col(name)
		if !ok {
			return ""
		}
		return s.textRef(n).sql
	}
	for changed := true; changed; {
		changed = false
		for _, e := range s.eqs {
			if det[e[0]] && !det[e[1]] {
				det[e[1]], changed = true, true
			}
		}
		for _, r := range s.rels {
			if r.t == nil {
				continue
			}
			for _, ix := range r.t.Indexes {
				if ix.Kind != "primary" && ix.Kind != "unique" {
					continue
				}
				all := len(ix.Columns) > 0
				for i, cn := range ix.Columns {
					c := r.t.Column(cn)
					if c == nil || ix.Kind == "unique" && !c.NotNull || i < len(ix.Prefixes) && ix.Prefixes[i] > 0 || !det[colSQL(r, cn)] {
						all = false
						break
					}
				}
				if !all {
					continue
				}
				for _, c := range r.t.Columns {
					if k := colSQL(r, c.MyName); k != "" && !det[k] {
						det[k], changed = true, true
					}
				}
			}
		}
	}
	return det
}
