package livecopy

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/pgtarget"
)

// MySQLConfig turns a mysql://user:pass@host:port/db?tls=...&socket=...
// URL into a go-sql-driver config for the live copy and verify: utf8mb4
// (latin1/cp1252 columns arrive converted by the server), session time
// zone UTC (TIMESTAMP values as stored), text protocol. The password comes
// from the URL, else $MYSQL_PWD, else the file named by $MYSQL_PWD_FILE.
// Errors never include the password.
func MySQLConfig(raw string) (*mysql.Config, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "mysql" && u.Scheme != "mariadb") {
		return nil, fmt.Errorf("mysql URL: want mysql://user[:password]@host[:port]/database")
	}
	cfg := mysql.NewConfig()
	cfg.User = u.User.Username()
	if p, ok := u.User.Password(); ok {
		cfg.Passwd = p
	} else if p := os.Getenv("MYSQL_PWD"); p != "" {
		cfg.Passwd = p
	} else if f := os.Getenv("MYSQL_PWD_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("mysql password file: %w", err)
		}
		cfg.Passwd = strings.TrimRight(string(b), "\r\n")
	}
	q := u.Query()
	if s := q.Get("socket"); s != "" {
		cfg.Net, cfg.Addr = "unix", s
	} else {
		cfg.Net, cfg.Addr = "tcp", u.Host
		if u.Port() == "" {
			cfg.Addr = u.Host + ":3306"
		}
	}
	cfg.DBName = strings.TrimPrefix(path.Clean("/"+u.Path), "/")
	if cfg.DBName == "" {
		return nil, fmt.Errorf("mysql URL: the database is missing (mysql://user@host/database)")
	}
	if t := q.Get("tls"); t != "" {
		cfg.TLSConfig = t // true, false, skip-verify, preferred
	}
	cfg.AllowNativePasswords = true
	cfg.AllowCleartextPasswords = q.Get("cleartext") == "true"
	cfg.Params = map[string]string{"charset": "utf8mb4", "time_zone": "'+00:00'"}
	cfg.ParseTime = false
	cfg.MaxAllowedPacket = 0
	return cfg, nil
}

// OpenMySQL opens a pool for a mysql:// URL (see MySQLConfig).
func OpenMySQL(raw string) (*sql.DB, string, error) {
	cfg, err := MySQLConfig(raw)
	if err != nil {
		return nil, "", err
	}
	// Through the DSN text so that charset is handled as the driver's
	// option, not sent as a system variable.
	cfg2, err := mysql.ParseDSN(cfg.FormatDSN())
	if err != nil {
		return nil, "", fmt.Errorf("mysql URL: %v", strings.ReplaceAll(err.Error(), cfg.Passwd, "***"))
	}
	c, err := mysql.NewConnector(cfg2)
	if err != nil {
		return nil, "", err
	}
	return sql.OpenDB(c), cfg.DBName, nil
}

// TableFilter selects tables by MySQL name; nil selects all. Patterns are
// path.Match globs ("log_*").
type TableFilter struct {
	Include []string
	Exclude []string
}

func (f TableFilter) match(name string) bool {
	hit := func(pats []string) bool {
		for _, p := range pats {
			if ok, _ := path.Match(strings.ToLower(p), strings.ToLower(name)); ok {
				return true
			}
		}
		return false
	}
	if len(f.Include) > 0 && !hit(f.Include) {
		return false
	}
	return !hit(f.Exclude)
}

// LiveTables reads the base tables of MySQL database db: the list and row
// estimates from information_schema, each definition from SHOW CREATE
// TABLE (the very text mysqldump writes), prepared exactly as the dump
// path prepares a CREATE TABLE: same names, same Mapping.Decide, same
// casts. Tables land in opts.Schema.
func LiveTables(ctx context.Context, my *sql.DB, db string, opts dump.Options, f TableFilter) ([]*model.Table, map[string]int64, error) {
	_, t, est, err := liveSchema(ctx, my, db, opts, model.GIS{}, f)
	return t, est, err
}

// LiveTablesFor is LiveTables with the PostGIS decision a copy to the
// PostgreSQL at pgURL would take (opts.PostGIS against that target; a
// probe, nothing created): spatial columns map to geometry where the copy
// will make them geometry, and "--postgis on" that the target cannot
// honour is an error.
func LiveTablesFor(ctx context.Context, my *sql.DB, db string, opts dump.Options, f TableFilter, pgURL string) ([]*model.Table, map[string]int64, error) {
	gis, err := pgtarget.ProbePostGIS(ctx, pgURL, opts.PostGIS)
	if err != nil {
		return nil, nil, err
	}
	_, t, est, err := liveSchema(ctx, my, db, opts, gis, f)
	return t, est, err
}

