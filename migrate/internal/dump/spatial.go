package dump

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"

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
	bo.PutUint32(h[1:5], typ|model.EWKBSRID)
	bo.PutUint32(h[5:9], srid)
	out = hex.AppendEncode(out, h[:])
	return hex.AppendEncode(out, wkb[5:]), nil
}
