package verify

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/model"
)

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
	if typ&model.EWKBSRID != 0 && len(b) >= 9 {
		srid = bo.Uint32(b[5:9])
		nb := make([]byte, 5, len(b)-4)
		nb[0] = b[0]
		bo.PutUint32(nb[1:5], typ&^model.EWKBSRID)
		b = append(nb, b[9:]...)
	}
	if b[0] == 0 { // MySQL writes little-endian: compare in its order
		return strconv.FormatUint(uint64(srid), 10) + ":be:" + hex.EncodeToString(b)
	}
	return strconv.FormatUint(uint64(srid), 10) + ":" + hex.EncodeToString(b)
}

// adoptTargetGeometry makes the spatial columns that are PostGIS geometry
// in the target compared as geometry (verify reads the MySQL side without
// knowing what the load or copy decided).
func adoptTargetGeometry(ctx context.Context, pg *pgxpool.Pool, tables []*model.Table) error {
	var spatial []*model.Column
	for _, t := range tables {
		for _, c := range t.Columns {
			if model.IsSpatial(c.Base) && c.Conv == cast.Bytes && c.Cast == "" {
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
			c.PGType, c.Conv, c.Why = model.GeomType(c), cast.Geometry, "PostGIS geometry in the target"
		}
	}
	return nil
}
