package sqltr

import (
	"fmt"
	"strings"

	"github.com/opsctl/opsctl/migrate/internal/myparse"
)

// The compound-statement parser: CREATE FUNCTION / PROCEDURE / TRIGGER
// headers and their BEGIN ... END bodies (DECLARE, IF, CASE, LOOP, WHILE,
// REPEAT, labels, LEAVE, ITERATE, cursors, handlers, SIGNAL). Each
// embedded statement and expression stays a token slice that the query
// translator (sqlquery.go) handles.

// pnode is one statement of a routine body.
type pnode struct {
	kind   string // block, if, case, loop, while, repeat, leave, iterate, return, set, sql, open, close, fetch, signal, var, cursor, handler, condition
	pos    int
	label  string
	toks   []etok    // sql/return/set/signal/cursor: the tokens; while/repeat: the condition; case: the subject
	conds  [][]etok  // if/elseif conditions, case WHEN values
	bodies [][]pnode // their statements
	els    []pnode
	hasEls bool
	body   []pnode // block, loop, handler
	names  []string
	typ    string // var type
	def    []etok // var DEFAULT
	hkind  string // CONTINUE, EXIT
	hconds []string
}

// routineDecl is a parsed CREATE FUNCTION / PROCEDURE / TRIGGER.
type routineDecl struct {
	kind    string // FUNCTION, PROCEDURE, TRIGGER
	db      string
	name    string
	params  []paramDecl
	returns string
	det     bool
	// trigger
	timing, event, table, tableDB string
	follows, precedes             string
	body                          pnode
}

type paramDecl struct {
	mode, name, typ string
}

type procParser struct {
	toks []etok
	i    int
}

func (p *procParser) peek() etok {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return etok{Kind: myparse.TkEOF}
}

func (p *procParser) isWord(ws ...string) bool {
	for k, w := range ws {
		if p.i+k >= len(p.toks) {
			return false
		}
		t := p.toks[p.i+k]
		if t.Kind != myparse.TkWord || !strings.EqualFold(t.Text, w) {
			return false
		}
	}
	return true
}

func (p *procParser) isP(s string) bool {
	t := p.peek()
	return t.Kind == myparse.TkPunct && t.Text == s
}

func (p *procParser) errf(format string, args ...any) error {
	pos := 0
	if p.i < len(p.toks) {
		pos = p.toks[p.i].Pos
	} else if len(p.toks) > 0 {
		pos = p.toks[len(p.toks)-1].Pos
	}
	return &posError{pos: pos, err: fmt.Errorf(format, args...)}
}

func (p *procParser) expectWord(w string) error {
	if !p.isWord(w) {
		return p.errf("expected %s near %q", w, p.peek().Raw)
	}
	p.i++
	return nil
}

func (p *procParser) name() (string, error) {
	t := p.peek()
	if t.Kind != myparse.TkWord && t.Kind != myparse.TkIdent {
		return "", p.errf("name expected near %q", t.Raw)
	}
	p.i++
	return t.Text, nil
}

// qualName: [db.]name
func (p *procParser) qualName() (string, string, error) {
	n, err := p.name()
	if err != nil {
		return "", "", err
	}
	if p.isP(".") {
		p.i++
		m, err := p.name()
		return n, m, err
	}
	return "", n, nil
}

