package migrate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/opsctl/opsctl/migrate/cast"
)

// convKind says how a dumped value is written as PostgreSQL COPY text.
type convKind = cast.Kind

const (
	cvText     = cast.Text
	cvNumber   = cast.Number
	cvBytes    = cast.Bytes
	cvBool     = cast.Bool
	cvBits     = cast.Bits
	cvDate     = cast.Date
	cvDatetime = cast.Datetime
	cvTime     = cast.Time
	cvInterval = cast.Interval
	cvJSON     = cast.JSON
	cvGeometry = cast.Geometry
)

// Column is one column: what the dump said, and what PostgreSQL gets.
type Column struct {
	MyName    string   // as in the dump
	Name      string   // PostgreSQL name
	MyType    string   // lowercased as dumped: "int(10) unsigned"
	Base      string   // "int", "varchar", "enum", ...
	Args      []string // raw type arguments ("10", "'a'", ...)
	Unsigned  bool
	NotNull   bool
	Default   string // raw MySQL default ("" = none; "NULL", "'x'", "current_timestamp(3)")
	AutoInc   bool
	OnUpdate  string // ON UPDATE expression
	Comment   string
	Generated string // generation expression (MySQL syntax)
	// GeneratedPG is the translated expression: the column is GENERATED
	// ALWAYS AS (GeneratedPG) STORED in PostgreSQL, and its dumped values
	// are not loaded. "" with Generated set: a plain column holding the
	// dumped values (the expression could not be translated).
	GeneratedPG string
	JSONCheck   bool // MariaDB json: longtext CHECK (json_valid(col))

	PGType  string // decided type
	Why     string // rule that decided it
	Cast    string // the --cast that chose PGType, if any
	conv    convKind
	bits    int
	table   *Table
	charset string // CHARACTER SET of the column, if the dump names one
	// SRID is a spatial column's SRID (MySQL 8 SRID n, MariaDB
	// REF_SYSTEM_ID=n); 0 = any.
	SRID int
}

// Index is a key from the CREATE TABLE.
type Index struct {
	MyName   string
	Name     string // PostgreSQL name, unique in the schema, <= 63 bytes
	Kind     string // "primary", "unique", "index", "fulltext", "spatial"
	Columns  []string
	Prefixes []int // prefix length per column (0 = whole)
}

// ForeignKey is a CONSTRAINT ... FOREIGN KEY from the CREATE TABLE.
type ForeignKey struct {
	MyName     string
	Name       string
	Columns    []string
	RefSchema  string
	RefTable   string // MySQL name
	RefColumns []string
	OnDelete   string
	OnUpdate   string
}

// Check is a CHECK constraint from the CREATE TABLE (other than MariaDB's
// json_valid, which makes the column jsonb).
type Check struct {
	MyName string // "" for a column-level CHECK
	Name   string // PostgreSQL name
	Expr   string // MySQL expression
	PG     string // translated; "" when it could not be
	Column string // MySQL column of a column-level CHECK
}

// Table is one table of the dump.
type Table struct {
	MyDB, MyName  string
	Schema, Name  string
	Columns       []*Column
	Indexes       []*Index
	ForeignKeys   []*ForeignKey
	AutoIncrement int64
	Comment       string
	Partitioned   bool
	Checks        []*Check
	Warnings      []string

	byMy     map[string]*Column
	zeroNull bool   // zero dates become NULL (NOT NULL on dates deferred)
	charset  string // DEFAULT CHARSET of the table
}

// QName is the quoted schema-qualified PostgreSQL name.
func (t *Table) QName() string { return quoteIdent(t.Schema) + "." + quoteIdent(t.Name) }

// Ref is how errors name the table: db.table as in MySQL.
func (t *Table) Ref() string {
	if t.MyDB == "" {
		return t.MyName
	}
	return t.MyDB + "." + t.MyName
}

func (t *Table) warnf(format string, args ...any) {
	t.Warnings = append(t.Warnings, fmt.Sprintf(format, args...))
}

// Column finds a column by its MySQL name (case-insensitive, as MySQL).
func (t *Table) Column(my string) *Column { return t.byMy[strings.ToLower(my)] }

// Cast is one type override: "db.table.column=type", "table.column=type"
// or "mysqltype=type" (e.g. "tinyint(1)=smallint").
type Cast = cast.Cast

// ParseCast parses one --cast value.
func ParseCast(s string) (Cast, error) { return cast.Parse(s) }

// convForPG is how values are written for a PostgreSQL target type.
func convForPG(t string) (convKind, bool) { return cast.KindOf(t) }

// Mapping decides PostgreSQL types. It is shared by the dump path and
// the live copy (which builds Columns from information_schema).
type Mapping struct {
	Casts    []Cast
	ZeroDate string // "null" (default) or "-infinity"
	OnNUL    string // "strip" (default) or "error"
	// PostGIS: spatial columns become geometry(type, SRID) (spatial.go);
	// otherwise bytea.
	PostGIS bool
}

