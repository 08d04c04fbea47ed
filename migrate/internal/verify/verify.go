package verify

import (
	"bytes"
	"context"
	"crypto/md5"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/pgtarget"
	"github.com/opsctl/opsctl/outcome"
	"golang.org/x/sync/errgroup"
)

// Options tune migrate verify. The embedded Options are the
// fidelity rules the data was converted with (casts, zero dates, case).
type Options struct {
	dump.Options
	Jobs       int   // checksum queries at once per side (default 4)
	ChunkRows  int64 // rows per primary-key range (default 50000)
	LeafRows   int64 // ranges this small are fetched and compared in Go (default 500)
	MaxSamples int   // mismatches kept per table (default 20)
	// HashInMySQL computes MySQL's row checksums inside MySQL (SQL
	// expressions) instead of streaming the rows to opsctl, which
	// formats and hashes them in Go. Less network, about 3x the MySQL
	// CPU; PostgreSQL's side is computed inside PostgreSQL either way.
	HashInMySQL bool
	// SkipSchema leaves out the schema checks (verify_schema.go): tables,
	// columns, types, NOT NULL, defaults, keys, indexes, foreign keys,
	// CHECKs, identity values, views and their rows, triggers, routines,
	// events. They are one more result, Table SchemaTable.
	SkipSchema bool
	// AcceptMissing names views, triggers, routines and events the user
	// accepts to leave behind (Untranslated.AcceptedBy): listed, not
	// counted as differences.
	AcceptMissing []string
}

// Validate checks the options as a caller names them (Options.Validate,
// Jobs 1..64, ChunkRows at least 100, MaxSamples at least 1).
func (vo *Options) Validate() error {
	switch err := vo.Options.Validate(); {
	case err != nil:
		return err
	case vo.ChunkRows < 100:
		return outcome.BadOption("chunk-rows", "must be at least 100")
	case vo.MaxSamples < 1:
		return outcome.BadOption("samples", "must be at least 1")
	}
	return dump.ValidJobs(vo.Jobs)
}

// Result is the verdict for one table; its JSON (MarshalJSON) is the
// verify.table line's fields (verify.schema's for SchemaTable).
type Result struct {
	Table         string      `json:"table"`    // db.table in MySQL
	PGTable       string      `json:"pg_table"` // schema.table in PostgreSQL
	Method        string      `json:"method"`   // "pk-ranges", "whole-table", "multiset"
	MySQLRows     int64       `json:"mysql_rows"`
	PGRows        int64       `json:"pg_rows"`
	Ranges        int         `json:"ranges"`
	Explained     int64       `json:"explained,omitempty"` // differences the fidelity rules account for (zero dates, stripped NULs)
	Fetched       int64       `json:"-"`                   // rows fetched from each side and compared in Go (differing ranges, hard columns)
	Mismatches    []Mismatch  `json:"samples,omitempty"`   // samples, with key and column
	MismatchCount int64       `json:"mismatches"`
	Seconds       float64     `json:"-"` // duration_ms in JSON
	Err           error       `json:"-"` // its message as "error"
	Gaps          []SchemaGap `json:"-"` // the schema checks' result (Table SchemaTable)
}

// MarshalJSON adds status, duration_ms (when timed) and error (the
// message, without the table) to the tagged fields; the schema checks'
// result is its table, status and gaps.
func (r *Result) MarshalJSON() ([]byte, error) {
	type common struct {
		Status     string  `json:"status"`
		DurationMS float64 `json:"duration_ms,omitempty"`
		Error      string  `json:"error,omitempty"`
	}
	c := common{Status: r.Status(), DurationMS: event.Millis(time.Duration(r.Seconds * float64(time.Second)))}
	if r.Err != nil {
		c.Error = event.Unplaced(r.Err, r.Table)
	}
	if r.Table == SchemaTable {
		gaps := r.Gaps
		if gaps == nil {
			gaps = []SchemaGap{}
		}
		return json.Marshal(struct {
			Table string `json:"table"`
			common
			Gaps []SchemaGap `json:"gaps"`
		}{r.Table, c, gaps})
	}
	type plain Result
	return json.Marshal(struct {
		*plain
		common
	}{(*plain)(r), c})
}

// Summary counts a verify's results (the verify.summary line).
type Summary struct {
	Tables     int `json:"tables"`
	Mismatched int `json:"mismatched"`
	Failed     int `json:"failed"`
	SchemaGaps int `json:"schema_gaps"` // accepted ones included
}

// Summarize counts res.
func Summarize(res []*Result) Summary {
	var s Summary
	for _, r := range res {
		switch {
		case r.Table == SchemaTable:
			s.SchemaGaps = len(r.Gaps)
			continue
		case r.Status() == "ERROR":
			s.Failed++
		case r.Status() == "MISMATCH":
			s.Mismatched++
		}
		s.Tables++
	}
	return s
}

// OK: same rows, no unexplained difference, no error.
func (r *Result) OK() bool {
	return r.Err == nil && r.MismatchCount == 0 && r.MySQLRows == r.PGRows
}

// Status is the verdict in a word: OK, MISMATCH or ERROR.
func (r *Result) Status() string {
	switch {
	case r.Err != nil:
		return "ERROR"
	case r.OK():
		return "OK"
	}
	return "MISMATCH"
}

// String is the verdict in words: "db.t: 2 difference(s), rows mysql=3
// pg=3", "db.t: <error>" or "db.t: OK"; for the schema checks
// (SchemaTable) "schema: OK (...)", "schema: 2 gap(s)" or "schema: ERROR:
// <error>".
func (r *Result) String() string {
	switch {
	case r.Table == SchemaTable && r.Err != nil:
		return fmt.Sprintf("schema: ERROR: %v", r.Err)
	case r.Table == SchemaTable && r.MismatchCount == 0:
		return fmt.Sprintf("schema: OK (tables, columns, types, NOT NULL, defaults, keys, indexes, foreign keys, CHECKs, identities, views, triggers, routines; %.1fs)", r.Seconds)
	case r.Table == SchemaTable:
		return fmt.Sprintf("schema: %d gap(s)", r.MismatchCount)
	case r.Err != nil:
		return fmt.Sprintf("%s: %v", r.Table, r.Err)
	case r.OK():
		return r.Table + ": OK"
	}
	return fmt.Sprintf("%s: %d difference(s), rows mysql=%d pg=%d", r.Table, r.MismatchCount, r.MySQLRows, r.PGRows)
}

