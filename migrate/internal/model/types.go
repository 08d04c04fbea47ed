package model

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/opsctl/opsctl/migrate/cast"
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
	// RowPeriod is "start" or "end" for MariaDB's GENERATED ALWAYS AS
	// ROW START/END (system versioning): a plain column in PostgreSQL.
	RowPeriod string

	PGType string // decided type
	Why    string // rule that decided it
	Cast   string // the --cast that chose PGType, if any
	// Fit says how the scan of the values changed the default type
	// ("time -> interval: 2 value(s) outside ..."), "" when it did not.
	Fit     string
	Conv    cast.Kind // how values are written as COPY text
	Bits    int       // bit(n): n
	Table   *Table    // the table the column belongs to
	Charset string    // CHARACTER SET of the column, if the dump names one
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
	// Versioned: MariaDB WITH SYSTEM VERSIONING (or PERIOD FOR).
	Versioned bool

	ByMy     map[string]*Column // lowercase MySQL name -> column (see Column)
	ZeroNull bool               // zero dates become NULL (NOT NULL on dates deferred)
	Charset  string             // DEFAULT CHARSET of the table
}

// QName is the quoted schema-qualified PostgreSQL name.
func (t *Table) QName() string { return QuoteIdent(t.Schema) + "." + QuoteIdent(t.Name) }

// Ref is how errors name the table: db.table as in MySQL.
func (t *Table) Ref() string {
	if t.MyDB == "" {
		return t.MyName
	}
	return t.MyDB + "." + t.MyName
}

// Warnf adds a warning the report shows with the table.
func (t *Table) Warnf(format string, args ...any) {
	t.Warnings = append(t.Warnings, fmt.Sprintf(format, args...))
}

// Column finds a column by its MySQL name (case-insensitive, as MySQL).
func (t *Table) Column(my string) *Column { return t.ByMy[strings.ToLower(my)] }

// Cast is one type override: "db.table.column=type", "table.column=type"
// or "mysqltype=type" (e.g. "tinyint(1)=smallint").
type Cast = cast.Cast

// convForPG is how values are written for a PostgreSQL target type.
func convForPG(t string) (cast.Kind, bool) { return cast.KindOf(t) }

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
	t := c.Table
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

// ArgInt is type argument i as a number (def when absent or not one).
func ArgInt(args []string, i, def int) int {
	if i < len(args) {
		if n, err := strconv.Atoi(strings.TrimSpace(args[i])); err == nil {
			return n
		}
	}
	return def
}

// Decide sets c.PGType, c.conv and c.Why.
func (m *Mapping) Decide(c *Column) {
	c.PGType, c.Conv, c.Why = m.natural(c)
	if c.Base == "bit" {
		c.Bits = ArgInt(c.Args, 0, 1)
	}
	if cs := m.castFor(c); cs != nil {
		conv, _ := convForPG(cs.Type)
		if c.Base == "bit" && conv == cast.Bool {
			conv = cast.Bool
		}
		c.PGType, c.Conv, c.Cast = cs.Type, conv, cs.Key+"="+cs.Type
		c.Why = "cast " + c.Cast
		if conv == cast.Bits {
			c.Bits = ArgInt(ArgsOf(cs.Type), 0, c.Bits)
		}
	}
}

// ArgsOf is the arguments of a type: "numeric(10,2)" -> ["10", "2"].
func ArgsOf(t string) []string {
	i := strings.IndexByte(t, '(')
	j := strings.LastIndexByte(t, ')')
	if i < 0 || j < i {
		return nil
	}
	return strings.Split(t[i+1:j], ",")
}

// FSP is a temporal column's fractional-seconds precision as "(n)", or "".
func FSP(c *Column) string {
	if len(c.Args) > 0 {
		return "(" + strings.TrimSpace(c.Args[0]) + ")"
	}
	return ""
}

func (m *Mapping) natural(c *Column) (string, cast.Kind, string) {
	u := c.Unsigned
	switch c.Base {
	case "tinyint":
		if len(c.Args) > 0 && strings.TrimSpace(c.Args[0]) == "1" {
			return "boolean", cast.Bool, "tinyint(1) is MySQL's boolean"
		}
		return "smallint", cast.Number, "tinyint fits smallint"
	case "bool", "boolean":
		return "boolean", cast.Bool, "boolean"
	case "smallint":
		if u {
			return "integer", cast.Number, "smallint unsigned widened"
		}
		return "smallint", cast.Number, "same range"
	case "mediumint":
		return "integer", cast.Number, "mediumint fits integer"
	case "int", "integer":
		if u {
			return "bigint", cast.Number, "int unsigned widened"
		}
		return "integer", cast.Number, "same range"
	case "bigint":
		if u {
			return "numeric(20)", cast.Number, "bigint unsigned widened (no unsigned in PostgreSQL)"
		}
		return "bigint", cast.Number, "same range"
	case "decimal", "numeric", "fixed", "dec":
		p, s := ArgInt(c.Args, 0, 10), ArgInt(c.Args, 1, 0)
		return fmt.Sprintf("numeric(%d,%d)", p, s), cast.Number, "exact decimal"
	case "float":
		if len(c.Args) == 1 && ArgInt(c.Args, 0, 0) > 24 {
			return "double precision", cast.Number, "float(p>24) is a double"
		}
		return "real", cast.Number, "single precision"
	case "double", "real", "double precision":
		return "double precision", cast.Number, "double precision"
	case "bit":
		if ArgInt(c.Args, 0, 1) == 1 {
			return "boolean", cast.Bool, "bit(1) is a flag"
		}
		return fmt.Sprintf("bit(%d)", ArgInt(c.Args, 0, 1)), cast.Bits, "same bits"
	case "char":
		return fmt.Sprintf("char(%d)", ArgInt(c.Args, 0, 1)), cast.Text, "same length in characters"
	case "varchar":
		return fmt.Sprintf("varchar(%d)", ArgInt(c.Args, 0, 255)), cast.Text, "same length in characters"
	case "tinytext", "text", "mediumtext", "longtext":
		if c.JSONCheck {
			return "jsonb", cast.JSON, "MariaDB json (longtext CHECK json_valid)"
		}
		return "text", cast.Text, "text"
	case "json":
		return "jsonb", cast.JSON, "json"
	case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob":
		return "bytea", cast.Bytes, "exact bytes"
	case "date":
		return "date", cast.Date, "zero dates -> " + m.ZeroName()
	case "datetime":
		return "timestamp" + FSP(c), cast.Datetime, "no time zone; zero dates -> " + m.ZeroName()
	case "timestamp":
		return "timestamptz" + FSP(c), cast.Datetime, "dumped in UTC; zero dates -> " + m.ZeroName()
	case "time":
		return "time" + FSP(c), cast.Time, "values beyond 24h fail (cast to interval)"
	case "year":
		return "smallint", cast.Number, "year as a number"
	case "enum":
		return "text", cast.Text, "text with a CHECK of the values (and '')"
	case "set":
		return "text", cast.Text, "comma-separated members as text"
	case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection", "geomcollection":
		if m.PostGIS {
			return GeomType(c), cast.Geometry, "PostGIS geometry, same SRID and coordinates"
		}
		return "bytea", cast.Bytes, "spatial: MySQL internal bytes (SRID + WKB), no PostGIS"
	}
	return "text", cast.Text, "unknown type " + c.Base + " kept as text"
}

// ZeroName is what MySQL's zero dates become: "NULL" or "-infinity".
func (m *Mapping) ZeroName() string {
	if m.ZeroDate == "-infinity" {
		return "-infinity"
	}
	return "NULL"
}
