package dump

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/myparse"
	"github.com/opsctl/opsctl/migrate/internal/pgddl"
	"github.com/opsctl/opsctl/migrate/internal/sqltr"
	"github.com/opsctl/opsctl/outcome"
)

// Options are the fidelity choices and the output shape.
type Options struct {
	// Schema receives tables of a dump without USE statements (default
	// "public"). With --databases dumps, each database becomes a schema.
	Schema     string
	KeepCase   bool
	ZeroDate   string // "null" (default) or "-infinity"
	OnNUL      string // "strip" (default) or "error"
	Casts      []model.Cast
	SchemaOnly bool
	DataOnly   bool
	// PostGIS is "auto" (default: PostGIS geometry when the target has it
	// or CREATE EXTENSION postgis works, else bytea), "on" or "off".
	// Convert has no target: only "on" gives geometry there.
	PostGIS string
	// StubsDir is where commands write a stub per object not migrated
	// (WriteStubs); the library itself does not write it.
	StubsDir string
	// Fit is the scan of the values (Prescan, or the live copy's own):
	// columns whose values the default type cannot hold get one that
	// can (time -> interval, tinyint(1) -> smallint, jsonb -> json).
	// nil: the default types.
	Fit *Fit
	// StrictTypes keeps the default types whatever the scan found: a
	// value that does not fit fails its table with the --cast that fixes
	// it.
	StrictTypes bool
	// OnEvent receives progress; it must be quick.
	OnEvent func(Event)
}

// Event is progress from the parser, the loader, the copy and verify:
// Name is "migrate.<verb>" (an Ev* verb), Table the table (schema.table),
// Took how long a scan took.
type Event struct {
	event.Event
	Bytes int64 `json:"bytes,omitempty"` // EvProgress: dump bytes read so far
	Rows  int64 `json:"rows"`            // rows of Table (EvPlan: of every table)
}

// Event verbs.
const (
	EvProgress   = "progress"    // Bytes of the dump read
	EvPlan       = "plan"        // a copy starts: Rows estimated in all
	EvScan       = "scan"        // the live copy scanned MySQL for types that fit (Took)
	EvTableStart = "table_start" // Table starts
	EvRows       = "rows"        // Rows more of Table copied
	EvTableDone  = "table_done"  // Table done (Err: failed)
	EvWarning    = "warning"     // Err says what
	// load only: the phases after the dump is read (progress to the end)
	EvReadDone   = "read_done"    // the dump is read; tables may still be loading
	EvLoaded     = "table_loaded" // Table's Rows are committed in PostgreSQL (Took)
	EvIndexes    = "indexes"      // Rows index builds of Table queued
	EvIndexBuilt = "index_built"  // one index of Table built (Err: failed)
	EvPostData   = "post_data"    // every table and index done: foreign keys, views next
)

// Ev is an event of verb about table.
func Ev(verb, table string, rows int64, err error) Event {
	return Event{Event: event.Event{Name: "migrate." + verb, Table: table, Time: time.Now(), Err: err}, Rows: rows}
}

// String is the event in words, as a log line says it: "shop.orders: 120
// rows loaded in 1.2 s", "shop.orders: FAILED: <error>", "warning:
// <what>".
func (e Event) String() string {
	switch e.Verb() {
	case EvScan:
		return fmt.Sprintf("scan: MySQL scanned for types that fit every value in %.1f s", e.Took.Seconds())
	case EvTableDone:
		if e.Err != nil {
			return fmt.Sprintf("%s: FAILED: %v", e.Table, e.Err)
		}
		return fmt.Sprintf("%s: %d rows", e.Table, e.Rows)
	case EvLoaded:
		return fmt.Sprintf("%s: %d rows loaded in %.1f s", e.Table, e.Rows, e.Took.Seconds())
	case EvWarning:
		return fmt.Sprintf("warning: %v", e.Err)
	case EvProgress:
		return fmt.Sprintf("%d bytes read", e.Bytes)
	}
	if e.Table == "" {
		return e.Verb()
	}
	return fmt.Sprintf("%s: %s (%d rows)", e.Table, e.Verb(), e.Rows)
}

func progressEvent(bytes int64) Event {
	e := Ev(EvProgress, "", 0, nil)
	e.Bytes = bytes
	return e
}

// TableReport is the outcome for one table; its JSON (MarshalJSON) is the
// migrate.table line's fields.
type TableReport struct {
	Schema   string   `json:"schema"`
	Table    string   `json:"table"`       // PostgreSQL name
	MyTable  string   `json:"mysql_table"` // db.table in MySQL
	Rows     int64    `json:"rows"`
	Bytes    int64    `json:"bytes"` // dump bytes of its rows
	Seconds  float64  `json:"-"`     // duration_ms in JSON
	Warnings []string `json:"warnings"`
	// Changed counts altered values per column and reason
	// ("zero date -> NULL", "NUL stripped").
	Changed map[string]map[string]int64 `json:"changed"`
	// Fitted lists the columns whose type the scan changed so that
	// every value fits ("column tm: time -> interval: ...").
	Fitted []string `json:"types_fitted"`
	Err    error    `json:"-"`      // its message as "error"
	Status string   `json:"status"` // "ok", "failed", "skipped"
}

