package model

import (
	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/outcome"
)

// isGeom: a column carried as PostGIS geometry.
func isGeom(c *Column) bool { return c.Conv == cast.Geometry }

// EWKBSRID is PostGIS's EWKB flag saying an SRID follows the type.
const EWKBSRID = 0x20000000

// PostGIS modes (Options.PostGIS).
const (
	PostGISAuto = "auto" // use PostGIS when the target has it or CREATE EXTENSION works; else bytea + warning
	PostGISOn   = "on"   // require it (create the extension when missing); fail otherwise
	PostGISOff  = "off"  // keep spatial values as bytea (MySQL's SRID + WKB bytes)
)

// ValidPostGIS checks a --postgis value.
func ValidPostGIS(mode string) error {
	switch mode {
	case "", PostGISAuto, PostGISOn, PostGISOff:
		return nil
	}
	return outcome.BadOption("postgis", "%q: want auto, on or off", mode)
}

// HasGeom: a table with a PostGIS column.
func HasGeom(t *Table) bool {
	for _, c := range t.Columns {
		if isGeom(c) {
			return true
		}
	}
	return false
}
