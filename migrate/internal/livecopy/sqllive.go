package livecopy

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/sqltr"
)

// liveObjects reads the routines, triggers and events of MySQL database
// db (SHOW CREATE gives the text mysqldump writes) into d, for the same
// translation as a dump's.
func liveObjects(ctx context.Context, my *sql.DB, db string, d *dump.Parser, f TableFilter) error {
	type ref struct{ kind, name string }
	var refs []ref
	list := func(q string, kind func(string) string) error {
		rows, err := my.QueryContext(ctx, q, db)
		if err != nil {
			return fmt.Errorf("mysql: %s: %w", q, err)
		}
		defer rows.Close()
		for rows.Next() {
			var n, k, tbl string
			if err := rows.Scan(&n, &k, &tbl); err != nil {
				return err
			}
			if tbl != "" && !f.match(tbl) {
				continue
			}
			refs = append(refs, ref{kind(k), n})
		}
		return rows.Err()
	}
	same := func(k string) string { return k }
	if err := list("SELECT ROUTINE_NAME, ROUTINE_TYPE, '' FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE, ROUTINE_NAME", same); err != nil {
		return err
	}
	// ACTION_ORDER: the order MySQL fires a table's triggers in
	if err := list("SELECT TRIGGER_NAME, 'TRIGGER', EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER", same); err != nil {
		return err
	}
	if err := list("SELECT EVENT_NAME, 'EVENT', '' FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME", same); err != nil {
		return err
	}
	for _, r := range refs {
		q := "SHOW CREATE " + r.kind + " " + model.MyIdent(db) + "." + model.MyIdent(r.name)
		rows, err := my.QueryContext(ctx, q)
		if err != nil {
			return fmt.Errorf("mysql: %s: %w", q, err)
		}
		cols, _ := rows.Columns()
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var mode, text string
		if rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return fmt.Errorf("mysql: %s: %w", q, err)
			}
			for i, c := range cols {
				switch {
				case strings.EqualFold(c, "sql_mode"):
					mode = vals[i].String
				case strings.HasPrefix(strings.ToLower(c), "create ") || strings.EqualFold(c, "SQL Original Statement"):
					text = vals[i].String
				}
			}
		}
		rows.Close()
		o := &sqltr.Object{Kind: r.kind, Schema: d.Schema, MyDB: db, Name: r.name, Text: text, ANSI: strings.Contains(strings.ToUpper(mode), "ANSI_QUOTES")}
		if text == "" && r.kind != "EVENT" {
			o.Fail = fmt.Errorf("SHOW CREATE %s gives no definition (the user lacks the privilege to read it)", r.kind)
		}
		d.Objs = append(d.Objs, o)
	}
	return nil
}
