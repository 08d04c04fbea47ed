// Package cast parses the type overrides of `opsctl migrate` (--cast and
// the inventory's migrate.casts) and knows which PostgreSQL types a value
// can be written as. It has no dependencies, so the inventory can validate
// casts without linking the database drivers.
package cast

import (
	"fmt"
	"strings"
)

// Kind says how a dumped value is written as PostgreSQL COPY text.
type Kind uint8

const (
	Text     Kind = iota // unescape MySQL, escape COPY; NULs stripped
	Number               // the literal as dumped (ints, decimals, floats, year)
	Bytes                // bytea, exact bytes (\x hex)
	Bool                 // 0/1 (or bit(1) bytes) -> f/t, anything else fails
	Bits                 // bit(n) from big-endian bytes or b'..'
	Date                 // zero dates -> NULL/-infinity
	Datetime             // zero dates -> NULL/-infinity
	Time                 // 00:00:00..24:00:00, anything else fails
	Interval             // MySQL TIME beyond a day
	JSON                 // text, NULs stripped
	Geometry             // PostGIS geometry: MySQL's SRID + WKB written as hex EWKB (not a --cast target)
)

// Cast is one type override: "db.table.column=type", "table.column=type"
// or "mysqltype=type" (e.g. "tinyint(1)=smallint").
type Cast struct {
	Key  string // lowercased left side
	Type string // PostgreSQL type
}

// Parse parses one --cast value.
func Parse(s string) (Cast, error) {
	k, v, ok := strings.Cut(s, "=")
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	if !ok || k == "" || v == "" {
		return Cast{}, fmt.Errorf("cast %q: want 'db.table.column=pgtype' or 'mysqltype=pgtype'", s)
	}
	if _, ok := KindOf(v); !ok {
		return Cast{}, fmt.Errorf("cast %q: unsupported PostgreSQL type %q (use one of boolean, smallint, integer, bigint, numeric(p,s), real, double precision, text, varchar(n), char(n), bytea, date, timestamp, timestamptz, time, interval, jsonb, json, bit(n))", s, v)
	}
	return Cast{Key: strings.ToLower(k), Type: strings.ToLower(v)}, nil
}

// KindOf is how values are written for a PostgreSQL target type; false
// when opsctl cannot write values of that type.
func KindOf(t string) (Kind, bool) {
	t = strings.ToLower(strings.TrimSpace(t))
	base := t
	if i := strings.IndexByte(base, '('); i >= 0 {
		base = strings.TrimSpace(base[:i])
	}
	switch base {
	case "boolean", "bool":
		return Bool, true
	case "smallint", "integer", "int", "bigint", "numeric", "decimal", "real", "double precision", "float4", "float8", "int2", "int4", "int8":
		return Number, true
	case "text", "varchar", "character varying", "char", "character":
		return Text, true
	case "bytea":
		return Bytes, true
	case "date":
		return Date, true
	case "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone":
		return Datetime, true
	case "time", "time without time zone":
		return Time, true
	case "interval":
		return Interval, true
	case "jsonb", "json":
		return JSON, true
	case "bit", "varbit", "bit varying":
		return Bits, true
	}
	return 0, false
}