// parseRoutine parses a CREATE FUNCTION / PROCEDURE / TRIGGER statement.
func parseRoutine(stmt string, ansi bool) (*routineDecl, error) {
	p := &procParser{toks: myparse.Tokenize(stmt, ansi)}
	if err := p.expectWord("CREATE"); err != nil {
		return nil, err
	}
	if p.isWord("OR", "REPLACE") {
		p.i += 2
	}
	if p.isWord("DEFINER") {
		p.i++
		if p.isP("=") {
			p.i++
		}
		// user@host, 'user'@'host', CURRENT_USER[()]
		for p.i < len(p.toks) {
			t := p.peek()
			if t.Kind == myparse.TkIdent || t.Kind == myparse.TkString || t.Kind == myparse.TkWord && (strings.HasPrefix(t.Text, "@") || strings.EqualFold(t.Text, "CURRENT_USER")) {
				p.i++
				continue
			}
			if t.Kind == myparse.TkWord && p.i+1 < len(p.toks) && strings.HasPrefix(p.toks[p.i+1].Text, "@") {
				p.i++ // user in user@host
				continue
			}
			if p.isP("(") && p.i+1 < len(p.toks) && p.toks[p.i+1].Text == ")" {
				p.i += 2
				continue
			}
			break
		}
	}
	if p.isWord("AGGREGATE") {
		return nil, p.errf("aggregate functions are not translated")
	}
	r := &routineDecl{}
	switch {
	case p.isWord("FUNCTION"), p.isWord("PROCEDURE"), p.isWord("TRIGGER"):
		r.kind = strings.ToUpper(p.peek().Text)
		p.i++
	case p.isWord("EVENT"):
		return nil, p.errf("events are not translated (use cron or pg_cron)")
	default:
		return nil, p.errf("expected FUNCTION, PROCEDURE or TRIGGER near %q", p.peek().Raw)
	}
	if p.isWord("IF", "NOT", "EXISTS") {
		p.i += 3
	}
	var err error
	if r.db, r.name, err = p.qualName(); err != nil {
		return nil, err
	}
	if r.kind == "TRIGGER" {
		if err := p.triggerHead(r); err != nil {
			return nil, err
		}
	} else if err := p.routineHead(r); err != nil {
		return r, err
	}
	b, err := p.statement()
	if err != nil {
		return r, err
	}
	if p.isP(";") {
		p.i++
	}
	if p.i < len(p.toks) {
		return r, p.errf("unexpected %q after the body", p.peek().Raw)
	}
	r.body = b
	return r, nil
}

func (p *procParser) triggerHead(r *routineDecl) error {
	switch {
	case p.isWord("BEFORE"), p.isWord("AFTER"):
		r.timing = strings.ToUpper(p.peek().Text)
		p.i++
	default:
		return p.errf("BEFORE or AFTER expected")
	}
	switch {
	case p.isWord("INSERT"), p.isWord("UPDATE"), p.isWord("DELETE"):
		r.event = strings.ToUpper(p.peek().Text)
		p.i++
	default:
		return p.errf("INSERT, UPDATE or DELETE expected")
	}
	if err := p.expectWord("ON"); err != nil {
		return err
	}
	var err error
	if r.tableDB, r.table, err = p.qualName(); err != nil {
		return err
	}
	for _, w := range []string{"FOR", "EACH", "ROW"} {
		if err := p.expectWord(w); err != nil {
			return err
		}
	}
	switch {
	case p.isWord("FOLLOWS"):
		p.i++
		r.follows, err = p.name()
	case p.isWord("PRECEDES"):
		p.i++
		r.precedes, err = p.name()
	}
	return err
}

