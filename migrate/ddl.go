package migrate

import (
	"fmt"
	"strconv"
	"strings"
)

// The DDL of a mysqldump is regular (SHOW CREATE TABLE output), so a small
// hand-written tokenizer and parser cover it; TiDB's parser would add tens
// of MB of dependencies for the same result on this input.

type tokKind uint8

const (
	tkEOF tokKind = iota
	tkWord
	tkIdent  // `quoted` or "quoted" (ANSI) identifier
	tkString // 'literal'
	tkNumber
	tkPunct
)

type token struct {
	kind tokKind
	text string // identifier/word/punct text; string contents unescaped
	raw  string // source text
}

type ddlLexer struct {
	s    string
	i    int
	ansi bool // "x" is an identifier
}

func (l *ddlLexer) next() token {
	s := l.s
	for l.i < len(s) {
		c := s[l.i]
		switch {
		case isSpace(c):
			l.i++
			continue
		case c == '/' && strings.HasPrefix(s[l.i:], "/*"):
			j := l.i + 2
			if j < len(s) && s[j] == 'M' {
				j++
			}
			if j < len(s) && s[j] == '!' {
				j++
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				l.i = j
				continue
			}
			k := strings.Index(s[l.i+2:], "*/")
			if k < 0 {
				l.i = len(s)
			} else {
				l.i += k + 4
			}
			continue
		case c == '*' && strings.HasPrefix(s[l.i:], "*/"):
			l.i += 2
			continue
		case c == '-' && dashComment(s[l.i:]), c == '#':
			k := strings.IndexByte(s[l.i:], '\n')
			if k < 0 {
				l.i = len(s)
			} else {
				l.i += k + 1
			}
			continue
		}
		break
	}
	if l.i >= len(s) {
		return token{kind: tkEOF}
	}
	start := l.i
	c := s[l.i]
	switch {
	case c == '`' || (c == '"' && l.ansi):
		var b strings.Builder
		j := l.i + 1
		for j < len(s) {
			if s[j] == c {
				if j+1 < len(s) && s[j+1] == c {
					b.WriteByte(c)
					j += 2
					continue
				}
				break
			}
			b.WriteByte(s[j])
			j++
		}
		l.i = j + 1
		return token{kind: tkIdent, text: b.String(), raw: s[start:min(l.i, len(s))]}
	case c == '\'' || c == '"':
		v, j := unquoteSQL(s, l.i)
		l.i = j
		return token{kind: tkString, text: v, raw: s[start:j]}
	case c >= '0' && c <= '9' || (c == '.' && l.i+1 < len(s) && s[l.i+1] >= '0' && s[l.i+1] <= '9'):
		j := l.i
		for j < len(s) && (isWordByte(s[j]) || s[j] == '.' || ((s[j] == '-' || s[j] == '+') && (s[j-1] == 'e' || s[j-1] == 'E'))) {
			j++
		}
		l.i = j
		return token{kind: tkNumber, text: s[start:j], raw: s[start:j]}
	case isWordByte(c) || c >= 0x80 || c == '@':
		j := l.i
		for j < len(s) && (isWordByte(s[j]) || s[j] >= 0x80 || s[j] == '@' || s[j] == '$') {
			j++
		}
		l.i = j
		return token{kind: tkWord, text: s[start:j], raw: s[start:j]}
	}
	l.i++
	return token{kind: tkPunct, text: s[start:l.i], raw: s[start:l.i]}
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// unquoteSQL decodes a MySQL string literal starting at s[i] (the quote).
func unquoteSQL(s string, i int) (string, int) {
	q := s[i]
	var b strings.Builder
	j := i + 1
	for j < len(s) {
		c := s[j]
		if c == '\\' && j+1 < len(s) {
			b.WriteString(mysqlUnescape(s[j+1]))
			j += 2
			continue
		}
		if c == q {
			if j+1 < len(s) && s[j+1] == q {
				b.WriteByte(q)
				j += 2
				continue
			}
			return b.String(), j + 1
		}
		b.WriteByte(c)
		j++
	}
	return b.String(), j
}

func mysqlUnescape(c byte) string {
	switch c {
	case '0':
		return "\x00"
	case 'b':
		return "\b"
	case 'n':
		return "\n"
	case 'r':
		return "\r"
	case 't':
		return "\t"
	case 'Z':
		return "\x1a"
	case '%':
		return "\\%"
	case '_':
		return "\\_"
	}
	return string(c)
}

// ddlParser walks the tokens of one statement.
type ddlParser struct {
	lx   ddlLexer
	tok  token
	peek *token
}

func newDDLParser(stmt string, ansi bool) *ddlParser {
	p := &ddlParser{lx: ddlLexer{s: stmt, ansi: ansi}}
	p.advance()
	return p
}

func (p *ddlParser) advance() {
	if p.peek != nil {
		p.tok, p.peek = *p.peek, nil
		return
	}
	p.tok = p.lx.next()
}

func (p *ddlParser) peekTok() token {
	if p.peek == nil {
		t := p.lx.next()
		p.peek = &t
	}
	return *p.peek
}

func (p *ddlParser) is(word string) bool {
	return p.tok.kind == tkWord && strings.EqualFold(p.tok.text, word)
}

func (p *ddlParser) isP(punct string) bool { return p.tok.kind == tkPunct && p.tok.text == punct }

func (p *ddlParser) accept(words ...string) bool {
	for _, w := range words {
		if !p.is(w) {
			return false
		}
		p.advance()
	}
	return true
}

func (p *ddlParser) errorf(format string, args ...any) error {
	return fmt.Errorf("CREATE TABLE near %q: %s", snippet(p.lx.s, p.lx.i), fmt.Sprintf(format, args...))
}

func snippet(s string, i int) string {
	a := max(0, i-30)
	b := min(len(s), i+20)
	return s[a:b]
}

// name reads an identifier (quoted or bare word).
func (p *ddlParser) name() (string, error) {
	if p.tok.kind == tkIdent || p.tok.kind == tkWord {
		n := p.tok.text
		p.advance()
		return n, nil
	}
	return "", p.errorf("expected a name, got %q", p.tok.raw)
}

// qualName reads name or db.name and returns the last part (and the db).
func (p *ddlParser) qualName() (db, name string, err error) {
	name, err = p.name()
	if err != nil {
		return
	}
	if p.isP(".") {
		p.advance()
		db = name
		name, err = p.name()
	}
	return
}

// balanced returns the raw source of a parenthesised group (without the
// outer parentheses) starting at the current "(" token.
func (p *ddlParser) balanced() (string, error) {
	if !p.isP("(") {
		return "", p.errorf("expected (")
	}
	start := p.lx.i
	depth := 1
	var end int
	for {
		p.advance()
		switch {
		case p.tok.kind == tkEOF:
			return "", p.errorf("unbalanced parentheses")
		case p.isP("("):
			depth++
		case p.isP(")"):
			depth--
			if depth == 0 {
				end = p.lx.i - 1
				p.advance()
				return strings.TrimSpace(p.lx.s[start:end]), nil
			}
		}
	}
}

// nameList reads (`a`,`b`(10),...) returning names and prefix lengths.
func (p *ddlParser) nameList() ([]string, []int, error) {
	if !p.isP("(") {
		return nil, nil, p.errorf("expected column list")
	}
	p.advance()
	var names []string
	var pref []int
	for {
		if p.isP("(") { // functional key part: not supported
			return nil, nil, p.errorf("expression key parts are not supported")
		}
		n, err := p.name()
		if err != nil {
			return nil, nil, err
		}
		l := 0
		if p.isP("(") {
			p.advance()
			l, _ = strconv.Atoi(p.tok.text)
			p.advance()
			if !p.isP(")") {
				return nil, nil, p.errorf("expected )")
			}
			p.advance()
		}
		p.accept("ASC")
		p.accept("DESC")
		names = append(names, n)
		pref = append(pref, l)
		if p.isP(",") {
			p.advance()
			continue
		}
		if p.isP(")") {
			p.advance()
			return names, pref, nil
		}
		return nil, nil, p.errorf("expected , or ) in column list")
	}
}

// parseCreateTable parses SHOW CREATE TABLE output.
func parseCreateTable(stmt string, ansi bool) (*Table, error) {
	p := newDDLParser(stmt, ansi)
	if !p.accept("CREATE") {
		return nil, p.errorf("not CREATE")
	}
	p.accept("TEMPORARY")
	if !p.accept("TABLE") {
		return nil, p.errorf("not CREATE TABLE")
	}
	p.accept("IF", "NOT", "EXISTS")
	db, name, err := p.qualName()
	if err != nil {
		return nil, err
	}
	t := &Table{MyDB: db, MyName: name, byMy: map[string]*Column{}}
	if p.is("LIKE") || p.is("AS") || p.is("SELECT") {
		return nil, p.errorf("CREATE TABLE ... LIKE/SELECT is not supported")
	}
	if !p.isP("(") {
		return nil, p.errorf("expected ( after table name")
	}
	p.advance()
	for {
		if err := p.tableElement(t); err != nil {
			return nil, err
		}
		if p.isP(",") {
			p.advance()
			continue
		}
		if p.isP(")") {
			p.advance()
			break
		}
		return nil, p.errorf("expected , or ) after a column or key")
	}
	// table options
	for p.tok.kind != tkEOF && !p.isP(";") {
		switch {
		case p.is("AUTO_INCREMENT"):
			p.advance()
			if p.isP("=") {
				p.advance()
			}
			t.AutoIncrement, _ = strconv.ParseInt(p.tok.text, 10, 64)
			p.advance()
		case p.is("COMMENT"):
			p.advance()
			if p.isP("=") {
				p.advance()
			}
			t.Comment = p.tok.text
			p.advance()
		case p.is("CHARSET"), p.is("CHARACTER"):
			if p.is("CHARACTER") {
				p.advance()
			}
			p.advance()
			if p.isP("=") {
				p.advance()
			}
			t.charset = strings.ToLower(p.tok.text)
			p.advance()
		case p.is("WITH") && p.peekTok().kind == tkWord && strings.EqualFold(p.peekTok().text, "SYSTEM"):
			t.Versioned = true
			p.advance()
		case p.is("PARTITION"):
			t.Partitioned = true
			for p.tok.kind != tkEOF {
				p.advance()
			}
		default:
			p.advance()
		}
	}
	return t, nil
}

func (p *ddlParser) tableElement(t *Table) error {
	switch {
	case p.is("PERIOD") && p.peekTok().kind == tkWord && strings.EqualFold(p.peekTok().text, "FOR"):
		// PERIOD FOR SYSTEM_TIME (start, end) / an application period
		p.advance()
		p.advance()
		p.advance()
		if _, _, err := p.nameList(); err != nil {
			return err
		}
		t.Versioned = true
		return nil
	case p.is("PRIMARY"):
		p.advance()
		p.accept("KEY")
		p.indexTypeSkip()
		cols, pref, err := p.nameList()
		if err != nil {
			return err
		}
		t.Indexes = append(t.Indexes, &Index{MyName: "PRIMARY", Kind: "primary", Columns: cols, Prefixes: pref})
		p.indexOptions()
		return nil
	case p.is("UNIQUE"), p.is("KEY"), p.is("INDEX"), p.is("FULLTEXT"), p.is("SPATIAL"):
		kind := "index"
		switch {
		case p.is("UNIQUE"):
			kind = "unique"
		case p.is("FULLTEXT"):
			kind = "fulltext"
		case p.is("SPATIAL"):
			kind = "spatial"
		}
		p.advance()
		if !p.accept("KEY") {
			p.accept("INDEX")
		}
		name := ""
		if !p.isP("(") {
			n, err := p.name()
			if err != nil {
				return err
			}
			name = n
		}
		p.indexTypeSkip()
		cols, pref, err := p.nameList()
		if err != nil {
			return err
		}
		if name == "" {
			name = cols[0]
		}
		t.Indexes = append(t.Indexes, &Index{MyName: name, Kind: kind, Columns: cols, Prefixes: pref})
		p.indexOptions()
		return nil
	case p.is("CONSTRAINT"), p.is("FOREIGN"), p.is("CHECK"):
		name := ""
		if p.is("CONSTRAINT") {
			p.advance()
			if !p.is("FOREIGN") && !p.is("CHECK") && !p.is("UNIQUE") && !p.is("PRIMARY") {
				n, err := p.name()
				if err != nil {
					return err
				}
				name = n
			}
		}
		if p.is("UNIQUE") || p.is("PRIMARY") {
			return p.tableElement(t)
		}
		if p.accept("CHECK") {
			expr, err := p.balanced()
			if err != nil {
				return err
			}
			// MariaDB's json: CONSTRAINT `CONSTRAINT_1` CHECK (json_valid(`j`))
			if c := jsonValidCol(expr, t); c != nil {
				c.JSONCheck = true
			} else {
				t.Checks = append(t.Checks, &Check{MyName: name, Expr: expr})
			}
			return nil
		}
		if !p.accept("FOREIGN", "KEY") {
			return p.errorf("expected FOREIGN KEY")
		}
		if !p.isP("(") {
			if _, err := p.name(); err != nil {
				return err
			}
		}
		cols, _, err := p.nameList()
		if err != nil {
			return err
		}
		if !p.accept("REFERENCES") {
			return p.errorf("expected REFERENCES")
		}
		rdb, rt, err := p.qualName()
		if err != nil {
			return err
		}
		rcols, _, err := p.nameList()
		if err != nil {
			return err
		}
		fk := &ForeignKey{MyName: name, Columns: cols, RefSchema: rdb, RefTable: rt, RefColumns: rcols}
		for p.is("ON") {
			p.advance()
			which := p.tok.text
			p.advance()
			act := ""
			switch {
			case p.accept("CASCADE"):
				act = "CASCADE"
			case p.accept("RESTRICT"):
				act = "RESTRICT"
			case p.accept("SET", "NULL"):
				act = "SET NULL"
			case p.accept("SET", "DEFAULT"):
				act = "SET DEFAULT"
			case p.accept("NO", "ACTION"):
				act = "NO ACTION"
			default:
				return p.errorf("unknown referential action")
			}
			if strings.EqualFold(which, "DELETE") {
				fk.OnDelete = act
			} else {
				fk.OnUpdate = act
			}
		}
		t.ForeignKeys = append(t.ForeignKeys, fk)
		return nil
	}
	return p.column(t)
}

func (p *ddlParser) indexTypeSkip() {
	if p.is("USING") {
		p.advance()
		p.advance()
	}
}

func (p *ddlParser) indexOptions() {
	for !p.isP(",") && !p.isP(")") && p.tok.kind != tkEOF {
		if p.is("COMMENT") {
			p.advance()
		}
		p.advance()
	}
}

func jsonValidCol(expr string, t *Table) *Column {
	e := strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(expr, "`", ""), "\"", ""))
	e = strings.ReplaceAll(e, " ", "")
	if strings.HasPrefix(e, "json_valid(") && strings.HasSuffix(e, ")") {
		return t.Column(e[len("json_valid(") : len(e)-1])
	}
	return nil
}

