package migrate

import (
	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/model"
)

// The schema model lives in internal/model (shared by the dump reader, the
// SQL translator, the DDL writer, the live copy and verify); these names
// are the public surface.
type (
	// Table is one table of the dump or of the live database.
	Table = model.Table
	// Column is one column: what MySQL said, and what PostgreSQL gets.
	Column = model.Column
	// Index is a key of a table.
	Index = model.Index
	// ForeignKey is a FOREIGN KEY constraint.
	ForeignKey = model.ForeignKey
	// Check is a CHECK constraint.
	Check = model.Check
	// Mapping decides PostgreSQL types (shared by load and copy).
	Mapping = model.Mapping
	// Cast is one type override: "db.table.column=type",
	// "table.column=type" or "mysqltype=type".
	Cast = model.Cast
	// Untranslated is a database object that could not be carried to
	// PostgreSQL (see model.Untranslated).
	Untranslated = model.Untranslated
)

// ParseCast parses one --cast value.
func ParseCast(s string) (Cast, error) { return cast.Parse(s) }