func (p *procParser) routineHead(r *routineDecl) error {
	if !p.isP("(") {
		return p.errf("( expected after %s", r.name)
	}
	end := matchParen(p.toks, p.i)
	if end < 0 {
		return p.errf("unbalanced parentheses")
	}
	if end > p.i+1 {
		for _, prm := range splitTop(p.toks[p.i+1 : end]) {
			if len(prm) < 2 {
				return &posError{pos: p.toks[p.i].Pos, err: fmt.Errorf("parameter expected")}
			}
			d := paramDecl{mode: "IN"}
			if r.kind == "PROCEDURE" && prm[0].Kind == myparse.TkWord {
				switch strings.ToUpper(prm[0].Text) {
				case "IN", "OUT", "INOUT":
					d.mode = strings.ToUpper(prm[0].Text)
					prm = prm[1:]
				}
			}
			if len(prm) < 2 {
				return &posError{pos: p.toks[p.i].Pos, err: fmt.Errorf("parameter type expected")}
			}
			d.name = prm[0].Text
			d.typ = rawJoin(prm[1:])
			r.params = append(r.params, d)
		}
	}
	p.i = end + 1
	if r.kind == "FUNCTION" {
		if err := p.expectWord("RETURNS"); err != nil {
			return err
		}
		start := p.i
		p.i++
		if p.isP("(") {
			end := matchParen(p.toks, p.i)
			if end < 0 {
				return p.errf("unbalanced ( in the RETURNS type")
			}
			p.i = end + 1
		}
		for p.isWord("UNSIGNED") || p.isWord("SIGNED") || p.isWord("ZEROFILL") || p.isWord("BINARY") {
			p.i++
		}
		for p.isWord("CHARSET") || p.isWord("CHARACTER") || p.isWord("COLLATE") {
			if p.isWord("CHARACTER", "SET") {
				p.i++
			}
			p.i += 2
		}
		if p.i > len(p.toks) || start >= len(p.toks) {
			return p.errf("RETURNS type expected")
		}
		r.returns = rawJoin(p.toks[start:p.i])
	}
	// characteristics
	for {
		switch {
		case p.isWord("COMMENT"):
			p.i += 2
		case p.isWord("LANGUAGE", "SQL"):
			p.i += 2
		case p.isWord("NOT", "DETERMINISTIC"):
			p.i += 2
		case p.isWord("DETERMINISTIC"):
			r.det = true
			p.i++
		case p.isWord("CONTAINS", "SQL"), p.isWord("NO", "SQL"):
			p.i += 2
		case p.isWord("READS", "SQL", "DATA"), p.isWord("MODIFIES", "SQL", "DATA"):
			p.i += 3
		case p.isWord("SQL", "SECURITY"):
			p.i += 3
		default:
			return nil
		}
	}
}

func rawJoin(t []etok) string {
	var p []string
	for _, x := range t {
		p = append(p, x.Raw)
	}
	return strings.Join(p, " ")
}

// statements parses statements until one of the end words.
func (p *procParser) statements(ends ...string) ([]pnode, error) {
	var out []pnode
	for {
		if p.i >= len(p.toks) {
			return out, p.errf("body ends early (expected %s)", strings.Join(ends, " or "))
		}
		for _, e := range ends {
			if p.isWord(e) {
				return out, nil
			}
		}
		s, err := p.statement()
		if err != nil {
			return out, err
		}
		if !p.isP(";") {
			return out, p.errf("; expected near %q", p.peek().Raw)
		}
		p.i++
		out = append(out, s)
	}
}

// endLabel reads END <word> [label].
func (p *procParser) endWith(word, label string) error {
	if err := p.expectWord("END"); err != nil {
		return err
	}
	if word != "" {
		if err := p.expectWord(word); err != nil {
			return err
		}
	}
	if t := p.peek(); (t.Kind == myparse.TkWord || t.Kind == myparse.TkIdent) && label != "" && strings.EqualFold(t.Text, label) {
		p.i++
	}
	return nil
}

// statement parses one statement (without its ;).
// bodyTo reads n's statements up to END and the "END word [label]" that
// closes them (BEGIN ... END, LOOP ... END LOOP, WHILE ... END WHILE).
func (p *procParser) bodyTo(n *pnode, word string) error {
	b, err := p.statements("END")
	if err != nil {
		return err
	}
	n.body = b
	return p.endWith(word, n.label)
}

// elseBranch reads an optional ELSE and its statements up to END (IF and
// CASE).
func (p *procParser) elseBranch(n *pnode) error {
	if !p.isWord("ELSE") {
		return nil
	}
	p.i++
	n.hasEls = true
	b, err := p.statements("END")
	n.els = b
	return err
}

