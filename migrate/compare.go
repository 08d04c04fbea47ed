package migrate

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Mismatch is one value that differs between MySQL and PostgreSQL.
type Mismatch struct {
	Key    string // primary key values (or row text for keyless tables)
	Column string
	MySQL  string
	PG     string
}

// TableDiff is the value-by-value comparison of one table.
type TableDiff struct {
	Table      string // db.table in MySQL
	MySQLRows  int64
	PGRows     int64
	Explained  int64 // differences the fidelity rules account for
	Mismatches []Mismatch
}

// OK reports whether the table matched (explained differences allowed).
func (d *TableDiff) OK() bool { return len(d.Mismatches) == 0 && d.MySQLRows == d.PGRows }

// Compare reads every row of each table from MySQL (db) and PostgreSQL
// (pg, in t.Schema) and compares canonical values column by column, using
// the same column mapping the conversion used. Differences the fidelity
// rules produce (zero dates -> NULL, stripped NULs) are counted as
// explained. Rows are matched by primary key; keyless tables as multisets.
//
// It holds one table's rows in memory: meant for tests and modest tables
// (migrate verify will checksum primary-key ranges instead).
func Compare(ctx context.Context, my *sql.DB, pg *pgx.Conn, tables []*Table, m *Mapping) ([]*TableDiff, error) {
	if _, err := my.ExecContext(ctx, "SET time_zone = '+00:00'"); err != nil {
		return nil, err
	}
	if _, err := pg.Exec(ctx, "SET timezone = 'UTC'; SET intervalstyle = 'postgres'; SET datestyle = 'ISO, YMD'; SET extra_float_digits = 1"); err != nil {
		return nil, err
	}
	var out []*TableDiff
	for _, t := range tables {
		d, err := compareTable(ctx, my, pg, t, m)
		if err != nil {
			return out, fmt.Errorf("compare %s: %w", t.Ref(), err)
		}
		out = append(out, d)
	}
	return out, nil
}

func myIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

func compareTable(ctx context.Context, my *sql.DB, pg *pgx.Conn, t *Table, m *Mapping) (*TableDiff, error) {
	return compareWhere(ctx, my, pg, t, m, "", "")
}

// compareWhere compares the rows the WHERE clauses select (verify.go).
func compareWhere(ctx context.Context, my *sql.DB, pg *pgx.Conn, t *Table, m *Mapping, myWhere, pgWhere string) (*TableDiff, error) {
	d := &TableDiff{Table: t.Ref()}
	var pk []int
	for _, ix := range t.Indexes {
		if ix.Kind == "primary" {
			for _, cn := range ix.Columns {
				for i, c := range t.Columns {
					if strings.EqualFold(c.MyName, cn) {
						pk = append(pk, i)
					}
				}
			}
		}
	}
	myCols := make([]string, len(t.Columns))
	pgCols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		myCols[i] = myIdent(c.MyName)
		pgCols[i] = quoteIdent(c.Name)
	}
	from := myIdent(t.MyName)
	if t.MyDB != "" {
		from = myIdent(t.MyDB) + "." + from
	}
	// MySQL side, text protocol: values as MySQL prints them.
	myRows := map[string][]*string{}
	var myList [][]*string
	rows, err := my.QueryContext(ctx, "SELECT "+strings.Join(myCols, ", ")+" FROM "+from+myWhere)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		raw := make([]sql.RawBytes, len(t.Columns))
		ptr := make([]any, len(raw))
		for i := range raw {
			ptr[i] = &raw[i]
		}
		if err := rows.Scan(ptr...); err != nil {
			rows.Close()
			return nil, err
		}
		vals := make([]*string, len(raw))
		for i, r := range raw {
			if r != nil {
				s := string(r)
				vals[i] = &s
			}
		}
		d.MySQLRows++
		myList = append(myList, vals)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	pgRows, err := pg.Query(ctx, "SELECT "+strings.Join(pgCols, ", ")+" FROM "+t.QName()+pgWhere, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return nil, err
	}
	var pgList [][]*string
	for pgRows.Next() {
		raw := pgRows.RawValues()
		vals := make([]*string, len(raw))
		for i, r := range raw {
			if r != nil {
				s := string(r)
				vals[i] = &s
			}
		}
		d.PGRows++
		pgList = append(pgList, vals)
	}
	pgRows.Close()
	if err := pgRows.Err(); err != nil {
		return nil, err
	}
	canonRow := func(side int, vals []*string) []string {
		out := make([]string, len(vals))
		for i, v := range vals {
			out[i] = canon(side, t.Columns[i], v, m)
		}
		return out
	}
	keyOf := func(c []string) string {
		if len(pk) == 0 {
			return strings.Join(c, "\x1f")
		}
		k := make([]string, len(pk))
		for i, p := range pk {
			k[i] = c[p]
		}
		return strings.Join(k, ",")
	}
	counts := map[string]int{}
	for _, r := range myList {
		c := canonRow(0, r)
		k := keyOf(c)
		if len(pk) == 0 {
			counts[k]++
			continue
		}
		myRows[k] = r
	}
	seen := map[string]bool{}
	for _, r := range pgList {
		c := canonRow(1, r)
		k := keyOf(c)
		if len(pk) == 0 {
			counts[k]--
			continue
		}
		mr, ok := myRows[k]
		if !ok {
			d.Mismatches = append(d.Mismatches, Mismatch{Key: k, Column: "(row)", MySQL: "(missing)", PG: "(extra row)"})
			continue
		}
		seen[k] = true
		mc := canonRow(0, mr)
		for i := range c {
			if mc[i] == c[i] {
				continue
			}
			if explained(t.Columns[i], mr[i], r[i], m) {
				d.Explained++
				continue
			}
			d.Mismatches = append(d.Mismatches, Mismatch{Key: k, Column: t.Columns[i].MyName, MySQL: mc[i], PG: c[i]})
		}
	}
	for k := range myRows {
		if !seen[k] {
			d.Mismatches = append(d.Mismatches, Mismatch{Key: k, Column: "(row)", MySQL: "(row)", PG: "(missing)"})
		}
	}
	keys := make([]string, 0, len(counts))
	for k, n := range counts {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		d.Mismatches = append(d.Mismatches, Mismatch{Key: strings.ReplaceAll(k, "\x1f", "|"), Column: "(row)", MySQL: fmt.Sprintf("count %+d", counts[k]), PG: "multiset differs"})
	}
	sort.Slice(d.Mismatches, func(i, j int) bool { return d.Mismatches[i].Key < d.Mismatches[j].Key })
	return d, nil
}

