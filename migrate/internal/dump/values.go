package dump

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/myparse"
)

// ValueError is a value PostgreSQL cannot hold under the chosen mapping.
type ValueError struct {
	Table  string // db.table (MySQL names)
	Column string
	Row    int64 // 1-based row of the table in dump order
	Offset int64 // byte offset of the row in the dump
	Line   int
	Value  string
	Msg    string
	Fix    string // the --cast that fixes it
}

func (e *ValueError) Error() string {
	s := fmt.Sprintf("table %s, column %s, row %d (dump line %d, byte %d): value %s %s", e.Table, e.Column, e.Row, e.Line, e.Offset, e.Value, e.Msg)
	if e.Fix != "" {
		s += "; fix: " + e.Fix
	}
	return s
}

// ColStats counts what was changed in one column.
type ColStats struct {
	ZeroDates    int64
	NulsStripped int64
}

// ValueKind is the syntactic kind of a dumped value.
type ValueKind uint8

const (
	VNull ValueKind = iota
	VNumber
	VString // raw is the escaped contents between the quotes
	VHex    // raw is the hex digits
	vBits   // raw is the 0/1 digits
)

// RowParser turns INSERT tuples into COPY text rows.
type RowParser struct {
	S    *scanner
	T    *model.Table
	Cols []*model.Column // columns in INSERT order
	// skip marks values that are not loaded (generated columns that
	// PostgreSQL computes); first is the first column loaded.
	skip    []bool
	first   int
	Stats   []ColStats
	M       *model.Mapping
	Out     []byte
	Rows    int64
	scratch []byte
	// scan: check the values (a Prescan), write nothing; fits holds
	// what was found per column (INSERT order).
	scan bool
	// fastScan: no column of the INSERT needs a value-by-value check
	// other than UTF-8 (no TIME, tinyint(1), jsonb).
	fastScan bool
	fits     []*colFit
	// derived: generated columns PostgreSQL computes from columns whose
	// value a rule changed (NUL stripped, zero date): counted per row.
	Derived []derivedCol
	// rowChg: the values of the current row a rule changed; counted in
	// stats by endRow once the row is taken (a row parsed again after a
	// refill is not counted twice).
	rowChg []rowChange
}

type rowChange struct {
	ci   int
	zero bool // a zero date (else a NUL stripped)
}

// DerivedWhy is the report's reason for a generated column's values that
// differ from MySQL's because a value they are computed from was changed.
const DerivedWhy = "computed from a changed value (generated column)"

// derivedCol is a generated column and the columns (INSERT order) its
// expression reads.
type derivedCol struct {
	C    *model.Column
	deps []int
	N    int64 // rows where a dependency was changed
}

func (p *RowParser) changed(ci int, zero bool) {
	p.rowChg = append(p.rowChg, rowChange{ci, zero})
}

// SetDerived finds the generated columns PostgreSQL computes and the
// loaded columns their expressions read.
func (p *RowParser) SetDerived(t *model.Table) {
	p.Derived = nil
	for _, g := range t.Columns {
		if g.GeneratedPG == "" {
			continue
		}
		var deps []int
		for _, tk := range myparse.Tokenize(g.Generated, false) {
			if tk.Kind != myparse.TkIdent && tk.Kind != myparse.TkWord {
				continue
			}
			for i, c := range p.Cols {
				if c != g && strings.EqualFold(c.MyName, tk.Text) && !slices.Contains(deps, i) {
					deps = append(deps, i)
				}
			}
		}
		if len(deps) > 0 {
			p.Derived = append(p.Derived, derivedCol{C: g, deps: deps})
		}
	}
}

// EndRow counts the row's changed values, and the generated columns
// computed from a changed value.
func (p *RowParser) EndRow() {
	if len(p.rowChg) == 0 {
		return
	}
	for _, ch := range p.rowChg {
		if ch.zero {
			p.Stats[ch.ci].ZeroDates++
		} else {
			p.Stats[ch.ci].NulsStripped++
		}
	}
	for i := range p.Derived {
	deps:
		for _, d := range p.Derived[i].deps {
			for _, ch := range p.rowChg {
				if ch.ci == d {
					p.Derived[i].N++
					break deps
				}
			}
		}
	}
	p.rowChg = p.rowChg[:0]
}

