package migrate

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsctl/opsctl/migrate/internal/model"
)

// Spatial columns.
//
// MySQL and MariaDB store a geometry as their "internal format": a 4-byte
// little-endian SRID followed by the WKB. mysqldump writes those bytes
// (binary or --hex-blob) and the text protocol returns them, so the dump
// path and the live copy read the same thing. With PostGIS in the target,
// a value becomes EWKB (the SRID moves into the WKB header), which
// geometry's input reads from COPY text as hex: the coordinates are the
// same doubles, bit for bit.
//
// Axis order: MySQL 8 stores geographic coordinates (e.g. SRID 4326)
// longitude first in its internal format, whatever the SRS's axis order
// (ST_AsText/ST_AsBinary swap them to latitude-longitude on output, so
// MySQL 8's ST_AsText shows POINT(lat lon)). PostGIS's convention is
// x = longitude too, so the internal bytes are carried as they are and
// never through ST_AsBinary. MariaDB and MySQL 5.7 have no axis order:
// x is whatever the application put first, and so it stays.

// isGeom: a column carried as PostGIS geometry.
func isGeom(c *Column) bool { return c.Conv == cvGeometry }

// ewkbSRID is PostGIS's EWKB flag saying an SRID follows the type.
const ewkbSRID = 0x20000000

// appendEWKBHex writes MySQL's internal value v (SRID + WKB) as hex EWKB.
func appendEWKBHex(out, v []byte) ([]byte, error) {
	if len(v) < 9 {
		return out, fmt.Errorf("is not a MySQL geometry (%d bytes; want 4-byte SRID + WKB)", len(v))
	}
	srid := binary.LittleEndian.Uint32(v[:4])
	wkb := v[4:]
	var bo binary.ByteOrder = binary.LittleEndian
	switch wkb[0] {
	case 0:
		bo = binary.BigEndian
	case 1:
	default:
		return out, fmt.Errorf("is not a MySQL geometry (WKB byte order %d)", wkb[0])
	}
	typ := bo.Uint32(wkb[1:5])
	if typ < 1 || typ > 7 {
		return out, fmt.Errorf("is not a MySQL geometry (WKB type %d)", typ)
	}
	if srid == 0 {
		return hex.AppendEncode(out, wkb), nil
	}
	var h [9]byte
	h[0] = wkb[0]
	bo.PutUint32(h[1:5], typ|ewkbSRID)
	bo.PutUint32(h[5:9], srid)
	out = hex.AppendEncode(out, h[:])
	return hex.AppendEncode(out, wkb[5:]), nil
}

// myGeomCanon is the canonical form of MySQL's internal value:
// "SRID:wkb-hex" (lowercase), as pgGeomSQL computes in PostgreSQL.
func myGeomCanon(dst, v []byte) []byte {
	if len(v) < 5 {
		return append(append(dst, "bad:"...), hex.EncodeToString(v)...)
	}
	dst = strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint32(v[:4])), 10)
	dst = append(dst, ':')
	return hex.AppendEncode(dst, v[4:])
}

// myGeomSQL is myGeomCanon inside MySQL/MariaDB.
func myGeomSQL(mc string) string {
	return "CONCAT(ST_SRID(" + mc + "), ':', LOWER(HEX(SUBSTRING(" + mc + ", 5))))"
}

// pgGeomSQL is the same canonical form in PostGIS: the SRID and the
// little-endian WKB (MySQL's internal WKB is little-endian).
func pgGeomSQL(pc string) string {
	return "ST_SRID(" + pc + ")::text || ':' || encode(ST_AsBinary(" + pc + ", 'NDR'), 'hex')"
}

// pgGeomCanon turns PostGIS's text output (hex EWKB) into the canonical
// "SRID:wkb-hex".
func pgGeomCanon(s string) string {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) < 5 {
		return "bad:" + s
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if b[0] == 0 {
		bo = binary.BigEndian
	}
	typ := bo.Uint32(b[1:5])
	srid := uint32(0)
	if typ&ewkbSRID != 0 && len(b) >= 9 {
		srid = bo.Uint32(b[5:9])
		nb := make([]byte, 5, len(b)-4)
		nb[0] = b[0]
		bo.PutUint32(nb[1:5], typ&^ewkbSRID)
		b = append(nb, b[9:]...)
	}
	if b[0] == 0 { // MySQL writes little-endian: compare in its order
		return strconv.FormatUint(uint64(srid), 10) + ":be:" + hex.EncodeToString(b)
	}
	return strconv.FormatUint(uint64(srid), 10) + ":" + hex.EncodeToString(b)
}

