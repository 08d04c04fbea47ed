package verify

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsctl/opsctl/migrate/cast"
	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/model"
)

// adoptFittedTypes makes verify compare the types the load or copy
// chose: where a column in PostgreSQL has the type a scan picks instead
// of the default (interval for time, smallint for tinyint(1), json for
// jsonb), the column is compared as that type.
func adoptFittedTypes(ctx context.Context, pg *pgxpool.Pool, tables []*model.Table) error {
	schemas := map[string]bool{}
	var list []string
	for _, t := range tables {
		if !schemas[t.Schema] {
			schemas[t.Schema] = true
			list = append(list, t.Schema)
		}
	}
	if len(list) == 0 {
		return nil
	}
	rows, err := pg.Query(ctx, `SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`, list)
	if err != nil {
		return fmt.Errorf("postgres: column types: %w", err)
	}
	defer rows.Close()
	types := map[string]string{}
	for rows.Next() {
		var s, t, c, typ string
		if err := rows.Scan(&s, &t, &c, &typ); err != nil {
			return err
		}
		types[s+"."+t+"."+c] = typ
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		for _, c := range t.Columns {
			typ, ok := types[dump.FitKey(t, c)]
			if !ok || c.Cast != "" {
				continue
			}
			switch {
			case c.Conv == cast.Time && strings.HasPrefix(typ, "interval"):
				c.PGType, c.Conv = typ, cast.Interval
			case c.Conv == cast.Bool && c.Base != "bit" && typ == "smallint":
				c.PGType, c.Conv = typ, cast.Number
			case c.Conv == cast.JSON && model.IsJSONB(c) && typ == "json":
				c.PGType = typ
			default:
				continue
			}
			c.Fit = "compared as " + typ + " (the type the copy chose to fit the data)"
		}
	}
	return nil
}
