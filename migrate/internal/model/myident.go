package model

import (
	"strings"
)

// MyIdent quotes a MySQL identifier (backquotes).
func MyIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// IsJSONB: the PostgreSQL column is jsonb (its text form is canonical).
func IsJSONB(c *Column) bool { return strings.HasPrefix(strings.ToLower(c.PGType), "jsonb") }
