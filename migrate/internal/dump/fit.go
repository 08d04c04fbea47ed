package dump

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"golang.org/x/sync/errgroup"
)

// Types that fit the data.
//
// The default mapping (types.go) is right for nearly every value, but a
// few values MySQL holds do not fit it: a TIME beyond 24 hours, a
// tinyint(1) holding 2, a JSON document with \u0000 (jsonb refuses it).
// Before the first row is written, a scan learns every column's values
// (Prescan reads the dump once, ScanLive asks MySQL with aggregates) and
// ApplyFit picks an exact type where the default cannot hold a value:
//
//	time        -> interval  (a value outside 00:00:00..24:00:00)
//	tinyint(1)  -> smallint  (a value other than 0 and 1)
//	jsonb       -> json      (a document holding \u0000)
//
// An explicit --cast wins; Options.StrictTypes keeps the default types
// (the value then fails its table with the --cast that fixes it). Text
// that is not valid UTF-8 fits no PostgreSQL text type: its table fails
// before a row is written, naming the column, the row and the fix.

// Fit is what a scan learned about the values of each column.
type Fit struct {
	cols map[string]*colFit // "schema.table.column" (PostgreSQL names)
	// rels are the tables of the dump per schema (PostgreSQL names):
	// generated index and constraint names avoid them.
	rels map[string][]string
	// tables are the dump's tables (quoted schema.name) for the refusal
	// Load decides before its first write.
	tables []string
	// fkBig: bigint unsigned columns referencing an AUTO_INCREMENT bigint
	// unsigned key (fkBigints), which become bigint like it.
	fkBig map[string]bool
	// Seconds the scan took; Bytes it read (the dump, decompressed).
	Seconds float64
	Bytes   int64
}

// String is the scan in words: what it read, how long before the first
// write, and what for.
func (f *Fit) String() string {
	return fmt.Sprintf("%d MB read in %.1f s before the first write (types that fit every value; the stream's checksum)", f.Bytes>>20, f.Seconds)
}

// FitTables are the tables a Prescan found (quoted schema.name).
func FitTables(f *Fit) []string { return f.tables }

// colFit is one column's scan result.
type colFit struct {
	timeOut  int64  // TIME values outside 00:00:00..24:00:00
	timeEx   string // an example
	boolOut  int64  // tinyint(1)/bool values other than 0 and 1
	boolEx   string
	jsonNul  int64       // JSON documents holding \u0000
	badUTF8  *ValueError // the first text value that is not UTF-8
	badCount int64
	approx   bool // a live scan: counts are "at least" (MIN and MAX)
}

func FitKey(t *model.Table, c *model.Column) string { return t.Schema + "." + t.Name + "." + c.Name }

func (f *Fit) col(t *model.Table, c *model.Column) *colFit {
	if f.cols == nil {
		f.cols = map[string]*colFit{}
	}
	k := FitKey(t, c)
	cf := f.cols[k]
	if cf == nil {
		cf = &colFit{}
		f.cols[k] = cf
	}
	return cf
}

func (f *Fit) lookup(t *model.Table, c *model.Column) *colFit {
	if f == nil {
		return nil
	}
	return f.cols[FitKey(t, c)]
}

// CorruptError is a dump whose compressed stream failed its integrity
// check (gzip CRC, zstd checksum) or could not be read: nothing from it
// was loaded.
type CorruptError struct{ Err error }

func (e *CorruptError) Error() string { return "the dump is corrupt: " + e.Err.Error() }
func (e *CorruptError) Unwrap() error { return e.Err }

// readErr remembers the first error of a reader other than io.EOF (a
// decompressor's checksum failure).
type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}

// Prescan reads the whole dump once, fast (the parser's tokenizer, no
// conversion, no output), and returns every column's fit for Load and
// Convert (Options.Fit). Reading through the decompressor to the end, it
// also passes the stream's integrity check before anything is loaded: a
// damaged .gz/.zst returns a *CorruptError. A dump that does not parse is
// not an error here: the fit of the tables before the fault is returned
// and the load reports the fault where it is.
func Prescan(ctx context.Context, r io.Reader, opts Options) (*Fit, error) {
	er := &readErr{r: r}
	opts.SchemaOnly, opts.DataOnly = false, false
	d := NewParser(ctx, er, opts, model.GIS{}, NopSink{})
	d.scan = &Fit{rels: map[string][]string{}}
	start := time.Now()
	rep, err := d.Run()
	d.scan.Seconds = time.Since(start).Seconds()
	if rep != nil {
		d.scan.Bytes = rep.Bytes
		d.scan.fkBig = fkBigints(rep.Defs)
	}
	if er.err != nil {
		return nil, &CorruptError{Err: er.err}
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// the rest of the stream still has to pass its checksum
		if _, derr := io.Copy(io.Discard, er); derr != nil || er.err != nil {
			if er.err == nil {
				er.err = derr
			}
			return nil, &CorruptError{Err: er.err}
		}
	}
	return d.scan, nil
}

