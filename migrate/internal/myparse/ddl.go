package myparse

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/opsctl/opsctl/migrate/internal/model"
)

// TokKind is the class of a token.
type TokKind uint8

const (
	TkEOF TokKind = iota
	TkWord
	TkIdent  // `quoted` or "quoted" (ANSI) identifier
	TkString // 'literal'
	TkNumber
	TkPunct
)

// Token is one token of MySQL text.
type Token struct {
	Kind TokKind
	Text string // identifier/word/punct text; string contents unescaped
	Raw  string // source text
	Pos  int    // byte offset in the text (set by Tokenize)
}

// Lexer splits MySQL text into tokens (version comments /*!nnnnn ... */
// are read as code, other comments skipped).
type Lexer struct {
	S    string
	I    int
	ANSI bool // "x" is an identifier
}

// Next returns the next token (Kind TkEOF at the end).
func (l *Lexer) Next() Token {
	s := l.S
	for l.I < len(s) {
		c := s[l.I]
		switch {
		case IsSpace(c):
			l.I++
			continue
		case c == '/' && strings.HasPrefix(s[l.I:], "/*"):
			j := l.I + 2
			if j < len(s) && s[j] == 'M' {
				j++
			}
			if j < len(s) && s[j] == '!' {
				j++
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				l.I = j
				continue
			}
			k := strings.Index(s[l.I+2:], "*/")
			if k < 0 {
				l.I = len(s)
			} else {
				l.I += k + 4
			}
			continue
		case c == '*' && strings.HasPrefix(s[l.I:], "*/"):
			l.I += 2
			continue
		case c == '-' && strings.HasPrefix(s[l.I:], "-- "), c == '#':
			k := strings.IndexByte(s[l.I:], '\n')
			if k < 0 {
				l.I = len(s)
			} else {
				l.I += k + 1
			}
			continue
		}
		break
	}
	if l.I >= len(s) {
		return Token{Kind: TkEOF}
	}
	start := l.I
	c := s[l.I]
	switch {
	case c == '`' || (c == '"' && l.ANSI):
		var b strings.Builder
		j := l.I + 1
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
		l.I = j + 1
		return Token{Kind: TkIdent, Text: b.String(), Raw: s[start:min(l.I, len(s))]}
	case c == '\'' || c == '"':
		v, j := unquoteSQL(s, l.I)
		l.I = j
		return Token{Kind: TkString, Text: v, Raw: s[start:j]}
	case c >= '0' && c <= '9' || (c == '.' && l.I+1 < len(s) && s[l.I+1] >= '0' && s[l.I+1] <= '9'):
		j := l.I
		for j < len(s) && (IsWordByte(s[j]) || s[j] == '.' || ((s[j] == '-' || s[j] == '+') && (s[j-1] == 'e' || s[j-1] == 'E'))) {
			j++
		}
		l.I = j
		return Token{Kind: TkNumber, Text: s[start:j], Raw: s[start:j]}
	case IsWordByte(c) || c >= 0x80 || c == '@':
		j := l.I
		for j < len(s) && (IsWordByte(s[j]) || s[j] >= 0x80 || s[j] == '@' || s[j] == '$') {
			j++
		}
		l.I = j
		return Token{Kind: TkWord, Text: s[start:j], Raw: s[start:j]}
	}
	l.I++
	return Token{Kind: TkPunct, Text: s[start:l.I], Raw: s[start:l.I]}
}

