package migrate

import (
	"context"
	"database/sql"
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
	next             int64 // the next value nextval returns
	nextSet          bool
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
	if q.nextSet {
		// setval(.., false): the next nextval returns exactly this value
		out = append(out, fmt.Sprintf("SELECT setval(%s, %d, false)", model.QuoteLit(name), q.next))
	}
	return out
}

// createSequence parses the rest of a CREATE SEQUENCE (after the words
// CREATE SEQUENCE): [IF NOT EXISTS] name and MariaDB's options.
func (d *dumpParser) createSequence(p *myparse.Parser, start int) error {
	p.Accept("IF", "NOT", "EXISTS")
	db, name, err := p.QualName()
	if err != nil {
		return d.stmtErr(start, "CREATE SEQUENCE: %v", err)
	}
	schema := d.schema
	if db != "" {
		schema = d.names.PG(db)
	}
	q := &sequence{schema: schema, name: d.names.PG(name), my: name, start: 1, incr: 1}
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
	d.names.Reserve(schema, q.name)
	if d.scan != nil {
		d.scan.rels[schema] = append(d.scan.rels[schema], q.name)
	}
	d.seqs = append(d.seqs, q)
	return nil
}

// doStatement handles mariadb-dump's DO SETVAL(`seq`, next, used) after
// a CREATE SEQUENCE; other DO statements are skipped.
// (words has read DO SETVAL: p is at the parenthesis).
func (d *dumpParser) doStatement(w []string, p *myparse.Parser) bool {
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
	for _, q := range d.seqs {
		if q.name == d.names.PG(name) {
			q.next, q.nextSet = v, true
			if used {
				q.next += q.incr
			}
			return true
		}
	}
	return false
}

// seqSQL is every sequence's CREATE and setval, for the post-data.
func (d *dumpParser) seqSQL() []string {
	var out []string
	for _, q := range d.seqs {
		out = append(out, q.sql()...)
	}
	return out
}

// liveSequences reads MariaDB's sequences of db: the definition from
// SHOW CREATE SEQUENCE, the next value from the sequence's own row
// (next_not_cached_value: what a restart would hand out, as mariadb-dump
// writes it).
func liveSequences(ctx context.Context, d *dumpParser, my *sql.DB, db string, names []string) error {
	for _, n := range names {
		var sn, stmt string
		if err := my.QueryRowContext(ctx, "SHOW CREATE SEQUENCE "+myIdent(db)+"."+myIdent(n)).Scan(&sn, &stmt); err != nil {
			return fmt.Errorf("mysql: SHOW CREATE SEQUENCE %s.%s: %w", db, n, err)
		}
		w, p := words(stmt, false, 2)
		if len(w) < 2 || w[1] != "SEQUENCE" {
			return fmt.Errorf("mysql: SHOW CREATE SEQUENCE %s.%s: unexpected %.40q", db, n, stmt)
		}
		if err := d.createSequence(p, 0); err != nil {
			return err
		}
		var next int64
		if err := my.QueryRowContext(ctx, "SELECT next_not_cached_value FROM "+myIdent(db)+"."+myIdent(n)).Scan(&next); err != nil {
			return fmt.Errorf("mysql: read sequence %s.%s: %w", db, n, err)
		}
		q := d.seqs[len(d.seqs)-1]
		q.next, q.nextSet = next, true
	}
	return nil
}

// versioningNote is the report's word on a system-versioned table.
func versioningNote(t *Table) string {
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