// Split separates the schema checks' result (nil when skipped) from the
// tables'.
func Split(res []*Result) (tables []*Result, schema *Result) {
	for _, r := range res {
		if r.Table == SchemaTable {
			schema = r
		} else {
			tables = append(tables, r)
		}
	}
	return tables, schema
}

// Error says how many tables did not verify.
type Error struct{ Bad, Total int }

func (e *Error) Error() string {
	return fmt.Sprintf("%d of %d tables differ or could not be verified", e.Bad, e.Total)
}

// verifySession is the PostgreSQL session the canonical forms assume.
const verifySession = "SET timezone = 'UTC'; SET intervalstyle = 'postgres'; SET datestyle = 'ISO, YMD'; SET extra_float_digits = 1"

// OpenVerifyPG opens a PostgreSQL pool with the session settings the
// canonical forms need.
func OpenVerifyPG(ctx context.Context, url string, conns int) (*pgxpool.Pool, error) {
	pool, err := pgtarget.OpenPoolSession(ctx, url, conns, verifySession)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return pool, nil
}

// canonSQL is a column's canonical text form computed inside each
// database: MySQL and PostgreSQL expressions that yield the same string
// for a value carried correctly, with the fidelity rules applied on the
// MySQL side (zero dates -> NULL or -infinity, NULs stripped, tinyint(1)
// and bit(1) -> t/f, bytes as hex, times with 6 fractional digits).
// ok is false for columns whose text forms differ between the servers
// (floats, json, intervals, casts to other families): those are fetched
// and compared in Go with the checker's canon().
func canonSQL(c *model.Column, m *model.Mapping) (my, pg string, ok bool) {
	mc, pc := model.MyIdent(c.MyName), model.QuoteIdent(c.Name)
	zero := "NULL"
	if m.ZeroDate == "-infinity" {
		zero = "'-infinity'"
	}
	isInt := func() bool {
		switch c.Base {
		case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year", "bool", "boolean":
			return true
		}
		return false
	}
	pgt := strings.ToLower(c.PGType)
	switch c.Conv {
	case cast.Number:
		if strings.HasPrefix(pgt, "real") || strings.HasPrefix(pgt, "double") || strings.HasPrefix(pgt, "float") {
			return "", "", false // see floatSQL
		}
		switch {
		case isInt():
			if c.Base == "year" || strings.Contains(c.MyType, "zerofill") {
				return "CAST(" + mc + "+0 AS CHAR)", pc + "::text", true
			}
			return "CAST(" + mc + " AS CHAR)", pc + "::text", true
		case c.Base == "decimal" || c.Base == "numeric" || c.Base == "dec" || c.Base == "fixed":
			if strings.HasPrefix(pgt, "numeric(") || strings.HasPrefix(pgt, "decimal(") {
				return "CAST(" + mc + " AS CHAR)", pc + "::text", true
			}
		}
		return "", "", false
	case cast.Bool:
		if isInt() || c.Base == "bit" {
			return "CASE WHEN " + mc + " IS NULL THEN NULL WHEN " + mc + "+0 = 1 THEN 't' ELSE 'f' END",
				"CASE WHEN " + pc + " IS NULL THEN NULL WHEN " + pc + " THEN 't' ELSE 'f' END", true
		}
	case cast.Bytes:
		return "LOWER(HEX(" + mc + "))", "encode(" + pc + ", 'hex')", true
	case cast.Geometry:
		return myGeomSQL(mc), pgGeomSQL(pc), true
	case cast.Bits:
		if c.Base == "bit" && c.Bits == model.ArgInt(c.Args, 0, 1) {
			return fmt.Sprintf("LPAD(BIN(%s+0), %d, '0')", mc, c.Bits), pc + "::text", true
		}
	case cast.JSON:
		if strings.HasPrefix(pgt, "json") && !model.IsJSONB(c) {
			// json keeps the text as it was given: compared as text
			return "CONVERT(" + mc + " USING utf8mb4)", pc + "::text", true
		}
	case cast.Text:
		switch c.Base {
		case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set":
			if c.Base == "char" && !strings.HasPrefix(pgt, "char") {
				return "", "", false // MySQL trims CHAR padding; text would keep it
			}
			// NULs are not stripped here (REPLACE costs): a range holding
			// one differs, and the Go checker counts it as explained.
			return "CONVERT(" + mc + " USING utf8mb4)", pc + "::text", true
		}
	case cast.Date:
		if c.Base == "date" {
			// date::text is YYYY-MM-DD (DateStyle ISO), or ±infinity
			return myDateSQL(mc, zero, "CAST("+mc+" AS CHAR)"), pc + "::text", true
		}
	case cast.Datetime:
		if c.Base == "datetime" || c.Base == "timestamp" {
			// CAST prints the column's own fractional digits (cheaper
			// than DATE_FORMAT); to_char's FFn matches them.
			if pgFrac(c) == "" && !strings.Contains(pgt, "with time zone") && !strings.HasPrefix(pgt, "timestamptz") {
				// no fraction, no zone: ::text prints what CAST does
				// (and shows a fraction that should not be there)
				return myDateSQL(mc, zero, "CAST("+mc+" AS CHAR)"), pc + "::text", true
			}
			return myDateSQL(mc, zero, "CAST("+mc+" AS CHAR)"),
				"CASE WHEN " + pc + " IS NULL THEN NULL WHEN NOT isfinite(" + pc + ") THEN " + pc + "::text ELSE to_char(" + pc + ", 'YYYY-MM-DD HH24:MI:SS" + pgFrac(c) + "') END", true
		}
	case cast.Time:
		if c.Base == "time" {
			if pgFrac(c) == "" {
				return "CAST(" + mc + " AS CHAR)", pc + "::text", true
			}
			return "CAST(" + mc + " AS CHAR)", "to_char(" + pc + ", 'HH24:MI:SS" + pgFrac(c) + "')", true
		}
	}
	return "", "", false
}

// myZeroDate: MySQL's zero and partial-zero dates (isZeroDate: year,
// month or day 0), which the conversion turns into NULL or -infinity.
// TO_DAYS is NULL for a zero month or day and below 366 in year 0: one
// call instead of YEAR, MONTH and DAY.
func myZeroDate(mc string) string {
	return "(" + mc + " IS NOT NULL AND IFNULL(TO_DAYS(" + mc + ") < 366, 1))"
}

// myDateSQL: text, or the zero-date replacement (NULL or '-infinity').
func myDateSQL(mc, zero, text string) string {
	if zero == "NULL" {
		return "IF(TO_DAYS(" + mc + ") >= 366, " + text + ", NULL)"
	}
	return "CASE WHEN " + mc + " IS NULL THEN NULL WHEN TO_DAYS(" + mc + ") >= 366 THEN " + text + " ELSE " + zero + " END"
}

