package verify

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/pgddl"
)

// Mismatch is one value that differs between MySQL and PostgreSQL.
type Mismatch struct {
	Key    string `json:"key"` // primary key values (or row text for keyless tables)
	Column string `json:"column"`
	MySQL  string `json:"mysql"` // as a schema gap's: what MySQL has, what PostgreSQL has
	PG     string `json:"pg"`
}

// String is the difference in one line, each value clipped to 60 bytes:
// "key 7  column name  mysql=\"Zoë\"  pg=\"Zoe\"".
func (m Mismatch) String() string {
	return fmt.Sprintf("key %s  column %s  mysql=%q  pg=%q", clip(m.Key), m.Column, clip(m.MySQL), clip(m.PG))
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// TableDiff is the value-by-value comparison of one table.
type TableDiff struct {
	Table      string // db.table in MySQL
	MySQLRows  int64
	PGRows     int64
	Explained  int64 // differences the fidelity rules account for
	Mismatches []Mismatch

	zeroDates int64 // of Explained: zero dates in date/datetime/timestamp columns
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
func Compare(ctx context.Context, my *sql.DB, pg *pgx.Conn, tables []*model.Table, m *model.Mapping) ([]*TableDiff, error) {
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

func compareTable(ctx context.Context, my *sql.DB, pg *pgx.Conn, t *model.Table, m *model.Mapping) (*TableDiff, error) {
	return compareWhere(ctx, my, pg, t, m, "", "")
}

// compareWhere compares the rows the WHERE clauses select (verify.go).
func compareWhere(ctx context.Context, my myQuerier, pg pgQuerier, t *model.Table, m *model.Mapping, myWhere, pgWhere string) (*TableDiff, error) {
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
		myCols[i] = model.MyIdent(c.MyName)
		pgCols[i] = model.QuoteIdent(c.Name)
	}
	from := model.MyIdent(t.MyName)
	if t.MyDB != "" {
		from = model.MyIdent(t.MyDB) + "." + from
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
				if zeroDateCol(t.Columns[i]) {
					d.zeroDates++
				}
				continue
			}
			if t.Columns[i].Conv == cast.JSON && model.IsJSONB(t.Columns[i]) && mr[i] != nil && r[i] != nil {
				// JSONBText refused or differs: PostgreSQL decides
				var s string
				if pg.QueryRow(ctx, "SELECT $1::jsonb::text", strings.ReplaceAll(*mr[i], "\x00", "")).Scan(&s) == nil && s == *r[i] {
					continue
				}
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
func explained(c *model.Column, my, pg *string, m *model.Mapping) bool {
	if my == nil {
		return false
	}
	switch c.Conv {
	case cast.Date, cast.Datetime:
		if model.IsZeroDate([]byte(*my)) {
			if m.ZeroDate == "-infinity" {
				return pg != nil && *pg == "-infinity"
			}
			return pg == nil
		}
	case cast.Text, cast.JSON:
		if pg != nil && strings.IndexByte(*my, 0) >= 0 && strings.ReplaceAll(*my, "\x00", "") == canonText(c, *pg) {
			return true
		}
	}
	return false
}

func canonText(c *model.Column, s string) string {
	if c.Base == "char" {
		return strings.TrimRight(s, " ")
	}
	return s
}

// canon turns one value (side 0 = MySQL text, 1 = PostgreSQL text) into a
// comparable string.
func canon(side int, c *model.Column, v *string, m *model.Mapping) string {
	if v == nil {
		return "NULL"
	}
	s := *v
	switch c.Conv {
	case cast.Number:
		if side == 0 && len(s) > 0 && !pgddl.IsNumeric(s) {
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
	case cast.Bool:
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
	case cast.Bytes:
		if side == 1 {
			return strings.ToLower(strings.TrimPrefix(s, "\\x"))
		}
		return hex.EncodeToString([]byte(s))
	case cast.Geometry:
		if side == 1 {
			return pgGeomCanon(s)
		}
		return string(myGeomCanon(nil, []byte(s)))
	case cast.Bits:
		if side == 1 {
			return s
		}
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			fmt.Fprintf(&b, "%08b", s[i])
		}
		bits := b.String()
		if len(bits) > c.Bits {
			bits = bits[len(bits)-c.Bits:]
		}
		return bits
	case cast.Text:
		if side == 0 {
			s = strings.ReplaceAll(s, "\x00", "")
		}
		return canonText(c, s)
	case cast.JSON:
		if model.IsJSONB(c) {
			if side == 1 {
				return s // jsonb prints its canonical text
			}
			s = strings.ReplaceAll(s, "\x00", "")
			if b, ok := JSONBText(nil, []byte(s)); ok {
				return string(b)
			}
			return "badjson:" + s
		}
		// json keeps the text it was given
		if side == 0 {
			s = strings.ReplaceAll(s, "\x00", "")
		}
		return s
	case cast.Date, cast.Datetime:
		if side == 1 {
			s = strings.TrimSuffix(s, "+00")
		}
		return trimFrac(s)
	case cast.Time, cast.Interval:
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

// JSONBText appends to dst the text PostgreSQL prints for s::jsonb, the
// JSON equality migrate uses: object keys ordered as jsonb orders them
// (shorter first, then bytewise), a duplicate key keeps its last value,
// whitespace as jsonb prints it, strings unescaped and re-escaped as
// PostgreSQL's escape_json does, numbers as numeric prints them (1e2 ->
// 100, 1.50 stays 1.50, 1.0 is not 1). ok is false for what it does not
// handle (invalid JSON, \u0000, lone surrogates, huge exponents): callers
// then ask PostgreSQL itself.
func JSONBText(dst []byte, s []byte) ([]byte, bool) {
	p := jsonbParser{s: s}
	p.ws()
	out, ok := p.value(dst, 0)
	if !ok {
		return dst, false
	}
	p.ws()
	return out, p.i == len(p.s)
}

type jsonbParser struct {
	s []byte
	i int
}

func (p *jsonbParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonbParser) lit(dst []byte, w string) ([]byte, bool) {
	if !bytes.HasPrefix(p.s[p.i:], []byte(w)) {
		return dst, false
	}
	p.i += len(w)
	return append(dst, w...), true
}

func (p *jsonbParser) value(dst []byte, depth int) ([]byte, bool) {
	if p.i >= len(p.s) || depth > 200 {
		return dst, false
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(dst, depth)
	case c == '[':
		p.i++
		dst = append(dst, '[')
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return append(dst, ']'), true
		}
		for n := 0; ; n++ {
			if n > 0 {
				dst = append(dst, ", "...)
			}
			p.ws()
			var ok bool
			if dst, ok = p.value(dst, depth+1); !ok {
				return dst, false
			}
			p.ws()
			if p.i >= len(p.s) {
				return dst, false
			}
			if p.s[p.i] == ']' {
				p.i++
				return append(dst, ']'), true
			}
			if p.s[p.i] != ',' {
				return dst, false
			}
			p.i++
		}
	case c == '"':
		str, ok := p.str(nil)
		if !ok {
			return dst, false
		}
		return escapeJSON(dst, str), true
	case c == 't':
		return p.lit(dst, "true")
	case c == 'f':
		return p.lit(dst, "false")
	case c == 'n':
		return p.lit(dst, "null")
	case c == '-' || c >= '0' && c <= '9':
		return p.number(dst)
	}
	return dst, false
}

type jsonbMember struct {
	key []byte // unescaped
	val []byte // canonical text
}

func (p *jsonbParser) object(dst []byte, depth int) ([]byte, bool) {
	p.i++ // {
	var ms []jsonbMember
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return append(dst, "{}"...), true
	}
	for {
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return dst, false
		}
		k, ok := p.str(nil)
		if !ok {
			return dst, false
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return dst, false
		}
		p.i++
		p.ws()
		v, ok := p.value(nil, depth+1)
		if !ok {
			return dst, false
		}
		ms = append(ms, jsonbMember{k, v})
		p.ws()
		if p.i >= len(p.s) {
			return dst, false
		}
		if p.s[p.i] == '}' {
			p.i++
			break
		}
		if p.s[p.i] != ',' {
			return dst, false
		}
		p.i++
	}
	// jsonb: keys by length, then bytes; of duplicates the last one wins
	// (a stable sort keeps them in input order).
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i].key, ms[j].key
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return bytes.Compare(a, b) < 0
	})
	dst = append(dst, '{')
	n := 0
	for i, m := range ms {
		if i+1 < len(ms) && bytes.Equal(m.key, ms[i+1].key) {
			continue
		}
		if n > 0 {
			dst = append(dst, ", "...)
		}
		n++
		dst = escapeJSON(dst, m.key)
		dst = append(dst, ": "...)
		dst = append(dst, m.val...)
	}
	return append(dst, '}'), true
}