// IsWordByte: c can be part of an unquoted word.
func IsWordByte(c byte) bool {
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

// Parser walks the tokens of one statement.
type Parser struct {
	Lx   Lexer
	Tok  Token
	peek *Token
}

// NewParser starts a Parser on stmt (ansi: "x" is an identifier).
func NewParser(stmt string, ansi bool) *Parser {
	p := &Parser{Lx: Lexer{S: stmt, ANSI: ansi}}
	p.Advance()
	return p
}

// Advance moves to the next token.
func (p *Parser) Advance() {
	if p.peek != nil {
		p.Tok, p.peek = *p.peek, nil
		return
	}
	p.Tok = p.Lx.Next()
}

func (p *Parser) peekTok() Token {
	if p.peek == nil {
		t := p.Lx.Next()
		p.peek = &t
	}
	return *p.peek
}

// Is: the current token is the word (case-insensitive).
func (p *Parser) Is(word string) bool {
	return p.Tok.Kind == TkWord && strings.EqualFold(p.Tok.Text, word)
}

// IsP: the current token is the punctuation.
func (p *Parser) IsP(punct string) bool { return p.Tok.Kind == TkPunct && p.Tok.Text == punct }

// Accept consumes the words if they come next, in order.
func (p *Parser) Accept(words ...string) bool {
	for _, w := range words {
		if !p.Is(w) {
			return false
		}
		p.Advance()
	}
	return true
}

func (p *Parser) errorf(format string, args ...any) error {
	return fmt.Errorf("CREATE TABLE near %q: %s", snippet(p.Lx.S, p.Lx.I), fmt.Sprintf(format, args...))
}

func snippet(s string, i int) string {
	a := max(0, i-30)
	b := min(len(s), i+20)
	return s[a:b]
}

// Name reads an identifier (quoted or bare word).
func (p *Parser) Name() (string, error) {
	if p.Tok.Kind == TkIdent || p.Tok.Kind == TkWord {
		n := p.Tok.Text
		p.Advance()
		return n, nil
	}
	return "", p.errorf("expected a name, got %q", p.Tok.Raw)
}

// QualName reads name or db.name and returns the last part (and the db).
func (p *Parser) QualName() (db, name string, err error) {
	name, err = p.Name()
	if err != nil {
		return
	}
	if p.IsP(".") {
		p.Advance()
		db = name
		name, err = p.Name()
	}
	return
}

// Balanced returns the raw source of a parenthesised group (without the
// outer parentheses) starting at the current "(" token.
func (p *Parser) Balanced() (string, error) {
	if !p.IsP("(") {
		return "", p.errorf("expected (")
	}
	start := p.Lx.I
	depth := 1
	var end int
	for {
		p.Advance()
		switch {
		case p.Tok.Kind == TkEOF:
			return "", p.errorf("unbalanced parentheses")
		case p.IsP("("):
			depth++
		case p.IsP(")"):
			depth--
			if depth == 0 {
				end = p.Lx.I - 1
				p.Advance()
				return strings.TrimSpace(p.Lx.S[start:end]), nil
			}
		}
	}
}

// NameList reads (`a`,`b`(10),...) returning names and prefix lengths.
func (p *Parser) NameList() ([]string, []int, error) {
	if !p.IsP("(") {
		return nil, nil, p.errorf("expected column list")
	}
	p.Advance()
	var names []string
	var pref []int
	for {
		if p.IsP("(") { // functional key part: not supported
			return nil, nil, p.errorf("expression key parts are not supported")
		}
		n, err := p.Name()
		if err != nil {
			return nil, nil, err
		}
		l := 0
		if p.IsP("(") {
			p.Advance()
			l, _ = strconv.Atoi(p.Tok.Text)
			p.Advance()
			if !p.IsP(")") {
				return nil, nil, p.errorf("expected )")
			}
			p.Advance()
		}
		p.Accept("ASC")
		p.Accept("DESC")
		names = append(names, n)
		pref = append(pref, l)
		if p.IsP(",") {
			p.Advance()
			continue
		}
		if p.IsP(")") {
			p.Advance()
			return names, pref, nil
		}
		return nil, nil, p.errorf("expected , or ) in column list")
	}
}

// ParseCreateTable parses SHOW CREATE TABLE output.
func ParseCreateTable(stmt string, ansi bool) (*model.Table, error) {
	p := NewParser(stmt, ansi)
	if !p.Accept("CREATE") {
		return nil, p.errorf("not CREATE")
	}
	p.Accept("TEMPORARY")
	if !p.Accept("TABLE") {
		return nil, p.errorf("not CREATE TABLE")
	}
	p.Accept("IF", "NOT", "EXISTS")
	db, name, err := p.QualName()
	if err != nil {
		return nil, err
	}
	t := &model.Table{MyDB: db, MyName: name, ByMy: map[string]*model.Column{}}
	if p.Is("LIKE") || p.Is("AS") || p.Is("SELECT") {
		return nil, p.errorf("CREATE TABLE ... LIKE/SELECT is not supported")
	}
	if !p.IsP("(") {
		return nil, p.errorf("expected ( after table name")
	}
	p.Advance()
	for {
		if err := p.tableElement(t); err != nil {
			return nil, err
		}
		if p.IsP(",") {
			p.Advance()
			continue
		}
		if p.IsP(")") {
			p.Advance()
			break
		}
		return nil, p.errorf("expected , or ) after a column or key")
	}
	// table options
	for p.Tok.Kind != TkEOF && !p.IsP(";") {
		switch {
		case p.Is("AUTO_INCREMENT"):
			p.Advance()
			if p.IsP("=") {
				p.Advance()
			}
			t.AutoIncrement, _ = strconv.ParseInt(p.Tok.Text, 10, 64)
			p.Advance()
		case p.Is("COMMENT"):
			p.Advance()
			if p.IsP("=") {
				p.Advance()
			}
			t.Comment = p.Tok.Text
			p.Advance()
		case p.Is("CHARSET"), p.Is("CHARACTER"):
			if p.Is("CHARACTER") {
				p.Advance()
			}
			p.Advance()
			if p.IsP("=") {
				p.Advance()
			}
			t.Charset = strings.ToLower(p.Tok.Text)
			p.Advance()
		case p.Is("WITH") && p.peekTok().Kind == TkWord && strings.EqualFold(p.peekTok().Text, "SYSTEM"):
			t.Versioned = true
			p.Advance()
		case p.Is("PARTITION"):
			t.Partitioned = true
			for p.Tok.Kind != TkEOF {
				p.Advance()
			}
		default:
			p.Advance()
		}
	}
	return t, nil
}

func (p *Parser) tableElement(t *model.Table) error {
	switch {
	case p.Is("PERIOD") && p.peekTok().Kind == TkWord && strings.EqualFold(p.peekTok().Text, "FOR"):
		// PERIOD FOR SYSTEM_TIME (start, end) / an application period
		p.Advance()
		p.Advance()
		p.Advance()
		if _, _, err := p.NameList(); err != nil {
			return err
		}
		t.Versioned = true
		return nil
	case p.Is("PRIMARY"):
		p.Advance()
		p.Accept("KEY")
		p.indexTypeSkip()
		cols, pref, err := p.NameList()
		if err != nil {
			return err
		}
		t.Indexes = append(t.Indexes, &model.Index{MyName: "PRIMARY", Kind: "primary", Columns: cols, Prefixes: pref})
		p.indexOptions()
		return nil
	case p.Is("UNIQUE"), p.Is("KEY"), p.Is("INDEX"), p.Is("FULLTEXT"), p.Is("SPATIAL"):
		kind := "index"
		switch {
		case p.Is("UNIQUE"):
			kind = "unique"
		case p.Is("FULLTEXT"):
			kind = "fulltext"
		case p.Is("SPATIAL"):
			kind = "spatial"
		}
		p.Advance()
		if !p.Accept("KEY") {
			p.Accept("INDEX")
		}
		name := ""
		if !p.IsP("(") {
			n, err := p.Name()
			if err != nil {
				return err
			}
			name = n
		}
		p.indexTypeSkip()
		cols, pref, err := p.NameList()
		if err != nil {
			return err
		}
		if name == "" {
			name = cols[0]
		}
		t.Indexes = append(t.Indexes, &model.Index{MyName: name, Kind: kind, Columns: cols, Prefixes: pref})
		p.indexOptions()
		return nil
	case p.Is("CONSTRAINT"), p.Is("FOREIGN"), p.Is("CHECK"):
		name := ""
		if p.Is("CONSTRAINT") {
			p.Advance()
			if !p.Is("FOREIGN") && !p.Is("CHECK") && !p.Is("UNIQUE") && !p.Is("PRIMARY") {
				n, err := p.Name()
				if err != nil {
					return err
				}
				name = n
			}
		}
		if p.Is("UNIQUE") || p.Is("PRIMARY") {
			return p.tableElement(t)
		}
		if p.Accept("CHECK") {
			expr, err := p.Balanced()
			if err != nil {
				return err
			}
			// MariaDB's json: CONSTRAINT `CONSTRAINT_1` CHECK (json_valid(`j`))
			if c := jsonValidCol(expr, t); c != nil {
				c.JSONCheck = true
			} else {
				t.Checks = append(t.Checks, &model.Check{MyName: name, Expr: expr})
			}
			return nil
		}
		if !p.Accept("FOREIGN", "KEY") {
			return p.errorf("expected FOREIGN KEY")
		}
		if !p.IsP("(") {
			if _, err := p.Name(); err != nil {
				return err
			}
		}
		cols, _, err := p.NameList()
		if err != nil {
			return err
		}
		if !p.Accept("REFERENCES") {
			return p.errorf("expected REFERENCES")
		}
		rdb, rt, err := p.QualName()
		if err != nil {
			return err
		}
		rcols, _, err := p.NameList()
		if err != nil {
			return err
		}
		fk := &model.ForeignKey{MyName: name, Columns: cols, RefSchema: rdb, RefTable: rt, RefColumns: rcols}
		for p.Is("ON") {
			p.Advance()
			which := p.Tok.Text
			p.Advance()
			act := ""
			switch {
			case p.Accept("CASCADE"):
				act = "CASCADE"
			case p.Accept("RESTRICT"):
				act = "RESTRICT"
			case p.Accept("SET", "NULL"):
				act = "SET NULL"
			case p.Accept("SET", "DEFAULT"):
				act = "SET DEFAULT"
			case p.Accept("NO", "ACTION"):
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

func (p *Parser) indexTypeSkip() {
	if p.Is("USING") {
		p.Advance()
		p.Advance()
	}
}

func (p *Parser) indexOptions() {
	for !p.IsP(",") && !p.IsP(")") && p.Tok.Kind != TkEOF {
		if p.Is("COMMENT") {
			p.Advance()
		}
		p.Advance()
	}
}

func jsonValidCol(expr string, t *model.Table) *model.Column {
	e := strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(expr, "`", ""), "\"", ""))
	e = strings.ReplaceAll(e, " ", "")
	if strings.HasPrefix(e, "json_valid(") && strings.HasSuffix(e, ")") {
		return t.Column(e[len("json_valid(") : len(e)-1])
	}
	return nil
}

func (p *Parser) column(t *model.Table) error {
	name, err := p.Name()
	if err != nil {
		return err
	}
	c := &model.Column{MyName: name, Table: t}
	if p.Tok.Kind != TkWord {
		return p.errorf("expected a type for column %s", name)
	}
	c.Base = strings.ToLower(p.Tok.Text)
	typ := []string{c.Base}
	p.Advance()
	if c.Base == "double" && p.Is("PRECISION") {
		p.Advance()
	}
	if p.IsP("(") {
		raw, err := p.Balanced()
		if err != nil {
			return err
		}
		c.Args = splitArgs(raw)
		typ[0] += "(" + raw + ")"
	}
	for {
		switch {
		case p.Is("UNSIGNED"):
			c.Unsigned = true
			typ = append(typ, "unsigned")
			p.Advance()
			continue
		case p.Is("SIGNED"):
			p.Advance()
			continue
		case p.Is("ZEROFILL"):
			typ = append(typ, "zerofill")
			p.Advance()
			continue
		}
		break
	}
	c.MyType = strings.ToLower(strings.Join(typ, " "))
	for !p.IsP(",") && !p.IsP(")") && p.Tok.Kind != TkEOF {
		switch {
		case p.Accept("NOT", "NULL"):
			c.NotNull = true
		case p.Is("NULL"):
			p.Advance()
		case p.Is("CHARACTER"), p.Is("CHARSET"), p.Is("COLLATE"):
			if p.Is("CHARACTER") {
				p.Advance()
			}
			cs := !p.Is("COLLATE")
			p.Advance()
			if cs {
				c.Charset = strings.ToLower(p.Tok.Text)
			}
			p.Advance()
		case p.Is("DEFAULT"):
			p.Advance()
			d, err := p.defaultExpr()
			if err != nil {
				return err
			}
			c.Default = d
		case p.Is("ON"):
			p.Advance()
			if !p.Accept("UPDATE") {
				return p.errorf("expected ON UPDATE")
			}
			d, err := p.defaultExpr()
			if err != nil {
				return err
			}
			c.OnUpdate = d
		case p.Is("AUTO_INCREMENT"):
			c.AutoInc = true
			p.Advance()
		case p.Is("SRID"), p.Is("REF_SYSTEM_ID"): // MySQL 8: SRID n; MariaDB: REF_SYSTEM_ID=n
			p.Advance()
			if p.IsP("=") {
				p.Advance()
			}
			if n, err := strconv.Atoi(p.Tok.Text); err == nil && n >= 0 {
				c.SRID = n
			}
			p.Advance()
		case p.Is("COMMENT"):
			p.Advance()
			c.Comment = p.Tok.Text
			p.Advance()
		case p.Is("GENERATED"), p.Is("AS"):
			if p.Is("GENERATED") {
				p.Advance()
				p.Accept("ALWAYS")
			}
			if !p.Accept("AS") {
				return p.errorf("expected AS")
			}
			if p.Is("ROW") {
				// MariaDB system versioning: GENERATED ALWAYS AS ROW
				// START/END. A plain column with the dumped values.
				p.Advance()
				c.RowPeriod = strings.ToLower(p.Tok.Text)
				p.Advance()
				t.Versioned = true
				continue
			}
			e, err := p.Balanced()
			if err != nil {
				return err
			}
			c.Generated = e
		case p.Is("CHECK"):
			p.Advance()
			e, err := p.Balanced()
			if err != nil {
				return err
			}
			if jv := jsonValidCol(e, t); jv != nil || strings.Contains(strings.ToLower(e), "json_valid") {
				c.JSONCheck = true
			} else {
				t.Checks = append(t.Checks, &model.Check{Expr: e, Column: name})
			}
		case p.Is("PRIMARY"):
			p.Advance()
			p.Accept("KEY")
			t.Indexes = append(t.Indexes, &model.Index{MyName: "PRIMARY", Kind: "primary", Columns: []string{name}, Prefixes: []int{0}})
		case p.Is("UNIQUE"):
			p.Advance()
			p.Accept("KEY")
			t.Indexes = append(t.Indexes, &model.Index{MyName: name, Kind: "unique", Columns: []string{name}, Prefixes: []int{0}})
		case p.IsP("("):
			if _, err := p.Balanced(); err != nil {
				return err
			}
		default:
			p.Advance() // VIRTUAL, STORED, PERSISTENT, INVISIBLE, ...
		}
	}
	key := strings.ToLower(name)
	if _, dup := t.ByMy[key]; dup {
		return p.errorf("duplicate column %s", name)
	}
	t.ByMy[key] = c
	t.Columns = append(t.Columns, c)
	return nil
}

// defaultExpr reads a DEFAULT or ON UPDATE value as raw MySQL text.
func (p *Parser) defaultExpr() (string, error) {
	switch {
	case p.Tok.Kind == TkString:
		s := "'" + strings.ReplaceAll(p.Tok.Text, "'", "''") + "'"
		p.Advance()
		return s, nil
	case p.IsP("-") || p.IsP("+"):
		sign := p.Tok.Text
		p.Advance()
		n := p.Tok.Text
		p.Advance()
		return sign + n, nil
	case p.IsP("("):
		e, err := p.Balanced()
		return "(" + e + ")", err
	case p.Tok.Kind == TkWord && (p.Tok.Text == "b" || p.Tok.Text == "B" || p.Tok.Text == "x" || p.Tok.Text == "X") && p.peekTok().Kind == TkString:
		pre := strings.ToLower(p.Tok.Text)
		p.Advance()
		s := pre + "'" + p.Tok.Text + "'"
		p.Advance()
		return s, nil
	}
	w := p.Tok.Raw
	p.Advance()
	if p.IsP("(") {
		e, err := p.Balanced()
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

// IsSpace is MySQL's whitespace.
func IsSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// Tokenize splits an expression, merging multi-character operators.
func Tokenize(s string, ansi bool) []Token {
	lx := Lexer{S: s, ANSI: ansi}
	var out []Token
	prevEnd := -1
	for {
		tk := lx.Next()
		if tk.Kind == TkEOF {
			break
		}
		start := lx.I - len(tk.Raw)
		if tk.Kind == TkPunct && len(out) > 0 && out[len(out)-1].Kind == TkPunct && start == prevEnd {
			m := out[len(out)-1].Text + tk.Text
			switch m {
			case "<=", ">=", "<>", "!=", "<=>", "||", "&&", "<<", ">>", "->", "->>", ":=":
				out[len(out)-1].Text, out[len(out)-1].Raw = m, m
				prevEnd = lx.I
				continue
			}
		}
		out = append(out, Token{Kind: tk.Kind, Text: tk.Text, Raw: tk.Raw, Pos: start})
		prevEnd = lx.I
	}
	return out
}
