package model

import "fmt"

// spatialSub is PostGIS's geometry subtype for each MySQL spatial type.
var spatialSub = map[string]string{
	"geometry":           "Geometry",
	"point":              "Point",
	"linestring":         "LineString",
	"polygon":            "Polygon",
	"multipoint":         "MultiPoint",
	"multilinestring":    "MultiLineString",
	"multipolygon":       "MultiPolygon",
	"geometrycollection": "GeometryCollection",
	"geomcollection":     "GeometryCollection",
}

// IsSpatial reports whether a MySQL base type is a spatial type.
func IsSpatial(base string) bool { _, ok := spatialSub[base]; return ok }

// GeomType is the PostGIS type of a spatial column: geometry(Point,4326),
// or without an SRID (any SRID accepted) when MySQL's column has none.
func GeomType(c *Column) string {
	sub := spatialSub[c.Base]
	if c.SRID > 0 {
		return fmt.Sprintf("geometry(%s,%d)", sub, c.SRID)
	}
	if sub == "Geometry" {
		return "geometry"
	}
	return "geometry(" + sub + ")"
}

// GIS is a target's PostGIS decision for spatial columns: they become
// PostGIS geometry (Geometry), the extension must be created first, once,
// when the first spatial column comes (Create), or why they stay bytea
// (Why, for the warning).
type GIS struct {
	Geometry bool
	Create   bool
	Why      string
}