var textSpecial = func() (t [256]bool) {
	for _, c := range []byte{'\\', '\t', '\n', '\r', '\'', 0} {
		t[c] = true
	}
	return
}()

// parseValue reads one value at b[i]; it returns the kind, the raw bytes
// and the index just past the value.
func (p *RowParser) parseValue(b []byte, i int) (ValueKind, []byte, int, error) {
	for i < len(b) && myparse.IsSpace(b[i]) {
		i++
	}
	if i >= len(b) {
		return 0, nil, i, errShort
	}
	c := b[i]
	switch {
	case c == '\'' || c == '"':
		j, err := p.S.quoteEnd(b, i)
		if err != nil {
			return 0, nil, i, err
		}
		return VString, b[i+1 : j-1], j, nil
	case c == 'N' || c == 'n':
		if i+4 > len(b) {
			return 0, nil, i, errShort
		}
		if (b[i+1] == 'U' || b[i+1] == 'u') && (b[i+2] == 'L' || b[i+2] == 'l') && (b[i+3] == 'L' || b[i+3] == 'l') {
			return VNull, nil, i + 4, nil
		}
	case c == '0' && i+1 < len(b) && (b[i+1] == 'x' || b[i+1] == 'X'):
		j := i + 2
		for j < len(b) && isHex(b[j]) {
			j++
		}
		if j >= len(b) {
			return 0, nil, i, errShort
		}
		return VHex, b[i+2 : j], j, nil
	case (c == 'x' || c == 'X' || c == 'b' || c == 'B') && i+1 < len(b) && b[i+1] == '\'':
		j := bytes.IndexByte(b[i+2:], '\'')
		if j < 0 {
			return 0, nil, i, errShort
		}
		k := VHex
		if c == 'b' || c == 'B' {
			k = vBits
		}
		return k, b[i+2 : i+2+j], i + 3 + j, nil
	case c == '_':
		// charset introducer: _binary '...', _utf8mb4 0x...
		j := i + 1
		for j < len(b) && myparse.IsWordByte(b[j]) {
			j++
		}
		if j >= len(b) {
			return 0, nil, i, errShort
		}
		return p.parseValue(b, j)
	case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'):
		j := i + 1
		for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == '.' || b[j] == 'e' || b[j] == 'E' || b[j] == '-' || b[j] == '+') {
			j++
		}
		if j >= len(b) {
			return 0, nil, i, errShort
		}
		return VNumber, b[i:j], j, nil
	}
	if i+4 > len(b) && !p.S.eof {
		return 0, nil, i, errShort
	}
	return 0, nil, i, p.S.syntaxErr(i, "unexpected %q in VALUES", snippetB(b, i))
}

func snippetB(b []byte, i int) string {
	return string(b[i:min(len(b), i+20)])
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// tuple parses "(v,v,...)" at b[i] (after spaces) and appends one COPY
// row to p.out. It returns the index after ")".
func (p *RowParser) tuple(b []byte, i int, rowStart int) (int, error) {
	if b[i] != '(' {
		return i, p.S.syntaxErr(i, "expected ( to start a row, got %q", snippetB(b, i))
	}
	if p.scan && p.fastScan {
		// nothing to check but UTF-8: one pass over the row's bytes
		// (only a row that is not all UTF-8 is parsed value by value)
		j, err := skipTuple(p.S, b, i)
		if err != nil {
			return i, err
		}
		if utf8.Valid(b[i:j]) {
			return j, nil
		}
	}
	i++
	p.rowChg = p.rowChg[:0] // a row parsed again after a refill
	n := len(p.Cols)
	for ci := 0; ; ci++ {
		k, raw, j, err := p.parseValue(b, i)
		if err != nil {
			return i, err
		}
		if ci >= n {
			return i, p.S.syntaxErr(i, "row has more values than the %d columns", n)
		}
		if p.scan {
			p.checkValue(ci, k, raw, rowStart)
		} else if p.skip == nil || !p.skip[ci] {
			if ci > p.first {
				p.Out = append(p.Out, '\t')
			}
			if err := p.WriteValue(ci, k, raw, rowStart); err != nil {
				return i, err
			}
		}
		i = j
		for i < len(b) && myparse.IsSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return i, errShort
		}
		if b[i] == ',' {
			i++
			continue
		}
		if b[i] == ')' {
			if ci != n-1 {
				return i, p.S.syntaxErr(i, "row has %d values, table has %d columns", ci+1, n)
			}
			p.Out = append(p.Out, '\n')
			return i + 1, nil
		}
		return i, p.S.syntaxErr(i, "expected , or ) after a value, got %q", snippetB(b, i))
	}
}