// str reads a JSON string (at p.s[p.i] == '"') and appends its unescaped
// UTF-8 bytes to dst.
func (p *jsonbParser) str(dst []byte) ([]byte, bool) {
	p.i++
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return dst, true
		case c < 0x20:
			return dst, false
		case c != '\\':
			dst = append(dst, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			return dst, false
		}
		e := p.s[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			dst = append(dst, e)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok || r == 0 {
				return dst, false // jsonb refuses \u0000
			}
			if r >= 0xD800 && r < 0xDC00 {
				if p.i+1 >= len(p.s) || p.s[p.i] != '\\' || p.s[p.i+1] != 'u' {
					return dst, false
				}
				p.i += 2
				lo, ok := p.hex4()
				if !ok || lo < 0xDC00 || lo > 0xDFFF {
					return dst, false
				}
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
			} else if r >= 0xDC00 && r <= 0xDFFF {
				return dst, false
			}
			dst = utf8Append(dst, r)
		default:
			return dst, false
		}
	}
	return dst, false
}

func (p *jsonbParser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(p.s[p.i:p.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(n), true
}

func utf8Append(dst []byte, r rune) []byte {
	var b [4]byte
	n := 0
	switch {
	case r < 0x80:
		b[0], n = byte(r), 1
	case r < 0x800:
		b[0], b[1], n = byte(0xC0|r>>6), byte(0x80|r&0x3F), 2
	case r < 0x10000:
		b[0], b[1], b[2], n = byte(0xE0|r>>12), byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F), 3
	default:
		b[0], b[1], b[2], b[3], n = byte(0xF0|r>>18), byte(0x80|(r>>12)&0x3F), byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F), 4
	}
	return append(dst, b[:n]...)
}