func (p *procParser) statement() (pnode, error) {
	t := p.peek()
	n := pnode{pos: t.Pos}
	if (t.Kind == myparse.TkWord || t.Kind == myparse.TkIdent) && p.i+1 < len(p.toks) && p.toks[p.i+1].Kind == myparse.TkPunct && p.toks[p.i+1].Text == ":" {
		n.label = t.Text
		p.i += 2
		t = p.peek()
	}
	if t.Kind != myparse.TkWord {
		return n, p.errf("statement expected near %q", t.Raw)
	}
	w := strings.ToUpper(t.Text)
	switch w {
	case "BEGIN":
		p.i++
		if p.isWord("NOT", "ATOMIC") {
			p.i += 2
		}
		n.kind = "block"
		err := p.bodyTo(&n, "")
		return n, err
	case "IF":
		p.i++
		n.kind = "if"
		for {
			c, err := p.until("THEN")
			if err != nil {
				return n, err
			}
			b, err := p.statements("ELSEIF", "ELSE", "END")
			if err != nil {
				return n, err
			}
			n.conds, n.bodies = append(n.conds, c), append(n.bodies, b)
			if p.isWord("ELSEIF") {
				p.i++
				continue
			}
			break
		}
		if err := p.elseBranch(&n); err != nil {
			return n, err
		}
		return n, p.endWith("IF", "")
	case "CASE":
		p.i++
		n.kind = "case"
		if !p.isWord("WHEN") {
			s, err := p.until("WHEN")
			if err != nil {
				return n, err
			}
			n.toks = s
			p.i--
		}
		for p.isWord("WHEN") {
			p.i++
			c, err := p.until("THEN")
			if err != nil {
				return n, err
			}
			b, err := p.statements("WHEN", "ELSE", "END")
			if err != nil {
				return n, err
			}
			n.conds, n.bodies = append(n.conds, c), append(n.bodies, b)
		}
		if err := p.elseBranch(&n); err != nil {
			return n, err
		}
		return n, p.endWith("CASE", "")
	case "LOOP":
		p.i++
		n.kind = "loop"
		err := p.bodyTo(&n, "LOOP")
		return n, err
	case "WHILE":
		p.i++
		n.kind = "while"
		c, err := p.until("DO")
		if err != nil {
			return n, err
		}
		n.toks = c
		err = p.bodyTo(&n, "WHILE")
		return n, err
	case "REPEAT":
		p.i++
		n.kind = "repeat"
		b, err := p.statements("UNTIL")
		if err != nil {
			return n, err
		}
		n.body = b
		p.i++
		c, err := p.until("END")
		if err != nil {
			return n, err
		}
		p.i--
		n.toks = c
		return n, p.endWith("REPEAT", n.label)
	case "LEAVE", "ITERATE":
		p.i++
		n.kind = strings.ToLower(w)
		l, err := p.name()
		n.label = l
		return n, err
	case "DECLARE":
		p.i++
		return p.declare(n)
	case "OPEN", "CLOSE":
		p.i++
		n.kind = strings.ToLower(w)
		c, err := p.name()
		n.names = []string{c}
		return n, err
	case "FETCH":
		p.i++
		if p.isWord("NEXT") {
			p.i++
		}
		if p.isWord("FROM") {
			p.i++
		}
		n.kind = "fetch"
		c, err := p.name()
		if err != nil {
			return n, err
		}
		n.names = []string{c}
		if err := p.expectWord("INTO"); err != nil {
			return n, err
		}
		for {
			v, err := p.name()
			if err != nil {
				return n, err
			}
			n.names = append(n.names, v)
			if !p.isP(",") {
				break
			}
			p.i++
		}
		return n, nil
	}
	if n.label != "" {
		return n, p.errf("a label on %s", w)
	}
	// a simple statement: to the ; at depth 0
	start := p.i
	depth := 0
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		if t.Kind == myparse.TkPunct {
			switch t.Text {
			case "(":
				depth++
			case ")":
				depth--
			case ";":
				if depth == 0 {
					goto done
				}
			}
		}
		p.i++
	}
done:
	n.toks = p.toks[start:p.i]
	switch w {
	case "RETURN":
		n.kind, n.toks = "return", n.toks[1:]
	case "SET":
		n.kind, n.toks = "set", n.toks[1:]
	case "SIGNAL", "RESIGNAL":
		n.kind = strings.ToLower(w)
		n.toks = n.toks[1:]
	default:
		n.kind = "sql"
	}
	return n, nil
}