func (p *RowParser) valueErr(ci int, rowStart int, raw []byte, msg, fix string) error {
	c := p.Cols[ci]
	v := string(raw)
	if len(v) > 40 {
		v = v[:40] + "..."
	}
	return &ValueError{Table: p.T.Ref(), Column: c.MyName, Row: p.Rows + 1, Offset: p.S.offset(rowStart), Line: p.S.lineAt(rowStart), Value: strconv.Quote(v), Msg: msg, Fix: fix}
}

func (p *RowParser) castFix(ci int, typ string) string {
	c := p.Cols[ci]
	key := p.T.MyName + "." + c.MyName
	if p.T.MyDB != "" {
		key = p.T.MyDB + "." + key
	}
	return fmt.Sprintf("--cast '%s=%s'", key, typ)
}

const hexdig = "0123456789abcdef"

// setCols sets the columns of the values, in order, and which are dropped.
func (p *RowParser) setCols(cols []*model.Column) {
	p.Cols, p.skip, p.first = cols, nil, 0
	for i, c := range cols {
		if c.GeneratedPG != "" {
			if p.skip == nil {
				p.skip = make([]bool, len(cols))
			}
			p.skip[i] = true
		}
	}
	for p.first < len(cols) && p.skip != nil && p.skip[p.first] {
		p.first++
	}
	if len(cols) > 0 && cols[0].Table != nil {
		p.SetDerived(cols[0].Table)
	}
	p.fastScan = true
	for _, c := range cols {
		switch {
		case c.Conv == cast.Time, c.Conv == cast.Bool && c.Base != "bit", c.Conv == cast.JSON && model.IsJSONB(c):
			p.fastScan = false
		}
	}
}

func (p *RowParser) WriteValue(ci int, k ValueKind, raw []byte, rowStart int) error {
	if k == VNull {
		p.Out = append(p.Out, '\\', 'N')
		return nil
	}
	c := p.Cols[ci]
	switch c.Conv {
	case cast.Number:
		switch k {
		case VNumber:
			p.Out = append(p.Out, raw...)
		case VString:
			p.Out = p.appendText(p.Out, raw, ci, rowStart, nil)
		default:
			bs := p.decodeBytes(k, raw)
			var v uint64
			for _, x := range bs {
				v = v<<8 | uint64(x)
			}
			p.Out = strconv.AppendUint(p.Out, v, 10)
		}
	case cast.Text, cast.JSON:
		switch k {
		case VString:
			var err error
			p.Out = p.appendText(p.Out, raw, ci, rowStart, &err)
			return err
		case VNumber:
			p.Out = append(p.Out, raw...)
		default:
			bs := p.decodeBytes(k, raw)
			var err error
			p.Out = p.appendText(p.Out, escapeForText(bs), ci, rowStart, &err)
			return err
		}
	case cast.Bytes:
		p.Out = append(p.Out, '\\', '\\', 'x')
		switch k {
		case VHex:
			if len(raw)%2 == 1 {
				p.Out = append(p.Out, '0')
			}
			p.Out = append(p.Out, raw...)
		case VString:
			p.Out = appendUnescapedHex(p.Out, raw)
		default:
			for _, x := range p.decodeBytes(k, raw) {
				p.Out = append(p.Out, hexdig[x>>4], hexdig[x&15])
			}
		}
	case cast.Bool:
		v, ok := p.boolValue(c, k, raw)
		if !ok {
			return p.valueErr(ci, rowStart, raw, "does not fit boolean ("+c.MyType+" holding something other than 0 or 1)", p.castFix(ci, "smallint"))
		}
		if v == 1 {
			p.Out = append(p.Out, 't')
		} else {
			p.Out = append(p.Out, 'f')
		}
	case cast.Bits:
		bs := p.decodeBytes(k, raw)
		var bits []byte
		if k == vBits {
			bits = bs
		} else {
			for _, x := range bs {
				for s := 7; s >= 0; s-- {
					bits = append(bits, '0'+(x>>s)&1)
				}
			}
		}
		n := c.Bits
		for len(bits) > n && bits[0] == '0' {
			bits = bits[1:]
		}
		if len(bits) > n {
			return p.valueErr(ci, rowStart, raw, fmt.Sprintf("has more than %d bits", n), p.castFix(ci, "bytea"))
		}
		for i := len(bits); i < n; i++ {
			p.Out = append(p.Out, '0')
		}
		p.Out = append(p.Out, bits...)
	case cast.Date, cast.Datetime:
		if k != VString {
			p.Out = append(p.Out, raw...)
			return nil
		}
		if model.IsZeroDate(raw) {
			p.changed(ci, true)
			if p.M.ZeroDate == "-infinity" {
				p.Out = append(p.Out, "-infinity"...)
			} else {
				p.Out = append(p.Out, '\\', 'N')
			}
			return nil
		}
		p.Out = append(p.Out, raw...)
	case cast.Time:
		if k == VString && !timeFits(raw) {
			return p.valueErr(ci, rowStart, raw, "is outside PostgreSQL time's 00:00:00..24:00:00", p.castFix(ci, "interval"))
		}
		p.Out = append(p.Out, raw...)
	case cast.Interval:
		p.Out = append(p.Out, raw...)
	case cast.Geometry:
		var err error
		if p.Out, err = appendEWKBHex(p.Out, p.decodeBytes(k, raw)); err != nil {
			return p.valueErr(ci, rowStart, raw, err.Error(), p.castFix(ci, "bytea"))
		}
	}
	return nil
}