// pgRow is what pgxpool.Pool, pgx.Conn and pgx.Tx have in common for a
// one-row query.
type pgRow interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

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
	return fmt.Errorf("--postgis %q: want auto, on or off", mode)
}

// postgisTarget probes the target: is PostGIS installed in this database,
// and, if not, could this user create it (available on the server, and
// a superuser, or the extension is trusted and the user may CREATE in the
// database)?
func postgisTarget(ctx context.Context, q pgRow) (installed, creatable bool, err error) {
	err = q.QueryRow(ctx, `SELECT
  EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis'),
  EXISTS (SELECT 1 FROM pg_available_extension_versions v WHERE v.name = 'postgis'
          AND ((SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
               OR (v.trusted AND has_database_privilege(current_database(), 'CREATE'))))`).Scan(&installed, &creatable)
	if err != nil {
		return false, false, fmt.Errorf("postgres: probe PostGIS: %w", err)
	}
	return installed, creatable, nil
}

// resolvePostGIS decides, for a target and Options.PostGIS (mode),
// whether spatial columns become geometry, and whether the extension must
// be created first (done once, only when a spatial column is met); Why
// explains a bytea decision for the warning.
func resolvePostGIS(ctx context.Context, q pgRow, mode string) (model.GIS, error) {
	var g model.GIS
	if mode == PostGISOff {
		g.Why = "--postgis off"
		return g, nil
	}
	installed, creatable, err := postgisTarget(ctx, q)
	if err != nil {
		return g, err
	}
	switch {
	case installed:
		g.Geometry = true
	case creatable:
		g.Geometry, g.Create = true, true
	case mode == PostGISOn:
		return g, fmt.Errorf("--postgis on: the target has no PostGIS and this user cannot CREATE EXTENSION postgis (install the postgis package for this PostgreSQL, e.g. postgresql-15-postgis-3, and have a superuser run CREATE EXTENSION postgis; or --postgis off keeps bytea)")
	default:
		g.Why = "the target has no PostGIS and this user cannot CREATE EXTENSION postgis"
	}
	return g, nil
}

// hasGeom: a table with a PostGIS column.
func hasGeom(t *Table) bool {
	for _, c := range t.Columns {
		if isGeom(c) {
			return true
		}
	}
	return false
}

// postgisOnce creates the extension the first time a table needs it.
type postgisOnce struct {
	mu   sync.Mutex
	done bool
	err  error
}

// ensure runs CREATE EXTENSION IF NOT EXISTS postgis once, with exec.
func (p *postgisOnce) ensure(need bool, exec func(string) error) error {
	if !need {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.done {
		p.done = true
		if err := exec("CREATE EXTENSION IF NOT EXISTS postgis"); err != nil {
			p.err = fmt.Errorf("postgres: CREATE EXTENSION postgis: %w", err)
		}
	}
	return p.err
}

// probePostGIS resolves the PostGIS decision (mode: Options.PostGIS)
// against the target URL (one short connection).
func probePostGIS(ctx context.Context, url, mode string) (model.GIS, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return model.GIS{}, fmt.Errorf("postgres: %w", err)
	}
	defer conn.Close(context.Background())
	return resolvePostGIS(ctx, conn, mode)
}

// adoptTargetGeometry makes the spatial columns that are PostGIS geometry
// in the target compared as geometry (verify reads the MySQL side without
// knowing what the load or copy decided).
func adoptTargetGeometry(ctx context.Context, pg *pgxpool.Pool, tables []*Table) error {
	var spatial []*Column
	for _, t := range tables {
		for _, c := range t.Columns {
			if model.IsSpatial(c.Base) && c.Conv == cvBytes && c.Cast == "" {
				spatial = append(spatial, c)
			}
		}
	}
	if len(spatial) == 0 {
		return nil
	}
	rows, err := pg.Query(ctx, "SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE udt_name = 'geometry'")
	if err != nil {
		return fmt.Errorf("postgres: geometry columns: %w", err)
	}
	defer rows.Close()
	geom := map[string]bool{}
	for rows.Next() {
		var s, t, c string
		if err := rows.Scan(&s, &t, &c); err != nil {
			return err
		}
		geom[s+"."+t+"."+c] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range spatial {
		if geom[c.Table.Schema+"."+c.Table.Name+"."+c.Name] {
			c.PGType, c.Conv, c.Why = model.GeomType(c), cvGeometry, "PostGIS geometry in the target"
		}
	}
	return nil
}