// until collects tokens up to the word w (at depth 0, outside CASE ...
// END) and skips w.
func (p *procParser) until(w string) ([]etok, error) {
	start := p.i
	depth, cases := 0, 0
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		if t.Kind == myparse.TkPunct {
			if t.Text == "(" {
				depth++
			} else if t.Text == ")" {
				depth--
			}
		}
		if t.Kind == myparse.TkWord && depth == 0 {
			u := strings.ToUpper(t.Text)
			if u == w && cases == 0 {
				out := p.toks[start:p.i]
				p.i++
				if len(out) == 0 {
					return nil, p.errf("expression expected before %s", w)
				}
				return out, nil
			}
			if u == "CASE" {
				cases++
			} else if u == "END" && cases > 0 {
				cases--
			}
		}
		p.i++
	}
	return nil, p.errf("%s expected", w)
}

func (p *procParser) declare(n pnode) (pnode, error) {
	if p.isWord("CONTINUE") || p.isWord("EXIT") || p.isWord("UNDO") {
		n.kind, n.hkind = "handler", strings.ToUpper(p.peek().Text)
		p.i++
		if err := p.expectWord("HANDLER"); err != nil {
			return n, err
		}
		if err := p.expectWord("FOR"); err != nil {
			return n, err
		}
		for {
			switch {
			case p.isWord("NOT", "FOUND"):
				n.hconds = append(n.hconds, "NOT FOUND")
				p.i += 2
			case p.isWord("SQLSTATE"):
				p.i++
				if p.isWord("VALUE") {
					p.i++
				}
				n.hconds = append(n.hconds, "SQLSTATE "+p.peek().Text)
				p.i++
			default:
				n.hconds = append(n.hconds, strings.ToUpper(p.peek().Text))
				p.i++
			}
			if !p.isP(",") {
				break
			}
			p.i++
		}
		b, err := p.statement()
		if err != nil {
			return n, err
		}
		n.body = []pnode{b}
		return n, nil
	}
	name, err := p.name()
	if err != nil {
		return n, err
	}
	n.names = []string{name}
	switch {
	case p.isWord("CURSOR"):
		p.i++
		if err := p.expectWord("FOR"); err != nil {
			return n, err
		}
		n.kind = "cursor"
		start := p.i
		depth := 0
		for p.i < len(p.toks) && !(depth == 0 && p.isP(";")) {
			if p.isP("(") {
				depth++
			} else if p.isP(")") {
				depth--
			}
			p.i++
		}
		n.toks = p.toks[start:p.i]
		return n, nil
	case p.isWord("CONDITION"):
		p.i++
		if err := p.expectWord("FOR"); err != nil {
			return n, err
		}
		n.kind = "condition"
		start := p.i
		for p.i < len(p.toks) && !p.isP(";") {
			p.i++
		}
		n.toks = p.toks[start:p.i]
		return n, nil
	}
	n.kind = "var"
	for p.isP(",") {
		p.i++
		v, err := p.name()
		if err != nil {
			return n, err
		}
		n.names = append(n.names, v)
	}
	start := p.i
	depth := 0
	for p.i < len(p.toks) && !(depth == 0 && (p.isP(";") || p.isWord("DEFAULT"))) {
		if p.isP("(") {
			depth++
		} else if p.isP(")") {
			depth--
		}
		p.i++
	}
	if p.i == start {
		return n, p.errf("type expected for %s", name)
	}
	n.typ = rawJoin(p.toks[start:p.i])
	if p.isWord("DEFAULT") {
		p.i++
		s := p.i
		depth := 0
		for p.i < len(p.toks) && !(depth == 0 && p.isP(";")) {
			if p.isP("(") {
				depth++
			} else if p.isP(")") {
				depth--
			}
			p.i++
		}
		n.def = p.toks[s:p.i]
	}
	return n, nil
}