// zeroDateCol: a MySQL date column the zero-date rule applies to.
func zeroDateCol(c *model.Column) bool {
	if c.Conv != cast.Date && c.Conv != cast.Datetime {
		return false
	}
	switch c.Base {
	case "date", "datetime", "timestamp":
		return true
	}
	return false
}

// pgFrac is the to_char fraction matching MySQL's fsp (FF1..FF6).
func pgFrac(c *model.Column) string {
	if n := model.ArgInt(c.Args, 0, 0); n > 0 && n <= 6 {
		return ".FF" + strconv.Itoa(n)
	}
	return ""
}

// freeText: values that may hold the field separator get a length prefix.
func freeText(c *model.Column) bool { return c.Conv == cast.Text || c.Conv == cast.JSON }

// floatSQL is an optimistic canonical form for float and double columns:
// both servers print the shortest text that round-trips, so the texts
// agree for nearly every value. Where they don't (exponent notation), the
// checksum differs and the rows are compared in Go, bit for bit, which
// decides: a formatting difference costs a fetch, never a false report.
func floatSQL(c *model.Column) (my, pg string, ok bool) {
	pgt := strings.ToLower(c.PGType)
	if c.Conv != cast.Number || !(strings.HasPrefix(pgt, "real") || strings.HasPrefix(pgt, "double")) {
		return "", "", false
	}
	switch c.Base {
	case "float", "double", "real", "double precision":
		// MySQL prints 1e-15 <= |x| < 1e15 in fixed notation, the
		// rest as 1.5e15 / 1.5e-16; PostgreSQL's shortest text uses an
		// exponent below 1e-4 (and, for real, from 1e6) and writes
		// e+15. The digits are the same, so PostgreSQL's text is
		// reshaped: through numeric (exact: it parses the shortest
		// text) inside MySQL's fixed range, 'e+' -> 'e' outside. Where
		// the digits differ (MySQL prints a float with 6 digits), the
		// range differs and Go compares the bits.
		pc := model.QuoteIdent(c.Name)
		big := "1e15"
		if strings.HasPrefix(pgt, "real") {
			big = "1e6"
		}
		pg = "CASE WHEN " + pc + " <> 0 AND abs(" + pc + ") >= 1e-15 AND (abs(" + pc + ") < 1e-4 OR (abs(" + pc + ") >= " + big + " AND abs(" + pc + ") < 1e15))" +
			" THEN " + pc + "::text::numeric::text ELSE replace(" + pc + "::text, 'e+', 'e') END"
		return "CAST(" + model.MyIdent(c.MyName) + " AS CHAR)", pg, true
	}
	return "", "", false
}

// tablePlan is how one table is verified.
type tablePlan struct {
	t       *model.Table
	res     *Result
	pk      []int // primary key columns
	intPK   bool  // single integer primary key: checksummed by ranges
	easy    []int // columns checksummed inside the databases
	myPart  map[int]string
	pgPart  map[int]string
	hard    []int // columns fetched and compared in Go
	goj     []int // jsonb columns: hashed in PostgreSQL, canonicalized in Go on the MySQL side
	myFrom  string
	myHash  string // SELECT list computing count and hash sum
	pgHash  string
	myZero  string // MySQL: number of zero dates (explained differences)
	myRowH  string // MySQL: one row's hash (60-bit integer), for myJSONSum
	myRowZ  string // MySQL: one row's zero dates
	goRow   bool   // MySQL's rows are streamed and hashed in Go (goSum)
	goCols  []int  // goRow: the columns hashed, in order
	goKinds []goKind
	mySel   string // goRow: MySQL's raw columns
	pgRowH  string // goRow: PostgreSQL's count and sum over goCols
	myJSel  string // MySQL: canonical key text and the goj columns
	pgJHash string // PostgreSQL: sum of md5(key, goj columns' jsonb text)
	mu      sync.Mutex
	started time.Time
}

func rowExprs(parts []string, mysql bool) string {
	if len(parts) == 0 {
		return ""
	}
	if mysql {
		return "CONCAT(" + strings.Join(parts, ", ',', ") + ")"
	}
	return strings.Join(parts, " || ',' || ")
}

