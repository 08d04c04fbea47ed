package dump

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/myparse"
)

// MariaDB objects PostgreSQL holds differently: sequences and
// system-versioned tables.

// sequence is a MariaDB CREATE SEQUENCE and its current value.
type sequence struct {
	schema, name, my string
	start, incr      int64
	min, max         string // "" = PostgreSQL's default
	cycle            bool
	Next             int64 // the next value nextval returns
	NextSet          bool
}

func (q *sequence) sql() []string {
	name := model.QuoteIdent(q.schema) + "." + model.QuoteIdent(q.name)
	s := fmt.Sprintf("CREATE SEQUENCE %s INCREMENT BY %d", name, q.incr)
	if q.min != "" {
		s += " MINVALUE " + q.min
	}
	if q.max != "" {
		s += " MAXVALUE " + q.max
	}
	s += fmt.Sprintf(" START WITH %d", q.start)
	if q.cycle {
		s += " CYCLE"
	}
	out := []string{s}
	if q.NextSet {
		// setval(.., false): the next nextval returns exactly this value
		out = append(out, fmt.Sprintf("SELECT setval(%s, %d, false)", model.QuoteLit(name), q.Next))
	}
	return out
}

// CreateSequence parses the rest of a CREATE SEQUENCE (after the words
// CREATE SEQUENCE): [IF NOT EXISTS] name and MariaDB's options.
func (d *Parser) CreateSequence(p *myparse.Parser, start int) error {
	p.Accept("IF", "NOT", "EXISTS")
	db, name, err := p.QualName()
	if err != nil {
		return d.stmtErr(start, "CREATE SEQUENCE: %v", err)
	}
	schema := d.Schema
	if db != "" {
		schema = d.Names.PG(db)
	}
	q := &sequence{schema: schema, name: d.Names.PG(name), my: name, start: 1, incr: 1}
	num := func() (string, bool) {
		neg := false
		if p.IsP("-") {
			neg = true
			p.Advance()
		}
		if p.Tok.Kind != myparse.TkNumber {
			return "", false
		}
		v := p.Tok.Text
		p.Advance()
		if neg {
			v = "-" + v
		}
		return v, true
	}
	for p.Tok.Kind != myparse.TkEOF && !p.IsP(";") {
		switch {
		case p.Accept("START"):
			p.Accept("WITH")
			p.Accept("=")
			if v, ok := num(); ok {
				q.start, _ = strconv.ParseInt(v, 10, 64)
			}
		case p.Accept("INCREMENT"):
			p.Accept("BY")
			p.Accept("=")
			if v, ok := num(); ok {
				q.incr, _ = strconv.ParseInt(v, 10, 64)
			}
		case p.Accept("MINVALUE"):
			p.Accept("=")
			q.min, _ = num()
		case p.Accept("MAXVALUE"):
			p.Accept("=")
			q.max, _ = num()
		case p.Accept("CYCLE"):
			q.cycle = true
		default:
			p.Advance() // NOCYCLE, CACHE n, NOCACHE, ENGINE=...
		}
	}
	if q.incr == 0 {
		q.incr = 1
	}
	d.Names.Reserve(schema, q.name)
	if d.scan != nil {
		d.scan.rels[schema] = append(d.scan.rels[schema], q.name)
	}
	d.Seqs = append(d.Seqs, q)
	return nil
}

// doStatement handles mariadb-dump's DO SETVAL(`seq`, next, used) after
// a CREATE SEQUENCE; other DO statements are skipped.
// (words has read DO SETVAL: p is at the parenthesis).
func (d *Parser) doStatement(w []string, p *myparse.Parser) bool {
	if len(w) < 2 || w[1] != "SETVAL" || !p.IsP("(") {
		return false
	}
	p.Advance()
	_, name, err := p.QualName()
	if err != nil || !p.IsP(",") {
		return false
	}
	p.Advance()
	neg := p.IsP("-")
	if neg {
		p.Advance()
	}
	v, err := strconv.ParseInt(p.Tok.Text, 10, 64)
	if err != nil {
		return false
	}
	if neg {
		v = -v
	}
	p.Advance()
	used := false
	if p.IsP(",") {
		p.Advance()
		used = p.Tok.Text != "0"
	}
	for _, q := range d.Seqs {
		if q.name == d.Names.PG(name) {
			q.Next, q.NextSet = v, true
			if used {
				q.Next += q.incr
			}
			return true
		}
	}
	return false
}

// SeqSQL is every sequence's CREATE and setval, for the post-data; rep
// learns which sequence each statement is (Report.SequenceFailed).
func (d *Parser) SeqSQL(rep *Report) []string {
	var out []string
	for _, q := range d.Seqs {
		for _, stmt := range q.sql() {
			if rep.seqOf == nil {
				rep.seqOf = map[string]*sequence{}
			}
			rep.seqOf[stmt] = q
			out = append(out, stmt)
		}
	}
	return out
}

// SequenceFailed records that PostgreSQL refused stmt, one of SeqSQL's:
// its sequence is not migrated (or starts at the wrong value), so the
// database is incomplete (exit 4) and the statement is in its stub.
func (r *Report) SequenceFailed(stmt string, err error) {
	u := model.Untranslated{Kind: "sequence", Name: stmt, Reason: "PostgreSQL refused it: " + err.Error(), MySQLText: stmt + ";"}
	if q := r.seqOf[stmt]; q != nil {
		u.Schema, u.Name = q.schema, q.name
	}
	recordUntranslated(r, u)
}

// versioningNote is the report's word on a system-versioned table.
func versioningNote(t *model.Table) string {
	var period []string
	for _, c := range t.Columns {
		if c.RowPeriod != "" {
			period = append(period, c.Name)
		}
	}
	if len(period) == 2 {
		return fmt.Sprintf("system-versioned in MariaDB: PostgreSQL has no system versioning; the rows are migrated with their period columns %s as plain columns (history rows too when the dump has them: mariadb-dump --dump-history); PostgreSQL records no new history", strings.Join(period, ", "))
	}
	return "system-versioned in MariaDB (hidden row_start/row_end): the current rows are migrated; the history is not (PostgreSQL has no system versioning)"
}