func (m *Mapping) castFor(c *Column) *Cast {
	t := c.table
	keys := []string{}
	if t != nil {
		col := strings.ToLower(c.MyName)
		tab := strings.ToLower(t.MyName)
		if t.MyDB != "" {
			keys = append(keys, strings.ToLower(t.MyDB)+"."+tab+"."+col)
		}
		keys = append(keys, tab+"."+col)
	}
	keys = append(keys, c.MyType, c.Base)
	for _, k := range keys {
		for i := range m.Casts {
			if m.Casts[i].Key == k {
				return &m.Casts[i]
			}
		}
	}
	return nil
}

func argInt(args []string, i, def int) int {
	if i < len(args) {
		if n, err := strconv.Atoi(strings.TrimSpace(args[i])); err == nil {
			return n
		}
	}
	return def
}

// Decide sets c.PGType, c.conv and c.Why.
func (m *Mapping) Decide(c *Column) {
	c.PGType, c.conv, c.Why = m.natural(c)
	if c.Base == "bit" {
		c.bits = argInt(c.Args, 0, 1)
	}
	if cs := m.castFor(c); cs != nil {
		conv, _ := convForPG(cs.Type)
		if c.Base == "bit" && conv == cvBool {
			conv = cvBool
		}
		c.PGType, c.conv, c.Cast = cs.Type, conv, cs.Key+"="+cs.Type
		c.Why = "cast " + c.Cast
		if conv == cvBits {
			c.bits = argInt(argsOf(cs.Type), 0, c.bits)
		}
	}
}

func argsOf(t string) []string {
	i := strings.IndexByte(t, '(')
	j := strings.LastIndexByte(t, ')')
	if i < 0 || j < i {
		return nil
	}
	return strings.Split(t[i+1:j], ",")
}

func fsp(c *Column) string {
	if len(c.Args) > 0 {
		return "(" + strings.TrimSpace(c.Args[0]) + ")"
	}
	return ""
}

func (m *Mapping) natural(c *Column) (string, convKind, string) {
	u := c.Unsigned
	switch c.Base {
	case "tinyint":
		if len(c.Args) > 0 && strings.TrimSpace(c.Args[0]) == "1" {
			return "boolean", cvBool, "tinyint(1) is MySQL's boolean"
		}
		return "smallint", cvNumber, "tinyint fits smallint"
	case "bool", "boolean":
		return "boolean", cvBool, "boolean"
	case "smallint":
		if u {
			return "integer", cvNumber, "smallint unsigned widened"
		}
		return "smallint", cvNumber, "same range"
	case "mediumint":
		return "integer", cvNumber, "mediumint fits integer"
	case "int", "integer":
		if u {
			return "bigint", cvNumber, "int unsigned widened"
		}
		return "integer", cvNumber, "same range"
	case "bigint":
		if u {
			return "numeric(20)", cvNumber, "bigint unsigned widened (no unsigned in PostgreSQL)"
		}
		return "bigint", cvNumber, "same range"
	case "decimal", "numeric", "fixed", "dec":
		p, s := argInt(c.Args, 0, 10), argInt(c.Args, 1, 0)
		return fmt.Sprintf("numeric(%d,%d)", p, s), cvNumber, "exact decimal"
	case "float":
		if len(c.Args) == 1 && argInt(c.Args, 0, 0) > 24 {
			return "double precision", cvNumber, "float(p>24) is a double"
		}
		return "real", cvNumber, "single precision"
	case "double", "real", "double precision":
		return "double precision", cvNumber, "double precision"
	case "bit":
		if argInt(c.Args, 0, 1) == 1 {
			return "boolean", cvBool, "bit(1) is a flag"
		}
		return fmt.Sprintf("bit(%d)", argInt(c.Args, 0, 1)), cvBits, "same bits"
	case "char":
		return fmt.Sprintf("char(%d)", argInt(c.Args, 0, 1)), cvText, "same length in characters"
	case "varchar":
		return fmt.Sprintf("varchar(%d)", argInt(c.Args, 0, 255)), cvText, "same length in characters"
	case "tinytext", "text", "mediumtext", "longtext":
		if c.JSONCheck {
			return "jsonb", cvJSON, "MariaDB json (longtext CHECK json_valid)"
		}
		return "text", cvText, "text"
	case "json":
		return "jsonb", cvJSON, "json"
	case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob":
		return "bytea", cvBytes, "exact bytes"
	case "date":
		return "date", cvDate, "zero dates -> " + m.zeroName()
	case "datetime":
		return "timestamp" + fsp(c), cvDatetime, "no time zone; zero dates -> " + m.zeroName()
	case "timestamp":
		return "timestamptz" + fsp(c), cvDatetime, "dumped in UTC; zero dates -> " + m.zeroName()
	case "time":
		return "time" + fsp(c), cvTime, "values beyond 24h fail (cast to interval)"
	case "year":
		return "smallint", cvNumber, "year as a number"
	case "enum":
		return "text", cvText, "text with a CHECK of the values (and '')"
	case "set":
		return "text", cvText, "comma-separated members as text"
	case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection", "geomcollection":
		if m.PostGIS {
			return geomType(c), cvGeometry, "PostGIS geometry, same SRID and coordinates"
		}
		return "bytea", cvBytes, "spatial: MySQL internal bytes (SRID + WKB), no PostGIS"
	}
	return "text", cvText, "unknown type " + c.Base + " kept as text"
}

func (m *Mapping) zeroName() string {
	if m.ZeroDate == "-infinity" {
		return "-infinity"
	}
	return "NULL"
}