func newPlan(t *model.Table, m *model.Mapping, goRow bool) *tablePlan {
	p := &tablePlan{t: t, res: &Result{Table: t.Ref(), PGTable: t.Schema + "." + t.Name}}
	for _, ix := range t.Indexes {
		if ix.Kind != "primary" {
			continue
		}
		for _, cn := range ix.Columns {
			for i, c := range t.Columns {
				if strings.EqualFold(c.MyName, cn) {
					p.pk = append(p.pk, i)
				}
			}
		}
	}
	if len(p.pk) == 1 {
		switch c := t.Columns[p.pk[0]]; c.Base {
		case "tinyint", "smallint", "mediumint", "int", "integer", "bigint":
			p.intPK = c.Conv == cast.Number
		}
	}
	var myParts, pgParts, zeros []string
	var jsonb []int
	for i, c := range t.Columns {
		if zeroDateCol(c) {
			zeros = append(zeros, myZeroDate(model.MyIdent(c.MyName)))
		}
		my, pg, ok := canonSQL(c, m)
		if !ok {
			my, pg, ok = floatSQL(c)
		}
		if !ok && c.Conv == cast.JSON && model.IsJSONB(c) {
			jsonb = append(jsonb, i)
			continue
		}
		if !ok {
			p.hard = append(p.hard, i)
			continue
		}
		p.easy = append(p.easy, i)
		if freeText(c) {
			myParts = append(myParts, "IFNULL(CONCAT(LENGTH("+my+"), ':', "+my+"), 'N')")
			pgParts = append(pgParts, "coalesce(octet_length("+pg+")::text || ':' || "+pg+", 'N')")
		} else {
			myParts = append(myParts, "IFNULL("+my+", 'N')")
			pgParts = append(pgParts, "coalesce("+pg+", 'N')")
		}
		if p.myPart == nil {
			p.myPart, p.pgPart = map[int]string{}, map[int]string{}
		}
		p.myPart[i], p.pgPart[i] = myParts[len(myParts)-1], pgParts[len(pgParts)-1]
	}
	// jsonb columns join the checksum when the key is checksummed in the
	// databases: PostgreSQL hashes the key's canonical text and jsonb's
	// text; Go fetches the key text and the JSON text from MySQL and
	// computes the same sum with JSONBText. Keyless tables fetch them.
	keyEasy := len(p.pk) > 0
	for _, i := range p.pk {
		if _, ok := p.myPart[i]; !ok {
			keyEasy = false
		}
	}
	if keyEasy && len(jsonb) > 0 {
		p.goj = jsonb
		var myK, pgK []string
		for _, i := range p.pk {
			myK, pgK = append(myK, p.myPart[i]), append(pgK, p.pgPart[i])
		}
		mySel, pgRow := []string{rowExprs(myK, true)}, []string{rowExprs(pgK, false)}
		for _, i := range jsonb {
			mySel = append(mySel, model.MyIdent(t.Columns[i].MyName))
			pgRow = append(pgRow, "coalesce("+model.QuoteIdent(t.Columns[i].Name)+"::text, 'N')")
		}
		p.myJSel = strings.Join(mySel, ", ")
		p.pgJHash = "coalesce(sum(('x' || substr(md5(" + rowExprs(pgRow, false) + "), 1, 15))::bit(60)::bigint), 0)::text"
	} else {
		p.hard = append(p.hard, jsonb...)
		sort.Ints(p.hard)
	}
	if len(zeros) > 0 {
		p.myZero = "COALESCE(SUM(" + strings.Join(zeros, " + ") + "), 0)"
		p.myRowZ = strings.Join(zeros, " + ")
	}
	p.myFrom = model.MyIdent(t.MyName)
	if t.MyDB != "" {
		p.myFrom = model.MyIdent(t.MyDB) + "." + p.myFrom
	}
	p.myHash, p.pgHash = "COUNT(*), '0'", "count(*), '0'"
	p.myRowH = "0"
	if len(p.easy) > 0 {
		p.myRowH = "CAST(CONV(SUBSTRING(MD5(" + rowExprs(myParts, true) + "), 1, 15), 16, 10) AS UNSIGNED)"
		p.myHash = "COUNT(*), CAST(COALESCE(SUM(" + p.myRowH + "), 0) AS CHAR)"
		p.pgHash = "count(*), coalesce(sum(('x' || substr(md5(" + rowExprs(pgParts, false) + "), 1, 15))::bit(60)::bigint), 0)::text"
	}
	if goRow {
		// one md5 per row over the in-database columns and the jsonb
		// ones, in column order, on both sides
		p.goRow = true
		var pgRow, mySel []string
		for i, c := range t.Columns {
			if _, ok := p.pgPart[i]; ok {
				pgRow = append(pgRow, p.pgPart[i])
			} else if slices.Contains(p.goj, i) {
				pgRow = append(pgRow, "coalesce("+model.QuoteIdent(c.Name)+"::text, 'N')")
			} else {
				continue
			}
			p.goCols = append(p.goCols, i)
			p.goKinds = append(p.goKinds, kindOf(c))
			mySel = append(mySel, model.MyIdent(c.MyName))
		}
		p.mySel = "1"
		p.pgRowH = "count(*), '0'"
		if len(mySel) > 0 {
			p.mySel = strings.Join(mySel, ", ")
			p.pgRowH = "count(*), coalesce(sum(('x' || substr(md5(" + rowExprs(pgRow, false) + "), 1, 15))::bit(60)::bigint), 0)::text"
		}
	}
	switch {
	case p.intPK:
		p.res.Method = "pk-ranges"
	case len(p.pk) > 0:
		p.res.Method = "whole-table"
	default:
		p.res.Method = "multiset"
	}
	return p
}

type verifier struct {
	ctx  context.Context
	my   myQuerier // a session's snapshot readers (verify_snapshot.go)
	pg   pgQuerier
	m    *model.Mapping
	vo   Options
	emit func(dump.Event)
}