// escapeJSON quotes s as PostgreSQL's escape_json does.
func escapeJSON(dst, s []byte) []byte {
	const hexd = "0123456789abcdef"
	dst = append(dst, '"')
	for _, c := range s {
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			if c < 0x20 {
				dst = append(dst, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&15])
			} else {
				dst = append(dst, c)
			}
		}
	}
	return append(dst, '"')
}

// number appends a JSON number as PostgreSQL's numeric prints it: the
// exponent applied, as many fraction digits as the input had minus the
// exponent (at least 0), no negative zero.
func (p *jsonbParser) number(dst []byte) ([]byte, bool) {
	neg := false
	if p.s[p.i] == '-' {
		neg = true
		p.i++
	}
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	intPart := p.s[start:p.i]
	if len(intPart) == 0 || len(intPart) > 1 && intPart[0] == '0' {
		return dst, false
	}
	var frac []byte
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		fs := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		frac = p.s[fs:p.i]
		if len(frac) == 0 {
			return dst, false
		}
	}
	exp := 0
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		es := p.i
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		ds := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		if p.i == ds || p.i-ds > 3 {
			return dst, false
		}
		n, err := strconv.Atoi(string(p.s[es:p.i]))
		if err != nil {
			return dst, false
		}
		exp = n
	}
	if len(intPart)+len(frac) > 300 || exp > 300 || exp < -300 {
		return dst, false
	}
	digits := make([]byte, 0, len(intPart)+len(frac))
	digits = append(append(digits, intPart...), frac...)
	point := len(intPart) + exp // digits before the decimal point
	var ip, fp []byte
	switch {
	case point <= 0:
		fp = append(bytes.Repeat([]byte{'0'}, -point), digits...)
	case point >= len(digits):
		ip = append(digits, bytes.Repeat([]byte{'0'}, point-len(digits))...)
	default:
		ip, fp = digits[:point], digits[point:]
	}
	ip = bytes.TrimLeft(ip, "0")
	if len(ip) == 0 {
		ip = []byte{'0'}
	}
	zero := true
	for _, d := range digits {
		if d != '0' {
			zero = false
			break
		}
	}
	if neg && !zero {
		dst = append(dst, '-')
	}
	dst = append(dst, ip...)
	if len(fp) > 0 {
		dst = append(dst, '.')
		dst = append(dst, fp...)
	}
	return dst, true
}