// boolValue reads a boolean column's value: ok is false for anything
// other than 0 and 1.
func (p *RowParser) boolValue(c *model.Column, k ValueKind, raw []byte) (v uint64, ok bool) {
	switch k {
	case VNumber:
		switch string(raw) {
		case "0", "-0":
			return 0, true
		case "1":
			return 1, true
		}
		return 0, false
	case VString:
		bs := p.decodeBytes(k, raw)
		if c.Base == "bit" || len(bs) != 1 || (bs[0] != '0' && bs[0] != '1') {
			for _, x := range bs {
				v = v<<8 | uint64(x)
			}
		} else {
			v = uint64(bs[0] - '0')
		}
		return v, v <= 1
	}
	for _, x := range p.decodeBytes(k, raw) {
		v = v<<8 | uint64(x)
	}
	return v, v <= 1
}

func timeFits(raw []byte) bool {
	if len(raw) == 0 || raw[0] == '-' {
		return len(raw) > 1 && allZeroTime(raw[1:])
	}
	i := bytes.IndexByte(raw, ':')
	if i < 0 {
		return true // let PostgreSQL judge
	}
	h, err := strconv.Atoi(string(raw[:i]))
	if err != nil {
		return true
	}
	if h < 24 {
		return true
	}
	return h == 24 && allZeroTime(raw[i:])
}

func allZeroTime(b []byte) bool {
	for _, c := range b {
		if c != '0' && c != ':' && c != '.' {
			return false
		}
	}
	return true
}