// scanTuple checks one value of column ci during a Prescan.
func (p *RowParser) checkValue(ci int, k ValueKind, raw []byte, rowStart int) {
	if k == VNull {
		return
	}
	c := p.Cols[ci]
	switch c.Conv {
	case cast.Time:
		if k == VString && !timeFits(raw) {
			cf := p.fitOf(ci)
			if cf.timeOut == 0 {
				cf.timeEx = string(raw)
			}
			cf.timeOut++
		}
	case cast.Bool:
		if c.Base == "bit" {
			return
		}
		if _, ok := p.boolValue(c, k, raw); !ok {
			cf := p.fitOf(ci)
			if cf.boolOut == 0 {
				cf.boolEx = string(p.decodeBytes(k, raw))
			}
			cf.boolOut++
		}
	case cast.Text, cast.JSON:
		var bs []byte
		switch k {
		case VString:
			bs = raw // escapes are ASCII: raw is UTF-8 iff the value is
		case VHex, vBits:
			bs = p.decodeBytes(k, raw)
		default:
			return
		}
		if !utf8.Valid(bs) {
			cf := p.fitOf(ci)
			if cf.badUTF8 == nil {
				i := 0
				for i < len(bs) {
					r, n := utf8.DecodeRune(bs[i:])
					if r == utf8.RuneError && n <= 1 {
						break
					}
					i += n
				}
				ve := p.valueErr(ci, rowStart, raw, fmt.Sprintf("is not valid UTF-8 (byte 0x%02x at %d): PostgreSQL text cannot hold it", bs[i], i), p.castFix(ci, "bytea")+" (keeps the bytes), or dump with the column's real character set").(*ValueError)
				ve.Value = strconv.QuoteToASCII(string(bs[:min(len(bs), 40)]))
				cf.badUTF8 = ve
			}
			cf.badCount++
		}
		if c.Conv == cast.JSON && model.IsJSONB(c) && bytes.Contains(raw, []byte("u0000")) && jsonHasNul(p.decodeBytes(k, raw)) {
			p.fitOf(ci).jsonNul++
		}
	}
}

// jsonHasNul: the JSON text has a \u0000 escape (not an escaped backslash
// followed by "u0000").
func jsonHasNul(b []byte) bool {
	for i := 0; i+6 <= len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		if b[i+1] == 'u' && string(b[i+2:i+6]) == "0000" {
			return true
		}
		i++ // skip the escaped character
	}
	return false
}

func (p *RowParser) fitOf(ci int) *colFit {
	if p.fits == nil {
		p.fits = make([]*colFit, len(p.Cols))
	}
	if p.fits[ci] == nil {
		p.fits[ci] = &colFit{}
	}
	return p.fits[ci]
}

// collectFit moves a scanned table's results into the Fit.
func (d *Parser) collectFit(t *model.Table) {
	f := d.scan
	for i, cf := range d.rp.fits {
		if cf == nil || i >= len(d.rp.Cols) {
			continue
		}
		dst := f.col(t, d.rp.Cols[i])
		if dst.timeOut == 0 {
			dst.timeEx = cf.timeEx
		}
		if dst.boolOut == 0 {
			dst.boolEx = cf.boolEx
		}
		if dst.badUTF8 == nil {
			dst.badUTF8 = cf.badUTF8
		}
		dst.timeOut += cf.timeOut
		dst.boolOut += cf.boolOut
		dst.jsonNul += cf.jsonNul
		dst.badCount += cf.badCount
	}
}