// MarshalJSON adds duration_ms and error (the message) to the tagged
// fields.
func (t TableReport) MarshalJSON() ([]byte, error) {
	type plain TableReport
	j := struct {
		plain
		DurationMS float64 `json:"duration_ms"`
		Error      string  `json:"error,omitempty"`
	}{plain: plain(t), DurationMS: event.Millis(time.Duration(t.Seconds * float64(time.Second)))}
	if t.Err != nil {
		j.Error = t.Err.Error()
	}
	return json.Marshal(j)
}

// ChangedText is Changed in one line: "col: n reason; ..." by column
// and reason ("-" when nothing changed).
func (t *TableReport) ChangedText() string {
	var out []string
	for _, c := range sortedKeys(t.Changed) {
		for _, why := range sortedKeys(t.Changed[c]) {
			out = append(out, fmt.Sprintf("%s: %d %s", c, t.Changed[c][why], why))
		}
	}
	if len(out) == 0 {
		return "-"
	}
	return strings.Join(out, "; ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Report is the outcome of a conversion or load.
type Report struct {
	Tables []*TableReport
	// Defs are the parsed tables with their type decisions (for schema
	// review and the value-by-value checker).
	Defs        []*model.Table
	NotMigrated []string // routines, triggers, views that could not be carried
	// Untranslated details each object of NotMigrated that was recorded
	// through recordUntranslated (incomplete.go); non-empty means the
	// database is incomplete (Report.Incomplete).
	Untranslated []model.Untranslated
	Warnings     []string
	Bytes        int64
	seqOf        map[string]*sequence // SeqSQL's statements (SequenceFailed)
}

// Failed lists the tables that failed.
func (r *Report) Failed() []*TableReport {
	var out []*TableReport
	for _, t := range r.Tables {
		if t.Err != nil {
			out = append(out, t)
		}
	}
	return out
}

// Notes are the lines that follow the report's table: per table the
// types fitted to the data, its warnings and its error; then the objects
// not migrated and the run's warnings.
func (r *Report) Notes() []string {
	var out []string
	for _, t := range r.Tables {
		name := t.Schema + "." + t.Table
		for _, f := range t.Fitted {
			out = append(out, "type fitted to the data: "+name+": "+f)
		}
		for _, w := range t.Warnings {
			out = append(out, "warning: "+name+": "+w)
		}
		if t.Err != nil {
			out = append(out, fmt.Sprintf("error: %s: %v", name, t.Err))
		}
	}
	for _, n := range r.NotMigrated {
		out = append(out, "not migrated: "+n)
	}
	for _, n := range r.Warnings {
		out = append(out, "warning: "+n)
	}
	return out
}

// ColumnType is one column's type decision; its JSON is the
// migrate.column line's fields.
type ColumnType struct {
	Table  string `json:"table"` // schema.table
	Column string `json:"column"`
	MySQL  string `json:"mysql_type"`
	PG     string `json:"pg_type"`
	Why    string `json:"why"`    // the rule or --cast that decided it
	Fitted string `json:"fitted"` // how the scan of the values changed it ("" when it did not)
}

// Columns are the type decisions of every column of Defs, in order.
func (r *Report) Columns() []ColumnType {
	var out []ColumnType
	for _, t := range r.Defs {
		for _, c := range t.Columns {
			out = append(out, ColumnType{Table: t.Schema + "." + t.Name, Column: c.Name, MySQL: c.MyType, PG: c.PGType, Why: c.Why, Fitted: c.Fit})
		}
	}
	return out
}

// Undetailed are the objects of NotMigrated that Untranslated does not
// detail (their name only).
func (r *Report) Undetailed() []string {
	detailed := map[string]bool{}
	for _, u := range r.Untranslated {
		detailed[u.String()] = true
	}
	var out []string
	for _, n := range r.NotMigrated {
		if !detailed[n] {
			out = append(out, n)
		}
	}
	return out
}

// Changed reports whether any value was changed (zero dates, NULs).
func (r *Report) Changed() bool {
	for _, t := range r.Tables {
		if len(t.Changed) > 0 {
			return true
		}
	}
	return false
}

// PartialError says some tables were migrated and others were not: the
// shared partial-result shape (outcome.Parts), each failed table with its
// error; Partial() says some table is in place.
type PartialError struct {
	outcome.Parts
	Err error // first error
}

func (e *PartialError) Error() string {
	return fmt.Sprintf("%d table(s) failed (%s), %d done: %v", len(e.Failed), strings.Join(e.FailedNames(), ", "), len(e.Done), e.Err)
}

// NewPartialError is the error of a run whose done tables are done and
// whose failed tables failed (err: the first error); every path builds
// it here.
func NewPartialError(done []string, failed []*TableReport, err error) *PartialError {
	pe := &PartialError{Parts: outcome.Parts{Done: done}, Err: err}
	for _, t := range failed {
		pe.Failed = append(pe.Failed, outcome.Failure{Name: t.MyTable, Err: t.Err})
	}
	return pe
}

func (e *PartialError) Unwrap() error { return e.Err }

// sink receives the converted dump.
type sink interface {
	Schema(name string) error
	BeginTable(t *model.Table) error
	// data hands over COPY text rows for cols; it returns a buffer for the
	// next rows.
	Data(t *model.Table, cols []*model.Column, chunk []byte) ([]byte, error)
	EndTable(t *model.Table, rep *TableReport, pd pgddl.PostData) error
	AbortTable(t *model.Table, err error)
	Finish(fks []string, views []ViewDef, rep *Report) error
	// drain waits for work in flight after a fatal error.
	Drain(rep *Report)
}

// ViewDef is a translated view, routine or trigger (or the collation
// they use): statements to run after the tables.
type ViewDef struct {
	Kind, Schema, Name string
	my                 string // MySQL definition
	Stmts              []string
	Calls              []string // the routines it calls (schema.name)
}

// Parser drives the scanner and dispatches statements.
type Parser struct {
	ctx   context.Context
	s     *scanner
	opts  Options
	M     *model.Mapping
	Names model.Namer
	sink  sink
	rep   *Report
	gis   model.GIS // the target's PostGIS decision

	ansi     bool
	Schema   string // current PostgreSQL schema
	MyDB     string
	schemas  map[string]bool
	tables   map[string]*model.Table // schema.name -> table
	Cur      *model.Table
	CurRep   *TableReport
	curStart time.Time
	rp       *RowParser
	copyCols []*model.Column
	curFail  error
	fks      []string
	Views    []ViewDef
	Seqs     []*sequence
	Objs     []*sqltr.Object // views, triggers, routines as dumped
	lastProg int64
	// scan: a Prescan pass; values are checked (RowParser.checkValue),
	// nothing is converted, and the results go here.
	scan *Fit

	// stop, when done, ends the dump at the next table (first Ctrl-C);
	// stopped says it did.
	Stop    context.Context
	Stopped bool
	// restage gives the table a loader fills before moving it into
	// place: its indexes, NOT NULLs and CHECKs are built there.
	Restage func(*model.Table) *model.Table
	// mysqldump's header seen at the start: its "Dump completed" trailer
	// must end the dump (else mysqldump stopped early or the file is cut)
	fromDumpTool, completed bool
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// dumpHead reads the first bytes of r to see whether mysqldump wrote it
// (its header comment in the first lines: MariaDB may write its
// sandbox-mode comment first); it returns r whole again.
func dumpHead(r io.Reader) (io.Reader, bool) {
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	head = head[:n]
	from := false
	for _, h := range [][]byte{[]byte("-- MySQL dump "), []byte("-- MariaDB dump ")} {
		if j := bytes.Index(head, h); j == 0 || j > 0 && head[j-1] == '\n' && bytes.Count(head[:j], nl) <= 2 {
			from = true
		}
	}
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return io.MultiReader(bytes.NewReader(head), errReader{err}), from
	}
	return io.MultiReader(bytes.NewReader(head), r), from
}

var errStopped = errors.New("stopped")

var dumpCompleted = []byte("-- Dump completed")

func NewParser(ctx context.Context, r io.Reader, opts Options, gis model.GIS, sk sink) *Parser {
	if opts.Schema == "" {
		opts.Schema = "public"
	}
	m := opts.Mapping()
	m.PostGIS = gis.Geometry
	r, fromTool := dumpHead(r)
	d := &Parser{ctx: ctx, s: NewScanner(r), fromDumpTool: fromTool, opts: opts, gis: gis, M: m, sink: sk, rep: &Report{},
		Names: model.Namer{KeepCase: opts.KeepCase}, schemas: map[string]bool{}, tables: map[string]*model.Table{}}
	d.Schema = opts.Schema
	if opts.Fit != nil {
		// every table and view of the dump, before any index is named
		for schema, names := range opts.Fit.rels {
			for _, n := range names {
				d.Names.Reserve(schema, n)
			}
		}
	}
	return d
}

// SetWindow starts the scanner with an n-byte window (tests: every
// refill path runs).
func (d *Parser) SetWindow(n int) { d.s.buf = make([]byte, n) }

func (d *Parser) schemaName(myDB string) string {
	if myDB == "" {
		return d.Schema
	}
	return d.Names.PG(myDB)
}

func (d *Parser) Event(e Event) {
	if d.opts.OnEvent != nil {
		d.opts.OnEvent(e)
	}
}

// retry runs f at s.pos, refilling the window while f needs more input.
func (d *Parser) retry(f func() error) error {
	for {
		err := f()
		if err != errShort {
			return err
		}
		_, more, ferr := d.s.fill(d.s.pos)
		if ferr != nil {
			return ferr
		}
		d.progress()
		if !more {
			return d.truncated()
		}
	}
}

func (d *Parser) truncated() error {
	e := d.s.syntaxErr(d.s.end, "dump ends in the middle of a statement (truncated?)")
	if d.Cur != nil {
		e.Table = d.Cur.Ref()
	}
	return e
}

func (d *Parser) progress() {
	if d.s.base-d.lastProg >= 1<<20 || d.s.eof {
		d.lastProg = d.s.base
		d.Event(progressEvent(d.s.base + int64(d.s.pos)))
	}
}

// Run parses the whole dump.
func (d *Parser) Run() (*Report, error) {
	err := d.loop()
	if err == errStopped {
		d.Stopped, err = true, nil
	}
	if err == nil {
		err = d.closeTable()
	} else if d.Cur != nil {
		d.failTable(err)
	}
	if err == nil && !d.Stopped {
		err = d.complete()
	}
	d.rep.Bytes = d.s.base + int64(d.s.pos)
	d.Event(progressEvent(d.rep.Bytes))
	if err != nil {
		d.sink.AbortTable(nil, err)
		d.sink.Drain(d.rep)
		return d.rep, d.wrapErr(err)
	}
	d.TranslateObjects(d.rep)
	if ferr := d.sink.Finish(append(d.SeqSQL(d.rep), d.fks...), d.Views, d.rep); ferr != nil {
		return d.rep, d.wrapErr(ferr)
	}
	if failed := d.rep.Failed(); len(failed) > 0 {
		return d.rep, d.wrapErr(failed[0].Err)
	}
	if d.Stopped {
		return d.rep, fmt.Errorf("interrupted: the tables in flight were finished, no other was started: %w", context.Canceled)
	}
	return d.rep, nil
}

// complete says whether the dump read to its end is a whole one: at least
// one table, and mysqldump's closing "-- Dump completed" comment when the
// dump starts with mysqldump's header comment (without comments,
// --skip-comments or --compact, there is no trailer to rely on).
func (d *Parser) complete() error {
	if len(d.rep.Tables) == 0 {
		return &SyntaxError{Offset: d.s.base + int64(d.s.end), Line: d.s.lines + 1,
			Msg: "the dump defines no table: nothing to migrate (did mysqldump stop at its first error? e.g. error 1449 on a view's DEFINER: its exit code and stderr say)"}
	}
	if d.fromDumpTool && !d.completed {
		return &SyntaxError{Offset: d.s.base + int64(d.s.end), Line: d.s.lines + 1,
			Msg: `the dump is cut short: it starts with mysqldump's header but does not end with its "-- Dump completed" line (mysqldump stopped early, or the file is truncated)`}
	}
	return nil
}

func (d *Parser) wrapErr(err error) error {
	failed := d.rep.Failed()
	var done []string
	for _, t := range d.rep.Tables {
		if t.Err == nil && t.Status == "ok" {
			done = append(done, t.MyTable)
		}
	}
	if len(failed) == 0 {
		return err
	}
	return NewPartialError(done, failed, err)
}

func (d *Parser) loop() error {
	s := d.s
	for {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		var i int
		err := d.retryEOF(func() error {
			var e error
			i, e = s.skipSpace(s.pos)
			return e
		})
		if err != nil {
			return err
		}
		if i > s.pos {
			// the trailer counts when nothing but space and comments follow it
			if bytes.Contains(s.buf[s.pos:i], dumpCompleted) {
				d.completed = true
			}
		}
		if i < s.end {
			d.completed = false // a statement follows
		}
		s.pos = i
		if s.pos >= s.end && s.eof {
			return nil
		}
		b := s.buf[:s.end]
		if hasPrefixFold(b[i:], "DELIMITER") && i+9 < len(b) && myparse.IsSpace(b[i+9]) {
			if err := d.retry(func() error {
				j := bytes.IndexByte(s.buf[s.pos:s.end], '\n')
				if j < 0 {
					if s.eof {
						j = s.end - s.pos
					} else {
						return errShort
					}
				}
				line := strings.TrimSpace(string(s.buf[s.pos+9 : s.pos+j]))
				if line == "" {
					return s.syntaxErr(s.pos, "DELIMITER without a delimiter")
				}
				s.delim = []byte(line)
				s.pos += j
				return nil
			}); err != nil {
				return err
			}
			continue
		}
		if len(b)-i < 16 && !s.eof {
			if _, more, err := s.fill(s.pos); err != nil {
				return err
			} else if !more && !s.eof {
				return d.truncated()
			}
			continue
		}
		if hasPrefixFold(b[i:], "INSERT") || hasPrefixFold(b[i:], "REPLACE") {
			if err := d.insert(); err != nil {
				return err
			}
			continue
		}
		var end int
		if err := d.retry(func() error {
			var e error
			end, e = s.stmtEnd(s.pos)
			if e == errShort && s.eof {
				return d.truncated()
			}
			return e
		}); err != nil {
			return err
		}
		stmt := string(s.buf[s.pos:end])
		start := s.pos
		s.pos = end + len(s.delim)
		if err := d.statement(stmt, start); err != nil {
			return err
		}
	}
}

// retryEOF is retry where running out of input is fine (between statements).
func (d *Parser) retryEOF(f func() error) error {
	for {
		err := f()
		if err != errShort {
			return err
		}
		if d.s.eof {
			return nil
		}
		_, _, ferr := d.s.fill(d.s.pos)
		if ferr != nil {
			return ferr
		}
		d.progress()
	}
}

func hasPrefixFold(b []byte, p string) bool {
	if len(b) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := b[i]
		if c >= 'a' && c <= 'z' {
			c -= 32
		}
		if c != p[i] {
			return false
		}
	}
	return true
}

// Words returns the leading keywords of a statement, uppercased, skipping
// the ALGORITHM=, DEFINER=, SQL SECURITY clauses of views and routines.
func Words(stmt string, ansi bool, n int) ([]string, *myparse.Parser) {
	p := myparse.NewParser(stmt, ansi)
	var out []string
	for len(out) < n && p.Tok.Kind != myparse.TkEOF {
		if p.Tok.Kind == myparse.TkWord {
			w := strings.ToUpper(p.Tok.Text)
			switch w {
			case "ALGORITHM", "DEFINER":
				p.Advance() // the word
				p.Advance() // =
				p.Advance() // value
				if w == "DEFINER" {
					for p.Tok.Kind == myparse.TkWord && strings.HasPrefix(p.Tok.Text, "@") || p.IsP("@") {
						p.Advance()
						if p.Tok.Kind == myparse.TkIdent || p.Tok.Kind == myparse.TkString || p.Tok.Kind == myparse.TkWord {
							p.Advance()
						}
					}
				}
				continue
			case "SQL":
				p.Advance()
				p.Advance()
				p.Advance()
				continue
			case "OR":
				p.Advance()
				p.Advance()
				continue
			}
			out = append(out, w)
			p.Advance()
			continue
		}
		break
	}
	return out, p
}

func (d *Parser) statement(stmt string, start int) error {
	w, p := Words(stmt, d.ansi, 2)
	if len(w) == 0 {
		return nil
	}
	switch w[0] {
	case "SET":
		up := strings.ToUpper(stmt)
		if i := strings.Index(up, "SQL_MODE='"); i >= 0 {
			mode := up[i+len("SQL_MODE='"):]
			if j := strings.IndexByte(mode, '\''); j >= 0 {
				mode = mode[:j]
			}
			d.ansi = false
			for _, m := range strings.Split(mode, ",") {
				if m == "ANSI" || m == "ANSI_QUOTES" {
					d.ansi = true
				}
			}
		}
		return nil
	case "LOCK", "UNLOCK", "DROP", "ALTER", "START", "COMMIT", "BEGIN", "ROLLBACK":
		return nil
	case "DO":
		if d.doStatement(w, p) {
			return nil
		}
	case "USE":
		if err := d.closeTable(); err != nil {
			return err
		}
		name, err := p.Name()
		if err != nil {
			return d.stmtErr(start, "USE: %v", err)
		}
		d.MyDB = name
		d.Schema = d.Names.PG(name)
		return d.ensureSchema(d.Schema)
	case "CREATE":
		if len(w) < 2 {
			break
		}
		switch w[1] {
		case "DATABASE", "SCHEMA":
			return nil // USE follows
		case "TABLE", "TEMPORARY":
			if err := d.closeTable(); err != nil {
				return err
			}
			if d.Stop != nil && d.Stop.Err() != nil {
				return errStopped // start no new table
			}
			return d.CreateTable(stmt, start)
		case "VIEW":
			return d.CreateView(p, stmt)
		case "SEQUENCE":
			return d.CreateSequence(p, start)
		case "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT":
			name := ""
			if n, err := p.Name(); err == nil {
				name = n
				if p.IsP(".") {
					p.Advance()
					name, _ = p.Name()
				}
			}
			d.Objs = append(d.Objs, &sqltr.Object{Kind: w[1], Schema: d.Schema, MyDB: d.MyDB, Name: name, Text: stmt, ANSI: d.ansi, DumpLine: d.s.lineAt(start)})
			return nil
		case "DEFINER":
		}
	}
	d.rep.Warnings = append(d.rep.Warnings, fmt.Sprintf("line %d: statement skipped: %.60s", d.s.lineAt(start), strings.Join(strings.Fields(stmt), " ")))
	return nil
}

func (d *Parser) stmtErr(start int, format string, args ...any) error {
	e := d.s.syntaxErr(start, format, args...)
	return e
}

func (d *Parser) ensureSchema(name string) error {
	if d.schemas[name] {
		return nil
	}
	d.schemas[name] = true
	if name == "public" || d.opts.DataOnly {
		return nil
	}
	return d.sink.Schema(name)
}

func (d *Parser) CreateTable(stmt string, start int) error {
	t, err := myparse.ParseCreateTable(stmt, d.ansi)
	if err != nil {
		return d.stmtErr(start, "%v", err)
	}
	if t.MyDB == "" {
		t.MyDB = d.MyDB
	}
	t.Schema = d.Schema
	t.Name = d.Names.PG(t.MyName)
	t.ZeroNull = d.M.ZeroDate != "-infinity"
	key := t.Schema + "." + t.Name
	if old, dup := d.tables[key]; dup {
		return d.stmtErr(start, "tables %s and %s both become %s in PostgreSQL (use --keep-case)", old.MyName, t.MyName, t.QName())
	}
	if err := d.ensureSchema(t.Schema); err != nil {
		return err
	}
	d.Names.Reserve(t.Schema, t.Name)
	if d.scan != nil {
		d.scan.rels[t.Schema] = append(d.scan.rels[t.Schema], t.Name)
		d.scan.tables = append(d.scan.tables, t.QName())
	}
	seen := map[string]string{}
	for _, c := range t.Columns {
		c.Name = d.Names.PG(c.MyName)
		if o, dup := seen[c.Name]; dup {
			return d.stmtErr(start, "table %s: columns %s and %s both become %q in PostgreSQL (use --keep-case)", t.Ref(), o, c.MyName, c.Name)
		}
		seen[c.Name] = c.MyName
		d.M.Decide(c)
		if c.Conv == cast.Bits && (c.Bits < 1 || c.Bits > 64) {
			return d.stmtErr(start, "table %s: column %s: bit(%d) (MySQL allows 1..64)", t.Ref(), c.MyName, c.Bits)
		}
		if c.AutoInc && c.PGType == "numeric(20)" {
			c.PGType = "bigint"
			c.Why = "AUTO_INCREMENT bigint unsigned as bigint identity (values past 2^63-1 fail loudly)"
		}
		if c.Conv == cast.Bytes && model.IsSpatial(c.Base) {
			why := d.gis.Why
			if why == "" {
				why = "no PostGIS"
			}
			t.Warnf("column %s: spatial type %s stored as bytea (MySQL SRID+WKB bytes): %s", c.MyName, c.Base, why)
		}
	}
	if d.opts.Fit != nil && d.scan == nil {
		ApplyFit(t, d.opts.Fit, d.opts.StrictTypes, false)
	}
	d.translateTable(t)
	if d.opts.Fit != nil && d.scan == nil {
		ApplyFit(t, d.opts.Fit, d.opts.StrictTypes, true)
	}
	if t.Versioned {
		t.Warnf("%s", versioningNote(t))
	}
	if t.Partitioned {
		t.Warnf("partitioned in MySQL: created as a plain table")
	}
	for _, ix := range t.Indexes {
		if ix.Kind == "primary" {
			ix.Name = d.Names.RelName(t.Schema, t.Name, "pkey")
		} else {
			ix.Name = d.Names.RelName(t.Schema, t.Name, ix.MyName)
		}
	}
	for _, fk := range t.ForeignKeys {
		fk.Name = d.Names.RelName(t.Schema, t.Name, fk.MyName)
	}
	for _, ck := range t.Checks {
		my := ck.MyName
		if my == "" {
			my = ck.Column + "_check"
		}
		ck.Name = d.Names.RelName(t.Schema, t.Name, my)
	}
	d.tables[key] = t
	d.rep.Defs = append(d.rep.Defs, t)
	d.Cur = t
	d.CurRep = &TableReport{Schema: t.Schema, Table: t.Name, MyTable: t.Ref(), Status: "ok"}
	d.rep.Tables = append(d.rep.Tables, d.CurRep)
	d.curStart = time.Now()
	d.curFail = nil
	d.rp = &RowParser{S: d.s, T: t, M: d.M, Out: make([]byte, 0, 64<<10), Stats: make([]ColStats, len(t.Columns)), scan: d.scan != nil}
	d.copyCols = nil
	d.CurRep.Fitted = Fitted(t)
	d.Event(Ev(EvTableStart, t.Schema+"."+t.Name, 0, nil))
	if err := d.sink.BeginTable(t); err != nil {
		d.failTable(err)
	} else if err := fitError(t, d.opts.Fit); err != nil && d.scan == nil {
		// text that fits no PostgreSQL type: nothing of it is written
		d.failTable(err)
	}
	return nil
}

const CopyChunk = 1 << 20

// translateTable translates generated columns (in order: one may use an
// earlier one only when that one stayed a plain column) and CHECK
// constraints; what cannot be translated keeps its fallback, with a
// warning naming the column or constraint and the expression.
func (d *Parser) translateTable(t *model.Table) {
	for _, c := range t.Columns {
		if c.Generated == "" {
			continue
		}
		pg, err := sqltr.GeneratedSQL(t, c, d.ansi)
		if err != nil {
			t.Warnf("column %s: generated column not translated (%v): kept as a plain column with the dumped values, MySQL expression %s in its comment", c.MyName, err, c.Generated)
			c.Why += "; generated in MySQL, not translated: plain column"
			continue
		}
		c.GeneratedPG = pg
		c.Why += "; generated: " + pg
	}
	for _, ck := range t.Checks {
		pg, err := sqltr.CheckSQL(t, ck.Expr, d.ansi)
		if err != nil {
			t.Warnf("CHECK %s not migrated (%v): %s", checkLabel(ck), err, ck.Expr)
			continue
		}
		ck.PG = pg
	}
}

func checkLabel(ck *model.Check) string {
	if ck.MyName != "" {
		return ck.MyName
	}
	return "on column " + ck.Column
}

// failTable marks the current table failed; its remaining rows are skipped.
func (d *Parser) failTable(err error) {
	if d.curFail != nil {
		return
	}
	d.curFail = err
	d.CurRep.Err = err
	d.CurRep.Status = "failed"
	d.sink.AbortTable(d.Cur, err)
}

// closeTable ends the current table: flushes rows and reports.
func (d *Parser) closeTable() error {
	t := d.Cur
	if t == nil {
		return nil
	}
	d.Cur = nil
	rep := d.CurRep
	if d.curFail == nil && len(d.rp.Out) > 0 {
		if _, err := d.sink.Data(t, d.copyCols, d.rp.Out); err != nil {
			d.failTableOf(t, rep, err)
		}
	}
	rep.Rows = d.rp.Rows
	rep.Seconds = time.Since(d.curStart).Seconds()
	if d.scan != nil {
		d.collectFit(t)
	}
	// map stats from INSERT columns to table columns
	st := make([]ColStats, len(t.Columns))
	cols := d.copyCols
	if cols == nil {
		cols = t.Columns
	}
	for i, c := range cols {
		for j, tc := range t.Columns {
			if tc == c && i < len(d.rp.Stats) {
				st[j] = d.rp.Stats[i]
			}
		}
	}
	for j, c := range t.Columns {
		if st[j].ZeroDates > 0 {
			AddChange(rep, c.MyName, "zero date -> "+d.M.ZeroName(), st[j].ZeroDates)
		}
		if st[j].NulsStripped > 0 {
			AddChange(rep, c.MyName, "NUL stripped", st[j].NulsStripped)
		}
	}
	for _, dc := range d.rp.Derived {
		if dc.N > 0 {
			AddChange(rep, dc.C.MyName, DerivedWhy, dc.N)
		}
	}
	pd := d.PostDataFor(t, st)
	if d.Restage != nil {
		// built on the staged table, before it moves into place
		sp := d.PostDataFor(d.Restage(t), st)
		pd.Indexes, pd.After, pd.Checks = sp.Indexes, sp.After, sp.Checks
	}
	rep.Warnings = append(rep.Warnings, t.Warnings...)
	d.fks = append(d.fks, pd.FKs...)
	if rep.Err == nil {
		if err := d.sink.EndTable(t, rep, pd); err != nil {
			d.failTableOf(t, rep, err)
		}
	}
	d.Event(Ev(EvTableDone, t.Schema+"."+t.Name, rep.Rows, rep.Err))
	return nil
}

func (d *Parser) failTableOf(t *model.Table, rep *TableReport, err error) {
	if rep.Err == nil {
		rep.Err = err
		rep.Status = "failed"
		d.sink.AbortTable(t, err)
	}
}

func AddChange(rep *TableReport, col, why string, n int64) {
	if rep.Changed == nil {
		rep.Changed = map[string]map[string]int64{}
	}
	if rep.Changed[col] == nil {
		rep.Changed[col] = map[string]int64{}
	}
	rep.Changed[col][why] += n
}

// insert handles INSERT/REPLACE INTO t [(cols)] VALUES (...),(...);
func (d *Parser) insert() error {
	s := d.s
	var hdrEnd int
	var tname, tdb string
	var cols []string
	start := s.pos
	err := d.retry(func() error {
		start = s.pos
		// the header is short: find VALUES outside quotes
		lim := min(s.end, s.pos+1<<16)
		hdr := s.buf[s.pos:lim]
		j := indexValues(hdr)
		if j < 0 {
			if lim == s.end && !s.eof {
				return errShort
			}
			return s.syntaxErr(s.pos, "INSERT without VALUES")
		}
		p := myparse.NewParser(string(hdr[:j]), d.ansi)
		p.Advance() // INSERT/REPLACE
		for p.Is("IGNORE") || p.Is("INTO") || p.Is("LOW_PRIORITY") || p.Is("DELAYED") || p.Is("HIGH_PRIORITY") {
			p.Advance()
		}
		var err error
		tdb, tname, err = p.QualName()
		if err != nil {
			return s.syntaxErr(s.pos, "INSERT: %v", err)
		}
		cols = nil
		if p.IsP("(") {
			cols, _, err = p.NameList()
			if err != nil {
				return s.syntaxErr(s.pos, "INSERT column list: %v", err)
			}
		}
		hdrEnd = s.pos + j + len("VALUES")
		return nil
	})
	if err != nil {
		return err
	}
	t := d.Cur
	schema := d.Schema
	if tdb != "" {
		schema = d.Names.PG(tdb)
	}
	if t == nil || t.Schema != schema || !strings.EqualFold(t.MyName, tname) {
		if err := d.closeTable(); err != nil {
			return err
		}
		t = d.tables[schema+"."+d.Names.PG(tname)]
		if t == nil {
			return d.stmtErr(start, "INSERT into table %s before its CREATE TABLE", tname)
		}
		return d.stmtErr(start, "rows of table %s are not contiguous in the dump (not a mysqldump?)", tname)
	}
	// column order of this INSERT
	var icols []*model.Column
	if cols == nil {
		icols = t.Columns
	} else {
		for _, n := range cols {
			c := t.Column(n)
			if c == nil {
				return d.stmtErr(start, "INSERT into %s: unknown column %s", t.Ref(), n)
			}
			icols = append(icols, c)
		}
	}
	if d.copyCols == nil {
		d.copyCols = icols
		d.rp.setCols(icols)
		if cols != nil {
			for _, c := range t.Columns {
				if c.Generated != "" && c.GeneratedPG == "" && !slices.Contains(icols, c) {
					t.Warnf("column %s: generated column not translated and its values are not in the dump: left NULL", c.MyName)
				}
			}
		}
		if len(d.rp.Stats) < len(icols) {
			d.rp.Stats = make([]ColStats, len(icols))
		}
	} else if !sameCols(d.copyCols, icols) {
		return d.stmtErr(start, "INSERTs into %s with different column lists are not supported", t.Ref())
	}
	s.pos = hdrEnd
	skip := d.curFail != nil || d.opts.SchemaOnly
	rp := d.rp
	saved := make([]ColStats, len(rp.Stats))
	for {
		// one row per iteration: a short buffer re-scans just this row,
		// so its output and the changes it counted are taken back first
		// (a gzip reader's short reads cut rows often)
		var next int
		mark := len(rp.Out)
		copy(saved, rp.Stats)
		tries := 0
		err := d.retry(func() error {
			rp.Out = rp.Out[:mark]
			if tries++; tries > 1 {
				copy(rp.Stats, saved)
			}
			b := s.buf[:s.end]
			i := s.pos
			for i < len(b) && myparse.IsSpace(b[i]) {
				i++
			}
			if i >= len(b) {
				return errShort
			}
			rowStart := i
			if skip {
				j, err := skipTuple(s, b, i)
				if err != nil {
					return err
				}
				next = j
			} else {
				j, err := rp.tuple(b, i, rowStart)
				if err != nil {
					return err
				}
				next = j
			}
			for next < len(b) && myparse.IsSpace(b[next]) {
				next++
			}
			if next >= len(b) {
				return errShort
			}
			return nil
		})
		if err != nil {
			var ve *ValueError
			if errors.As(err, &ve) {
				// value errors fail this table only; skip its other rows
				rp.Out = rp.Out[:0]
				d.failTable(err)
				skip = true
				continue
			}
			if se, ok := err.(*SyntaxError); ok && se.Table == "" {
				se.Table = t.Ref()
			}
			return err
		}
		if !skip {
			rp.EndRow() // its changed values, counted once
			rp.Rows++
		}
		b := s.buf[:s.end]
		c := b[next]
		d.CurRep.Bytes += int64(next + 1 - s.pos)
		s.pos = next + 1
		if len(rp.Out) >= CopyChunk {
			nb, err := d.sink.Data(t, d.copyCols, rp.Out)
			if err != nil {
				d.failTable(err)
				skip = true
				nb = rp.Out[:0]
			}
			rp.Out = nb
		}
		if c == ',' {
			continue
		}
		if c == d.s.delim[0] {
			s.pos = next + len(d.s.delim)
			return nil
		}
		return s.syntaxErr(next, "expected , or ; after a row, got %q", snippetB(b, next))
	}
}

func skipTuple(s *scanner, b []byte, i int) (int, error) {
	if b[i] != '(' {
		return i, s.syntaxErr(i, "expected ( to start a row")
	}
	j := i + 1
	for j < len(b) {
		switch b[j] {
		case '\'', '"':
			k, err := s.quoteEnd(b, j)
			if err != nil {
				return i, err
			}
			j = k
			continue
		case ')':
			return j + 1, nil
		}
		j++
	}
	return i, errShort
}

func sameCols(a, b []*model.Column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// indexValues finds the VALUES keyword outside quotes in an INSERT header.
func indexValues(h []byte) int {
	for i := 0; i < len(h); i++ {
		switch h[i] {
		case '`', '"', '\'':
			q := h[i]
			j := bytes.IndexByte(h[i+1:], q)
			if j < 0 {
				return -1
			}
			i += j + 1
		case 'V', 'v':
			if hasPrefixFold(h[i:], "VALUES") && (i == 0 || !myparse.IsWordByte(h[i-1])) && (i+6 >= len(h) || !myparse.IsWordByte(h[i+6])) {
				return i
			}
		}
	}
	return -1
}

func (d *Parser) CreateView(p *myparse.Parser, stmt string) error {
	db, name, err := p.QualName()
	if err != nil {
		return nil
	}
	if p.IsP("(") {
		if _, err := p.Balanced(); err != nil {
			return nil
		}
	}
	if !p.Is("AS") {
		return nil
	}
	body := strings.TrimSpace(p.Lx.S[p.Lx.I:])
	body = strings.TrimSpace(strings.TrimSuffix(body, "*/"))
	schema := d.Schema
	if db != "" {
		schema = d.Names.PG(db)
	}
	low := strings.ToLower(strings.Join(strings.Fields(body), " "))
	if strings.HasPrefix(low, "select null as") || strings.HasPrefix(low, "select 1 as") {
		return nil // mysqldump's stand-in; the real view comes at the end
	}
	myDB := d.MyDB
	if db != "" {
		myDB = db
	}
	v := &sqltr.Object{Kind: "VIEW", Schema: schema, MyDB: myDB, Name: name, Text: body, ANSI: d.ansi}
	// reserved before any index is named (unique names across relations)
	viewPG := d.Names.PG(name)
	d.Names.Reserve(schema, viewPG)
	if d.scan != nil {
		d.scan.rels[schema] = append(d.scan.rels[schema], viewPG)
	}
	// an older mysqldump stand-in table of the same name goes away
	key := schema + "." + d.Names.PG(name)
	if _, ok := d.tables[key]; ok {
		delete(d.tables, key)
		for i, tr := range d.rep.Tables {
			if tr.Schema == schema && tr.Table == d.Names.PG(name) {
				d.rep.Tables = append(d.rep.Tables[:i], d.rep.Tables[i+1:]...)
				break
			}
		}
		for i, t := range d.rep.Defs {
			if t.Schema == schema && t.Name == d.Names.PG(name) {
				d.rep.Defs = append(d.rep.Defs[:i], d.rep.Defs[i+1:]...)
				break
			}
		}
		v.Pre = []string{"DROP TABLE IF EXISTS " + model.QuoteIdent(schema) + "." + model.QuoteIdent(d.Names.PG(name))}
	}
	d.Objs = append(d.Objs, v)
	return nil
}

// SortTables sorts the report's tables by schema and name.
func SortTables(r *Report) {
	sort.SliceStable(r.Tables, func(i, j int) bool {
		if r.Tables[i].Schema != r.Tables[j].Schema {
			return r.Tables[i].Schema < r.Tables[j].Schema
		}
		return r.Tables[i].Table < r.Tables[j].Table
	})
}

// Mapping returns the mapping the options describe (for Compare).
func (o Options) Mapping() *model.Mapping {
	return &model.Mapping{Casts: o.Casts, ZeroDate: o.ZeroDate, OnNUL: o.OnNUL}
}

// PostDataFor is what runs after t's rows (pgddl.PostDataFor with the
// dump's names and the zero dates its rows had).
func (d *Parser) PostDataFor(t *model.Table, st []ColStats) pgddl.PostData {
	var zd []int64
	if st != nil {
		zd = make([]int64, len(st))
		for i, s := range st {
			zd[i] = s.ZeroDates
		}
	}
	return pgddl.PostDataFor(t, &d.Names, d.schemaName, zd)
}