// decodeBytes returns the exact bytes of a string/hex/bits literal.
func (p *RowParser) decodeBytes(k ValueKind, raw []byte) []byte {
	out := p.scratch[:0]
	switch k {
	case VString:
		for i := 0; i < len(raw); i++ {
			c := raw[i]
			if c == '\\' && i+1 < len(raw) {
				i++
				out = append(out, unescByte(raw[i])...)
				continue
			}
			if c == '\'' && i+1 < len(raw) && raw[i+1] == c {
				i++
			}
			out = append(out, c)
		}
	case VHex:
		if len(raw)%2 == 1 {
			out = append(out, unhex(raw[0]))
			raw = raw[1:]
		}
		for i := 0; i+1 < len(raw); i += 2 {
			out = append(out, unhex(raw[i])<<4|unhex(raw[i+1]))
		}
	case vBits:
		out = append(out, raw...)
	case VNumber:
		out = append(out, raw...)
	}
	p.scratch = out
	return out
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

var unescTable = func() (t [256][]byte) {
	for i := range t {
		t[i] = []byte{byte(i)}
	}
	t['0'] = []byte{0}
	t['b'] = []byte{8}
	t['n'] = []byte{'\n'}
	t['r'] = []byte{'\r'}
	t['t'] = []byte{'\t'}
	t['Z'] = []byte{0x1a}
	t['%'] = []byte{'\\', '%'}
	t['_'] = []byte{'\\', '_'}
	return
}()

func unescByte(c byte) []byte { return unescTable[c] }

// escapeForText re-escapes raw bytes as a MySQL string body so appendText
// can treat every source alike (rare path: hex literals into text).
func escapeForText(bs []byte) []byte {
	out := make([]byte, 0, len(bs)+8)
	for _, c := range bs {
		switch c {
		case '\\':
			out = append(out, '\\', '\\')
		case 0:
			out = append(out, '\\', '0')
		default:
			out = append(out, c)
		}
	}
	return out
}

// appendText unescapes a MySQL string body and escapes it for COPY text.
// NULs are stripped and counted (or fail with --on-nul error).
func (p *RowParser) appendText(out, raw []byte, ci int, rowStart int, errp *error) []byte {
	i := 0
	for {
		j := i
		for j < len(raw) && !textSpecial[raw[j]] {
			j++
		}
		out = append(out, raw[i:j]...)
		if j >= len(raw) {
			return out
		}
		c := raw[j]
		switch c {
		case '\\':
			if j+1 >= len(raw) {
				out = append(out, '\\', '\\')
				return out
			}
			e := raw[j+1]
			switch e {
			case 'n':
				out = append(out, '\\', 'n')
			case 'r':
				out = append(out, '\\', 'r')
			case 't':
				out = append(out, '\\', 't')
			case '\\':
				out = append(out, '\\', '\\')
			case '0':
				if p.nul(ci, rowStart, raw, errp) {
					return out
				}
			case 'b':
				out = append(out, 8)
			case 'Z':
				out = append(out, 0x1a)
			case '%', '_':
				out = append(out, '\\', '\\', e)
			default:
				out = append(out, e)
			}
			i = j + 2
		case '\t':
			out = append(out, '\\', 't')
			i = j + 1
		case '\n':
			out = append(out, '\\', 'n')
			i = j + 1
		case '\r':
			out = append(out, '\\', 'r')
			i = j + 1
		case 0:
			if p.nul(ci, rowStart, raw, errp) {
				return out
			}
			i = j + 1
		default: // doubled quote
			out = append(out, c)
			if j+1 < len(raw) && raw[j+1] == c {
				j++
			}
			i = j + 1
		}
	}
}

// nul records a NUL in a text column; it returns true when it is an error.
func (p *RowParser) nul(ci int, rowStart int, raw []byte, errp *error) bool {
	if p.M.OnNUL == "error" && errp != nil {
		*errp = p.valueErr(ci, rowStart, raw, "contains a NUL character, which PostgreSQL text cannot hold", p.castFix(ci, "bytea")+" (or --on-nul strip)")
		return true
	}
	p.changed(ci, false)
	return false
}

// appendUnescapedHex writes the bytes of a MySQL string body as hex.
func appendUnescapedHex(out, raw []byte) []byte {
	for len(raw) > 0 {
		// plain spans go through hex.Encode
		k := 0
		for k < len(raw) && raw[k] != '\\' && raw[k] != '\'' {
			k++
		}
		n := len(out)
		out = slices.Grow(out, 2*k)[:n+2*k]
		hex.Encode(out[n:], raw[:k])
		raw = raw[k:]
		if len(raw) == 0 {
			break
		}
		j := 1
		if len(raw) > 1 && (raw[0] == '\\' || raw[1] == '\'') {
			j = 2
		}
		out = appendUnescapedHexSlow(out, raw[:j])
		raw = raw[j:]
	}
	return out
}

func appendUnescapedHexSlow(out, raw []byte) []byte {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '\\' && i+1 < len(raw) {
			i++
			for _, x := range unescTable[raw[i]] { // \% and \_ stay two bytes, as in MySQL
				out = append(out, hexdig[x>>4], hexdig[x&15])
			}
			continue
		}
		if c == '\'' && i+1 < len(raw) && raw[i+1] == c {
			i++
		}
		out = append(out, hexdig[c>>4], hexdig[c&15])
	}
	return out
}