// ApplyFit changes the default type of the columns whose values do not
// fit it (no --cast given, not --strict-types) and records why on the
// column (Column.Fit, shown by the reports and migrate schema). A
// generated column that PostgreSQL computes keeps its type (its values
// are not loaded); one kept plain (GeneratedPG "") is fitted once its
// translation failed (generated: the pass after translateTable).
func ApplyFit(t *model.Table, f *Fit, strict, generated bool) {
	for _, c := range t.Columns {
		if c.GeneratedPG != "" || (c.Generated != "") != generated {
			continue
		}
		if f != nil {
			narrowFKBigint(t, c, f.fkBig)
		}
		cf := f.lookup(t, c)
		if cf == nil || c.Cast != "" || strict {
			continue
		}
		from := c.PGType
		switch {
		case c.Conv == cast.Time && cf.timeOut > 0:
			c.PGType, c.Conv = "interval"+model.FSP(c), cast.Interval
			c.Fit = fmt.Sprintf("%s outside time's 00:00:00..24:00:00 (e.g. %s)", cf.count(cf.timeOut), cf.timeEx)
		case c.Conv == cast.Bool && c.Base != "bit" && cf.boolOut > 0:
			c.PGType, c.Conv = "smallint", cast.Number
			c.Fit = fmt.Sprintf("%s other than 0 and 1 (e.g. %s)", cf.count(cf.boolOut), cf.boolEx)
		case c.Conv == cast.JSON && model.IsJSONB(c) && cf.jsonNul > 0:
			c.PGType = "json"
			c.Fit = fmt.Sprintf("%d document(s) holding \\u0000, which jsonb refuses (json keeps the text)", cf.jsonNul)
		default:
			continue
		}
		c.Fit = from + " -> " + c.PGType + ": " + c.Fit
		c.Why = "fits the data: " + c.Fit
	}
}

func (cf *colFit) count(n int64) string {
	if cf.approx {
		return "values"
	}
	return fmt.Sprintf("%d value(s)", n)
}

// fitError is the error that fails a table before any row is written:
// text that is not UTF-8, or (--strict-types) a JSON document jsonb
// refuses, which PostgreSQL would only report as a bare SQLSTATE 22P05.
func fitError(t *model.Table, f *Fit) error {
	for _, c := range t.Columns {
		cf := f.lookup(t, c)
		if cf == nil {
			continue
		}
		if c.Conv == cast.JSON && model.IsJSONB(c) && cf.jsonNul > 0 && c.GeneratedPG == "" {
			key := t.MyName + "." + c.MyName
			if t.MyDB != "" {
				key = t.MyDB + "." + key
			}
			return fmt.Errorf("table %s, column %s: %d document(s) hold \\u0000, which jsonb refuses; fix: --cast '%s=json' (json keeps the text)", t.Ref(), c.MyName, cf.jsonNul, key)
		}
		if cf.badUTF8 == nil || (c.Conv != cast.Text && c.Conv != cast.JSON) {
			continue
		}
		ve := *cf.badUTF8
		if cf.badCount > 1 {
			ve.Msg += fmt.Sprintf(" (%d such values in the column)", cf.badCount)
		}
		return &ve
	}
	return nil
}

// Fitted lists a table's type changes for its report.
func Fitted(t *model.Table) []string {
	var out []string
	for _, c := range t.Columns {
		if c.Fit != "" {
			out = append(out, "column "+c.MyName+": "+c.Fit)
		}
	}
	return out
}

