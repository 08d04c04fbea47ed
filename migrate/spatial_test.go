package migrate_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/migrate"
)

var (
	geoOnce sync.Once
	geoErr  error
)

// geoDB loads testdata/spatial.sql (Sakila's address + every spatial type)
// into MariaDB database `geo`, once.
func geoDB(t *testing.T) {
	t.Helper()
	servers(t)
	lab.RequirePostGIS(t)
	geoOnce.Do(func() {
		if _, geoErr = mysqlExec("", "-e", "DROP DATABASE IF EXISTS geo; CREATE DATABASE geo"); geoErr == nil {
			_, geoErr = mysqlExec("testdata/spatial.sql", "geo")
		}
	})
	if geoErr != nil {
		t.Fatal(geoErr)
	}
}

var geoCols = map[string][]string{
	"address": {"location"},
	"shapes":  {"pt", "route", "area", "mpt", "mls", "mpoly", "coll", "anyg"},
}

// checkGeo proves every spatial value equal in PostgreSQL: the same SRID,
// the same WKB bytes (coordinates bit for bit) and the same geometry as
// MariaDB's WKT read by PostGIS; the column types carry the SRID and the
// SPATIAL indexes are GiST.
func checkGeo(t *testing.T, pgdb string) {
	t.Helper()
	ctx := context.Background()
	pc, err := pgx.Connect(ctx, pgs.URL(pgdb))
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close(ctx)
	my, _, err := migrate.OpenMySQL(myd.URL("geo"))
	if err != nil {
		t.Fatal(err)
	}
	defer my.Close()
	for _, want := range [][2]string{
		{"address.location", "geometry"},
		// MariaDB keeps REF_SYSTEM_ID out of SHOW CREATE TABLE and its
		// dumps: no SRID in the type; each value keeps its own
		{"shapes.pt", "geometry(Point)"},
		{"shapes.route", "geometry(LineString)"},
		{"shapes.mpoly", "geometry(MultiPolygon)"},
		{"shapes.coll", "geometry(GeometryCollection)"},
	} {
		tc := strings.Split(want[0], ".")
		var typ string
		if err := pc.QueryRow(ctx, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2", "public."+tc[0], tc[1]).Scan(&typ); err != nil {
			t.Fatalf("%s: %v", want[0], err)
		}
		if typ != want[1] {
			t.Errorf("%s: type %s, want %s", want[0], typ, want[1])
		}
	}
	for _, ix := range []string{"address", "shapes"} {
		var def string
		if err := pc.QueryRow(ctx, "SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE '%USING gist%'", ix).Scan(&def); err != nil {
			t.Errorf("%s: no GiST index: %v", ix, err)
		}
	}
	n := 0
	for table, cols := range geoCols {
		key := "id"
		if table == "address" {
			key = "address_id"
		}
		for _, c := range cols {
			rows, err := my.Query("SELECT " + key + ", ST_SRID(" + c + "), ST_AsText(" + c + "), LOWER(HEX(ST_AsBinary(" + c + "))) FROM " + table + " WHERE " + c + " IS NOT NULL ORDER BY 1")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id, srid int
				var wkt, wkb string
				if err := rows.Scan(&id, &srid, &wkt, &wkb); err != nil {
					t.Fatal(err)
				}
				var pSRID int
				var pWKB string
				var same bool
				err := pc.QueryRow(ctx, "SELECT ST_SRID("+c+"), encode(ST_AsBinary("+c+", 'NDR'), 'hex'), ST_AsText("+c+") = ST_AsText(ST_GeomFromText($2, $3)) FROM "+table+" WHERE "+key+" = $1", id, wkt, srid).Scan(&pSRID, &pWKB, &same)
				if err != nil {
					t.Fatalf("%s.%s id %d: %v", table, c, id, err)
				}
				if pSRID != srid || pWKB != wkb || !same {
					t.Errorf("%s.%s id %d: PostgreSQL srid %d wkb %s (WKT same: %v); MariaDB srid %d wkb %s WKT %s", table, c, id, pSRID, pWKB, same, srid, wkb, wkt)
				}
				n++
			}
			rows.Close()
		}
	}
	if n < 50 {
		t.Errorf("compared only %d spatial values", n)
	}
}

func TestSpatialDumpLoadPostGIS(t *testing.T) {
	geoDB(t)
	for _, args := range [][]string{{"geo"}, {"--hex-blob", "geo"}} {
		p := dump(t, args...)
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		pgdb := newPGDB(t)
		rep, err := migrate.Load(context.Background(), f, migrate.LoadOptions{URL: pgs.URL(pgdb), Jobs: 2})
		f.Close()
		if err != nil {
			t.Fatalf("load %v: %v", args, err)
		}
		for _, tr := range rep.Tables {
			for _, w := range tr.Warnings {
				if strings.Contains(w, "spatial") || strings.Contains(w, "SPATIAL") {
					t.Errorf("%v: %s: unexpected warning %q", args, tr.MyTable, w)
				}
			}
		}
		checkGeo(t, pgdb)
		res, err := runVerifyDB(t, "geo", pgdb, migrate.VerifyOptions{})
		if err != nil {
			for _, r := range res {
				t.Logf("%s %v %v %v", r.Table, r.OK(), r.Err, r.Mismatches)
			}
			t.Fatalf("verify %v: %v", args, err)
		}
	}
}