func (p *ddlParser) column(t *Table) error {
	name, err := p.name()
	if err != nil {
		return err
	}
	c := &Column{MyName: name, table: t}
	if p.tok.kind != tkWord {
		return p.errorf("expected a type for column %s", name)
	}
	c.Base = strings.ToLower(p.tok.text)
	typ := []string{c.Base}
	p.advance()
	if c.Base == "double" && p.is("PRECISION") {
		p.advance()
	}
	if p.isP("(") {
		raw, err := p.balanced()
		if err != nil {
			return err
		}
		c.Args = splitArgs(raw)
		typ[0] += "(" + raw + ")"
	}
	for {
		switch {
		case p.is("UNSIGNED"):
			c.Unsigned = true
			typ = append(typ, "unsigned")
			p.advance()
			continue
		case p.is("SIGNED"):
			p.advance()
			continue
		case p.is("ZEROFILL"):
			typ = append(typ, "zerofill")
			p.advance()
			continue
		}
		break
	}
	c.MyType = strings.ToLower(strings.Join(typ, " "))
	for !p.isP(",") && !p.isP(")") && p.tok.kind != tkEOF {
		switch {
		case p.accept("NOT", "NULL"):
			c.NotNull = true
		case p.is("NULL"):
			p.advance()
		case p.is("CHARACTER"), p.is("CHARSET"), p.is("COLLATE"):
			if p.is("CHARACTER") {
				p.advance()
			}
			cs := !p.is("COLLATE")
			p.advance()
			if cs {
				c.charset = strings.ToLower(p.tok.text)
			}
			p.advance()
		case p.is("DEFAULT"):
			p.advance()
			d, err := p.defaultExpr()
			if err != nil {
				return err
			}
			c.Default = d
		case p.is("ON"):
			p.advance()
			if !p.accept("UPDATE") {
				return p.errorf("expected ON UPDATE")
			}
			d, err := p.defaultExpr()
			if err != nil {
				return err
			}
			c.OnUpdate = d
		case p.is("AUTO_INCREMENT"):
			c.AutoInc = true
			p.advance()
		case p.is("SRID"), p.is("REF_SYSTEM_ID"): // MySQL 8: SRID n; MariaDB: REF_SYSTEM_ID=n
			p.advance()
			if p.isP("=") {
				p.advance()
			}
			if n, err := strconv.Atoi(p.tok.text); err == nil && n >= 0 {
				c.SRID = n
			}
			p.advance()
		case p.is("COMMENT"):
			p.advance()
			c.Comment = p.tok.text
			p.advance()
		case p.is("GENERATED"), p.is("AS"):
			if p.is("GENERATED") {
				p.advance()
				p.accept("ALWAYS")
			}
			if !p.accept("AS") {
				return p.errorf("expected AS")
			}
			if p.is("ROW") {
				// MariaDB system versioning: GENERATED ALWAYS AS ROW
				// START/END. A plain column with the dumped values.
				p.advance()
				c.RowPeriod = strings.ToLower(p.tok.text)
				p.advance()
				t.Versioned = true
				continue
			}
			e, err := p.balanced()
			if err != nil {
				return err
			}
			c.Generated = e
		case p.is("CHECK"):
			p.advance()
			e, err := p.balanced()
			if err != nil {
				return err
			}
			if jv := jsonValidCol(e, t); jv != nil || strings.Contains(strings.ToLower(e), "json_valid") {
				c.JSONCheck = true
			} else {
				t.Checks = append(t.Checks, &Check{Expr: e, Column: name})
			}
		case p.is("PRIMARY"):
			p.advance()
			p.accept("KEY")
			t.Indexes = append(t.Indexes, &Index{MyName: "PRIMARY", Kind: "primary", Columns: []string{name}, Prefixes: []int{0}})
		case p.is("UNIQUE"):
			p.advance()
			p.accept("KEY")
			t.Indexes = append(t.Indexes, &Index{MyName: name, Kind: "unique", Columns: []string{name}, Prefixes: []int{0}})
		case p.isP("("):
			if _, err := p.balanced(); err != nil {
				return err
			}
		default:
			p.advance() // VIRTUAL, STORED, PERSISTENT, INVISIBLE, ...
		}
	}
	key := strings.ToLower(name)
	if _, dup := t.byMy[key]; dup {
		return p.errorf("duplicate column %s", name)
	}
	t.byMy[key] = c
	t.Columns = append(t.Columns, c)
	return nil
}