// Verify compares every table between MySQL and PostgreSQL: per table a
// checksum over every row and column in a canonical form computed inside
// each database (by primary-key ranges for a single integer key), ranges
// that differ bisected down to LeafRows rows, which are then fetched and
// compared value by value in Go (the checker's canonical forms), naming
// key and column. Columns whose text forms differ between the servers
// (floats, json, intervals) are fetched (key + those columns) and
// compared in Go. Tables without a usable key are compared whole
// (multisets for keyless tables). Everything, the key bounds included,
// is read in ONE snapshot per database (verify_snapshot.go): the verdict
// is about one moment, and a write after it is for the caller's write
// mark to catch (the cutover reads it again after verify). my must be
// opened with OpenMySQL (UTC, utf8mb4) and pg with OpenVerifyPG; verify
// uses up to Jobs+1 connections of each (the lock, the exporter).
func Verify(ctx context.Context, my *sql.DB, pg *pgxpool.Pool, tables []*model.Table, vo Options) ([]*Result, error) {
	if vo.Jobs <= 0 {
		vo.Jobs = 4
	}
	if vo.ChunkRows <= 0 {
		vo.ChunkRows = 50000
	}
	if vo.LeafRows <= 0 {
		vo.LeafRows = 500
	}
	if vo.MaxSamples <= 0 {
		vo.MaxSamples = 20
	}
	if err := adoptTargetGeometry(ctx, pg, tables); err != nil {
		return nil, err
	}
	v := &verifier{ctx: ctx, m: vo.Mapping(), vo: vo, emit: vo.OnEvent}
	if v.emit == nil {
		v.emit = func(dump.Event) {}
	}
	// The types PostgreSQL really has (a fitted interval, smallint, json),
	// read before the snapshot's sessions take every pooled connection.
	if err := adoptFittedTypes(ctx, pg, tables); err != nil {
		return nil, err
	}
	// One moment of each database (verify_snapshot.go): every query,
	// the key bounds included, runs in the snapshot.
	snap, err := openVerifySnapshot(ctx, my, pg, vo.Jobs)
	if err != nil {
		return nil, err
	}
	defer snap.close()
	if snap.warning != "" {
		v.emit(dump.Ev(dump.EvWarning, "", 0, errors.New(snap.warning)))
	}
	// in runs f with a verifier reading through a free session.
	in := func(ctx context.Context, f func(w *verifier) error) error {
		vs, err := snap.take(ctx)
		if err != nil {
			return err
		}
		if vs.err != nil {
			snap.give(vs, false)
			return vs.err
		}
		w := *v
		w.my, w.pg = vs.my, vs.pg
		err = f(&w)
		snap.give(vs, err != nil)
		return err
	}
	plans := make([]*tablePlan, len(tables))
	for i, t := range tables {
		plans[i] = newPlan(t, v.m, !vo.HashInMySQL)
	}
	// Work units: whole tables, or integer-key ranges.
	type unit struct {
		p      *tablePlan
		lo, hi int64
		whole  bool
	}
	var units []unit
	var pending sync.Map // plan -> remaining units
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(vo.Jobs)
	var umu sync.Mutex
	for _, p := range plans {
		if !p.intPK {
			umu.Lock()
			units = append(units, unit{p: p, whole: true})
			umu.Unlock()
			continue
		}
		p := p
		g.Go(func() error {
			var lo, hi, n int64
			err := in(gctx, func(w *verifier) (err error) {
				lo, hi, n, err = w.keyBounds(gctx, p)
				return err
			})
			if err != nil {
				// e.g. bigint unsigned keys past 2^63: compare the whole table
				p.intPK = false
				p.res.Method = "whole-table"
				umu.Lock()
				units = append(units, unit{p: p, whole: true})
				umu.Unlock()
				return nil
			}
			umu.Lock()
			defer umu.Unlock()
			if n == 0 || hi < lo {
				units = append(units, unit{p: p, lo: 0, hi: -1})
				return nil
			}
			parts := (n + vo.ChunkRows - 1) / vo.ChunkRows
			width := (hi-lo)/parts + 1
			for a := lo; ; a += width {
				b := a + width - 1
				if b > hi || b < a { // overflow
					b = hi
				}
				units = append(units, unit{p: p, lo: a, hi: b})
				if b >= hi {
					break
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if AfterBounds != nil {
		AfterBounds()
	}
	for _, u := range units {
		c, _ := pending.LoadOrStore(u.p, new(int64))
		*c.(*int64)++
	}
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(vo.Jobs)
	for _, u := range units {
		u := u
		g.Go(func() error {
			p := u.p
			p.mu.Lock()
			if p.started.IsZero() {
				p.started = time.Now() // seconds: from the table's first unit
			}
			p.mu.Unlock()
			if p.res.Err == nil && gctx.Err() == nil {
				err := in(gctx, func(w *verifier) error {
					if u.whole {
						return w.wholeTable(gctx, p)
					} else if u.hi >= u.lo {
						return w.pkRange(gctx, p, u.lo, u.hi, true)
					}
					return nil
				})
				if err != nil {
					p.fail(err)
				}
			}
			c, _ := pending.Load(p)
			p.mu.Lock()
			*c.(*int64)--
			last := *c.(*int64) == 0
			p.mu.Unlock()
			if last {
				p.mu.Lock()
				p.res.Seconds = time.Since(p.started).Seconds()
				p.mu.Unlock()
				sort.Slice(p.res.Mismatches, func(i, j int) bool { return keyLess(p.res.Mismatches[i].Key, p.res.Mismatches[j].Key) })
				v.emit(dump.Ev(dump.EvTableDone, p.res.Table, p.res.MySQLRows, p.res.Err))
			}
			return nil
		})
	}
	g.Wait()
	// The rows are compared: the snapshot's connections go back to the
	// pools (the schema check below needs them).
	snap.close()
	out := make([]*Result, len(plans))
	bad := 0
	for i, p := range plans {
		out[i] = p.res
		if !p.res.OK() {
			bad++
		}
	}
	if !vo.SkipSchema && ctx.Err() == nil {
		r := verifySchema(ctx, my, pg, tables, vo)
		out = append(out, r)
		if !r.OK() {
			bad++
		}
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	if bad > 0 {
		return out, &Error{Bad: bad, Total: len(out)}
	}
	return out, nil
}

func keyLess(a, b string) bool {
	x, e1 := strconv.ParseInt(a, 10, 64)
	y, e2 := strconv.ParseInt(b, 10, 64)
	if e1 == nil && e2 == nil {
		return x < y
	}
	return a < b
}

func (p *tablePlan) fail(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.res.Err == nil {
		p.res.Err = fmt.Errorf("%s: %w", p.t.Ref(), err)
	}
}

func (p *tablePlan) add(myRows, pgRows int64, ranges int, d *TableDiff, samples int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.res.MySQLRows += myRows
	p.res.PGRows += pgRows
	p.res.Ranges += ranges
	if d != nil {
		p.res.Fetched += max(d.MySQLRows, d.PGRows)
		// zero dates are counted by the checksum query (explain)
		p.res.Explained += d.Explained - d.zeroDates
		p.res.MismatchCount += int64(len(d.Mismatches))
		for _, mm := range d.Mismatches {
			if len(p.res.Mismatches) < samples {
				p.res.Mismatches = append(p.res.Mismatches, mm)
			}
		}
	}
}

// explain counts zero dates the checksum query found.
func (p *tablePlan) explain(n int64) {
	p.mu.Lock()
	p.res.Explained += n
	p.mu.Unlock()
}

// keyBounds: the integer key's range over both sides (index lookups) and
// the larger of the servers' row estimates (a COUNT(*) would cost a scan;
// the checksums count exactly). Without estimates, the key span.
func (v *verifier) keyBounds(ctx context.Context, p *tablePlan) (lo, hi, n int64, err error) {
	mk, pk := model.MyIdent(p.t.Columns[p.pk[0]].MyName), model.QuoteIdent(p.t.Columns[p.pk[0]].Name)
	var a, b sql.NullInt64
	if err = v.my.QueryRowContext(ctx, "SELECT MIN("+mk+"), MAX("+mk+") FROM "+p.myFrom).Scan(&a, &b); err != nil {
		return 0, 0, 0, fmt.Errorf("mysql: %w", err)
	}
	var est sql.NullInt64
	db := p.t.MyDB
	if db == "" {
		db = "DATABASE()"
	} else {
		db = "'" + strings.ReplaceAll(db, "'", "''") + "'"
	}
	if err = v.my.QueryRowContext(ctx, "SELECT MAX(TABLE_ROWS) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "+db+" AND TABLE_NAME = ?", p.t.MyName).Scan(&est); err != nil {
		return 0, 0, 0, fmt.Errorf("mysql: %w", err)
	}
	n = est.Int64
	var c, d *int64
	var m int64
	if err = v.pg.QueryRow(ctx, "SELECT min("+pk+")::bigint, max("+pk+")::bigint, (SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = '"+strings.ReplaceAll(p.t.QName(), "'", "''")+"'::regclass) FROM "+p.t.QName()).Scan(&c, &d, &m); err != nil {
		return 0, 0, 0, fmt.Errorf("postgres: %w", err)
	}
	n = max(n, m)
	lo, hi = 1, 0
	set := func(x int64) {
		if lo > hi {
			lo, hi = x, x
			return
		}
		lo, hi = min(lo, x), max(hi, x)
	}
	if a.Valid {
		set(a.Int64)
		set(b.Int64)
	}
	if c != nil {
		set(*c)
		set(*d)
	}
	if n <= 0 && hi >= lo {
		n = min(hi-lo+1, 1<<40)
		if n <= 0 { // overflow of the span
			n = 1 << 40
		}
	}
	return lo, hi, n, nil
}

// rangeSums are one key range's (or table's) checksums on both sides.
type rangeSums struct {
	myN, pgN int64
	zero     int64 // zero dates in MySQL (explained differences)
	same     bool
}

func (v *verifier) sums(ctx context.Context, p *tablePlan, myWhere, pgWhere string) (r rangeSums, err error) {
	var myS, pgS, myJ, pgJ string
	// Not WithContext: cancelling one side's query would close its
	// snapshot connection.
	var g errgroup.Group
	gctx := ctx
	if p.goRow {
		g.Go(func() error {
			var err error
			r.myN, myS, r.zero, err = v.goSum(gctx, p, myWhere)
			return err
		})
		g.Go(func() error {
			if err := v.pg.QueryRow(gctx, "SELECT "+p.pgRowH+" FROM "+p.t.QName()+pgWhere, pgx.QueryExecModeSimpleProtocol).Scan(&r.pgN, &pgS); err != nil {
				return fmt.Errorf("postgres checksum: %w", err)
			}
			return nil
		})
		err = g.Wait()
		r.same = r.myN == r.pgN && myS == pgS
		return r, err
	}
	if len(p.goj) > 0 {
		// one scan: MySQL hashes each row's other columns, Go sums
		// them and the jsonb columns' canonical text
		g.Go(func() error {
			var err error
			r.myN, myS, r.zero, myJ, err = v.myJSONSum(gctx, p, myWhere)
			return err
		})
	} else {
		g.Go(func() error {
			q, dest := "SELECT "+p.myHash, []any{&r.myN, &myS}
			if p.myZero != "" {
				q, dest = q+", "+p.myZero, append(dest, &r.zero)
			}
			if err := v.my.QueryRowContext(gctx, q+" FROM "+p.myFrom+myWhere).Scan(dest...); err != nil {
				return fmt.Errorf("mysql checksum: %w", err)
			}
			return nil
		})
	}
	g.Go(func() error {
		q, dest := "SELECT "+p.pgHash, []any{&r.pgN, &pgS}
		if len(p.goj) > 0 {
			q, dest = q+", "+p.pgJHash, append(dest, &pgJ)
		}
		if err := v.pg.QueryRow(gctx, q+" FROM "+p.t.QName()+pgWhere, pgx.QueryExecModeSimpleProtocol).Scan(dest...); err != nil {
			return fmt.Errorf("postgres checksum: %w", err)
		}
		return nil
	})
	err = g.Wait()
	r.same = r.myN == r.pgN && myS == pgS && myJ == pgJ
	return r, err
}

// goKind is how Go writes a MySQL value in the canonical form canonSQL
// and floatSQL compute inside MySQL (used when the rows are streamed).
type goKind uint8

const (
	gkRaw   goKind = iota // as MySQL prints it: ints, decimals, floats, times
	gkTrim0               // year, zerofill: mc+0
	gkBool                // mc+0 = 1 -> t, else f
	gkHex                 // LOWER(HEX(mc))
	gkBits                // LPAD(BIN(mc+0), n, '0')
	gkText                // length-prefixed utf8mb4 text
	gkDate                // zero dates -> NULL or -infinity
	gkJSONB               // jsonb's text (jsonbText)
	gkFloat               // as CAST prints it: 1e38, where the text protocol says 1e+38
	gkGeom                // SRID:wkb-hex (myGeomCanon)
)

func kindOf(c *model.Column) goKind {
	switch c.Conv {
	case cast.Number:
		if c.Base == "year" || strings.Contains(c.MyType, "zerofill") {
			return gkTrim0
		}
		switch c.Base {
		case "float", "double", "real", "double precision":
			return gkFloat
		}
	case cast.Bool:
		return gkBool
	case cast.Bytes:
		return gkHex
	case cast.Geometry:
		return gkGeom
	case cast.Bits:
		return gkBits
	case cast.Text:
		return gkText
	case cast.JSON:
		if model.IsJSONB(c) {
			return gkJSONB
		}
		return gkText
	case cast.Date, cast.Datetime:
		return gkDate
	}
	return gkRaw
}

// goSum is MySQL's side of the checksum computed in Go: the rows of the
// range are streamed (text protocol, as mysqldump sees them) and each is
// written in the canonical form canonSQL describes, md5-hashed and
// summed exactly as PostgreSQL's pgRowH does; zero dates are counted.
func (v *verifier) goSum(ctx context.Context, p *tablePlan, myWhere string) (n int64, sum string, zero int64, err error) {
	rows, err := v.my.QueryContext(ctx, "SELECT "+p.mySel+" FROM "+p.myFrom+myWhere)
	if err != nil {
		return 0, "", 0, fmt.Errorf("mysql rows: %w", err)
	}
	defer rows.Close()
	raw := make([]sql.RawBytes, max(len(p.goCols), 1))
	ptr := make([]any, len(raw))
	for i := range raw {
		ptr[i] = &raw[i]
	}
	negInf := v.m.ZeroDate == "-infinity"
	var s u128
	var buf []byte
	for rows.Next() {
		if err := rows.Scan(ptr...); err != nil {
			return 0, "", 0, fmt.Errorf("mysql rows: %w", err)
		}
		n++
		if len(p.goCols) == 0 {
			continue
		}
		buf = buf[:0]
		for k, i := range p.goCols {
			if k > 0 {
				buf = append(buf, ',')
			}
			var e bool
			buf, e = appendCanon(buf, p.t.Columns[i], p.goKinds[k], raw[k], negInf)
			if e {
				zero++
			}
		}
		h := md5.Sum(buf)
		s.add(binary.BigEndian.Uint64(h[:8]) >> 4)
	}
	if err := rows.Err(); err != nil {
		return 0, "", 0, fmt.Errorf("mysql rows: %w", err)
	}
	if len(p.goCols) == 0 {
		return n, "0", 0, nil
	}
	return n, s.String(), zero, nil
}

// appendCanon appends one value's canonical text (canonSQL's MySQL
// expression, in Go, with the NUL rule applied); expl reports a
// difference the fidelity rules explain (a zero date, stripped NULs).
func appendCanon(dst []byte, c *model.Column, k goKind, raw []byte, negInf bool) (out []byte, expl bool) {
	if raw == nil {
		return append(dst, 'N'), false
	}
	const hexd = "0123456789abcdef"
	switch k {
	case gkTrim0:
		t := bytes.TrimLeft(raw, "0")
		if len(t) == 0 || t[0] == '.' {
			dst = append(dst, '0')
		}
		return append(dst, t...), false
	case gkBool:
		var n uint64
		if c.Base == "bit" {
			for _, b := range raw {
				n = n<<8 | uint64(b)
			}
		} else if len(raw) == 1 && raw[0] == '1' {
			n = 1
		}
		if n == 1 {
			return append(dst, 't'), false
		}
		return append(dst, 'f'), false
	case gkHex:
		for _, b := range raw {
			dst = append(dst, hexd[b>>4], hexd[b&15])
		}
		return dst, false
	case gkBits:
		var n uint64
		for _, b := range raw {
			n = n<<8 | uint64(b)
		}
		s := strconv.FormatUint(n, 2)
		for i := len(s); i < c.Bits; i++ {
			dst = append(dst, '0')
		}
		return append(dst, s...), false
	case gkText:
		if bytes.IndexByte(raw, 0) >= 0 {
			// PostgreSQL text cannot hold NUL: the conversion strips it
			raw = bytes.ReplaceAll(raw, []byte{0}, nil)
			expl = true
		}
		dst = strconv.AppendInt(dst, int64(len(raw)), 10)
		dst = append(dst, ':')
		return append(dst, raw...), expl
	case gkFloat:
		if i := bytes.Index(raw, []byte("e+")); i >= 0 {
			dst = append(dst, raw[:i+1]...)
			return append(dst, raw[i+2:]...), false
		}
		return append(dst, raw...), false
	case gkDate:
		if model.IsZeroDate(raw) {
			if negInf {
				return append(dst, "-infinity"...), true
			}
			return append(dst, 'N'), true
		}
		return append(dst, raw...), false
	case gkGeom:
		return myGeomCanon(dst, raw), false
	case gkJSONB:
		out, ok := JSONBText(dst, raw)
		if !ok {
			return append(dst, "\x00 not canonical"...), false
		}
		return out, false
	}
	return append(dst, raw...), false
}

// u128 is a sum of 60-bit hashes.
type u128 struct{ hi, lo uint64 }

func (u *u128) add(x uint64) {
	var c uint64
	u.lo, c = bits.Add64(u.lo, x, 0)
	u.hi += c
}

func (u u128) String() string {
	n := new(big.Int).SetUint64(u.hi)
	return n.Lsh(n, 64).Or(n, new(big.Int).SetUint64(u.lo)).String()
}

// myJSONSum is MySQL's side of the checksum for tables with jsonb
// columns, in one scan: MySQL hashes each row's other columns (myRowH)
// and counts its zero dates; Go sums those, and md5(key, jsonb text of
// each document) as PostgreSQL's pgJHash does. A document JSONBText
// refuses gets a text PostgreSQL never prints: its range differs and the
// leaf comparison (which asks PostgreSQL) decides.
func (v *verifier) myJSONSum(ctx context.Context, p *tablePlan, myWhere string) (n int64, rowSum string, zero int64, jsonSum string, err error) {
	z := "0"
	if p.myRowZ != "" {
		z = p.myRowZ
	}
	rows, err := v.my.QueryContext(ctx, "SELECT "+p.myRowH+", "+z+", "+p.myJSel+" FROM "+p.myFrom+myWhere)
	if err != nil {
		return 0, "", 0, "", fmt.Errorf("mysql checksum: %w", err)
	}
	defer rows.Close()
	raw := make([]sql.RawBytes, 3+len(p.goj))
	ptr := make([]any, len(raw))
	for i := range raw {
		ptr[i] = &raw[i]
	}
	var rs, js u128
	var buf []byte
	for rows.Next() {
		if err := rows.Scan(ptr...); err != nil {
			return 0, "", 0, "", fmt.Errorf("mysql checksum: %w", err)
		}
		n++
		h, err1 := strconv.ParseUint(string(raw[0]), 10, 64)
		zd, err2 := strconv.ParseInt(string(raw[1]), 10, 64)
		if err1 != nil || err2 != nil {
			return 0, "", 0, "", fmt.Errorf("mysql checksum: bad row hash %q %q", raw[0], raw[1])
		}
		rs.add(h)
		zero += zd
		buf = append(buf[:0], raw[2]...)
		for _, j := range raw[3:] {
			buf = append(buf, ',')
			if j == nil {
				buf = append(buf, 'N')
				continue
			}
			var ok bool
			if buf, ok = JSONBText(buf, j); !ok {
				buf = append(buf, "\x00 not canonical"...)
			}
		}
		sum := md5.Sum(buf)
		js.add(binary.BigEndian.Uint64(sum[:8]) >> 4)
	}
	if err := rows.Err(); err != nil {
		return 0, "", 0, "", fmt.Errorf("mysql checksum: %w", err)
	}
	return n, rs.String(), zero, js.String(), nil
}

func rangeWhere(mk, pk string, lo, hi int64) (string, string) {
	r := fmt.Sprintf(" BETWEEN %d AND %d", lo, hi)
	return " WHERE " + mk + r, " WHERE " + pk + r
}

// pkRange checksums [lo,hi]; a difference is bisected down to LeafRows
// and compared row by row. top ranges count their rows into the result.
func (v *verifier) pkRange(ctx context.Context, p *tablePlan, lo, hi int64, top bool) error {
	mk, pk := model.MyIdent(p.t.Columns[p.pk[0]].MyName), model.QuoteIdent(p.t.Columns[p.pk[0]].Name)
	mw, pw := rangeWhere(mk, pk, lo, hi)
	r, err := v.sums(ctx, p, mw, pw)
	if err != nil {
		return err
	}
	myN, pgN, same := r.myN, r.pgN, r.same
	if top {
		p.add(myN, pgN, 1, nil, 0)
		p.explain(r.zero)
		if len(p.hard) > 0 {
			// floats, json, ...: key + those columns compared in Go
			d, err := v.fetchCompare(ctx, p, append(append([]int{}, p.pk...), p.hard...), mw, pw)
			if err != nil {
				return err
			}
			// missing and extra rows change the count, so the checksum
			// differs and the leaf comparison names them once.
			kept := d.Mismatches[:0]
			for _, mm := range d.Mismatches {
				if mm.Column != "(row)" {
					kept = append(kept, mm)
				}
			}
			d.Mismatches = kept
			p.add(0, 0, 0, d, v.vo.MaxSamples)
		}
	}
	if same {
		return nil
	}
	if max(myN, pgN) <= v.vo.LeafRows || hi == lo {
		cols := make([]int, 0, len(p.t.Columns))
		cols = append(cols, p.pk...)
		cols = append(cols, p.easy...)
		cols = append(cols, p.goj...)
		d, err := v.fetchCompare(ctx, p, cols, mw, pw)
		if err != nil {
			return err
		}
		p.add(0, 0, 0, d, v.vo.MaxSamples)
		return nil
	}
	mid := lo + (hi-lo)/2
	if err := v.pkRange(ctx, p, lo, mid, false); err != nil {
		return err
	}
	return v.pkRange(ctx, p, mid+1, hi, false)
}

// wholeTable: tables without a single integer key.
func (v *verifier) wholeTable(ctx context.Context, p *tablePlan) error {
	r, err := v.sums(ctx, p, "", "")
	if err != nil {
		return err
	}
	myN, pgN, same := r.myN, r.pgN, r.same
	p.add(myN, pgN, 1, nil, 0)
	p.explain(r.zero)
	if same && len(p.hard) == 0 {
		return nil
	}
	all := make([]int, len(p.t.Columns))
	for i := range all {
		all[i] = i
	}
	n := max(myN, pgN)
	nb := min(max(n/(4*v.vo.LeafRows), 2), 4096)
	myB, pgB, ok := p.bucketExprs(nb)
	if n <= 20*v.vo.LeafRows || !ok {
		d, err := v.fetchCompare(ctx, p, all, "", "")
		if err != nil {
			return err
		}
		p.add(0, 0, 0, d, v.vo.MaxSamples)
		return nil
	}
	// Buckets by a hash of the key (keyless: of the row): the same row
	// falls in the same bucket on both sides, so only buckets whose
	// checksums differ are fetched (all of them, one at a time, when
	// float/json columns must be compared in Go): bounded memory.
	p.mu.Lock()
	p.res.Method += "+buckets"
	p.mu.Unlock()
	var buckets []string
	if len(p.hard) > 0 || len(p.goj) > 0 {
		for b := int64(0); b < nb; b++ {
			buckets = append(buckets, fmt.Sprint(b))
		}
	} else {
		buckets, err = v.diffBuckets(ctx, p, myB, pgB)
		if err != nil {
			return err
		}
	}
	// Several buckets per fetch (each fetch scans the table on both
	// sides), about 50000 rows at a time.
	per := max(int(50000/(n/nb+1)), 1)
	for len(buckets) > 0 {
		k := min(per, len(buckets))
		in := " IN (" + strings.Join(buckets[:k], ", ") + ")"
		buckets = buckets[k:]
		d, err := v.fetchCompare(ctx, p, all, " WHERE "+myB+in, " WHERE "+pgB+in)
		if err != nil {
			return err
		}
		p.add(0, 0, 0, d, v.vo.MaxSamples)
	}
	return nil
}

// bucketExprs: bucket number 0..nb-1 from the md5 of the canonical key
// (keyless tables: of the in-database columns).
func (p *tablePlan) bucketExprs(nb int64) (my, pg string, ok bool) {
	cols := p.pk
	if len(cols) == 0 {
		cols = p.easy
	}
	var myParts, pgParts []string
	for _, i := range cols {
		if _, ok := p.myPart[i]; !ok {
			return "", "", false
		}
		myParts = append(myParts, p.myPart[i])
		pgParts = append(pgParts, p.pgPart[i])
	}
	if len(myParts) == 0 {
		return "", "", false
	}
	my = fmt.Sprintf("MOD(CAST(CONV(SUBSTRING(MD5(%s), 1, 6), 16, 10) AS UNSIGNED), %d)", rowExprs(myParts, true), nb)
	pg = fmt.Sprintf("((('x' || substr(md5(%s), 1, 6))::bit(24)::int %% %d))", rowExprs(pgParts, false), nb)
	return my, pg, true
}

// diffBuckets lists the buckets whose count or checksum differ.
func (v *verifier) diffBuckets(ctx context.Context, p *tablePlan, myB, pgB string) ([]string, error) {
	read := func(next func() (string, string, bool, error)) (map[string]string, error) {
		m := map[string]string{}
		for {
			k, val, ok, err := next()
			if err != nil {
				return nil, err
			}
			if !ok {
				return m, nil
			}
			m[k] = val
		}
	}
	rows, err := v.my.QueryContext(ctx, "SELECT "+myB+" AS b, CONCAT("+strings.Replace(p.myHash, ", ", ", '/', ", 1)+") FROM "+p.myFrom+" GROUP BY b")
	if err != nil {
		return nil, fmt.Errorf("mysql buckets: %w", err)
	}
	defer rows.Close()
	myM, err := read(func() (string, string, bool, error) {
		if !rows.Next() {
			return "", "", false, rows.Err()
		}
		var k, val string
		err := rows.Scan(&k, &val)
		return k, val, err == nil, err
	})
	if err != nil {
		return nil, err
	}
	pr, err := v.pg.Query(ctx, "SELECT ("+pgB+")::text AS b, "+strings.Replace(p.pgHash, ", ", " || '/' || ", 1)+" FROM "+p.t.QName()+" GROUP BY 1", pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return nil, fmt.Errorf("postgres buckets: %w", err)
	}
	defer pr.Close()
	pgM, err := read(func() (string, string, bool, error) {
		if !pr.Next() {
			return "", "", false, pr.Err()
		}
		var k, val string
		err := pr.Scan(&k, &val)
		return k, val, err == nil, err
	})
	if err != nil {
		return nil, err
	}
	var out []string
	for k, val := range myM {
		if pgM[k] != val {
			out = append(out, k)
		}
	}
	for k := range pgM {
		if _, ok := myM[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out, nil
}

// fetchCompare reads cols of the rows matching the WHERE clauses from
// both sides and compares them with the checker (compare.go's canonical
// values and explained differences). Rows are held in memory: callers
// pass bounded ranges (or whole tables without an integer key).
func (v *verifier) fetchCompare(ctx context.Context, p *tablePlan, cols []int, myWhere, pgWhere string) (*TableDiff, error) {
	sub := &model.Table{MyDB: p.t.MyDB, MyName: p.t.MyName, Schema: p.t.Schema, Name: p.t.Name}
	seen := map[int]bool{}
	for _, i := range cols {
		if !seen[i] {
			seen[i] = true
			sub.Columns = append(sub.Columns, p.t.Columns[i])
		}
	}
	for _, ix := range p.t.Indexes {
		if ix.Kind == "primary" {
			sub.Indexes = []*model.Index{ix}
		}
	}
	return compareWhere(ctx, v.my, v.pg, sub, v.m, myWhere, pgWhere)
}