func TestSpatialLiveCopyAndVerify(t *testing.T) {
	geoDB(t)
	pgdb := newPGDB(t)
	rep, err := liveCopy(t, "geo", pgdb, migrate.CopyOptions{Jobs: 2})
	if err != nil {
		t.Fatalf("copy: %v (%v)", err, rep)
	}
	checkGeo(t, pgdb)
	for _, hashInMySQL := range []bool{false, true} {
		if _, err := runVerifyDB(t, "geo", pgdb, migrate.VerifyOptions{HashInMySQL: hashInMySQL}); err != nil {
			t.Fatalf("verify (hash in mysql %v): %v", hashInMySQL, err)
		}
	}
	// a point moved by one ulp and an SRID changed are both found
	if _, err := pgs.Psql(pgdb, "-c", "UPDATE shapes SET pt = ST_SetSRID(ST_MakePoint(ST_X(pt), ST_Y(pt) + 1e-13), 4326) WHERE id = 2",
		"-c", "UPDATE address SET location = ST_SetSRID(location, 3857) WHERE address_id = 7"); err != nil {
		t.Fatal(err)
	}
	res, err := runVerifyDB(t, "geo", pgdb, migrate.VerifyOptions{})
	if err == nil {
		t.Fatal("verify: want differences")
	}
	bad := map[string]string{}
	for _, r := range res {
		for _, m := range r.Mismatches {
			bad[r.Table+"."+m.Column] = m.Key
		}
	}
	if bad["geo.shapes.pt"] != "2" || bad["geo.address.location"] != "7" {
		t.Errorf("want shapes.pt key 2 and address.location key 7, got %v", bad)
	}
}

// Without PostGIS (--postgis off): bytea with the warning, as before.
func TestSpatialOffKeepsBytea(t *testing.T) {
	geoDB(t)
	pgdb := newPGDB(t)
	rep, err := liveCopy(t, "geo", pgdb, migrate.CopyOptions{Options: migrate.Options{PostGIS: migrate.PostGISOff}})
	if err != nil {
		t.Fatal(err)
	}
	var warned bool
	for _, tr := range rep.Tables {
		for _, w := range tr.Warnings {
			warned = warned || strings.Contains(w, "stored as bytea")
		}
	}
	if !warned {
		t.Error("no bytea warning")
	}
	out, err := pgs.Psql(pgdb, "-tAc", "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.shapes'::regclass AND attname = 'pt'")
	if err != nil || strings.TrimSpace(string(out)) != "bytea" {
		t.Errorf("shapes.pt: %s %v, want bytea", out, err)
	}
	if _, err := runVerifyDB(t, "geo", pgdb, migrate.VerifyOptions{Options: migrate.Options{PostGIS: migrate.PostGISOff}}); err != nil {
		t.Fatalf("verify: %v", err)
	}
}

func runVerifyDB(t *testing.T, myDB, pgdb string, vo migrate.VerifyOptions) ([]*migrate.VerifyResult, error) {
	t.Helper()
	ctx := context.Background()
	my, db, err := migrate.OpenMySQL(myd.URL(myDB))
	if err != nil {
		t.Fatal(err)
	}
	defer my.Close()
	tables, _, err := migrate.LiveTables(ctx, my, db, vo.Options, migrate.TableFilter{})
	if err != nil {
		t.Fatal(err)
	}
	pool, err := migrate.OpenVerifyPG(ctx, pgs.URL(pgdb), 4)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	return migrate.Verify(ctx, my, pool, tables, vo)
}

// --postgis auto (the default) on a target where PostGIS is neither
// installed nor creatable by the user (not a superuser, and postgis is not
// a trusted extension): the spatial columns stay bytea (MySQL's SRID +
// WKB), each with a warning that says why, nothing fails, and verify
// passes on the bytes.
func TestSpatialAutoWithoutPostGISKeepsBytea(t *testing.T) {
	geoDB(t)
	pgdb := newPGDB(t)
	if out, err := pgs.Psql(pgdb, "-v", "ON_ERROR_STOP=1",
		"-c", "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nogis') THEN CREATE ROLE nogis LOGIN; END IF; END$$",
		"-c", `ALTER DATABASE "`+pgdb+`" OWNER TO nogis`, "-c", "ALTER SCHEMA public OWNER TO nogis"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	url := strings.Replace(pgs.URL(pgdb), "//postgres@", "//nogis@", 1)
	my, db, err := migrate.OpenMySQL(myd.URL("geo"))
	if err != nil {
		t.Fatal(err)
	}
	defer my.Close()
	rep, err := migrate.Copy(context.Background(), my, db, migrate.CopyOptions{URL: url, Jobs: 2})
	if err != nil {
		t.Fatalf("copy as a user who cannot create PostGIS: %v", err)
	}
	warned := map[string]bool{}
	for _, tr := range rep.Tables {
		for _, w := range tr.Warnings {
			if strings.Contains(w, "stored as bytea") && strings.Contains(w, "cannot CREATE EXTENSION postgis") {
				warned[tr.MyTable] = true
			}
		}
	}
	if len(warned) != 2 {
		t.Errorf("bytea warnings with the reason on %v, want address and shapes", warned)
	}
	out, err := pgs.Psql(pgdb, "-tAc", "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'; SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.shapes'::regclass AND attname = 'pt'")
	if err != nil || strings.Fields(string(out))[0] != "0" || strings.Fields(string(out))[1] != "bytea" {
		t.Errorf("want no PostGIS and shapes.pt bytea: %q %v", out, err)
	}
	if _, err := runVerifyDB(t, "geo", pgdb, migrate.VerifyOptions{}); err != nil {
		t.Fatalf("verify: %v", err)
	}
}