// explained: zero dates that became NULL/-infinity, text that lost NULs.
func explained(c *Column, my, pg *string, m *Mapping) bool {
	if my == nil {
		return false
	}
	switch c.conv {
	case cvDate, cvDatetime:
		if isZeroDate([]byte(*my)) {
			if m.ZeroDate == "-infinity" {
				return pg != nil && *pg == "-infinity"
			}
			return pg == nil
		}
	case cvText, cvJSON:
		if pg != nil && strings.IndexByte(*my, 0) >= 0 && strings.ReplaceAll(*my, "\x00", "") == canonText(c, *pg) {
			return true
		}
	}
	return false
}

func canonText(c *Column, s string) string {
	if c.Base == "char" {
		return strings.TrimRight(s, " ")
	}
	return s
}

// canon turns one value (side 0 = MySQL text, 1 = PostgreSQL text) into a
// comparable string.
func canon(side int, c *Column, v *string, m *Mapping) string {
	if v == nil {
		return "NULL"
	}
	s := *v
	switch c.conv {
	case cvNumber:
		if side == 0 && len(s) > 0 && !isNumeric(s) {
			// bit into a number, or a raw binary value
			var n uint64
			for i := 0; i < len(s); i++ {
				n = n<<8 | uint64(s[i])
			}
			s = strconv.FormatUint(n, 10)
		}
		if strings.HasPrefix(c.PGType, "real") || c.PGType == "float4" {
			f, err := strconv.ParseFloat(s, 32)
			if err == nil {
				return "f32:" + strconv.FormatUint(uint64(math.Float32bits(float32(f))), 16)
			}
		}
		if strings.HasPrefix(c.PGType, "double") || c.PGType == "float8" {
			f, err := strconv.ParseFloat(s, 64)
			if err == nil {
				return "f64:" + strconv.FormatUint(math.Float64bits(f), 16)
			}
		}
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			return "num?" + s
		}
		return r.RatString()
	case cvBool:
		if side == 1 {
			return s
		}
		var n uint64
		if s == "0" || s == "1" {
			n = uint64(s[0] - '0')
		} else {
			for i := 0; i < len(s); i++ {
				n = n<<8 | uint64(s[i])
			}
		}
		if n == 1 {
			return "t"
		}
		return "f"
	case cvBytes:
		if side == 1 {
			return strings.ToLower(strings.TrimPrefix(s, "\\x"))
		}
		return hex.EncodeToString([]byte(s))
	case cvBits:
		if side == 1 {
			return s
		}
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			fmt.Fprintf(&b, "%08b", s[i])
		}
		bits := b.String()
		if len(bits) > c.bits {
			bits = bits[len(bits)-c.bits:]
		}
		return bits
	case cvText:
		if side == 0 {
			s = strings.ReplaceAll(s, "\x00", "")
		}
		return canonText(c, s)
	case cvJSON:
		dec := json.NewDecoder(bytes.NewReader([]byte(s)))
		dec.UseNumber()
		var x any
		if err := dec.Decode(&x); err != nil {
			return "badjson:" + s
		}
		b, _ := json.Marshal(x)
		return string(b)
	case cvDate, cvDatetime:
		if side == 1 {
			s = strings.TrimSuffix(s, "+00")
		}
		return trimFrac(s)
	case cvTime, cvInterval:
		return trimFrac(s)
	}
	return s
}

// trimFrac drops trailing zeros of fractional seconds: "12:00:00.250" and
// "12:00:00.25" are the same time.
func trimFrac(s string) string {
	i := strings.LastIndexByte(s, '.')
	if i < 0 || strings.ContainsAny(s[i:], " -+") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