// ScanLive is the live copy's scan: one aggregate query per table that has
// a column to check (TIME range, tinyint(1) range, \u0000 in JSON), run
// with up to jobs at once on the given connections (the copy's snapshot)
// or on my. Text needs no check live: the server sends utf8mb4.
func ScanLive(ctx context.Context, q func(ctx context.Context, query string, dest ...any) error, jobs int, tables []*model.Table) (*Fit, error) {
	f := &Fit{}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(jobs, 1))
	type probe struct {
		c    *model.Column
		kind string
		min  sql.NullString
		max  sql.NullString
		n    sql.NullInt64
	}
	var mu sync.Mutex
	for _, t := range tables {
		var probes []*probe
		var sel []string
		for _, c := range t.Columns {
			if c.Cast != "" || c.GeneratedPG != "" {
				continue
			}
			mc := model.MyIdent(c.MyName)
			switch {
			case c.Conv == cast.Time:
				probes = append(probes, &probe{c: c, kind: "time"})
				// CAST: the driver reads TIME as text; compare as TIME
				sel = append(sel, "CAST(MIN("+mc+") AS CHAR)", "CAST(MAX("+mc+") AS CHAR)")
			case c.Conv == cast.Bool && c.Base != "bit":
				probes = append(probes, &probe{c: c, kind: "bool"})
				sel = append(sel, "CAST(MIN("+mc+") AS CHAR)", "CAST(MAX("+mc+") AS CHAR)")
			case c.Conv == cast.JSON && model.IsJSONB(c):
				probes = append(probes, &probe{c: c, kind: "json"})
				// \u0000 in the document's text (CHAR(92) is a backslash:
				// no dependence on NO_BACKSLASH_ESCAPES)
				sel = append(sel, "SUM(LOCATE(CONCAT(CHAR(92), 'u0000'), "+mc+") > 0)")
			}
		}
		if len(probes) == 0 {
			continue
		}
		t := t
		g.Go(func() error {
			var dest []any
			for _, p := range probes {
				if p.kind == "json" {
					dest = append(dest, &p.n)
				} else {
					dest = append(dest, &p.min, &p.max)
				}
			}
			query := "SELECT " + strings.Join(sel, ", ") + " FROM " + model.MyIdent(t.MyDB) + "." + model.MyIdent(t.MyName)
			if err := q(gctx, query, dest...); err != nil {
				return fmt.Errorf("mysql: scan %s for types that fit: %w", t.Ref(), err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, p := range probes {
				cf := f.col(t, p.c)
				switch p.kind {
				case "time":
					for _, v := range []sql.NullString{p.min, p.max} {
						if v.Valid && !timeFits([]byte(v.String)) {
							if cf.timeOut == 0 {
								cf.timeEx = v.String
							}
							cf.timeOut++
						}
					}
					cf.approx = true
				case "bool":
					for _, v := range []sql.NullString{p.min, p.max} {
						if v.Valid && v.String != "0" && v.String != "1" {
							if cf.boolOut == 0 {
								cf.boolEx = v.String
							}
							cf.boolOut++
						}
					}
					cf.approx = true
				case "json":
					cf.jsonNul = p.n.Int64
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return f, nil
}

// Foreign keys onto an AUTO_INCREMENT bigint unsigned key. That key is a
// bigint identity in PostgreSQL (an identity must be an integer type),
// while a plain bigint unsigned column is numeric(20): PostgreSQL cannot
// build a foreign key between the two ("foreign key constraint ... cannot
// be implemented"), and Laravel-style schemas ($table->id() with
// foreignId()) are made of exactly these. The referencing column becomes
// bigint too: its values are the key's, which bigint holds.

// fkBigints are the referencing columns (FitKey) to narrow among tables.
func fkBigints(tables []*model.Table) map[string]bool {
	out := map[string]bool{}
	for _, t := range tables {
		for _, fk := range t.ForeignKeys {
			var rt *model.Table
			for _, x := range tables {
				if strings.EqualFold(x.MyName, fk.RefTable) && (fk.RefSchema == "" && x.Schema == t.Schema || fk.RefSchema != "" && strings.EqualFold(x.MyDB, fk.RefSchema)) {
					rt = x
					break
				}
			}
			if rt == nil || len(fk.RefColumns) != len(fk.Columns) {
				continue
			}
			for i, rn := range fk.RefColumns {
				rc, c := rt.Column(rn), t.Column(fk.Columns[i])
				if rc != nil && c != nil && rc.AutoInc && rc.PGType == "bigint" && rc.Unsigned && c.PGType == "numeric(20)" && c.Cast == "" {
					out[FitKey(t, c)] = true
				}
			}
		}
	}
	return out
}

// narrowFKBigint makes c bigint when it references an AUTO_INCREMENT
// bigint unsigned key (keys: fkBigints).
func narrowFKBigint(t *model.Table, c *model.Column, keys map[string]bool) {
	if keys[FitKey(t, c)] && c.PGType == "numeric(20)" && c.Cast == "" {
		c.PGType = "bigint"
		c.Why = "bigint unsigned referencing an AUTO_INCREMENT bigint unsigned key (a bigint identity): bigint like it, for the foreign key"
	}
}

// NarrowFKBigints applies the narrowing to tables that are all known (the
// live copy reads every CREATE TABLE first).
func NarrowFKBigints(tables []*model.Table) {
	keys := fkBigints(tables)
	for _, t := range tables {
		for _, c := range t.Columns {
			narrowFKBigint(t, c, keys)
		}
	}
}