// defaultExpr reads a DEFAULT or ON UPDATE value as raw MySQL text.
func (p *ddlParser) defaultExpr() (string, error) {
	switch {
	case p.tok.kind == tkString:
		s := "'" + strings.ReplaceAll(p.tok.text, "'", "''") + "'"
		p.advance()
		return s, nil
	case p.isP("-") || p.isP("+"):
		sign := p.tok.text
		p.advance()
		n := p.tok.text
		p.advance()
		return sign + n, nil
	case p.isP("("):
		e, err := p.balanced()
		return "(" + e + ")", err
	case p.tok.kind == tkWord && (p.tok.text == "b" || p.tok.text == "B" || p.tok.text == "x" || p.tok.text == "X") && p.peekTok().kind == tkString:
		pre := strings.ToLower(p.tok.text)
		p.advance()
		s := pre + "'" + p.tok.text + "'"
		p.advance()
		return s, nil
	}
	w := p.tok.raw
	p.advance()
	if p.isP("(") {
		e, err := p.balanced()
		if err != nil {
			return "", err
		}
		w += "(" + e + ")"
	}
	return w, nil
}

func splitArgs(raw string) []string {
	var out []string
	depth, inq, start := 0, byte(0), 0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inq != 0:
			if c == '\\' {
				i++
			} else if c == inq {
				if i+1 < len(raw) && raw[i+1] == inq {
					i++
				} else {
					inq = 0
				}
			}
		case c == '\'' || c == '"':
			inq = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(raw[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(raw[start:]))
}

// dashComment: s starts a "--" comment, which MySQL's lexer takes only when
// the second dash is followed by a space or a control character (a newline,
// a tab) or ends the text: "1--1" is 1 - -1.
func dashComment(s string) bool {
	return strings.HasPrefix(s, "--") && (len(s) == 2 || s[2] <= ' ')
}
