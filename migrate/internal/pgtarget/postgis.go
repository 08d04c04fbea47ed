package pgtarget

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/opsctl/opsctl/migrate/internal/model"
)

// postgisTarget probes the target: is PostGIS installed in this database,
// and, if not, could this user create it (available on the server, and
// a superuser, or the extension is trusted and the user may CREATE in the
// database)?
func postgisTarget(ctx context.Context, q Row) (installed, creatable bool, err error) {
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

// ResolvePostGIS decides, for a target and Options.PostGIS (mode),
// whether spatial columns become geometry, and whether the extension must
// be created first (done once, only when a spatial column is met); Why
// explains a bytea decision for the warning.
func ResolvePostGIS(ctx context.Context, q Row, mode string) (model.GIS, error) {
	var g model.GIS
	if mode == model.PostGISOff {
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
	case mode == model.PostGISOn:
		return g, fmt.Errorf("--postgis on: the target has no PostGIS and this user cannot CREATE EXTENSION postgis (install the postgis package for this PostgreSQL, e.g. postgresql-15-postgis-3, and have a superuser run CREATE EXTENSION postgis; or --postgis off keeps bytea)")
	default:
		g.Why = "the target has no PostGIS and this user cannot CREATE EXTENSION postgis"
	}
	return g, nil
}

// PostGISOnce creates the extension the first time a table needs it.
type PostGISOnce struct {
	mu   sync.Mutex
	done bool
	err  error
}

// Ensure runs CREATE EXTENSION IF NOT EXISTS postgis once, with exec.
func (p *PostGISOnce) Ensure(need bool, exec func(string) error) error {
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

// ProbePostGIS resolves the PostGIS decision (mode: Options.PostGIS)
// against the target URL (one short connection).
func ProbePostGIS(ctx context.Context, url, mode string) (model.GIS, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return model.GIS{}, fmt.Errorf("postgres: %w", err)
	}
	defer conn.Close(context.Background())
	return ResolvePostGIS(ctx, conn, mode)
}