func liveSchema(ctx context.Context, my *sql.DB, db string, opts dump.Options, gis model.GIS, f TableFilter) (*dump.Parser, []*model.Table, map[string]int64, error) {
	rows, err := my.QueryContext(ctx, "SELECT TABLE_NAME, COALESCE(TABLE_ROWS,0), TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SEQUENCE', 'SYSTEM VERSIONED')", db)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("mysql: list tables of %s: %w", db, err)
	}
	est := map[string]int64{}
	var names, views, seqs []string
	for rows.Next() {
		var n, typ string
		var e int64
		if err := rows.Scan(&n, &e, &typ); err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		if typ == "SEQUENCE" {
			if f.match(n) {
				seqs = append(seqs, n)
			}
			continue
		}
		if typ == "VIEW" {
			if f.match(n) {
				views = append(views, n)
			}
			continue
		}
		if f.match(n) {
			names = append(names, n)
			est[n] = e
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, err
	}
	sort.Strings(names)
	if opts.Schema == "" {
		opts.Schema = "public"
	}
	d := dump.NewParser(ctx, strings.NewReader(""), opts, gis, dump.NopSink{})
	d.MyDB = db
	// every relation's name first: no index or constraint takes one
	for _, n := range append(append(append([]string{}, names...), views...), seqs...) {
		d.Names.Reserve(d.Schema, d.Names.PG(n))
	}
	sort.Strings(seqs)
	if err := liveSequences(ctx, d, my, db, seqs); err != nil {
		return nil, nil, nil, err
	}
	var out []*model.Table
	for _, n := range names {
		var tn, stmt string
		if err := my.QueryRowContext(ctx, "SHOW CREATE TABLE "+model.MyIdent(db)+"."+model.MyIdent(n)).Scan(&tn, &stmt); err != nil {
			return nil, nil, nil, fmt.Errorf("mysql: SHOW CREATE TABLE %s.%s: %w", db, n, err)
		}
		if err := d.CreateTable(stmt, 0); err != nil {
			return nil, nil, nil, fmt.Errorf("table %s.%s: %w", db, n, err)
		}
		d.Cur.MyDB = db
		out = append(out, d.Cur)
	}
	dump.NarrowFKBigints(out)
	sort.Strings(views)
	for _, n := range views {
		var vn, stmt, cs, coll string
		if err := my.QueryRowContext(ctx, "SHOW CREATE VIEW "+model.MyIdent(db)+"."+model.MyIdent(n)).Scan(&vn, &stmt, &cs, &coll); err != nil {
			return nil, nil, nil, fmt.Errorf("mysql: SHOW CREATE VIEW %s.%s: %w", db, n, err)
		}
		// SHOW CREATE VIEW leaves the current database's name out, as in
		// a dump; the dump path's view translation applies.
		if _, p := dump.Words(stmt, false, 2); p != nil {
			d.CreateView(p, stmt)
		}
	}
	if !opts.DataOnly {
		if err := liveObjects(ctx, my, db, d, f); err != nil {
			return nil, nil, nil, err
		}
	}
	return d, out, est, nil
}

// LiveUntranslated lists the triggers (of the tables selected), routines
// and events of MySQL database db that a copy leaves behind, with their
// SHOW CREATE text, as objects of PostgreSQL schema (Options.Schema).
// Preflight checks (cutover) use it to refuse an incomplete database.
func LiveUntranslated(ctx context.Context, my *sql.DB, db string, opts dump.Options, f TableFilter) ([]model.Untranslated, error) {
	// what the SQL translator (sqltr) cannot carry, as Copy would
	d, _, _, err := liveSchema(ctx, my, db, opts, model.GIS{}, f)
	if err != nil {
		return nil, err
	}
	rep := &dump.Report{}
	d.TranslateObjects(rep)
	return rep.Untranslated, nil
}

// liveSequences reads MariaDB's sequences of db: the definition from
// SHOW CREATE SEQUENCE, the next value from the sequence's own row
// (next_not_cached_value: what a restart would hand out, as mariadb-dump
// writes it).
func liveSequences(ctx context.Context, d *dump.Parser, my *sql.DB, db string, names []string) error {
	for _, n := range names {
		var sn, stmt string
		if err := my.QueryRowContext(ctx, "SHOW CREATE SEQUENCE "+model.MyIdent(db)+"."+model.MyIdent(n)).Scan(&sn, &stmt); err != nil {
			return fmt.Errorf("mysql: SHOW CREATE SEQUENCE %s.%s: %w", db, n, err)
		}
		w, p := dump.Words(stmt, false, 2)
		if len(w) < 2 || w[1] != "SEQUENCE" {
			return fmt.Errorf("mysql: SHOW CREATE SEQUENCE %s.%s: unexpected %.40q", db, n, stmt)
		}
		if err := d.CreateSequence(p, 0); err != nil {
			return err
		}
		var next int64
		if err := my.QueryRowContext(ctx, "SELECT next_not_cached_value FROM "+model.MyIdent(db)+"."+model.MyIdent(n)).Scan(&next); err != nil {
			return fmt.Errorf("mysql: read sequence %s.%s: %w", db, n, err)
		}
		q := d.Seqs[len(d.Seqs)-1]
		q.Next, q.NextSet = next, true
	}
	return nil
}
