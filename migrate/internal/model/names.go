package model

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
)

// DollarQuote quotes s as a PostgreSQL dollar-quoted string whose tag s
// does not contain.
func DollarQuote(s string) string {
	tag := "$q$"
	for i := 0; strings.Contains(s, tag); i++ {
		tag = fmt.Sprintf("$q%d$", i)
	}
	return tag + s + tag
}

// QuoteIdent always quotes: reserved words and mixed case just work.
func QuoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// QuoteLit quotes a PostgreSQL string literal.
func QuoteLit(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// Namer turns MySQL names into PostgreSQL names and keeps index and
// constraint names unique per schema and within 63 bytes.
type Namer struct {
	KeepCase bool                       // keep MySQL's case (lower_case_table_names=0 names)
	used     map[string]map[string]bool // schema -> relation/constraint names
}

// PG is the PostgreSQL name of a MySQL name (lowercased unless KeepCase).
func (n *Namer) PG(my string) string {
	if n.KeepCase {
		return my
	}
	return strings.ToLower(my)
}

// Reserve marks a name of schema as taken (a table or view): generated
// index and constraint names never collide with a relation.
func (n *Namer) Reserve(schema, name string) { n.UsedIn(schema)[name] = true }

// UsedIn is the set of names taken in schema.
func (n *Namer) UsedIn(schema string) map[string]bool {
	if n.used == nil {
		n.used = map[string]map[string]bool{}
	}
	u := n.used[schema]
	if u == nil {
		u = map[string]bool{}
		n.used[schema] = u
	}
	return u
}

// RelName reserves a unique name <= 63 bytes in schema.
func (n *Namer) RelName(schema string, parts ...string) string {
	u := n.UsedIn(schema)
	base := n.PG(strings.Join(parts, "_"))
	name := Fit63(base)
	for i := 2; u[name]; i++ {
		name = Fit63(fmt.Sprintf("%s_%d", base, i))
	}
	u[name] = true
	return name
}

// Fit63 shortens a name to 63 bytes, keeping it unique with a hash suffix.
func Fit63(s string) string {
	if len(s) <= 63 {
		return s
	}
	h := sha1.Sum([]byte(s))
	suffix := "_" + hex.EncodeToString(h[:4])
	cut := 63 - len(suffix)
	for cut > 0 && s[cut]&0xC0 == 0x80 { // don't split a UTF-8 sequence
		cut--
	}
	return s[:cut] + suffix
}
